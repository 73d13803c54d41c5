import type { ImageRef } from '../model/types';

/**
 * What the simulation assumes about a base image beyond its total size: its family (which package manager and
 * which apt snippets it ships) and a few small files whose sizes were measured on the ground-truth bookworm bases.
 */
export type Family = 'debian' | 'alpine' | 'busybox' | 'rhel' | 'windows' | 'scratch' | 'unknown';

const DEBIAN_NAMES = new Set([
  'debian', 'ubuntu', 'buildpack-deps', 'python', 'node', 'golang', 'ruby', 'php', 'perl', 'rust', 'openjdk', 'eclipse-temurin',
  'nginx', 'httpd', 'postgres', 'mysql', 'mariadb', 'redis', 'mongo', 'rabbitmq', 'elixir', 'erlang', 'haskell', 'gcc',
  'bitnami/minideb', 'maven', 'gradle', 'julia', 'r-base', 'swift', 'wordpress', 'nextcloud', 'jenkins/jenkins', 'sonarqube',
]);
const RHEL_NAMES = /^(centos|fedora|rockylinux|almalinux|oraclelinux|amazonlinux|redhat\/ubi\d*|ubi\d*|.*\/ubi\d*(-minimal|-micro)?|opensuse.*|photon|mcr\.microsoft\.com\/(cbl-mariner|azurelinux).*)/;

