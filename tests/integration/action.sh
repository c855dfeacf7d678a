#!/usr/bin/env bash
# Checks action.yml and runs its steps locally the way the Actions runner runs a composite action:
# each `run:` script with its `env:` (the `${{ inputs.* }}` and `${{ github.action_path }}`
# expressions substituted) under `bash --noprofile --norc -eo pipefail`, in the workspace, with
# GITHUB_PATH honoured between steps and the first failing step ending the action.
#
# LAYERLINT: the binary to test (default: build/layerlint of this checkout).
# Exit codes: 0 pass, 1 a check failed, 77 skipped (python3 is not installed).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${LAYERLINT:-$root/build/layerlint}

if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: python3 is not installed"
  exit 77
fi
if [[ ! -x $binary ]]; then
  echo "FAIL: no layerlint binary at $binary (build it, or set LAYERLINT)"
  exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-action.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# The runner: `runner.py check ACTION_YML` validates the action; `runner.py run ACTION_DIR
# NAME=VALUE...` runs it in the current directory (the workspace) and exits with its status.
cat >"$scratch/runner.py" <<'PYTHON'
import json, os, re, subprocess, sys, tempfile

class YamlSubset:
    """Block mappings, block sequences of mappings, `|`/`|-` literals, plain and quoted scalars:
    the YAML that action.yml is written in. Anything else is an error, never a guess."""

    def __init__(self, text):
        self.lines = text.split("\n")
        self.i = 0

    def fail(self, why):
        raise SystemExit(f"action.yml:{self.i + 1}: {why}")

    @staticmethod
    def indent(line):
        return len(line) - len(line.lstrip(" "))

    def skip_blank(self):
        while self.i < len(self.lines):
            text = self.lines[self.i].strip()
            if text and not text.startswith("#"):
                return
            self.i += 1

    def document(self):
        value = self.mapping(0)
        self.skip_blank()
        if self.i < len(self.lines):
            self.fail("unexpected indentation")
        return value

    def node(self, parent_indent):
        self.skip_blank()
        if self.i >= len(self.lines) or self.indent(self.lines[self.i]) <= parent_indent:
            return None
        line = self.lines[self.i]
        if line.lstrip().startswith("- "):
            return self.sequence(self.indent(line))
        return self.mapping(self.indent(line))

    def sequence(self, ind):
        items = []
        while True:
            self.skip_blank()
            if self.i >= len(self.lines) or self.indent(self.lines[self.i]) != ind:
                return items
            line = self.lines[self.i]
            if not line.lstrip().startswith("- "):
                self.fail("expected a sequence item")
            self.i += 1
            items.append(self.mapping(ind + 2, first=line[ind + 2:]))

    def mapping(self, ind, first=None):
        result = {}
        while True:
            if first is not None:
                content, first = first, None
            else:
                self.skip_blank()
                if self.i >= len(self.lines) or self.indent(self.lines[self.i]) < ind:
                    return result
                if self.indent(self.lines[self.i]) > ind:
                    self.fail("unexpected indentation")
                content = self.lines[self.i][ind:]
                self.i += 1
            m = re.fullmatch(r"([A-Za-z0-9_-]+):(?:\s+(.*))?", content.rstrip())
            if not m:
                self.fail(f"not a `key: value` line: {content!r}")
            key, rest = m.group(1), (m.group(2) or "").strip()
            if key in result:
                self.fail(f"duplicate key {key}")
            if rest == "" or rest.startswith("#"):
                result[key] = self.node(ind)
            elif rest in ("|", "|-"):
                result[key] = self.literal(ind, rest == "|")
            else:
                result[key] = self.scalar(rest)

    def literal(self, ind, clip):
        body = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip() and self.indent(line) <= ind:
                break
            body.append(line)
            self.i += 1
        while body and not body[-1].strip():
            body.pop()
        if not body:
            return ""
        block = self.indent(body[0])
        text = "\n".join(line[block:] for line in body)
        return text + "\n" if clip else text

    def scalar(self, text):
        if text[0] == '"':
            m = re.fullmatch(r'("(?:[^"\\]|\\.)*")\s*(#.*)?', text)
            if not m:
                self.fail(f"bad double-quoted scalar {text!r}")
            return json.loads(m.group(1))
        if text[0] == "'":
            m = re.fullmatch(r"'((?:[^']|'')*)'\s*(#.*)?", text)
            if not m:
                self.fail(f"bad single-quoted scalar {text!r}")
            return m.group(1).replace("''", "'")
        if text[0] in "[{&*!|>%@`":
            self.fail(f"unsupported YAML: {text!r}")
        text = re.sub(r"\s+#.*$", "", text)
        if text in ("true", "false"):
            return text == "true"
        if text in ("null", "~"):
            return None
        if re.fullmatch(r"-?[0-9]+", text):
            return int(text)
        return text

