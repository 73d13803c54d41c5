import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataDir } from './debian-index';
import type { ResolvedPackage } from './apt-resolver';

/**
 * From a resolved package set to the content bytes (sum of regular-file sizes) an `apt-get install` layer holds.
 *
 * Installed-Size alone misses what dpkg, debconf and maintainer scripts write and overstates small files, so the
 * layer is modelled as:
 *
 *   package files      the .deb payload (minus what the -slim images' dpkg path filters drop)
 * + dpkg database      /var/lib/dpkg/status and status-old (both rewritten whole), one info/ set per package
 * + apt/dpkg logs      history, term, dpkg and eipp logs, extended_states, ld.so.cache (per package + fixed)
 * + debconf            templates.dat/config.dat and their -old copies, rewritten whole when any new package uses
 *                      debconf
 * + generated files    .pyc compiled at install, CA bundles, MIME database, TeX formats
 *
 * Per-package byte counts come from `data/debian-<suite>-files.json` (read from the .deb files by
 * scripts/kb-debian.js --files). Packages outside that table fall back to Installed-Size with ratios derived from the
 * table itself. Three constants are fitted to real builds (see CALIBRATION); everything else is measured.
 */

/** Sizes of the apt/dpkg state files in an image, which the next apt run rewrites whole. */
export interface AptStateSizes {
  status: number;
  statusOld: number;
  ldSoCache: number;
  eippLog: number;
  debconfTemplates: number;
  debconfTemplatesOld: number;
  debconfConfig: number;
  debconfConfigOld: number;
}

/**
 * The state files of the debootstrap minbase bookworm images (full and -slim hold the same 88 packages), as the
 * ground-truth builds measured them: the hidden copies of the base's files in every apt layer on top of it.
 */
export const BOOKWORM_MINBASE_APT_STATE: Readonly<AptStateSizes> = {
  status: 77_111,
  statusOld: 77_176,
  ldSoCache: 4_523,
  eippLog: 4_592,
  debconfTemplates: 753_157,
  debconfTemplatesOld: 753_157,
  debconfConfig: 4_401,
  debconfConfigOld: 4_401,
};

/**
 * Constants fitted on ground-truth builds (test/estimate/apt-layer.test.ts lists which builds fit and which check):
 * - perPackage: logs (dpkg.log, apt term/history logs), extended_states and ld.so.cache growth per new package;
 * - templatesFactor: debconf's templates.dat growth per byte of a package's `templates` control member;
 * - pycPerSource: .pyc bytes per byte of Python source compiled at install.
 */
export const CALIBRATION = {
  perPackage: 1_400,
  templatesFactor: 0.87,
  pycPerSource: 1.12,
} as const;

/** Bytes written by one new package's maintainer scripts, measured in real builds (apt-size-model study, 4.1). */
const GENERATED_BYTES: Readonly<Record<string, number>> = {
  // /etc/ssl/certs: the PEM bundle plus per-certificate links
  'ca-certificates': 222_000,
  // /etc/ssl/certs/java/cacerts
  'ca-certificates-java': 167_000,
  // /usr/share/mime: the compiled MIME database
  'shared-mime-info': 2_600_000,
  // /var/lib/texmf/web2c/*.fmt built by fmtutil
  'texlive-latex-base': 41_800_000,
};

/** `Status: install ok installed` line dpkg adds to each control file in /var/lib/dpkg/status. */
const STATUS_LINE = 29;

interface FileRecord {
  version: string;
  payload: number;
  slimExcluded: number;
  files: number;
  list: number;
  info: number;
  control: number;
  templates: number;
  py: number;
}

/** Ratios for packages without a measured record, derived by kb-debian.js from the measured ones. */
export interface FallbackRatios {
  /** payload bytes per Installed-Size byte (Installed-Size rounds every file up to 1 KiB) */
  payloadPerInstalledByte: number;
  /** share of payload bytes that the -slim path filters drop */
  slimExcludedShare: number;
  /** median control-file bytes (the status entry) */
  controlBytes: number;
  /** median /var/lib/dpkg/info bytes (.list, md5sums, scripts...) */
  infoBytes: number;
  /** median `templates` bytes of packages that have one */
  templatesBytes: number;
  /** Python source bytes per Installed-Size byte of the python3 and libpython3 packages */
  pySourcePerInstalledByte: number;
}

