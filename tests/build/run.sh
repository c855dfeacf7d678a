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
# A short path: containerd's sockets live under the exec-root and unix socket paths are limited.
scratch=${LAYERLINT_DOCKER_DIR:-/tmp/layerlint-docker}
# Debian's docker.io client: it has the builtin BuildKit frontend; a newer client on PATH would
# insist on the buildx plugin.
docker_cli=/usr/bin/docker
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

# ---- 1. packages -------------------------------------------------------------------------------
need=()
[ -x /usr/sbin/dockerd ] && [ -x "$docker_cli" ] || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v dash >/dev/null || need+=(dash)
command -v ssh-agent >/dev/null || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive \
         apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; } \
    || unavailable "apt-get install ${need[*]} failed"
fi
busybox --list | grep -qx sha256sum || die "/bin/busybox has no sha256sum applet"

# ---- 2. a private dockerd ----------------------------------------------------------------------
mkdir -p "$scratch"
pidfile=$scratch/dockerd.pid
sock=$scratch/docker.sock
export DOCKER_HOST=unix://$sock

stop_daemon() {
  local pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null) || return 0
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
cleanup() {
  local rc=$?
  [ -n "${runner_pid:-}" ] && kill "$runner_pid" 2>/dev/null || true
  [ -n "${agent_pid:-}" ] && kill "$agent_pid" 2>/dev/null || true
  stop_daemon
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A daemon left over from an interrupted run of this script (same pidfile) is ours to stop.
stop_daemon

start_daemon() { # $1: storage driver
  rm -f "$sock"
  /usr/sbin/dockerd --data-root "$scratch/data-$1" --exec-root "$scratch/exec" \
    --pidfile "$pidfile" --host "$DOCKER_HOST" --storage-driver "$1" \
    --bridge=none --iptables=false --ip-masq=false --userland-proxy=false \
    >"$scratch/dockerd-$1.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 150); do
    if "$docker_cli" version >/dev/null 2>&1; then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
t_daemon=$(date +%s)
driver=overlay2
if ! start_daemon overlay2; then
  log "dockerd with overlay2 did not start (see $scratch/dockerd-overlay2.log); trying vfs"
  stop_daemon
  driver=vfs
  start_daemon vfs || unavailable "dockerd did not start: $(tail -n 5 "$scratch/dockerd-vfs.log")"
fi
log "dockerd up ($driver) in $(( $(date +%s) - t_daemon ))s"

# ---- 3. the base image -------------------------------------------------------------------------
rootfs=$scratch/rootfs
rm -rf "$rootfs"
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,usr/lib/stub,etc,root,tmp,var/log,run,home,opt,srv}
chmod 1777 "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done
# dash as /bin/sh: busybox's sh would run its builtin wget ahead of the stub on PATH.
rm -f "$rootfs/bin/sh"
cp "$(command -v dash)" "$rootfs/bin/sh"
# dash is dynamically linked: take its libraries along.
for lib in $(ldd "$(command -v dash)" | grep -o '/[^ ]*'); do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
cp "$here/stubs/lib.sh" "$rootfs/usr/lib/stub/lib.sh"
for stub in "$here"/stubs/*; do
  name=$(basename "$stub")
  [ "$name" = lib.sh ] && continue
  rm -f "$rootfs/bin/$name"   # the stub wins over a busybox applet of the same name (wget)
  install -m 0755 "$stub" "$rootfs/usr/local/bin/$name"
done
: >"$rootfs/var/log/stub-received"
tar -C "$rootfs" -cf "$scratch/rootfs.tar" .
base_id=$("$docker_cli" import -c 'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV HOME=/root' "$scratch/rootfs.tar" layerlint-build-base:latest)
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
 && echo "token: ghp_Fz7Qk2Lm9Xv4Rb8Nc3Hd6Tj1Wp5Ys0Ga2Ue7K" > /data/text/config.yaml
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
