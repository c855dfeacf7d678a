#!/usr/bin/env bash
# Fills a libFuzzer corpus directory with seeds: every Dockerfile and Compose fixture of testdata/,
# the saved fuzz reproducers (not the known, unfixed ones in open/), and, when ../shared/corpus exists, a fixed sample of real-world
# Dockerfiles from it. Files are named by content hash, so reruns add nothing twice.
#
# usage: tests/fuzz/seeds.sh CORPUS_DIR [SHARED_CORPUS_DIR]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: seeds.sh CORPUS_DIR [SHARED_CORPUS_DIR]}
shared=${2:-$root/../shared/corpus}
max_bytes=65536
mkdir -p "$out"

add() {
  local f=$1 size
  [[ -f $f ]] || return 0
  size=$(stat -c %s "$f")
  ((size > 0 && size <= max_bytes)) || return 0
  cp "$f" "$out/$(sha1sum "$f" | cut -c1-40)"
}

# Every Nth line of stdin, at most `limit` lines: a fixed sample that does not depend on luck.
sample() {
  local limit=$1
  mapfile -t all
  local n=${#all[@]} step=1
  ((n > limit)) && step=$(((n + limit - 1) / limit))
  for ((i = 0; i < n; i += step)); do printf '%s\n' "${all[i]}"; done
}

while IFS= read -r -d '' f; do add "$f"; done < <(
  find "$root/testdata" -type f \( -name '*.Dockerfile' -o -name 'Dockerfile' -o -name '*.yaml' \
    -o -name '*.yml' -o -path '*/fuzz-regressions/*' \) -not -path '*/fuzz-regressions/open/*' -print0)

if [[ -d $shared ]]; then
  dockerfiles() { find "$shared/$1" -type f \( -iname '*dockerfile*' -o -name 'Dockerfile*' \) 2>/dev/null | LC_ALL=C sort; }
  {
    dockerfiles official-images | sample 200
    dockerfiles vulnerable-misc | sample 150
    dockerfiles kics | sample 150
    dockerfiles buildkit-parser | sample 50
  } | while IFS= read -r f; do add "$f"; done
fi

echo "seeds: $(find "$out" -type f | wc -l) files in $out" >&2
