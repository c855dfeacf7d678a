# A private dockerd for one test run, sourced by tests/build/run.sh and the image and hook tests.
#
# Everything lives under $LAYERLINT_DOCKER_DIR (data-root, exec-root, pidfile, socket, logs), so that
# several runs on one machine never share a daemon; no bridge, no iptables, no registry. The daemon is
# stopped by its pidfile only.
#
#   . tests/build/dockerd.sh
#   dockerd_packages [EXTRA...]   # installs docker.io (and EXTRA) when missing; 1 when apt fails
#   dockerd_start                 # exports DOCKER_HOST; 1 when no daemon would start (dockerd_why says why)
#   dockerd_stop                  # by the pidfile, whatever state it is in
#   dockerd_base_image NAME       # a local base image (busybox-static and dash) for FROM lines
#
# The client is Debian's docker.io (/usr/bin/docker): it has the builtin BuildKit frontend, where a
# newer client on PATH would insist on the buildx plugin.

docker_cli=/usr/bin/docker
# A short path: containerd's sockets live under the exec-root and unix socket paths are limited.
dockerd_dir=${LAYERLINT_DOCKER_DIR:-/tmp/layerlint-docker}
dockerd_pidfile=$dockerd_dir/dockerd.pid
dockerd_why=""

dockerd_packages() {
  local need=()
  { [ -x /usr/sbin/dockerd ] && [ -x "$docker_cli" ]; } || need+=(docker.io)
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  printf 'installing %s\n' "${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1; } ||
    { dockerd_why="apt-get install ${need[*]} failed"; return 1; }
}

dockerd_stop() {
  local pid
  [ -f "$dockerd_pidfile" ] || return 0
  pid=$(cat "$dockerd_pidfile" 2>/dev/null) || return 0
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dockerd_pidfile"
}

# $1: the storage driver.
dockerd_try() {
  local sock=$dockerd_dir/docker.sock pid
  rm -f "$sock"
  /usr/sbin/dockerd --data-root "$dockerd_dir/data-$1" --exec-root "$dockerd_dir/exec" \
    --pidfile "$dockerd_pidfile" --host "unix://$sock" --storage-driver "$1" \
    --bridge=none --iptables=false --ip-masq=false --userland-proxy=false \
    >"$dockerd_dir/dockerd-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do
    if "$docker_cli" version >/dev/null 2>&1; then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

dockerd_start() {
  mkdir -p "$dockerd_dir"
  export DOCKER_HOST=unix://$dockerd_dir/docker.sock
  dockerd_driver=overlay2
  # A daemon left over from an interrupted run with the same directory is ours to stop.
  dockerd_stop
  dockerd_try overlay2 && return 0
  printf 'dockerd with overlay2 did not start (see %s); trying vfs\n' "$dockerd_dir/dockerd-overlay2.log" >&2
  dockerd_stop
  dockerd_driver=vfs
  dockerd_try vfs && return 0
  dockerd_why="dockerd did not start: $(tail -n 5 "$dockerd_dir/dockerd-vfs.log")"
  dockerd_stop
  return 1
}

# A minimal base image made on this machine (no registry): busybox-static, with dash as /bin/sh.
# $1: the image name; $2 (optional): a directory whose files are added to the root first.
dockerd_base_image() {
  local rootfs=$dockerd_dir/rootfs applet lib
  command -v busybox >/dev/null || [ -x /bin/busybox ] || dockerd_packages busybox-static dash || return 1
  command -v dash >/dev/null || dockerd_packages dash || return 1
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,root,tmp,var/log,run,home,opt,srv}
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  # dash as /bin/sh: busybox's sh would run its builtin wget ahead of a stub on PATH.
  rm -f "$rootfs/bin/sh"
  cp "$(command -v dash)" "$rootfs/bin/sh"
  # dash is dynamically linked: take its libraries along.
  for lib in $(ldd "$(command -v dash)" | grep -o '/[^ ]*'); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  if [ -n "${2:-}" ]; then
    cp -a "$2"/. "$rootfs"/
    # A tool added to /usr/local/bin wins over the busybox applet of the same name (wget).
    for applet in "$2"/usr/local/bin/*; do
      [ -e "$applet" ] && rm -f "$rootfs/bin/$(basename "$applet")"
    done
  fi
  tar -C "$rootfs" -cf "$dockerd_dir/rootfs.tar" .
  "$docker_cli" import -c 'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV HOME=/root' "$dockerd_dir/rootfs.tar" "$1"
}