def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    action = YamlSubset(text).document()
    try:
        import yaml  # a real YAML parser, when installed, must agree with the subset reader
    except ImportError:
        return action
    if yaml.safe_load(text) != action:
        raise SystemExit("action.yml: PyYAML reads it differently from the subset reader")
    return action

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
STEP_KEYS = {"name", "id", "shell", "run", "env", "working-directory"}
USES_KEYS = {"name", "id", "if", "uses", "with"}

def check(action):
    problems = []
    def need(cond, why):
        if not cond:
            problems.append(why)
    need(set(action) <= {"name", "author", "description", "inputs", "outputs", "runs", "branding"},
         f"unknown top-level keys: {sorted(action)}")
    need(isinstance(action.get("name"), str) and action.get("description"), "name and description are required")
    want_defaults = {"path": ".", "format": "github", "sarif-file": "", "upload-sarif": "false",
                     "fail-level": "warning", "summary": "true", "version": "", "args": ""}
    inputs = action.get("inputs") or {}
    need(set(inputs) == set(want_defaults), f"inputs are {sorted(inputs)}, expected {sorted(want_defaults)}")
    for name, spec in inputs.items():
        need(isinstance(spec, dict) and spec.get("description"), f"input {name} has no description")
        if name in want_defaults and isinstance(spec, dict):
            need(spec.get("default") == want_defaults[name],
                 f"input {name} defaults to {spec.get('default')!r}, expected {want_defaults[name]!r}")
    runs = action.get("runs") or {}
    need(runs.get("using") == "composite", "runs.using must be composite")
    steps = runs.get("steps")
    need(isinstance(steps, list) and steps, "runs.steps must be a non-empty list")
    for n, step in enumerate(steps or [], 1):
        if "uses" in step:  # another action: pinned to a major version, fed through `with`
            need(set(step) <= USES_KEYS, f"step {n}: keys {sorted(set(step) - USES_KEYS)} are not supported here")
            need(re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]) is not None, f"step {n}: uses {step['uses']!r}")
            continue
        need(set(step) <= STEP_KEYS, f"step {n}: keys {sorted(set(step) - STEP_KEYS)} are not supported here")
        need(isinstance(step.get("run"), str) and step["run"].strip(), f"step {n}: no run script")
        need(step.get("shell") == "bash", f"step {n}: composite run steps need `shell: bash`")
        # Inputs pasted into a script are a shell injection; they go through env instead.
        need("${{" not in step.get("run", ""), f"step {n}: an expression inside the run script")
        for key, value in (step.get("env") or {}).items():
            for expr in EXPRESSION.findall(str(value)):
                known = expr == "github.action_path" or (
                    expr.startswith("inputs.") and expr[len("inputs."):] in inputs)
                need(known, f"step {n}: env {key} uses an unknown expression {expr!r}")
    return problems

