#!/usr/bin/env bash
# Compares what a stub writes with what the real tool writes, for each tool this host has: the same
# command runs on the host (HOME in a scratch folder) and in the base image, and the file the tool
# writes is compared. Called by run.sh with the daemon up; prints `PASS|FAIL|SKIP stub:<tool> …`.
# Usage: check_stubs.sh DOCKER-CLI IMAGE SCRATCH
set -uo pipefail
docker_cli=$1 image=$2 scratch=$3
tmp=$scratch/stub-check
rm -rf "$tmp"; mkdir -p "$tmp"

in_image() { "$docker_cli" run --rm --network=none --entrypoint /bin/sh "$image" -c "$1" 2>&1; }
on_host() { (cd "$tmp/host" && HOME=$tmp/host bash -c "$1") 2>&1; }
compare() { # tool, command, file to print, [normaliser sed]
  local tool=$1 cmd=$2 file=$3 norm=${4:-}
  if ! command -v "$tool" >/dev/null; then echo "SKIP stub:$tool the real $tool is not on this host"; return; fi
  rm -rf "$tmp/host"; mkdir -p "$tmp/host"
  local real stub
  real=$(on_host "$cmd >/dev/null 2>&1; cat \"\$HOME/$file\"" | sed "$norm")
  stub=$(in_image "cd /root && $cmd >/dev/null 2>&1; cat \"\$HOME/$file\"" | sed "$norm")
  if [ "$real" = "$stub" ] && [ -n "$real" ]; then
    echo "PASS stub:$tool \`$cmd\` writes ~/$file as $tool does"
  else
    echo "FAIL stub:$tool \`$cmd\`: ~/$file differs: real [$(printf '%s' "$real" | tr '\n\t' '|>')] stub [$(printf '%s' "$stub" | tr '\n\t' '|>')]"
  fi
}

compare npm 'npm config set //registry.npmjs.org/:_authToken tok3n-value' .npmrc
compare git 'git config --global url."https://tok3n:x-oauth-basic@github.com/".insteadOf "https://github.com/"' .gitconfig
compare aws 'aws configure set aws_secret_access_key tok3n-value' .aws/credentials
compare vault 'vault login tok3n-value' .vault-token
compare curl 'curl -fsS -u ci:tok3n-value -o out.txt file:///etc/hostname && echo written' out.txt 's/.*/content/'

# git clone with credentials in the URL: the real one over dumb HTTP from a local bare repository.
if command -v git >/dev/null; then
  rm -rf "$tmp/srv" "$tmp/host"; mkdir -p "$tmp/srv" "$tmp/host"
  git init -q --bare "$tmp/srv/app.git" && git -C "$tmp/srv/app.git" update-server-info
  python3 -m http.server --bind 127.0.0.1 0 --directory "$tmp/srv" >"$tmp/http.log" 2>&1 &
  http_pid=$!
  port=
  for _ in $(seq 1 50); do
    port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/http.log" | head -n1)
    [ -n "$port" ] && break; sleep 0.1
  done
  url="http://deploy:tok3n-value@127.0.0.1:$port/app.git"
  real=$(cd "$tmp/host" && git clone -q "$url" dest 2>/dev/null; git config -f dest/.git/config remote.origin.url)
  kill "$http_pid" 2>/dev/null; wait "$http_pid" 2>/dev/null
  stub=$(in_image "git clone -q '$url' dest && sed -n 's/^\turl = //p' dest/.git/config")
  if [ -n "$real" ] && [ "$real" = "$stub" ]; then
    echo "PASS stub:git \`git clone URL-with-token dest\` keeps the URL, token included, in dest/.git/config as git does"
  else
    echo "FAIL stub:git clone: remote.origin.url real [$real] stub [$stub]"
  fi
fi
