#!/usr/bin/env bash
# `make image` with a real (private) dockerd: the image is built offline from the static binary,
# runs as a non-root user in /src, lints a mounted folder (`docker run --rm -v "$PWD:/src" layerlint
# .`), never prints the secret it finds, and both Dockerfiles of this repository lint clean with it.
#
# LAYERLINT: the static binary (default: build/layerlint). LAYERLINT_DOCKER_DIR: the daemon's folder.
# Exit codes: 0 pass, 1 a check failed, 77 skipped (Docker cannot be installed or started).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${LAYERLINT:-$root/build/layerlint}
export LAYERLINT_DOCKER_DIR=${LAYERLINT_DOCKER_DIR:-/tmp/layerlint-docker-image}
version=$(sed -n 's/^project(layerlint VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")

skip() { echo "skipped: $*"; exit 77; }
[[ -x $binary ]] || { echo "FAIL: no layerlint binary at $binary"; exit 1; }
[[ $(id -u) -eq 0 ]] || skip "a private dockerd needs root"
# shellcheck source=tests/build/dockerd.sh
. "$root/tests/build/dockerd.sh"
dockerd_packages || skip "$dockerd_why"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-image-test.XXXXXX")
cleanup() {
  dockerd_stop
  rm -rf "$scratch"
}
trap cleanup EXIT
dockerd_start || skip "$dockerd_why"

# shellcheck source=tests/expect.sh
. "$root/tests/expect.sh"

DOCKER=$docker_cli "$root/scripts/build-image.sh" "$binary" layerlint "$version" || { echo "FAIL: make image"; exit 1; }
config=$("$docker_cli" image inspect --format '{{.Config.User}}|{{.Config.WorkingDir}}|{{json .Config.Entrypoint}}' "layerlint:$version")
if [[ $config == '65532:65532|/src|["layerlint"]' ]]; then
  echo "ok: layerlint:$version runs layerlint as 65532:65532 in /src"
else
  fail "image configuration: $config"
fi
"$docker_cli" image inspect "layerlint:latest" >/dev/null || fail "no layerlint:latest"

# run WANT-CODE TEXT DIR ARGS...: `docker run --rm -v DIR:/src layerlint ARGS` (no network: a linter
# needs none).
run() {
  local want=$1 text=$2 dir=$3
  shift 3
  expect "$want" "$text" "docker run -v $(basename "$dir"):/src layerlint $*" \
    "$docker_cli" run --rm --network=none -v "$dir:/src:ro" layerlint "$@"
}

project=$scratch/project
mkdir -p "$project/api" "$project/web"
printf 'FROM alpine:3.19\nENV DATABASE_PASSWORD=Sup3rS3cretValue42\nUSER 10001\n' >"$project/api/Dockerfile"
printf 'FROM alpine:3.19\nUSER 10001\n' >"$project/web/Dockerfile"
printf '{{ .Base }}\n' >"$project/web/Dockerfile.template"
run 1 "api/Dockerfile:2:5" "$project" .
run 1 '"ruleId": "LL1002"' "$project" --format sarif .
run 0 "" "$project" web
run 0 "" "$root" Dockerfile docker/Dockerfile
run 0 "" "$root" --fail-level info Dockerfile docker/Dockerfile

expect_done image
