#!/usr/bin/env bash
# The VS Code extension in editors/vscode, on a copy: it parses, its manifest holds together, and
# extension.js starts, restarts and stops `layerlint lsp` as it should (tests/editors/vscode_driver.js,
# with stand-ins for VS Code and the language client). Then, when the npm registry answers, it
# installs the real vscode-languageclient, packs the extension, checks what the package holds, that
# the client resolves (loading extension.js fails only for want of VS Code's own `vscode` module),
# and that the file patterns select the files the binary lints (tests/editors/names.sh asks it).
#
# LAYERLINT: the binary (default: build/layerlint of this checkout).
# Exit codes: 0 pass, 1 a check failed, 77 skipped (no node; or no npm or no registry, after the
# checks that need neither have passed).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${LAYERLINT:-$root/build/layerlint}

skip() { echo "skipped: $*"; exit 77; }
command -v node >/dev/null || skip "node is not installed"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-vscode.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/editors/vscode" "$scratch/ext"
cd "$scratch/ext"

# shellcheck source=tests/expect.sh
. "$root/tests/expect.sh"
# shellcheck source=tests/editors/names.sh
. "$root/tests/editors/names.sh"

expect 0 "" "node --check extension.js" node --check extension.js

project_version=$(sed -n 's/^project(layerlint VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
cat >"$scratch/manifest.js" <<'JS'
const assert = require('assert');
const fs = require('fs');
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
assert.strictEqual(manifest.name, 'layerlint');
assert.strictEqual(manifest.publisher, 'layerlint');
assert.strictEqual(manifest.version, process.argv[2], 'the extension has the version of the binary');
assert.strictEqual(manifest.engines.vscode, '^1.82.0');
assert.ok(fs.statSync(manifest.main).isFile(), `main: ${manifest.main}`);
assert.match(manifest.dependencies['vscode-languageclient'], /^\^9\./);
assert.deepStrictEqual(Object.keys(manifest.devDependencies || {}), [], 'no build step, nothing to build with');
for (const event of ['onLanguage:dockerfile', 'onLanguage:dockercompose'])
  assert.ok(manifest.activationEvents.includes(event), event);
assert.ok(manifest.activationEvents.some((e) => e.startsWith('workspaceContains:') && e.includes('Dockerfile')));
const settings = manifest.contributes.configuration.properties;
assert.strictEqual(settings['layerlint.path'].default, 'layerlint');
assert.deepStrictEqual(settings['layerlint.args'].default, []);
assert.strictEqual(settings['layerlint.args'].items.type, 'string');
assert.deepStrictEqual(settings['layerlint.trace.server'].enum, ['off', 'messages', 'verbose']);
console.log(`${manifest.name} ${manifest.version}: main ${manifest.main}, ${Object.keys(settings).length} settings`);
JS
expect 0 "layerlint $project_version" "package.json" node "$scratch/manifest.js" "$project_version"

if out=$(node "$root/tests/editors/vscode_driver.js" . "$scratch/selector.json" 2>&1); then
  echo "$out"
else
  fail "extension.js under stand-ins for VS Code:"$'\n'"$out"
fi

if ((failures > 0)); then expect_done "VS Code extension"; fi
command -v npm >/dev/null || skip "npm is not installed (the checks without it passed)"
timeout 20 npm ping --fetch-retries=0 --fetch-timeout=15000 >/dev/null 2>&1 ||
  skip "the npm registry does not answer (the checks without it passed)"

expect 0 "" "npm install --omit=dev" timeout 120 npm install --omit=dev --no-audit --no-fund
expect 0 "layerlint-" "npm pack" npm pack --silent
listing=$(tar -tzf layerlint-*.tgz 2>&1 || true)
for member in package/extension.js package/package.json package/README.md; do
  if grep -qxF "$member" <<<"$listing"; then echo "ok: the package holds $member"; else fail "the package lacks $member:"$'\n'"$listing"; fi
done

# The real client resolves: loading extension.js stops only at `vscode`, which VS Code provides, and
# from inside vscode-languageclient (so the client itself was found and loaded).
cat >"$scratch/load.js" <<'JS'
const version = require(require.resolve('vscode-languageclient/package.json', { paths: [process.cwd()] })).version;
if (!version.startsWith('9.')) throw new Error(`vscode-languageclient ${version}, not 9.x`);
try {
  require(`${process.cwd()}/extension.js`);
  throw new Error('extension.js loaded without the vscode module');
} catch (error) {
  const stack = error.requireStack || [];
  if (error.code !== 'MODULE_NOT_FOUND' || !/Cannot find module 'vscode'/.test(error.message) ||
      !stack.some((file) => file.includes('node_modules/vscode-languageclient/'))) throw error;
}
console.log(`vscode-languageclient ${version} loads; only the vscode module is missing`);
JS
expect 0 "only the vscode module is missing" "require('./extension.js')" node "$scratch/load.js"

# The file patterns, with minimatch (installed with the client): every sample name the binary lints
# is selected; what else is selected is a Dockerfile.* look-alike that the server checks by name.
[[ -x $binary ]] || fail "no layerlint binary at $binary (build it, or set LAYERLINT)"
if [[ -x $binary ]]; then
  linted_names "$binary" >"$scratch/linted"
  cat >"$scratch/globs.js" <<'JS'
const fs = require('fs');
const client = require.resolve('vscode-languageclient/package.json', { paths: [process.cwd()] });
const minimatch = require(require.resolve('minimatch', { paths: [client] }));
const match = typeof minimatch === 'function' ? minimatch : minimatch.minimatch;
const [selectorFile, linted, ...names] = process.argv.slice(2);
const patterns = JSON.parse(fs.readFileSync(selectorFile, 'utf8'));
const lints = new Set(fs.readFileSync(linted, 'utf8').split('\n').filter(Boolean));
const selected = (name) => patterns.some((p) => match(`home/me/project/${name}`, p, { dot: true }));
const missed = names.filter((n) => lints.has(n) && !selected(n));
const extra = names.filter((n) => !lints.has(n) && selected(n) && !/^(docker|container)file\./i.test(n));
if (missed.length || extra.length) throw new Error(`not selected: ${missed}; selected, not linted: ${extra}`);
console.log(`the ${patterns.length} patterns select the ${lints.size} linted names of ${names.length}`);
JS
  expect 0 "patterns select" "the document selector's file patterns" \
    node "$scratch/globs.js" "$scratch/selector.json" "$scratch/linted" "${editor_sample_names[@]}"
fi

expect_done "VS Code extension"
