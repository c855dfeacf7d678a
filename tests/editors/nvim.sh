#!/usr/bin/env bash
# A real client: Neovim's built-in LSP client (headless, no user configuration) drives
# `layerlint lsp` through nvim.lua: diagnostics, a quick fix, edits, and the exit code.
#
# LAYERLINT: the binary to test (default: build/layerlint of this checkout).
# Exit codes: 0 pass, 1 a check failed, 77 skipped (nvim is not installed).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${LAYERLINT:-$root/build/layerlint}

if ! command -v nvim >/dev/null 2>&1; then
  echo "skipped: nvim is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
if [[ ! -x $binary ]]; then
  echo "FAIL: no layerlint binary at $binary (build it, or set LAYERLINT)"
  exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-nvim.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# Neovim's state (its LSP log) stays in the scratch folder.
export HOME=$scratch/home XDG_STATE_HOME=$scratch/state XDG_CACHE_HOME=$scratch/cache XDG_DATA_HOME=$scratch/data
mkdir -p "$HOME" "$scratch/project"
printf 'FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER 1000\n' > "$scratch/project/Dockerfile"

export LAYERLINT=$binary DOCKERFILE=$scratch/project/Dockerfile
if ! timeout 60 nvim --headless --clean -u NONE -c "luafile $root/tests/editors/nvim.lua" \
  > "$scratch/out" 2>&1 < /dev/null; then
  cat "$scratch/out"
  echo "FAIL: Neovim's LSP client (see above)"
  exit 1
fi
cat "$scratch/out"
grep -q '^ok:' "$scratch/out" || { echo "FAIL: nvim.lua did not finish"; exit 1; }
