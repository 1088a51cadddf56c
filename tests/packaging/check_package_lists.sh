#!/usr/bin/env bash
# The Dockerfile and the set-up scripts must never drift apart: both install only from the
# package lists in packaging/, and the runtime list must provide every shared library the built
# binary needs. Usage: check_package_lists.sh PATH/TO/madoguchi (run from the repository root).
set -euo pipefail
binary="${1:?usage: $0 PATH/TO/madoguchi}"
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. The Dockerfile installs through scripts/install-packages (build) and the runtime list only.
grep -q 'scripts/install-packages build' Dockerfile || fail "Dockerfile does not build with scripts/install-packages build"
grep -q 'packaging/debian-runtime.txt' Dockerfile || fail "Dockerfile does not install packaging/debian-runtime.txt"
if grep -E 'apt-get install[^\n]*[a-z0-9]+-dev' Dockerfile; then
  fail "Dockerfile names packages inline; add them to a list in packaging/ instead"
fi
grep -q 'scripts/install-packages build' scripts/dev || fail "scripts/dev does not install the build list"

# 2. Every list entry is a plausible Debian package name.
for list in packaging/debian-*.txt; do
  while read -r name; do
    [[ "$name" =~ ^[a-z0-9][a-z0-9.+-]+$ ]] || fail "$list: '$name' is not a package name"
  done < <(grep -v -e '^#' -e '^[[:space:]]*$' "$list")
done

# 3. Every shared library of the binary comes from a runtime package (or the C/C++ runtime,
#    which debian:bookworm-slim always has).
runtime="$(grep -v -e '^#' -e '^[[:space:]]*$' packaging/debian-runtime.txt)"
base="libc6 libstdc++6 libgcc-s1 zlib1g libzstd1 liblzma5 libbz2-1.0 libgcrypt20 libgpg-error0"
# Linked only by ENABLE_SANITIZERS builds, never by the image's release build.
base="$base libasan8 libubsan1"
missing=0
while read -r library; do
  [ -n "$library" ] || continue
  # Debian 12 merged /usr: dpkg may know the file as /lib/… while ldd resolves /usr/lib/….
  package="$( { dpkg -S "$library" || dpkg -S "${library#/usr}"; } 2>/dev/null | head -n1 | cut -d: -f1 || true)"
  [ -n "$package" ] || { echo "no package owns $library" >&2; missing=1; continue; }
  if ! grep -qx "$package" <<<"$runtime" && ! grep -qw "$package" <<<"$base"; then
    echo "$library comes from $package, which packaging/debian-runtime.txt does not list" >&2
    missing=1
  fi
done < <(ldd "$binary" | awk '/=> \//{print $3}' | xargs -r readlink -f)
[ $missing -eq 0 ] || fail "the runtime image would miss libraries"
echo "package lists consistent"
