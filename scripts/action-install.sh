#!/usr/bin/env bash
# The GitHub Action's install step: layerlint on PATH as it is; else the release binary (static,
# checked against the release's SHA256SUMS); else, where there is no release for this version yet,
# a build from source (`make binary`: the Debian/Ubuntu build dependencies, then the binary only).
#
# env: LAYERLINT_ACTION_PATH (the action's checkout), INPUT_VERSION (default: this checkout's),
#      LAYERLINT_RELEASE_URL (default: the GitHub releases of layerlint), RUNNER_TEMP, GITHUB_PATH.
set -euo pipefail

if command -v layerlint >/dev/null 2>&1; then
  echo "using $(command -v layerlint)"
  exit 0
fi
here=${LAYERLINT_ACTION_PATH:?}
version=${INPUT_VERSION:-}
version=${version#v}
[[ -n $version ]] || version=$(sed -n 's/^project(layerlint VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
case $(uname -m) in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
release=${LAYERLINT_RELEASE_URL:-https://github.com/layerlint/layerlint/releases/download}/v$version
tarball=layerlint-$version-linux-$arch.tar.gz
dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/layerlint-$version
rm -rf "$dir" && mkdir -p "$dir"

if curl -fsSL --retry 3 -o "$dir/$tarball" "$release/$tarball" &&
  curl -fsSL --retry 3 -o "$dir/SHA256SUMS" "$release/SHA256SUMS"; then
  (cd "$dir" && grep " $tarball\$" SHA256SUMS | sha256sum --check --strict --quiet -) ||
    { echo "::error title=layerlint::$tarball does not match the release's SHA256SUMS"; exit 1; }
  tar -xzf "$dir/$tarball" -C "$dir" --strip-components=1
  echo "$dir/bin" >>"$GITHUB_PATH"
  echo "installed layerlint $version ($arch) from $release"
else
  echo "no release binary for layerlint $version ($arch) at $release: building from source"
  make -C "$here" binary
  echo "$here/build" >>"$GITHUB_PATH"
fi
