/**
 * Validity of an image reference as Docker's reference grammar defines it, in the "normalized" flavour BuildKit
 * uses for FROM: `[domain/]path[:tag][@digest]`, with the path in lower case and Docker Hub as the default domain.
 */

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[[a-fA-F0-9:]+\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);
const HEX_ID = /^[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 255;

/** Why the reference is invalid, or null when it is a valid (normalizable) image reference. */
export function invalidReferenceReason(ref: string): string | null {
  if (ref === '') return 'the name is empty';
  if (HEX_ID.test(ref)) return 'a 64-character hex string is an image ID, not a name';
  const slash = ref.indexOf('/');
  let remainder = ref;
  if (slash >= 0) {
    const first = ref.slice(0, slash);
    const isDomain = first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
    if (isDomain) remainder = ref.slice(slash + 1);
  }
  const tagSep = remainder.indexOf(':');
  const repo = tagSep >= 0 ? remainder.slice(0, tagSep) : remainder.split('@')[0];
  if (repo !== repo.toLowerCase()) return 'the repository name must be lower case';
  const full = slash >= 0 && remainder !== ref ? ref : `docker.io/${remainder.includes('/') ? '' : 'library/'}${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) return 'it does not match the image reference format';
  if (m[1].length > MAX_NAME_LENGTH) return 'the name is longer than 255 characters';
  return null;
}