export function imageFamily(ref: ImageRef | null): Family {
  if (!ref) return 'unknown';
  const name = ref.name.toLowerCase();
  const tag = (ref.tag ?? '').toLowerCase();
  const full = (ref.registry ? ref.registry + '/' : '') + name;
  if (name === 'scratch' && !ref.registry) return 'scratch';
  if (/windows|nanoserver|servercore/.test(full) || /windowsservercore|nanoserver|ltsc/.test(tag)) return 'windows';
  if (name.endsWith('busybox')) return 'busybox';
  if (name.endsWith('alpine') || /(^|-)alpine/.test(tag)) return 'alpine';
  if (RHEL_NAMES.test(full) || RHEL_NAMES.test(name)) return 'rhel';
  const short = name.replace(/^(library|amd64|arm64v8|arm32v7|i386|ppc64le|s390x)\//, '');
  if (DEBIAN_NAMES.has(short) || DEBIAN_NAMES.has(name)) return 'debian';
  if (/(^|-)(bookworm|bullseye|buster|stretch|trixie|jammy|focal|bionic|noble|xenial|slim)/.test(tag)) return 'debian';
  if (full.startsWith('mcr.microsoft.com/dotnet/') || full.startsWith('mcr.microsoft.com/devcontainers/')) return 'debian';
  return 'unknown';
}

export interface KnownBaseFile {
  path: string;
  /** Size, or null when the file is there but its size is not known. */
  bytes: number | null;
}

/**
 * Files of the official Debian/Ubuntu images (and images built on them) that Dockerfiles commonly delete or
 * rewrite. Sizes measured on the ground-truth `debian:bookworm(-slim)` bases (results/vfs/p6a, b0, b1); other
 * releases differ by a few bytes, so they are estimates.
 */
const DEBIAN_FILES: KnownBaseFile[] = [
  { path: '/etc/apt/apt.conf.d/docker-clean', bytes: null },
  { path: '/etc/apt/apt.conf.d/docker-gzip-indexes', bytes: 29 },
  { path: '/etc/apt/apt.conf.d/docker-no-languages', bytes: null },
  { path: '/etc/apt/apt.conf.d/docker-autoremove-suggests', bytes: null },
  { path: '/etc/passwd', bytes: 839 },
  { path: '/etc/passwd-', bytes: 839 },
  { path: '/etc/shadow', bytes: 474 },
  { path: '/etc/group', bytes: 434 },
  { path: '/etc/group-', bytes: 434 },
  { path: '/etc/gshadow', bytes: 364 },
  { path: '/etc/ld.so.cache', bytes: 4523 },
];

/** Folders known to be empty in these images (the official images remove apt lists and caches). */
const DEBIAN_EMPTY_DIRS = ['/var/lib/apt/lists', '/var/cache/apt/archives'];
const ALPINE_EMPTY_DIRS = ['/var/cache/apk'];

export function knownFiles(family: Family): KnownBaseFile[] {
  return family === 'debian' ? DEBIAN_FILES : [];
}

export function knownEmptyDirs(family: Family): string[] {
  if (family === 'debian') return DEBIAN_EMPTY_DIRS;
  if (family === 'alpine') return ALPINE_EMPTY_DIRS;
  return [];
}

/** Default HOME of a user (root unless USER says otherwise). */
export function homeOf(user: string | null): string {
  if (!user || user === 'root' || user === '0' || user.startsWith('0:') || user.startsWith('root:')) return '/root';
  const name = user.split(':')[0];
  return /^\d+$/.test(name) ? '/' : `/home/${name}`;
}

/**
 * Folders a Linux base image has (FHS plus the Debian/Alpine package-manager folders). A folder a build creates
 * anywhere else is taken to be new, so deleting it later is known to delete only what the build put there.
 */
export const STANDARD_DIRS: ReadonlySet<string> = new Set([
  '/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/media', '/mnt', '/opt', '/proc', '/root', '/run',
  '/sbin', '/srv', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec', '/usr/include',
  '/usr/share', '/usr/share/doc', '/usr/share/man', '/usr/share/info', '/usr/share/locale', '/usr/share/zoneinfo', '/usr/share/common-licenses',
  '/usr/share/ca-certificates', '/usr/share/keyrings', '/usr/src', '/usr/local', '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib',
  '/usr/local/share', '/usr/local/include', '/usr/local/src', '/usr/local/etc', '/usr/local/games', '/usr/local/man', '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu', '/var', '/var/lib', '/var/cache', '/var/log', '/var/tmp', '/var/run', '/var/mail', '/var/spool', '/var/opt',
  '/var/local', '/var/backups', '/var/lib/dpkg', '/var/lib/apt', '/var/lib/apt/lists', '/var/lib/dpkg/info', '/var/lib/misc', '/var/lib/systemd',
  '/var/cache/apt', '/var/cache/apt/archives', '/var/cache/debconf', '/var/cache/apk', '/var/cache/ldconfig', '/var/log/apt', '/etc/apt',
  '/etc/apt/apt.conf.d', '/etc/apt/sources.list.d', '/etc/apt/preferences.d', '/etc/apt/trusted.gpg.d', '/etc/apt/keyrings', '/etc/ssl',
  '/etc/ssl/certs', '/etc/ssl/private', '/etc/default', '/etc/init.d', '/etc/profile.d', '/etc/skel', '/etc/cron.d', '/etc/cron.daily',
  '/etc/security', '/etc/pam.d', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/logrotate.d', '/etc/systemd', '/etc/dpkg', '/etc/apk',
  '/etc/update-motd.d', '/etc/opt', '/etc/ca-certificates', '/etc/sysctl.d', '/etc/terminfo', '/etc/selinux', '/etc/X11', '/usr/share/perl5',
  '/usr/lib/python3', '/usr/lib/python3/dist-packages', '/usr/share/icons', '/usr/share/fonts', '/usr/share/pixmaps', '/usr/share/applications',
]);

/**
 * ENV the official language images set that decides where tools keep their caches (GOPATH, GEM_HOME, CARGO_HOME).
 * Taken from the images' Dockerfiles (docker-library); only these few are used.
 */
export function imageEnv(ref: ImageRef | null): Record<string, string> {
  if (!ref) return {};
  const name = ref.name.replace(/^(library|amd64|arm64v8)\//, '');
  switch (name) {
    case 'golang':
      return { GOPATH: '/go' };
    case 'ruby':
      return { GEM_HOME: '/usr/local/bundle', BUNDLE_APP_CONFIG: '/usr/local/bundle' };
    case 'rust':
      return { CARGO_HOME: '/usr/local/cargo', RUSTUP_HOME: '/usr/local/rustup' };
    default:
      return {};
  }
}
