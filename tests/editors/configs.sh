#!/usr/bin/env bash
# The Helix and Neovim set-ups in editors/: they parse, start `layerlint lsp`, keep Helix's default
# servers, and pick the Compose files that the binary itself lints (tests/editors/names.sh asks it).
# The Neovim file runs against a stand-in `vim` under whichever Lua is here (lua5.x, luajit, or
# Neovim's own), as Neovim 0.11+ (vim.lsp.config) and 0.8-0.10 (FileType autocommand + vim.lsp.start).
# The TOML, JSON and Lua examples in docs/editors.md parse too.
#
# LAYERLINT: the binary (default: build/layerlint of this checkout).
# Exit codes: 0 pass, 1 a check failed, 77 skipped (no python3). With no Lua and no nvim on the
# machine, the Neovim checks alone are skipped, saying so.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${LAYERLINT:-$root/build/layerlint}

skip() { echo "skipped: $*"; exit 77; }
command -v python3 >/dev/null || skip "python3 is not installed"
[[ -x $binary ]] || { echo "FAIL: no layerlint binary at $binary (build it, or set LAYERLINT)"; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-editors.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# shellcheck source=tests/expect.sh
. "$root/tests/expect.sh"
# shellcheck source=tests/editors/names.sh
. "$root/tests/editors/names.sh"

linted_names "$binary" >"$scratch/linted"
printf '%s\n' "${editor_sample_names[@]}" >"$scratch/samples"

# --- Helix ---------------------------------------------------------------------------------------
# Helix matches a glob without '/' against the end of the path (it prepends `*/`): fnmatch on the
# file name is the same test for these globs.
cat >"$scratch/helix.py" <<'PYTHON'
import fnmatch, sys, tomllib

toml, samples, linted = sys.argv[1], sys.argv[2], sys.argv[3]
with open(toml, "rb") as f:
    config = tomllib.load(f)  # a syntax error fails here, with its line
server = config["language-server"]["layerlint"]
assert server["command"] == "layerlint", server
assert "lsp" in server["args"], server
languages = {language["name"]: language for language in config["language"]}
helix_defaults = {
    "dockerfile": ["docker-langserver", "docker-language-server"],
    "docker-compose": ["docker-compose-langserver", "yaml-language-server", "docker-language-server"],
}
for name, defaults in helix_defaults.items():
    servers = languages[name]["language-servers"]
    assert servers[0] == "layerlint", (name, servers)
    missing = [s for s in defaults if s not in servers]
    assert not missing, f"{name}: Helix's default servers {missing} are dropped"
globs = [t["glob"] for t in languages["docker-compose"]["file-types"]]
for default in ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"):
    assert default in globs, f"Helix's default Compose glob {default} is dropped"
names = open(samples).read().split()
linted = set(open(linted).read().split())
yaml = [n for n in names if n.endswith((".yml", ".yaml"))]
matched = {n for n in yaml if any(fnmatch.fnmatchcase(n, g) for g in globs)}
wanted = {n for n in yaml if n in linted}
assert matched == wanted, f"Compose globs match {sorted(matched - wanted)} that layerlint does not lint, miss {sorted(wanted - matched)}"
print(f"{len(globs)} Compose globs match the {len(wanted)} Compose names layerlint lints, of {len(yaml)} YAML names")
PYTHON
expect 0 "Compose globs match" "editors/helix/languages.toml" \
  python3 "$scratch/helix.py" "$root/editors/helix/languages.toml" "$scratch/samples" "$scratch/linted"

# --- docs/editors.md: its TOML and JSON examples parse; its Lua examples compile (below) ----------
cat >"$scratch/blocks.py" <<'PYTHON'
import json, re, sys, tomllib

doc, out = sys.argv[1], sys.argv[2]
blocks = re.findall(r"^```(\w+)\n(.*?)^```$", open(doc).read(), re.S | re.M)
counts = {}
for i, (language, text) in enumerate(blocks):
    counts[language] = counts.get(language, 0) + 1
    if language == "toml":
        tomllib.loads(text)
    elif language == "json":
        json.loads(text)
    elif language == "lua":
        with open(f"{out}/doc-{i}.lua", "w") as f:
            f.write(text)
assert counts.get("lua") and counts.get("toml") and counts.get("json"), counts
print("examples: " + ", ".join(f"{n} {language}" for language, n in sorted(counts.items())))
PYTHON
mkdir -p "$scratch/doc"
expect 0 "examples:" "docs/editors.md examples parse" python3 "$scratch/blocks.py" "$root/docs/editors.md" "$scratch/doc"

# --- Neovim --------------------------------------------------------------------------------------
lua_file=$root/editors/nvim/layerlint.lua
lua=""
for candidate in luajit lua5.4 lua5.3 lua5.2 lua5.1 lua; do
  if command -v "$candidate" >/dev/null; then lua=$candidate; break; fi
done
run_lua() { # SCRIPT: under a Lua interpreter, else under Neovim's
  if [[ -n $lua ]]; then
    "$lua" "$1"
  else
    nvim --headless --clean -u NONE -c "luafile $1" -c 'qall!' </dev/null
  fi
}
if [[ -z $lua ]] && ! command -v nvim >/dev/null; then
  echo "skipped: the Neovim checks (no lua, luajit or nvim on this machine)"
else
  for file in "$lua_file" "$scratch"/doc/*.lua; do
    printf 'local ok, err = loadfile([==[%s]==])\nif not ok then io.stderr:write(err, "\\n") os.exit(1) end\n' \
      "$file" >"$scratch/syntax.lua"
    label=${file#"$root/"}
    [[ $file == "$scratch"/doc/* ]] && label="the Lua example $(basename "$file" .lua) in docs/editors.md"
    expect 0 "" "$label compiles (${lua:-nvim})" run_lua "$scratch/syntax.lua"
  done

  # A project with a .git and a .layerlint.yaml one folder down; a file outside any project.
  project=$scratch/project
  mkdir -p "$project/.git" "$project/svc" "$scratch/loose"
  touch "$project/svc/.layerlint.yaml"
  {
    echo "dockerfile $project/Dockerfile"
    echo "dockerfile $project/svc/api.Dockerfile"
    echo "yaml $project/svc/compose.yaml"
    echo "dockerfile $scratch/loose/Containerfile"
    while read -r name; do
      [[ $name == *.yml || $name == *.yaml ]] && echo "yaml $project/$name"
    done <"$scratch/samples"
  } >"$scratch/buffers"
  # What each buffer must get: its root, or "-" (no server) for YAML that is not a Compose file.
  {
    echo "$project/Dockerfile $project"
    echo "$project/svc/api.Dockerfile $project/svc"
    echo "$project/svc/compose.yaml $project/svc"
    echo "$scratch/loose/Containerfile $scratch/loose"
    while read -r name; do
      [[ $name == *.yml || $name == *.yaml ]] || continue
      if grep -qxF "$name" "$scratch/linted"; then echo "$project/$name $project"; else echo "$project/$name -"; fi
    done <"$scratch/samples"
    echo "cmd layerlint lsp"
  } >"$scratch/expected"

  for version in 0.11 0.8; do
    rm -f "$scratch/out"
    LAYERLINT_LUA=$lua_file NVIM_VERSION=$version BUFFERS=$scratch/buffers OUT=$scratch/out \
      run_lua "$root/tests/editors/nvim_config_driver.lua" >"$scratch/log" 2>&1 || true
    if [[ ! -s $scratch/out ]]; then
      fail "Neovim $version: the driver wrote nothing:"$'\n'"$(cat "$scratch/log")"
    elif diff -u "$scratch/expected" "$scratch/out" >"$scratch/diff"; then
      echo "ok: Neovim $version starts layerlint lsp for Dockerfiles and Compose files only, in the nearest root"
    else
      fail "Neovim $version: buffers and roots differ from what layerlint lints:"$'\n'"$(cat "$scratch/diff")"
    fi
  done
  rm -f "$scratch/out"
  LAYERLINT_LUA=$lua_file NVIM_VERSION=0.7 BUFFERS=$scratch/buffers OUT=$scratch/out \
    run_lua "$root/tests/editors/nvim_config_driver.lua" >"$scratch/log" 2>&1 || true
  if [[ -s $scratch/out ]] && ! grep -qv -e ' -$' -e '^notify 3 layerlint: ' "$scratch/out" &&
    grep -q '^notify 3 layerlint: .*0\.8' "$scratch/out"; then
    echo "ok: Neovim 0.7 starts nothing and warns that 0.8 is needed"
  else
    fail "Neovim 0.7:"$'\n'"$(cat "$scratch/out" "$scratch/log" 2>/dev/null)"
  fi
fi

expect_done "editor set-ups"
