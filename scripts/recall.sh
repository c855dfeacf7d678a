#!/usr/bin/env bash
# Recall of the secret rules (LL1xxx) on the labelled third-party sets in the shared corpus.
# Usage: scripts/recall.sh   (CORPUS=<corpus dir> LAYERLINT=<binary> override the defaults)
# Prints one table; the method and the label choices are documented in scripts/recall.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
corpus="${CORPUS:-$here/../../shared/corpus}"
layerlint="${LAYERLINT:-build/layerlint}"
if [[ ! -d "$corpus" ]]; then
  echo "recall: no corpus at $corpus, nothing to measure"
  exit 0
fi
if [[ ! -x "$layerlint" ]]; then
  echo "recall: $layerlint is not built (set LAYERLINT=path/to/layerlint)" >&2
  exit 2
fi
exec python3 "$here/recall.py" --corpus "$corpus" --layerlint "$layerlint"
