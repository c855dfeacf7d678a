#!/usr/bin/env bash
# Runs this repository's .pre-commit-hooks.yaml through a real pre-commit, offline, in a scratch
# repository: leaky files must stop the commit and name the rule, clean ones must pass, templates,
# documents and images never reach the hook.
#
# HOOK: `layerlint` (default: the binary on PATH) or `layerlint-docker` (the image: a private dockerd
# is started, the image built from the static binary and tagged with the hook's image name, and no
# layerlint is on PATH).
# LAYERLINT: the binary to test (default: build/layerlint of this checkout).
# Exit codes: 0 pass, 1 a check failed, 77 skipped (pre-commit or git is not installed; for the docker
# hook, Docker cannot be installed or started).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
binary=${LAYERLINT:-$root/build/layerlint}

for tool in git pre-commit; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "skipped: $tool is not installed (scripts/install-deps.sh installs it)"
    exit 77
  fi
done
if [[ ! -x $binary ]]; then
  echo "FAIL: no layerlint binary at $binary (build it, or set LAYERLINT)"
  exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-pre-commit.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Nothing from the user's git or pre-commit setup leaks in, and nothing is fetched.
export HOME=$scratch/home PRE_COMMIT_HOME=$scratch/pre-commit-home PRE_COMMIT_COLOR=never
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=layerlint GIT_AUTHOR_EMAIL=layerlint@example.invalid
export GIT_COMMITTER_NAME=layerlint GIT_COMMITTER_EMAIL=layerlint@example.invalid
mkdir -p "$HOME"

hook=${HOOK:-layerlint}
mkdir -p "$scratch/bin"
if [[ $hook == layerlint ]]; then
  # `layerlint` on PATH is what `language: system` runs, as a user would install it.
  ln -s "$binary" "$scratch/bin/layerlint"
  export PATH=$scratch/bin:$PATH
