#!/usr/bin/env bash
# Real BuildKit builds of the LL1xxx fixtures and their fixed versions.
#
# Starts a private dockerd for this run only (own data-root, exec-root, pidfile and socket under
# $LAYERLINT_DOCKER_DIR, no bridge, no iptables), makes one local base image out of busybox-static,
# dash and the stub tools in tests/build/stubs/, tags it under every base name the fixtures use, then
# hands over to build_fixtures.py, which plants the values, builds, `docker save`s and inspects.
# The daemon is stopped by its pidfile on exit, whatever happens.
#
# Usage: tests/build/run.sh [FIXTURE-SUBSTRING...]     (env: LAYERLINT=path/to/layerlint;
#        LAYERLINT_BUILDS_IF_POSSIBLE=1 skips, saying why, where Docker cannot be installed or started)
#        tests/build/run.sh --bench-image OUT.tar   builds an image with a ~500 MB layer of generated
#        files (text and binary, a few planted tokens) for `make bench`, saves it to OUT.tar, and stops.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
layerlint=${LAYERLINT:-$root/build/layerlint}
t_start=$(date +%s)

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 2; }
# Docker itself missing (no package, no daemon): an error, or with LAYERLINT_BUILDS_IF_POSSIBLE=1 a
# run that says it was skipped and why.
unavailable() {
  if [ "${LAYERLINT_BUILDS_IF_POSSIBLE:-0}" = 1 ]; then
    printf 'real builds skipped: %s\n' "$*"
    exit 0
  fi
  die "$*"
}

[ -x "$layerlint" ] || die "no layerlint binary at $layerlint (build Release first)"

# ---- 1. packages, 2. a private dockerd (tests/build/dockerd.sh) --------------------------------
# shellcheck source=tests/build/dockerd.sh
. "$here/dockerd.sh"
dockerd_packages busybox-static dash openssh-client || unavailable "$dockerd_why"
busybox --list | grep -qx sha256sum || die "/bin/busybox has no sha256sum applet"
scratch=$dockerd_dir

cleanup() {
  local rc=$?
  [ -n "${runner_pid:-}" ] && kill "$runner_pid" 2>/dev/null || true
  [ -n "${agent_pid:-}" ] && kill "$agent_pid" 2>/dev/null || true
  dockerd_stop
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_daemon=$(date +%s)
dockerd_start || unavailable "$dockerd_why"
log "dockerd up ($dockerd_driver) in $(( $(date +%s) - t_daemon ))s"

# ---- 3. the base image: busybox, dash and the stub tools in tests/build/stubs/ -----------------
stubroot=$scratch/stubroot
rm -rf "$stubroot"
mkdir -p "$stubroot/usr/lib/stub" "$stubroot/usr/local/bin" "$stubroot/var/log"
cp "$here/stubs/lib.sh" "$stubroot/usr/lib/stub/lib.sh"
for stub in "$here"/stubs/*; do
  name=$(basename "$stub")
  [ "$name" = lib.sh ] && continue
  install -m 0755 "$stub" "$stubroot/usr/local/bin/$name"
done
: >"$stubroot/var/log/stub-received"
base_id=$(dockerd_base_image layerlint-build-base:latest "$stubroot")
# Every base image a fixture names (FROM lines that are not stage names), with ARG defaults used.
for name in $(python3 "$here/build_fixtures.py" --base-images "$root/testdata"); do
  "$docker_cli" tag "$base_id" "$name"
done
log "setup done in $(( $(date +%s) - t_start ))s"

# ---- the bench image -----------------------------------------------------------------------------
if [ "${1:-}" = --bench-image ]; then
  out=${2:?usage: run.sh --bench-image OUT.tar}
  bench_ctx=$scratch/bench-context
  rm -rf "$bench_ctx"; mkdir -p "$bench_ctx"
  # 250 MB of binary files (1 MiB each) and about 250 MB of base64 text (2,500 files of 100 KB),
  # plus two files with a planted token: the scan must read everything and find those.
  cat >"$bench_ctx/Dockerfile" <<'EOF'
FROM layerlint-build-base:latest
RUN mkdir -p /data/bin /data/text /root \
 && for i in $(seq 1 250); do dd if=/dev/urandom of=/data/bin/b$i bs=1048576 count=1 2>/dev/null; done \
 && for i in $(seq 1 2500); do head -c 75000 /dev/urandom | base64 > /data/text/t$i.txt; done \
 && echo "//registry.npmjs.org/:_authToken=npm_Zx8Qk2Lm9Xv4Rb8Nc3Hd6Tj1Wp5Ys0Ga2Ue" > /root/.npmrc \
 && echo "token: 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" > /data/text/config.yaml
EOF
  t_build=$(date +%s)
  DOCKER_BUILDKIT=1 "$docker_cli" build -q --network=none -t layerlint-bench-image "$bench_ctx" >/dev/null
  "$docker_cli" save -o "$out" layerlint-bench-image
  log "bench image: $(du -m "$out" | cut -f1) MB in $(( $(date +%s) - t_build ))s"
  exit 0
fi

# ---- 4. the fixtures ---------------------------------------------------------------------------
# ssh-agent with a throwaway key for `--ssh default`.
keydir=$scratch/ssh
rm -rf "$keydir"; mkdir -p "$keydir"
ssh-keygen -q -t ed25519 -N '' -C throwaway -f "$keydir/id_ed25519"
eval "$(ssh-agent -s -a "$keydir/agent.sock")" >/dev/null
agent_pid=$SSH_AGENT_PID
ssh-add -q "$keydir/id_ed25519"

set +e
stub_lines=$("$here/check_stubs.sh" "$docker_cli" layerlint-build-base:latest "$scratch")
printf '%s\n' "$stub_lines"
DOCKER="$docker_cli" LAYERLINT="$layerlint" SCRATCH="$scratch" \
  STUB_CHECKS="$stub_lines" python3 "$here/build_fixtures.py" --run "$root" "$@" &
# In the background so that INT/TERM reach the trap at once.
runner_pid=$!
wait "$runner_pid"
rc=$?
runner_pid=
set -e
log "whole run: $(( $(date +%s) - t_start ))s"
exit "$rc"
