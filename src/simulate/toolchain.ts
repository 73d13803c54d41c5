/** Build toolchains: packages a runtime image rarely needs once the build is done. */

const APT_TOOLCHAIN = /^(build-essential|gcc(-\d+)?|g\+\+(-\d+)?|cpp(-\d+)?|clang(-\d+)?|llvm(-\d+)?|lld(-\d+)?|make|cmake|ninja-build|autoconf|automake|autotools-dev|libtool|pkg-config|pkgconf|dpkg-dev|binutils|bison|flex|gfortran(-\d+)?|golang(-\d[.\d]*)?(-go)?|rustc|cargo|meson|scons|nasm|yasm|[a-z0-9.+-]+-dev)$/;
const APK_TOOLCHAIN = /^(build-base|alpine-sdk|gcc|g\+\+|musl-dev|libc-dev|make|cmake|samurai|ninja|autoconf|automake|libtool|pkgconf|pkgconfig|linux-headers|clang\d*|llvm\d*|lld|go|rust|cargo|bison|flex|binutils|[a-z0-9.+-]+-dev)$/;
const RPM_TOOLCHAIN = /^(@?development tools|gcc|gcc-c\+\+|make|cmake|autoconf|automake|libtool|pkgconfig|pkgconf|clang|llvm|golang|rust|cargo|[a-z0-9.+-]+-devel)$/i;

/** The bare package name: `gcc=4:12.2.0-3` → `gcc`, `curl:amd64` → `curl`, `gcc/bookworm` → `gcc`. */
export function packageName(word: string): string {
  return word.replace(/[=/].*$/, '').replace(/:[a-z0-9]+$/, '').toLowerCase();
}

export function isToolchainPackage(manager: 'apt' | 'apk' | 'rpm', word: string): boolean {
  const name = packageName(word);
  if (manager === 'apt') return APT_TOOLCHAIN.test(name);
  if (manager === 'apk') return APK_TOOLCHAIN.test(name);
  return RPM_TOOLCHAIN.test(name);
}
