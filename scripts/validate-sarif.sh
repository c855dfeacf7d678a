#!/usr/bin/env bash
# Validates a SARIF file with the SARIF Multitool (@microsoft/sarif-multitool).
#
# Usage: scripts/validate-sarif.sh FILE.sarif
# The tool is installed with npm into build/npm-tools (or $LAYERLINT_NPM_TOOLS) the first time.
# Exit status: 0 valid, 1 invalid or the tool could not run, 2 usage error.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 FILE.sarif" >&2
  exit 2
fi
sarif="$1"
if [[ ! -r "$sarif" ]]; then
  echo "validate-sarif: cannot read $sarif" >&2
  exit 1
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${LAYERLINT_NPM_TOOLS:-$root/build/npm-tools}"
bin="$tools/node_modules/.bin/sarif-multitool"

if [[ ! -x "$bin" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "validate-sarif: npm not found" >&2
    exit 1
  fi
  mkdir -p "$tools"
  if ! npm install --prefix "$tools" --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool >&2; then
    echo "validate-sarif: could not install @microsoft/sarif-multitool" >&2
    exit 1
  fi
fi

# The npm wrapper passes its arguments through a shell; run the native binary it points to instead.
native="$(cd "$tools" && node -p "require('@microsoft/sarif-multitool')" 2>/dev/null || true)"
[[ -n "$native" && -x "$native" ]] && bin="$native"

# The multitool only analyses files named *.sarif, writes its findings as SARIF, and exits 0 even
# when it finds problems: copy the input under a .sarif name and fail on any error-level result.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$sarif" "$work/input.sarif"
if ! "$bin" validate "$work/input.sarif" --output "$work/validation.sarif" --log ForceOverwrite \
  --level "Error;Warning;Note" >"$work/console.log" 2>&1; then
  cat "$work/console.log" >&2
  exit 1
fi
if [[ ! -s "$work/validation.sarif" ]] || grep -q 'invalid target' "$work/console.log"; then
  echo "validate-sarif: the multitool did not analyse $sarif" >&2
  cat "$work/console.log" >&2
  exit 1
fi
# Print every result; fail on errors (warnings and notes are style advice).
node -e '
const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
let errors = 0;
for (const run of log.runs || []) {
  for (const r of run.results || []) {
    const level = r.level || "warning";
    if (level === "error") errors++;
    const text = (r.message && (r.message.text || (r.message.arguments || []).join(" | "))) || "";
    const where = (((r.locations || [])[0] || {}).physicalLocation || {}).region || {};
    console.error(`${level}: ${r.ruleId}: ${text} (line ${where.startLine || "?"})`);
  }
}
process.exit(errors ? 1 : 0);
' "$work/validation.sarif"
