#!/usr/bin/env node
'use strict';
/**
 * Precompile the config schema into a standalone validator (dist/src/engine/config-validator.generated.js), so a run
 * with a config file does not load and run ajv's compiler (~150 ms of start-up). The module records a hash of the
 * schema text it was made from; config-validate.ts uses it only while the schema is unchanged, else compiles.
 */
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;

const root = path.resolve(__dirname, '..');
const schemaFile = path.join(root, 'schema', 'layerlint.schema.json');
const out = path.join(root, 'dist', 'src', 'engine', 'config-validator.generated.js');

/** FNV-1a over the UTF-16 code units: the same function is in src/engine/config-validate.ts. */
function schemaHash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

const text = fs.readFileSync(schemaFile, 'utf8');
// The same options as the run-time compile in config-validate.ts, plus code generation.
const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
const validate = ajv.compile(JSON.parse(text));
const code = standaloneCode(ajv, validate);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(text))};\n`);
console.log(`gen-validator: ${path.relative(root, out)}`);
