#!/usr/bin/env bash
# Builds the layerlint image from a static binary: FROM scratch, the binary, a non-root USER,
# WORKDIR /src (docker/Dockerfile). Offline: `--network=none`, no base image to pull.
#
# Usage: scripts/build-image.sh BINARY NAME VERSION [EXTRA-TAG...]
#   tags NAME:VERSION, NAME:latest and each EXTRA-TAG, with the Docker that DOCKER_HOST names.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
binary=$1 name=$2 version=$3
shift 3
docker=${DOCKER:-docker}

[[ -x $binary ]] || { echo "build-image: no binary at $binary" >&2; exit 2; }
if readelf -l "$binary" 2>/dev/null | grep -q 'Requesting program interpreter'; then
  echo "build-image: $binary is dynamically linked: it would not run FROM scratch (LAYERLINT_STATIC=ON)" >&2
  exit 2
fi
command -v "$docker" >/dev/null || { echo "build-image: no docker client ($docker)" >&2; exit 2; }

context=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-image.XXXXXX")
trap 'rm -rf "$context"' EXIT
cp "$binary" "$context/layerlint"
strip "$context/layerlint" 2>/dev/null || true

tags=(-t "$name:$version" -t "$name:latest")
for extra in "$@"; do tags+=(-t "$extra"); done
DOCKER_BUILDKIT=1 "$docker" build --network=none --quiet -f "$root/docker/Dockerfile" "${tags[@]}" \
  --label "org.opencontainers.image.version=$version" "$context" >/dev/null
echo "built $name:$version $name:latest $*"
