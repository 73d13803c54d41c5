// ESLint 10 reads only flat config; this adapts the unchanged .eslintrc.cjs, which stays the source of truth.
const { FlatCompat } = require('@eslint/eslintrc');
const js = require('@eslint/js');
const compat = new FlatCompat({ baseDirectory: __dirname, recommendedConfig: js.configs.recommended, allConfig: js.configs.all });
module.exports = compat.config(require('./.eslintrc.cjs'));
