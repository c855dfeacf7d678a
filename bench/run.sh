#!/usr/bin/env bash
# make bench: layerlint's speed and memory on real Dockerfiles, side by side with tally (the
# strongest peer) on the same files and output format. Prints one table. Not a test: numbers only.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${LAYERLINT:-build/layerlint}
CORPUS=${CORPUS:-../shared/corpus}
OUT=bench/out
mkdir -p "$OUT"

# The file list: the clean official images when the corpus is here, else testdata's Dockerfiles.
if [[ -f "$CORPUS/official-images-clean.txt" ]]; then
  sed "s|^|$CORPUS/|" "$CORPUS/official-images-clean.txt" > "$OUT/files.txt"
  corpus_name="official images (clean list)"
else
  find testdata -name '*.Dockerfile' -o -name Dockerfile | sort > "$OUT/files.txt"
  corpus_name="testdata"
fi
nfiles=$(wc -l < "$OUT/files.txt")
bytes=$(xargs cat < "$OUT/files.txt" | wc -c)

now() { date +%s.%N; }
# wall seconds and peak RSS (KiB) of one command: prints "seconds kib"
measure() {
  local start end
  start=$(now)
  /usr/bin/time -f "%M" -o "$OUT/rss" "$@" > /dev/null 2>&1
  end=$(now)
  # time(1) writes "Command exited with non-zero status N" first when the command fails.
  echo "$(echo "$end - $start" | bc -l) $(tail -n 1 "$OUT/rss")"
}
best_of() {  # best of N runs of a command: "seconds kib"
  local n=$1; shift
  local best="" line
  for _ in $(seq "$n"); do
    line=$(measure "$@")
    if [[ -z "$best" ]] || (( $(echo "${line% *} < ${best% *}" | bc -l) )); then best=$line; fi
  done
  echo "$best"
}
# Process start to exit, as a pre-commit hook pays it: a batch of back-to-back runs timed as a whole
# (so the clock's own cost is not in it), divided by the batch size; the median of several batches.
median_latency() {  # median_latency BATCHES RUNS_PER_BATCH CMD...: milliseconds per run
  local batches=$1 runs=$2; shift 2
  for _ in $(seq "$batches"); do
    local s e
    s=$(now)
    for ((r = 0; r < runs; r++)); do "$@" > /dev/null 2>&1; done
    e=$(now)
    echo "($e - $s) * 1000 / $runs" | bc -l
  done | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'
}

mapfile -t files < "$OUT/files.txt"
one=${files[0]}
for f in "${files[@]}"; do [[ "$f" == *library__python* || "$f" == *python/3* ]] && { one=$f; break; }; done

read -r ll_s ll_kib < <(best_of 3 "$BIN" -f sarif --fail-level none "${files[@]}")
ll_one_ms=$(median_latency 9 50 "$BIN" -f sarif --fail-level none "$one")
floor_ms=$(median_latency 9 50 /bin/true)  # what starting any process costs, measured the same way
read -r _ ll_one_kib < <(measure "$BIN" -f sarif --fail-level none "$one")

