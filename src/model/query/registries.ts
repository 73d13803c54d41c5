import type { ImageRef } from '../types';

/** Names under which Docker Hub is reached; an image without a registry comes from there. */
const DOCKER_HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com'];

/**
 * One `trustedRegistries` entry against a registry host, as hadolint matches them: `*` matches every registry,
 * `*.example.com` any name ending in `.example.com`, `example*` any name starting with `example`, anything else
 * only itself. Host names compare without regard to case.
 */
export function registryMatches(pattern: string, registry: string): boolean {
  const p = pattern.trim().toLowerCase();
  const r = registry.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*')) return r.endsWith(p.slice(1));
  if (p.endsWith('*')) return r.startsWith(p.slice(0, -1));
  return r === p;
}

/** Is the image's registry in the trusted list? `scratch` is no image and always passes. */
export function isTrustedImage(ref: ImageRef, trusted: readonly string[]): boolean {
  if (ref.registry === null && ref.name === 'scratch') return true;
  const registry = ref.registry?.toLowerCase() ?? null;
  const candidates = registry === null || DOCKER_HUB.includes(registry) ? DOCKER_HUB : [registry];
  return candidates.some((r) => trusted.some((p) => registryMatches(p, r)));
}

/** The registry shown to users: Docker Hub for a reference without one. */
export function registryName(ref: ImageRef): string {
  return ref.registry ?? 'docker.io';
}
