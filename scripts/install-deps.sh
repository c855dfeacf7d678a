#!/usr/bin/env bash
# Installs the Debian packages layerlint builds with. Idempotent; silent when all is present.
set -euo pipefail
packages=(g++ cmake make ninja-build pkg-config libcli11-dev libfmt-dev libre2-dev libyaml-cpp-dev libarchive-dev libzstd-dev liblz4-dev libacl1-dev libbz2-dev liblzma-dev libxml2-dev nettle-dev nlohmann-json3-dev catch2 git pre-commit neovim)
for extra in "$@"; do
  case "$extra" in
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    --bench) packages+=(bc time python3) ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