# --fix against plain lint on the same files in the same run. --fix rewrites files in place, so each
# timed run works on a fresh copy of the corpus in a scratch folder; the copy is made before every
# repetition, outside the timed part, and all three commands get it, so each run reads the same input
# from the same place. The copy keeps the corpus's folders (so the names stay unique): in one flat
# folder each file's build context would be the whole corpus, and a COPY of a directory would walk
# all of it for every Dockerfile.
FIX_MASTER="$OUT/fix-input" FIX_DIR="$OUT/fix"
rm -rf "$FIX_MASTER" && mkdir -p "$FIX_MASTER"
fix_rel=()
for f in "${files[@]}"; do fix_rel+=("${f#"$CORPUS"/}"); done
fix_base=.
[[ "${files[0]}" == "$CORPUS"/* ]] && fix_base=$CORPUS
master_abs=$(cd "$FIX_MASTER" && pwd)
(cd "$fix_base" && printf '%s\0' "${fix_rel[@]}" | xargs -0 cp --parents -t "$master_abs")
fix_files=("${fix_rel[@]/#/$FIX_DIR/}")
fresh_copy() { rm -rf "$FIX_DIR" && cp -r "$FIX_MASTER" "$FIX_DIR"; }
best_of_fresh() {  # best_of, with a fresh copy of the corpus before each run: "seconds kib"
  local n=$1; shift
  local best="" line
  for _ in $(seq "$n"); do
    fresh_copy
    line=$(measure "$@")
    if [[ -z "$best" ]] || (( $(echo "${line% *} < ${best% *}" | bc -l) )); then best=$line; fi
  done
  echo "$best"
}
read -r plain_s plain_kib < <(best_of_fresh 3 "$BIN" -f sarif --fail-level none "${fix_files[@]}")
read -r diff_s diff_kib < <(best_of_fresh 3 "$BIN" -f sarif --fail-level none --diff --unsafe-fixes "${fix_files[@]}")
read -r safe_s safe_kib < <(best_of_fresh 3 "$BIN" -f sarif --fail-level none --fix "${fix_files[@]}")
read -r fix_s fix_kib < <(best_of_fresh 3 "$BIN" -f sarif --fail-level none --fix --unsafe-fixes "${fix_files[@]}")
# What each did, from its summary line: "layerlint: fixed N issues in M files".
fix_counts() {  # fix_counts FLAGS...: "issues files"
  fresh_copy
  "$BIN" -f sarif --fail-level none "$@" "${fix_files[@]}" 2>&1 > /dev/null |
    sed -nE 's/^layerlint: fixed ([0-9]+) issues? in ([0-9]+) files?.*/\1 \2/p' | tail -n 1
}
read -r safe_issues safe_changed < <(fix_counts --fix)
read -r fix_issues fix_changed < <(fix_counts --fix --unsafe-fixes)
rm -rf "$FIX_DIR" "$FIX_MASTER"

# Growth: a synthetic Dockerfile of N and 4N instructions, and the corpus once and four times.
gen() {
  echo "FROM debian:12"
  for i in $(seq "$1"); do
    echo "ARG V$i=1"
    echo "RUN set -eux; apt-get update && apt-get install -y --no-install-recommends pkg$i && rm -rf /var/lib/apt/lists/* > /tmp/log$i"
  done
}
gen 5000 > "$OUT/n.Dockerfile"; gen 20000 > "$OUT/4n.Dockerfile"
read -r n_s n_kib < <(best_of 5 "$BIN" -f sarif --fail-level none "$OUT/n.Dockerfile")
read -r n4_s n4_kib < <(best_of 5 "$BIN" -f sarif --fail-level none "$OUT/4n.Dockerfile")
read -r c4_s _ < <(best_of 3 "$BIN" -f sarif --fail-level none "${files[@]}" "${files[@]}" "${files[@]}" "${files[@]}")

# Hostile inputs, each at the size the issue names (4x) and at a quarter of it (1x): wall time and
# peak RSS of the whole lint, and the growth from 1x to 4x.
hostile() {  # hostile KIND SCALE: writes the input to stdout
  python3 - "$1" "$2" <<'PY'
import sys
kind, m = sys.argv[1], int(sys.argv[2])
w = sys.stdout.write
if kind == "line":
    w("FROM alpine\nRUN " + "echo a; " * (m * 10_000_000 // 4 // 8) + "\n")
elif kind == "continuations":
    w("FROM alpine\nRUN true" + " \\\n && x" * (m * 50_000) + "\nUSER u\n")
elif kind == "heredoc":
    w("FROM alpine\nRUN <<EOF\n" + "line\n" * (m * 125_000))
elif kind == "substitutions":
    w("FROM alpine\nRUN " + "echo $(" * (m * 5_000) + "id" + ")" * (m * 5_000) + "\n")
elif kind == "stages":
    w("".join(f"FROM alpine AS s{i}\nRUN true\n" for i in range(m * 25_000)))
elif kind == "same-name-stages":
    w("".join("FROM alpine AS build\nCOPY --from=build /a /b\n" for i in range(m * 25_000)))
elif kind == "stage-chain":
    w("FROM alpine AS s0\nCOPY id_rsa /x/id_rsa\n")
    w("".join(f"FROM s{i-1} AS s{i}\nENV A{i}=1\nCOPY --from=s{i-1} /x /x\n" for i in range(1, m * 25_000)))
elif kind == "secret-writes":
    w("FROM alpine\nARG NPM_TOKEN\n")
    w("".join(f"RUN echo $NPM_TOKEN > /tmp/t{i} && rm -f /tmp/x{i}\n" for i in range(m * 25_000)))
elif kind == "json":
    w("FROM alpine\nCMD " + "[" * (m * 250_000) + "]" * (m * 250_000) + "\n")
PY
}
hostile_rows=""
if command -v python3 > /dev/null; then
  for kind in line continuations heredoc substitutions stages same-name-stages stage-chain secret-writes json; do
    hostile "$kind" 1 > "$OUT/hostile-1.Dockerfile"
    hostile "$kind" 4 > "$OUT/hostile-4.Dockerfile"
    read -r h1_s h1_kib < <(best_of 3 "$BIN" -f sarif --fail-level none "$OUT/hostile-1.Dockerfile")
    read -r h4_s h4_kib < <(best_of 3 "$BIN" -f sarif --fail-level none "$OUT/hostile-4.Dockerfile")
    h4_bytes=$(wc -c < "$OUT/hostile-4.Dockerfile")
    hostile_rows+=$(printf "| %s | %.1f MB | %.3f s | %.1f MiB | %.2f× | %.2f× |" "$kind" \
      "$(echo "$h4_bytes / 1048576" | bc -l)" "$h4_s" "$(echo "$h4_kib / 1024" | bc -l)" \
      "$(echo "$h4_s / $h1_s" | bc -l)" "$(echo "$h4_kib / $h1_kib" | bc -l)")$'\n'
  done
fi

# tally, installed from the npm registry into a scratch folder, on the same files, SARIF too.
tally_s="n/a" tally_kib="n/a" tally_one_ms="n/a" ratio="n/a"
TALLY="$OUT/tally/node_modules/@wharflab/tally-linux-x64/bin/tally"
if [[ ! -x "$TALLY" ]] && command -v npm > /dev/null; then
  npm install --silent --prefix "$OUT/tally" @wharflab/tally-linux-x64 > /dev/null 2>&1 || true
  [[ -x "$TALLY" ]] || TALLY=$(find "$OUT/tally" -type f -name tally -perm -u+x 2>/dev/null | head -1)
fi
if [[ -n "${TALLY:-}" && -x "$TALLY" ]]; then
  read -r tally_s tally_kib < <(measure "$TALLY" lint --format sarif "${files[@]}")
  tally_one_ms=$(median_latency 5 2 "$TALLY" lint --format sarif "$one")
  ratio=$(echo "$tally_s / $ll_s" | bc -l | xargs printf "%.0f×")
  tally_s=$(printf "%.2f" "$tally_s")
fi

mb=$(echo "$bytes / 1048576" | bc -l)
printf "\nlayerlint bench — %s, %s, %d cores\n" "$(date +%F)" "$(uname -m)" "$(nproc)"
printf "corpus: %s, %d files, %.1f MB, all rules, --format sarif\n\n" "$corpus_name" "$nfiles" "$mb"
printf "| measure | layerlint | tally |\n|---|---|---|\n"
printf "| whole corpus, wall | %.3f s | %s s |\n" "$ll_s" "$tally_s"
printf "| files/s | %.0f | |\n" "$(echo "$nfiles / $ll_s" | bc -l)"
printf "| MB/s | %.1f | |\n" "$(echo "$mb / $ll_s" | bc -l)"
printf "| peak RSS, whole corpus | %.1f MiB | %s |\n" "$(echo "$ll_kib / 1024" | bc -l)" \
  "$( [[ $tally_kib == n/a ]] && echo n/a || printf '%.1f MiB' "$(echo "$tally_kib / 1024" | bc -l)")"
printf "| one Dockerfile, median wall | %s ms | %s ms |\n" "$ll_one_ms" "$tally_one_ms"
printf "| (process floor: /bin/true, same measure) | %s ms | |\n" "$floor_ms"
printf "| one Dockerfile, peak RSS | %.1f MiB | |\n" "$(echo "$ll_one_kib / 1024" | bc -l)"
printf "| tally / layerlint, whole corpus | %s | |\n" "$ratio"
printf "| growth: 4N instructions / N (N=5000), wall | %.2f× | |\n" "$(echo "$n4_s / $n_s" | bc -l)"
printf "| growth: 4N instructions / N (N=5000), peak RSS | %.2f× | |\n" "$(echo "$n4_kib / $n_kib" | bc -l)"
printf "| growth: 4× corpus / 1×, wall | %.2f× | |\n" "$(echo "$c4_s / $ll_s" | bc -l)"
printf "| fix, copied corpus: plain lint, wall | %.3f s | |\n" "$plain_s"
printf "| fix, copied corpus: plain lint, peak RSS | %.1f MiB | |\n" "$(echo "$plain_kib / 1024" | bc -l)"
printf "| fix, copied corpus: --diff --unsafe-fixes, wall | %.3f s | |\n" "$diff_s"
printf "| fix, copied corpus: --diff --unsafe-fixes, peak RSS | %.1f MiB | |\n" "$(echo "$diff_kib / 1024" | bc -l)"
printf "| fix, copied corpus: --fix (safe fixes), wall | %.3f s | |\n" "$safe_s"
printf "| fix, copied corpus: --fix (safe fixes), peak RSS | %.1f MiB | |\n" "$(echo "$safe_kib / 1024" | bc -l)"
printf "| fix, copied corpus: --fix --unsafe-fixes, wall | %.3f s | |\n" "$fix_s"
printf "| fix, copied corpus: --fix --unsafe-fixes, peak RSS | %.1f MiB | |\n" "$(echo "$fix_kib / 1024" | bc -l)"
printf "| --diff / plain lint, wall | %.2f× | |\n" "$(echo "$diff_s / $plain_s" | bc -l)"
printf "| --diff / plain lint, peak RSS | %.2f× | |\n" "$(echo "$diff_kib / $plain_kib" | bc -l)"
printf "| --fix / plain lint, wall (target: at most 1.5×) | %.2f× | |\n" "$(echo "$safe_s / $plain_s" | bc -l)"
printf "| --fix / plain lint, peak RSS | %.2f× | |\n" "$(echo "$safe_kib / $plain_kib" | bc -l)"
printf "| --fix: fixes applied, files changed | %s in %s of %d | |\n" "${safe_issues:-n/a}" "${safe_changed:-n/a}" "$nfiles"
printf "| --fix --unsafe-fixes / plain lint, wall | %.2f× | |\n" "$(echo "$fix_s / $plain_s" | bc -l)"
printf "| --fix --unsafe-fixes / plain lint, peak RSS | %.2f× | |\n" "$(echo "$fix_kib / $plain_kib" | bc -l)"
printf "| --fix --unsafe-fixes: fixes applied, files changed | %s in %s of %d | |\n" "${fix_issues:-n/a}" "${fix_changed:-n/a}" "$nfiles"
if [[ -n "$hostile_rows" ]]; then
  printf "\nhostile inputs (4x = the size named in the issue; growth = 4x over 1x)\n\n"
  printf "| input | size | wall | peak RSS | wall growth | RSS growth |\n|---|---|---|---|---|---|\n"
  printf "%s" "$hostile_rows"
fi

# The language server: the time from a didChange to the publishDiagnostics of that version, through
# the protocol as an editor speaks it, on a typical official image (nginx, 79 lines) and on 1 MB.
LSP_TYPICAL=$CORPUS/official-images/nginxinc__docker-nginx/mainline/alpine/Dockerfile
[[ -f "$LSP_TYPICAL" ]] || LSP_TYPICAL=examples/Dockerfile
if command -v python3 > /dev/null && lsp_rows=$(python3 bench/lsp_latency.py "$BIN" "$OUT/lsp" "$LSP_TYPICAL" 200); then
  printf "\nlanguage server: didChange to publishDiagnostics (layerlint lsp, full text, one change at a time)\n\n"
  printf "| document | median (target: at most 5 ms for the typical file) | p90 | changes |\n|---|---|---|---|\n"
  printf "%s\n" "$lsp_rows"
else
  printf "\nlanguage server: skipped (python3 missing, or the run failed)\n"
fi

# Image scan: `layerlint image` on an image with a ~500 MB layer that the real-build harness builds
# (a private dockerd; skipped, saying why, where Docker cannot run), against reading the same archive
# with cat: the physical limit. Best of 3 each, the page cache warm for both.
IMAGE_TAR=$OUT/bench-image.tar
if [[ ! -s "$IMAGE_TAR" ]]; then
  LAYERLINT="$(realpath "$BIN")" LAYERLINT_DOCKER_DIR=${LAYERLINT_DOCKER_DIR:-/tmp/layerlint-docker-bench} \
    tests/build/run.sh --bench-image "$(realpath -m "$IMAGE_TAR")" > "$OUT/bench-image.log" 2>&1 || rm -f "$IMAGE_TAR"
fi
if [[ -s "$IMAGE_TAR" ]]; then
  image_mb=$(echo "$(stat -c %s "$IMAGE_TAR") / 1048576" | bc -l)
  cat "$IMAGE_TAR" > /dev/null
  read -r cat_s cat_kib < <(best_of 3 cat "$IMAGE_TAR")
  read -r img_s img_kib < <(best_of 3 "$BIN" image --fail-level none "$IMAGE_TAR")
  found=$("$BIN" image -f json --fail-level none "$IMAGE_TAR" 2>/dev/null | grep -c '"rule": "LL400[1-4]"')
  printf "\nimage scan: %.0f MB docker save archive (one ~500 MB layer of generated text and binary files)\n\n" "$image_mb"
  printf "| measure | layerlint image | cat > /dev/null |\n|---|---|---|\n"
  printf "| wall | %.3f s | %.3f s |\n" "$img_s" "$cat_s"
  printf "| MB/s | %.0f | %.0f |\n" "$(echo "$image_mb / $img_s" | bc -l)" "$(echo "$image_mb / $cat_s" | bc -l)"
  printf "| peak RSS | %.1f MiB | %.1f MiB |\n" "$(echo "$img_kib / 1024" | bc -l)" "$(echo "$cat_kib / 1024" | bc -l)"
  printf "| layerlint image / raw read (target: at most 2×) | %.2f× | |\n" "$(echo "$img_s / $cat_s" | bc -l)"
  printf "| findings (2 planted tokens) | %s | |\n" "$found"
else
  printf "\nimage scan: skipped (no image: %s)\n" "$(tail -n 1 "$OUT/bench-image.log" 2>/dev/null)"
fi