else
  # No layerlint on PATH: the hook must not need one.
  PATH=$(printf '%s' "$PATH" | tr ':' '\n' | while read -r d; do [[ -x $d/layerlint ]] || printf '%s:' "$d"; done)
  export PATH=${PATH%:}
  [[ $(id -u) -eq 0 ]] || { echo "skipped: a private dockerd needs root"; exit 77; }
  export LAYERLINT_DOCKER_DIR=${LAYERLINT_DOCKER_DIR:-/tmp/layerlint-docker-hook}
  # shellcheck source=tests/build/dockerd.sh
  . "$root/tests/build/dockerd.sh"
  dockerd_packages || { echo "skipped: $dockerd_why"; exit 77; }
  trap 'dockerd_stop; rm -rf "$scratch"' EXIT
  dockerd_start || { echo "skipped: $dockerd_why"; exit 77; }
  # The image the hook names, built here from the static binary: there is no registry to pull from.
  image=$(python3 -c 'import sys, yaml
hooks = {h["id"]: h for h in yaml.safe_load(open(sys.argv[1]))}
print(hooks[sys.argv[2]]["entry"].split()[-1])' "$root/.pre-commit-hooks.yaml" "$hook")
  version=$(sed -n 's/^project(layerlint VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
  DOCKER=$docker_cli "$root/scripts/build-image.sh" "$binary" layerlint "$version" "$image" >/dev/null ||
    { echo "FAIL: the image could not be built"; exit 1; }
  [[ $image == *":$version" ]] || { echo "FAIL: the hook's image $image is not version $version"; exit 1; }
fi

# pre-commit wants a git revision: a repository holding the working copy's hook definitions.
hooks=$scratch/hooks
git init -q "$hooks"
cp "$root/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q -m "hooks"
rev=$(git -C "$hooks" rev-parse HEAD)

project=$scratch/project
git init -q "$project"
cd "$project"
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: $hook
EOF
git add .pre-commit-config.yaml
git commit -q -m "pre-commit config"
pre-commit install >/dev/null

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect_commit STATUS FILE [TEXT]: commits FILE (already written) through the installed hook.
# STATUS is pass or fail; TEXT must appear in the hook's output. A failed commit is unstaged again.
expect_commit() {
  local want=$1 file=$2 text=${3:-} out status=0
  git add "$file"
  out=$(git commit -m "add $file" 2>&1) || status=$?
  if [[ $want == pass && $status -ne 0 ]]; then
    fail "committing $file failed, expected it to pass:"$'\n'"$out"
  elif [[ $want == fail && $status -eq 0 ]]; then
    fail "committing $file passed, expected the hook to stop it:"$'\n'"$out"
  elif [[ -n $text && $out != *"$text"* ]]; then
    fail "committing $file: the output does not contain '$text':"$'\n'"$out"
  else
    echo "ok: commit of $file ${want}ed${text:+ ($text)}"
  fi
  if [[ $status -ne 0 ]]; then git reset -q -- "$file"; fi
}

# expect_run CODE TEXT ARGS...: `pre-commit run ARGS` exits with CODE and prints TEXT.
expect_run() {
  local want=$1 text=$2 out status=0
  shift 2
  out=$(pre-commit run "$@" 2>&1) || status=$?
  if [[ $status -ne $want ]]; then
    fail "pre-commit run $* exited $status, expected $want:"$'\n'"$out"
  elif [[ $out != *"$text"* ]]; then
    fail "pre-commit run $*: the output does not contain '$text':"$'\n'"$out"
  else
    echo "ok: pre-commit run $* exits $want ($text)"
  fi
}

# A build argument named like a token, used by a later RUN: LL1001.
printf 'FROM alpine:3.19\nARG NPM_TOKEN\nRUN npm ci\nUSER 10001\n' >Dockerfile
expect_commit fail Dockerfile "[LL1001]"
expect_run 1 "Dockerfile:2:5" --files Dockerfile

printf 'FROM alpine:3.19\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\nUSER 10001\n' >Dockerfile
expect_commit pass Dockerfile "layerlint"
expect_run 0 "Passed" --files Dockerfile

# Compose files are linted too: a privileged service is LL3002.
printf 'services:\n  app:\n    image: alpine:3.19\n    privileged: true\n' >compose.yaml
expect_commit fail compose.yaml "[LL3002]"
printf 'services:\n  app:\n    image: alpine:3.19\n    read_only: true\n' >compose.yaml
expect_commit pass compose.yaml "Passed"

# Names that identify does not tag as dockerfile are still picked up by `files`.
mkdir -p services/api
printf 'FROM alpine:3.19\nCOPY id_rsa /root/.ssh/id_rsa\nUSER 10001\n' >services/api/Containerfile
expect_commit fail services/api/Containerfile "[LL1004]"
printf 'FROM alpine:3.19\nUSER root\n' >services/api/web.Dockerfile
expect_commit fail services/api/web.Dockerfile "[LL2001]"

# Other files never reach layerlint: the hook has nothing to check.
printf 'services:\n  app:\n    privileged: true\n' >settings.yaml
printf 'ARG GITHUB_TOKEN\n' >Dockerfile.dockerignore
git add settings.yaml Dockerfile.dockerignore
expect_run 0 "(no files to check)Skipped" --files settings.yaml Dockerfile.dockerignore
expect_commit pass settings.yaml "(no files to check)Skipped"

# Templates, documents and images never reach the hook (the names the directory walk skips).
mkdir -p docs
printf '{{ .Base }}\nRUN \\\n' >Dockerfile.template
printf '{{ .Base }}\n' >Dockerfile.alpine.tmpl
printf '# Dockerfile\n' >docs/Dockerfile.md
printf '\x89PNG\r\n\x1a\n\x00\x00' >dockerfile.png
git add Dockerfile.template Dockerfile.alpine.tmpl docs/Dockerfile.md dockerfile.png
expect_run 0 "(no files to check)Skipped" --files Dockerfile.template Dockerfile.alpine.tmpl docs/Dockerfile.md dockerfile.png
expect_commit pass Dockerfile.template "(no files to check)Skipped"

# Every tracked file: clean so far; staging the two leaky files left out above makes it fail.
expect_run 0 "Passed" --all-files
git add services
expect_run 1 "[LL2001]" --all-files

if ((failures > 0)); then
  echo "$failures pre-commit check(s) failed"
  exit 1
fi
echo "pre-commit integration: all checks passed"