def run(action_dir, given):
    action = load(os.path.join(action_dir, "action.yml"))
    inputs = {name: str(spec.get("default") or "") for name, spec in action["inputs"].items()}
    for name, value in given.items():
        if name not in inputs:
            raise SystemExit(f"unknown input {name}")
        inputs[name] = value
    def evaluate(match):
        expr = match.group(1)
        if expr == "github.action_path":
            return action_dir
        return inputs[expr[len("inputs."):]]
    env = dict(os.environ)
    state = tempfile.mkdtemp(prefix="runner-")
    env["GITHUB_PATH"] = os.path.join(state, "path")
    env["GITHUB_ENV"] = os.path.join(state, "env")
    env["GITHUB_OUTPUT"] = os.path.join(state, "output")
    env["GITHUB_ACTION_PATH"] = action_dir
    env["GITHUB_WORKSPACE"] = os.getcwd()
    failed = 0  # after a failing step, only the steps with `if: always() ...` run
    for n, step in enumerate(action["runs"]["steps"], 1):
        if failed and "always()" not in str(step.get("if", "")):
            continue
        if "uses" in step:  # not run here: printed, as the runner's log would show it
            print(f"--- step {n}: {step.get('name', '')} (uses {step['uses']}, not run locally)", flush=True)
            continue
        step_env = dict(env)
        for key, value in (step.get("env") or {}).items():
            step_env[key] = EXPRESSION.sub(evaluate, str(value))
        script = os.path.join(state, f"step{n}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(step["run"])
        print(f"--- step {n}: {step.get('name', '')}", flush=True)
        status = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], env=step_env)
        if status != 0:
            failed = failed or status
            continue
        if os.path.exists(env["GITHUB_PATH"]):  # each line is prepended to PATH for later steps
            with open(env["GITHUB_PATH"], encoding="utf-8") as f:
                for entry in f.read().splitlines():
                    if entry:
                        env["PATH"] = entry + os.pathsep + env["PATH"]
            os.remove(env["GITHUB_PATH"])
    return failed

if sys.argv[1] == "check":
    problems = check(load(sys.argv[2]))
    for p in problems:
        print(f"action.yml: {p}")
    sys.exit(1 if problems else 0)
if sys.argv[1] == "run":
    sys.exit(run(sys.argv[2], dict(arg.split("=", 1) for arg in sys.argv[3:])))
if sys.argv[1] == "matches":  # matches PROBLEM_MATCHER_JSON < gcc lines: the lines no pattern takes
    with open(sys.argv[2], encoding="utf-8") as f:
        patterns = [re.compile(m["pattern"][0]["regexp"]) for m in json.load(f)["problemMatcher"]]
    for line in sys.stdin.read().splitlines():
        if sum(1 for p in patterns if p.search(line)) != 1:
            print(line)
    sys.exit(0)
PYTHON

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
runner() { python3 "$scratch/runner.py" "$@"; }

# expect STATUS OUTPUT_FILE: the last action run exited with STATUS.
expect_status() {
  local want=$1 got=$2 what=$3
  if [[ $got -ne $want ]]; then
    fail "$what: the action exited $got, expected $want:"$'\n'"$(cat "$scratch/out")"
  else
    echo "ok: $what: exit $want"
  fi
}
expect_output() {
  local text=$1 what=$2
  if grep -qF -- "$text" "$scratch/out"; then
    echo "ok: $what: prints '$text'"
  else
    fail "$what: the output does not contain '$text':"$'\n'"$(cat "$scratch/out")"
  fi
}
expect_no_output() {
  local text=$1 what=$2
  if grep -qF -- "$text" "$scratch/out"; then
    fail "$what: the output contains '$text':"$'\n'"$(cat "$scratch/out")"
  else
    echo "ok: $what: does not print '$text'"
  fi
}

# 1. The action's structure.
if out=$(runner check "$root/action.yml" 2>&1); then
  echo "ok: action.yml is a composite action with the documented inputs"
else
  fail "action.yml:"$'\n'"$out"
fi

