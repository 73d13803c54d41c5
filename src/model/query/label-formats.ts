/**
 * Value checks for the label-schema types (hadolint DL3052–DL3058). Each is a pure predicate on the label value
 * as the builder stores it (quotes removed, variables expanded).
 */

const PCT = '%[0-9A-Fa-f]{2}';
const PCHAR = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|${PCT})`;
const USERINFO = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:]|${PCT})*`;
const REG_NAME = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|${PCT})*`;
const IP_LITERAL = `\\[[A-Za-z0-9:._~!$&'()*+,;=\\-]+\\]`;
const AUTHORITY = `(?:${USERINFO}@)?(?:${IP_LITERAL}|${REG_NAME})(?::[0-9]*)?`;
const HIER = `(?://${AUTHORITY}(?:/${PCHAR}*)*|/?(?:${PCHAR}+(?:/${PCHAR}*)*)?)`;
const TAIL = `(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?`;
const URI = new RegExp(`^[A-Za-z][A-Za-z0-9+.\\-]*:${HIER}${TAIL}$`);

/** An absolute URI with a scheme (RFC 3986): `https://example.com/x`, `mailto:a@b.org`, `urn:isbn:1`. */
export function isUri(value: string): boolean {
  return URI.test(value);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/;

/** A full RFC 3339 date-time with a zone: `2024-05-01T12:00:00Z`, `2021-03-10T10:26:33.5+01:00`. */
export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A 7-character short or 40-character full git commit hash, lower-case hex. */
export function isGitHash(value: string): boolean {
  return /^[0-9a-f]+$/.test(value) && (value.length === 7 || value.length === 40);
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** A semantic version (semver.org 2.0): `1.2.3`, `2.0.1-rc1`, `1.0.0+build.5`; no `v` prefix. */
export function isSemver(value: string): boolean {
  return SEMVER.test(value);
}

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const QUOTED = '"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*"';
const DOMAIN_LITERAL = '\\[[\\x21-\\x5a\\x5e-\\x7e]*\\]';
const EMAIL = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|${DOMAIN_LITERAL})$`);

/** An RFC 5322 address (`local@domain`, no display name): `dev@example.com`. */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

let spdxIds: ReadonlySet<string> | null = null;

function spdxList(): ReadonlySet<string> {
  if (!spdxIds) {
    // The SPDX license list ships as JSON in `spdx-license-ids`; loaded only when a schema asks for it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const current = require('spdx-license-ids') as string[];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deprecated = require('spdx-license-ids/deprecated.json') as string[];
    spdxIds = new Set([...current, ...deprecated]);
  }
  return spdxIds;
}

/** A single SPDX license identifier from the SPDX list, exactly as listed: `MIT`, `Apache-2.0`. Expressions do not count. */
export function isSpdxId(value: string): boolean {
  return spdxList().has(value);
}
