#!/usr/bin/env bash
# Builds the libFuzzer target with ASan+UBSan (clang-14, build dir build-fuzz), seeds a corpus and
# fuzzes for SECONDS (default 120). Exits non-zero on any crash, leak, timeout, out-of-memory or
# redaction-oracle failure; the reproducer is left in build-fuzz/artifacts/. Extra arguments go
# to libFuzzer (e.g. -seed=1, -jobs=2).
#
# usage: scripts/fuzz.sh [SECONDS] [LIBFUZZER_ARGS...]
#   reproduce: build-fuzz/layerlint_fuzz build-fuzz/artifacts/crash-<hash>
#              build-fuzz/layerlint_fuzz_image build-fuzz/artifacts/image-crash-<hash>
# Two targets: the Dockerfile one (three quarters of the time) and the image reader's
# (tests/fuzz/fuzz_image.cpp: the input as a docker save or OCI archive, read as a file and as a
# stream; seeded with images it writes itself).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-120}
(($# > 0)) && shift
build=${FUZZ_BUILD:-build-fuzz}
cc=${FUZZ_CC:-clang-14}
cxx=${FUZZ_CXX:-clang++-14}
gen=()
command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "fuzz: $cxx not found (scripts/install-deps.sh --fuzz installs it)" >&2
  exit 2
fi

CC=$cc CXX=$cxx cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLAYERLINT_FUZZ=ON -DLAYERLINT_TESTS=OFF -DLAYERLINT_SANITIZE=ON >/dev/null
cmake --build "$build" --target layerlint_fuzz layerlint_fuzz_image -j "${JOBS:-2}"

corpus=$build/corpus
artifacts=$build/artifacts
mkdir -p "$corpus" "$artifacts"
tests/fuzz/seeds.sh "$corpus"

# Tokens of the languages the target reads, so mutations build instructions rather than noise.
dict=$build/layerlint.dict
cat >"$dict" <<'DICT'
"FROM "
" AS "
"ARG "
"ENV "
"RUN "
"COPY "
"ADD "
"USER "
"LABEL "
"WORKDIR "
"ONBUILD "
"SHELL "
"CMD "
"ENTRYPOINT "
"HEALTHCHECK "
"EXPOSE "
"VOLUME "
"\x0a"
"\\\x0a"
"# syntax=docker/dockerfile:1\x0a"
"# escape=`\x0a"
"# check=skip=all\x0a"
"<<EOF\x0a"
"<<-EOF\x0a"
"EOF\x0a"
"--mount=type=secret,id="
"--mount=type=ssh"
"--mount=type=cache,target="
"--from="
"--chown="
"--chmod="
"--network=host"
"--security=insecure"
"${"
":-"
":+"
"##"
"%%"
"//"
"$("
"`"
"&&"
"||"
"|"
";"
"\\\""
"[\"sh\", \"-c\", \""
"\"]"
"_TOKEN="
"PASSWORD="
"GITHUB_TOKEN"
"NPM_TOKEN"
"AWS_SECRET_ACCESS_KEY"
"ghp_"
"glpat-"
"AKIA"
"npm_"
"-----BEGIN RSA PRIVATE KEY-----"
"https://user:"
"@github.com/"
"curl -u "
"wget --password="
"echo "
" > /root/.npmrc"
"id_rsa"
".env"
"rm -f "
"chmod 777 "
"sudo "
"root"
"services:\x0a"
"  app:\x0a"
"    build:\x0a"
"      args:\x0a"
"      secrets:\x0a"
"      dockerfile_inline: |\x0a"
"    privileged: true\x0a"
"    cap_add:\x0a"
"    volumes:\x0a"
"/var/run/docker.sock:/var/run/docker.sock"
"secrets:\x0a"
"    file: "
"&anchor "
"*anchor"
"<<: "
DICT

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The Dockerfile target gets three quarters of the time, the image reader the rest.
image_seconds=$((seconds / 4))
lint_seconds=$((seconds - image_seconds))
log=$build/fuzz.log
image_log=$build/fuzz-image.log
image_corpus=$build/corpus-image
mkdir -p "$image_corpus"
filter() {
  grep --line-buffered -E '^(INFO: seed|#[0-9]+[[:space:]]+(INITED|DONE)|==[0-9]+==|SUMMARY|layerlint oracle|Test unit written|stat::)'
}
set +e
"$build/layerlint_fuzz" "$corpus" -dict="$dict" -artifact_prefix="$artifacts/" \
  -max_total_time="$lint_seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 "$@" 2>&1 | tee "$log" | filter
status=${PIPESTATUS[0]}
LAYERLINT_IMAGE_SEEDS=$image_corpus "$build/layerlint_fuzz_image" "$image_corpus" -artifact_prefix="$artifacts/image-" \
  -max_total_time="$image_seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
  -print_final_stats=1 "$@" 2>&1 | tee "$image_log" | filter
image_status=${PIPESTATUS[0]}
set -e

execs() { sed -n 's/^stat::number_of_executed_units: *//p' "$1" | awk '{s += $1} END {print s + 0}'; }
echo "fuzz: $(execs "$log") executions of the Dockerfile target in ${lint_seconds}s (log: $log)"
echo "fuzz: $(execs "$image_log") executions of the image target in ${image_seconds}s (log: $image_log)"
if ((status != 0 || image_status != 0)); then
  echo "fuzz: FAILED (libFuzzer exit status $status, image target $image_status); reproducers:" >&2
  ls -1 "$artifacts" >&2 || true
  exit 1
fi
echo "fuzz: no crash, leak, timeout or oracle failure"
