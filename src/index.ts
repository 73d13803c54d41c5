/** Library entry point: lint Dockerfile text, build the model, list the rules. */
export { prepareLinter, lintText, lintModel, exceedsThreshold } from './engine/lint';
export type { LintOptions, LintResult } from './engine/lint';
export type { Finding, Fix, TextEdit, Severity, Rule, RuleMeta, RuleContext, Visitors } from './engine/api';
export { defineRule, docsUrl } from './engine/api';
export { getRegistry } from './engine/registry';
export type { UserConfig } from './engine/config';
export { loadConfigFor } from './engine/config';
export { buildModel } from './model/build';
export type { DockerfileModel, Stage, Instruction, Range, Position } from './model/types';
export { fixUntilStable } from './engine/apply-fix';