interface FilesTable {
  suite: string;
  packages: Map<string, FileRecord>;
  fallback: FallbackRatios;
}

/** Used when no table is shipped at all; the apt-size-model study's medians over 70 real builds. */
const STUDY_FALLBACK: FallbackRatios = {
  payloadPerInstalledByte: 0.967,
  slimExcludedShare: 0.082,
  controlBytes: 1_000,
  infoBytes: 24_000,
  templatesBytes: 10_000,
  pySourcePerInstalledByte: 0.54 / CALIBRATION.pycPerSource,
};

const tables = new Map<string, FilesTable | null>();

export function loadFilesTable(suite: string): FilesTable | null {
  const hit = tables.get(suite);
  if (hit !== undefined) return hit;
  const dir = dataDir();
  const file = dir === null ? null : path.join(dir, `debian-${suite}-files.json`);
  let table: FilesTable | null = null;
  if (file !== null && fs.existsSync(file)) {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { suite: string; fallback: FallbackRatios; packages: Record<string, [string, number, number, number, number, number, number, number, number]> };
    const packages = new Map<string, FileRecord>();
    for (const [name, r] of Object.entries(doc.packages)) {
      packages.set(name, { version: r[0], payload: r[1], slimExcluded: r[2], files: r[3], list: r[4], info: r[5], control: r[6], templates: r[7], py: r[8] });
    }
    table = { suite: doc.suite, packages, fallback: doc.fallback };
  }
  tables.set(suite, table);
  return table;
}

export interface LayerInput {
  /** Debian suite whose measured .deb table to use (falls back to bookworm's ratios). */
  suite: string;
  /** The base applies the -slim dpkg path filters (docs, man pages, locales are not unpacked). */
  slim: boolean;
  /** Packages the install adds. */
  added: readonly ResolvedPackage[];
  /** A Python 3 interpreter (python3-minimal) is installed after this step, so Python sources get byte-compiled. */
  pythonAfter: boolean;
  /** State-file sizes before this step. */
  before: Readonly<AptStateSizes>;
  /** Use the measured per-package records (default); false sizes every package from Installed-Size. */
  useMeasured?: boolean;
}

export interface LayerBreakdown {
  payload: number;
  dpkgStatus: number;
  dpkgInfo: number;
  logs: number;
  debconf: number;
  pyc: number;
  generated: number;
  total: number;
  /** Packages sized from Installed-Size because the measured table has no record for them. */
  unmeasured: string[];
  /** State-file sizes after this step (what the next apt run hides). */
  after: AptStateSizes;
  /** Whether debconf rewrote its databases in this step. */
  debconfRan: boolean;
}

function ratios(table: FilesTable | null): FallbackRatios {
  return table?.fallback ?? loadFilesTable('bookworm')?.fallback ?? STUDY_FALLBACK;
}

function isPythonSourcePackage(name: string): boolean {
  return /^(lib)?python3/.test(name);
}