# layerlint on PATH, as on a runner where an earlier step installed it.
mkdir -p "$scratch/bin"
ln -s "$binary" "$scratch/bin/layerlint"
with_layerlint=$scratch/bin:$PATH

ws=$scratch/workspace
mkdir -p "$ws"
cd "$ws"
printf 'FROM alpine:3.19\nARG NPM_TOKEN\nRUN npm ci\nUSER 10001\n' >Dockerfile
printf 'services:\n  app:\n    image: alpine:3.19\n    privileged: true\n' >compose.yaml

# 2. Defaults plus a SARIF file: annotations for both files, the SARIF report written.
status=0
PATH=$with_layerlint runner run "$root" sarif-file=reports/layerlint.sarif >"$scratch/out" 2>&1 || status=$?
what="format github with sarif-file"
expect_status 1 "$status" "$what"
expect_output "using $scratch/bin/layerlint" "$what"
expect_output "::warning file=Dockerfile,line=2,endLine=2,col=5," "$what"
expect_output "::error file=compose.yaml,line=4," "$what"
if python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
assert r["version"] == "2.1.0"
assert sorted(x["ruleId"] for x in r["runs"][0]["results"]) == ["LL1001", "LL3002"]' reports/layerlint.sarif; then
  echo "ok: $what: reports/layerlint.sarif holds LL1001 and LL3002"
else
  fail "$what: reports/layerlint.sarif is missing or wrong"
fi

# 3. fail-level error: the warning is still annotated but does not fail the step.
status=0
PATH=$with_layerlint runner run "$root" path=Dockerfile fail-level=error >"$scratch/out" 2>&1 || status=$?
expect_status 0 "$status" "fail-level error"
expect_output "::warning file=Dockerfile,line=2," "fail-level error"

# 4. format gcc, several paths and extra args: the problem matcher is registered and matches.
status=0
PATH=$with_layerlint runner run "$root" format=gcc "path=Dockerfile  compose.yaml" "args=--ignore LL3002" \
  >"$scratch/out" 2>&1 || status=$?
what="format gcc with args"
expect_status 1 "$status" "$what"
expect_output "::add-matcher::$root/editors/problem-matcher.json" "$what"
expect_output "Dockerfile:2:5: warning: " "$what"
expect_output "::remove-matcher owner=layerlint-warning::" "$what"
expect_no_output "LL3002" "$what"
unmatched=$(grep -E '^[^:]+:[0-9]+:[0-9]+: ' "$scratch/out" | runner matches "$root/editors/problem-matcher.json")
if [[ -z $unmatched ]] && grep -qE '^Dockerfile:2:5: ' "$scratch/out"; then
  echo "ok: $what: every gcc line is taken by exactly one problem matcher pattern"
else
  fail "$what: lines the problem matcher does not take exactly once:"$'\n'"$unmatched"
fi

# 5. A clean tree passes without annotations; a missing path is an error (exit 2).
mkdir -p "$ws/clean"
printf 'FROM alpine:3.19\nUSER 10001\n' >"$ws/clean/Dockerfile"
status=0
PATH=$with_layerlint runner run "$root" path=clean >"$scratch/out" 2>&1 || status=$?
expect_status 0 "$status" "clean tree"
expect_no_output "::warning" "clean tree"
expect_no_output "::error" "clean tree"
status=0
PATH=$with_layerlint runner run "$root" path=missing sarif-file=missing.sarif >"$scratch/out" 2>&1 || status=$?
expect_status 2 "$status" "missing path"

# 6. No layerlint on PATH: the first step downloads the release tarball and checks it against the
# release's SHA256SUMS (a release laid out by `make dist`, served over file://); where there is no
# release, it builds with `make binary` in the action's folder (a stand-in `make` records the call).
if command -v layerlint >/dev/null 2>&1; then
  echo "skipped: the install step (a layerlint is installed at $(command -v layerlint))"
