import type { ImageRef } from './types';

/**
 * Split an image reference the way Docker's reference grammar does: the first path component is a
 * registry when it holds a `.` or `:` or is `localhost`; a tag follows the last `:` after the last `/`.
 */
export function parseImageRef(text: string): ImageRef {
  const dynamic = /\$/.test(text);
  let rest = text.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let name = rest;
  if ((registry === null || registry === 'docker.io' || registry === 'index.docker.io') && name.startsWith('library/')) name = name.slice(8);
  return { text, registry, name, tag, digest, dynamic };
}

/** `ubuntu:22.04` for display, without the default registry. */
export function imageKey(ref: ImageRef): string {
  return ref.name + (ref.tag ? ':' + ref.tag : '');
}
