#!/usr/bin/env bash
# The static binary in an empty root: no libc, no /etc, no /proc, no /tmp, only the binary and the
# files it lints. It must lint, find, redact, fix, report errors and exit as anywhere else.
#
# LAYERLINT: the binary to test (default: build/layerlint of this checkout).
# Exit codes: 0 pass, 1 a check failed, 77 skipped (not root, no chroot, or a dynamic build).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${LAYERLINT:-$root/build/layerlint}

skip() { echo "skipped: $*"; exit 77; }
[[ -x $binary ]] || { echo "FAIL: no layerlint binary at $binary"; exit 1; }
[[ $(id -u) -eq 0 ]] || skip "chroot needs root"
command -v chroot >/dev/null || skip "no chroot on this machine"
if readelf -l "$binary" 2>/dev/null | grep -q 'Requesting program interpreter'; then
  skip "$binary is dynamically linked (a sanitizer build, or LAYERLINT_STATIC=OFF)"
fi

empty=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-empty-root.XXXXXX")
trap 'rm -rf "$empty"' EXIT
cp "$binary" "$empty/layerlint"
mkdir -p "$empty/src/app"
printf 'FROM alpine:3.19\nENV DATABASE_PASSWORD=Sup3rS3cretValue42\nUSER root\n' >"$empty/src/app/Dockerfile"
printf 'FROM alpine:3.19\nUSER 10001\n' >"$empty/src/clean.Dockerfile"
printf 'FROM alpine:3.19\nRUN sudo apk add --no-cache git\n' >"$empty/src/sudo.Dockerfile"
printf 'select: [LL9999]\n' >"$empty/bad-config.yaml"

# shellcheck source=tests/expect.sh
. "$root/tests/expect.sh"
check() { # WANT-CODE TEXT ARGS...: the binary in the empty root
  local want=$1 text=$2
  shift 2
  expect "$want" "$text" "layerlint $*" chroot "$empty" /layerlint "$@"
}

check 0 "layerlint " --version
check 1 "[LL1002]" /src/app/Dockerfile
check 1 "LL2001" --format sarif /src
check 0 "" /src/clean.Dockerfile
check 1 "/src/app/Dockerfile" -j 4 --format json /src
# Errors are values: a missing file, a bad config (exceptions unwind in a static binary too).
check 2 "no such file" /src/missing.Dockerfile
check 2 "LL9999" --config /bad-config.yaml /src/clean.Dockerfile
check 1 "+RUN apk add --no-cache git" --diff /src/sudo.Dockerfile
check 0 "fixed" --fix --fail-level error /src/sudo.Dockerfile
check 0 "" --list-rules

expect_done "empty root"