else
  action_copy=$scratch/action
  mkdir -p "$action_copy/scripts" "$scratch/fake-make"
  cp "$root/action.yml" "$root/CMakeLists.txt" "$action_copy/"
  cp "$root/scripts/action-install.sh" "$action_copy/scripts/"
  version=$(sed -n 's/^project(layerlint VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
  arch=$(uname -m | sed 's/^amd64$/x86_64/; s/^arm64$/aarch64/')
  name=layerlint-$version-linux-$arch
  mkdir -p "$scratch/release/v$version" "$scratch/$name/bin"
  cp "$binary" "$scratch/$name/bin/layerlint"
  tar -C "$scratch" -czf "$scratch/release/v$version/$name.tar.gz" "$name"
  (cd "$scratch/release/v$version" && sha256sum "$name.tar.gz" >SHA256SUMS)
  status=0
  RUNNER_TEMP=$scratch/runner-temp LAYERLINT_RELEASE_URL=file://$scratch/release \
    runner run "$action_copy" path=Dockerfile >"$scratch/out" 2>&1 || status=$?
  what="install the release binary"
  expect_status 1 "$status" "$what"
  expect_output "installed layerlint $version ($arch) from file://$scratch/release/v$version" "$what"
  expect_output "::warning file=Dockerfile,line=2," "$what"

  printf 'tampered' >>"$scratch/release/v$version/$name.tar.gz"
  status=0
  RUNNER_TEMP=$scratch/runner-temp LAYERLINT_RELEASE_URL=file://$scratch/release \
    runner run "$action_copy" path=Dockerfile >"$scratch/out" 2>&1 || status=$?
  expect_status 1 "$status" "a tarball that does not match SHA256SUMS"
  expect_output "does not match the release's SHA256SUMS" "a tarball that does not match SHA256SUMS"
  expect_no_output "::warning file=Dockerfile" "a tarball that does not match SHA256SUMS"

  cat >"$scratch/fake-make/make" <<EOF
#!/usr/bin/env bash
echo "\$*" >"$scratch/make.log"
[[ \$1 == -C && \$3 == binary ]] && mkdir -p "\$2/build" && ln -sf "$binary" "\$2/build/layerlint"
EOF
  chmod +x "$scratch/fake-make/make"
  status=0
  PATH=$scratch/fake-make:$PATH RUNNER_TEMP=$scratch/runner-temp LAYERLINT_RELEASE_URL=file://$scratch/none \
    runner run "$action_copy" path=Dockerfile >"$scratch/out" 2>&1 || status=$?
  what="build from source where there is no release"
  expect_status 1 "$status" "$what"
  if [[ $(cat "$scratch/make.log" 2>/dev/null) == "-C $action_copy binary" ]]; then
    echo "ok: $what: ran make -C <action path> binary"
  else
    fail "$what: make was called as '$(cat "$scratch/make.log" 2>/dev/null)'"
  fi
  expect_output "::warning file=Dockerfile,line=2," "$what"
fi

# 7. The job summary: a table of the findings per rule; annotations carry the fix title.
status=0
PATH=$with_layerlint GITHUB_STEP_SUMMARY=$scratch/summary.md runner run "$root" upload-sarif=true \
  >"$scratch/out" 2>&1 || status=$?
what="summary and SARIF upload"
expect_status 1 "$status" "$what"
expect_output "%0Afix: " "$what"
expect_output "(uses github/codeql-action/upload-sarif@v3, not run locally)" "$what"
if grep -qF '| LL1001 `secret-arg` | 1 |' "$scratch/summary.md" && grep -qF '| LL3002 ' "$scratch/summary.md" &&
  [[ -f layerlint.sarif ]]; then
  echo "ok: $what: the job summary has a row per rule, layerlint.sarif is written"
else
  fail "$what: the summary is wrong:"$'\n'"$(cat "$scratch/summary.md" 2>/dev/null)"
fi

if ((failures > 0)); then
  echo "$failures action check(s) failed"
  exit 1
fi
echo "action integration: all checks passed"