/** Content bytes of one apt-get install layer (apt lists not included; see aptListsBytes). */
export function aptLayerBytes(input: LayerInput): LayerBreakdown {
  const loaded = loadFilesTable(input.suite);
  const fb = ratios(loaded);
  const table = input.useMeasured === false ? null : loaded;
  let payload = 0;
  let control = 0;
  let info = 0;
  let templates = 0;
  let py = 0;
  let generated = 0;
  let debconfRan = false;
  const unmeasured: string[] = [];
  for (const p of input.added) {
    const rec = table?.packages.get(p.name);
    if (p.dependsOnDebconf) debconfRan = true;
    generated += GENERATED_BYTES[p.name] ?? 0;
    if (rec) {
      payload += rec.payload - (input.slim ? rec.slimExcluded : 0);
      control += rec.control;
      info += rec.list + rec.info;
      templates += rec.templates;
      py += rec.py;
      continue;
    }
    unmeasured.push(p.name);
    const installed = p.installedSizeKiB * 1024;
    const pl = installed * fb.payloadPerInstalledByte;
    payload += input.slim ? pl * (1 - fb.slimExcludedShare) : pl;
    control += fb.controlBytes;
    info += fb.infoBytes;
    if (p.dependsOnDebconf) templates += fb.templatesBytes;
    if (isPythonSourcePackage(p.name)) py += installed * fb.pySourcePerInstalledByte;
  }
  const n = input.added.length;
  const b = input.before;
  const status = n === 0 ? b.status : b.status + control + STATUS_LINE * n;
  const dpkgStatus = n === 0 ? 0 : 2 * status;
  const templatesAfter = b.debconfTemplates + CALIBRATION.templatesFactor * templates;
  const debconf = debconfRan ? 2 * templatesAfter + 2 * b.debconfConfig : 0;
  const logs = n === 0 ? 0 : b.ldSoCache + b.eippLog + CALIBRATION.perPackage * n;
  const pyc = input.pythonAfter ? CALIBRATION.pycPerSource * py : 0;
  const total = Math.round(payload + dpkgStatus + info + logs + debconf + pyc + generated);
  const after: AptStateSizes = {
    status: Math.round(status),
    statusOld: Math.round(status),
    ldSoCache: b.ldSoCache,
    eippLog: b.eippLog,
    debconfTemplates: debconfRan ? Math.round(templatesAfter) : b.debconfTemplates,
    debconfTemplatesOld: debconfRan ? Math.round(templatesAfter) : b.debconfTemplatesOld,
    debconfConfig: b.debconfConfig,
    debconfConfigOld: b.debconfConfigOld,
  };
  return {
    payload: Math.round(payload),
    dpkgStatus: Math.round(dpkgStatus),
    dpkgInfo: Math.round(info),
    logs: Math.round(logs),
    debconf: Math.round(debconf),
    pyc: Math.round(pyc),
    generated,
    total,
    unmeasured,
    after,
    debconfRan,
  };
}

/** Status-file growth for packages installed on top of the base by earlier steps (their control entries). */
export function statusBytesFor(suite: string, names: Iterable<string>): number {
  const table = loadFilesTable(suite);
  const fb = ratios(table);
  let bytes = 0;
  for (const n of names) bytes += (table?.packages.get(n)?.control ?? fb.controlBytes) + STATUS_LINE;
  return bytes;
}

/** A file a later apt RUN replaces, leaving the lower layer's copy hidden (wasted). */
export interface AptRewrite {
  path: string;
  /** Size of the copy in the layer below, which becomes a hidden copy. */
  hiddenBytes: number;
}

/**
 * The files an `apt-get install` RUN rewrites from the layers below (vfs/BuildKit semantics: only files whose
 * content or metadata changes are copied up). dpkg rewrites status and status-old, apt its EIPP log, ldconfig its
 * cache; debconf rewrites its two databases and their -old copies when a new package uses debconf. Zero-byte lock
 * and state files are rewritten too but hide nothing. For the bookworm minbase images this is 163,402 B, or
 * 1,678,518 B with debconf, exactly as the ground-truth builds measured.
 */
export function aptRunRewrites(before: Readonly<AptStateSizes>, debconfRuns: boolean, ldconfigRuns = true): AptRewrite[] {
  const out: AptRewrite[] = [
    { path: '/var/lib/dpkg/status', hiddenBytes: before.status },
    { path: '/var/lib/dpkg/status-old', hiddenBytes: before.statusOld },
    { path: '/var/log/apt/eipp.log.xz', hiddenBytes: before.eippLog },
  ];
  if (ldconfigRuns) out.push({ path: '/etc/ld.so.cache', hiddenBytes: before.ldSoCache });
  if (debconfRuns) {
    out.push(
      { path: '/var/cache/debconf/templates.dat', hiddenBytes: before.debconfTemplates },
      { path: '/var/cache/debconf/templates.dat-old', hiddenBytes: before.debconfTemplatesOld },
      { path: '/var/cache/debconf/config.dat', hiddenBytes: before.debconfConfig },
      { path: '/var/cache/debconf/config.dat-old', hiddenBytes: before.debconfConfigOld },
    );
  }
  for (const p of ['/var/lib/apt/extended_states', '/var/lib/dpkg/lock', '/var/lib/dpkg/triggers/Lock']) out.push({ path: p, hiddenBytes: 0 });
  return out;
}
