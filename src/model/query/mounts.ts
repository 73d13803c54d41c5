import type { Instruction } from '../types';

/** `RUN --mount` targets of the given mount types. */
export function mountTargets(ins: Instruction, types: readonly string[] = ['cache', 'tmpfs']): string[] {
  const out: string[] = [];
  for (const f of ins.flags) {
    if (f.name !== 'mount') continue;
    const type = f.options['type'] ?? 'bind';
    if (!types.includes(type)) continue;
    const target = f.options['target'] ?? f.options['dst'] ?? f.options['destination'];
    if (target) out.push(target);
  }
  return out;
}

/**
 * A cache or tmpfs mount whose target contains `fragment` (`/var/cache/apk`, `.cache/pip`): what such a mount holds
 * never enters the layer, so a package manager's cache there costs nothing.
 */
export function hasCacheMountWith(ins: Instruction, fragment: string): boolean {
  return mountTargets(ins).some((t) => t.includes(fragment));
}
