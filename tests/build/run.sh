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
