import { expandVariables } from '../../parse/expand';
import type { DockerfileModel, Stage } from '../types';

const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

/** Names the builder predefines for FROM lines: the platform ARGs. */
export function isPlatformArg(name: string): boolean {
  return PLATFORM_ARGS.has(name);
}

/**
 * Does the stage's FROM image still depend on a variable without a value (a global ARG without default and
 * without a build arg, or an undeclared name)? Then `stage.base` is a guess and rules should not judge it.
 */
export function baseIsUnknown(model: DockerfileModel, stage: Stage): boolean {
  const arg = stage.from.args[0];
  if (!arg || !arg.raw.includes('$')) return false;
  // Global ARGs all share one scope map, complete once the model is built.
  const scope = model.globalArgs[0]?.scope;
  const lookup = (name: string): string | undefined => scope?.get(name)?.value ?? (isPlatformArg(name) ? '' : undefined);
  return expandVariables(arg.raw, lookup, model.escape).undefinedNames.length > 0;
}
