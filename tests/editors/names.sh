# shellcheck shell=bash
# Shared by the editor tests: which file names layerlint lints, asked of the binary itself, so that an
# editor's file patterns are checked against the linter rather than against a copy of its rules.
#
#   . tests/editors/names.sh
#   "${editor_sample_names[@]}"    # the names tried: Dockerfiles, Compose files, look-alikes
#   linted_names BINARY            # the ones BINARY lints when it walks a folder, one a line

editor_sample_names=(
  Dockerfile dockerfile Containerfile containerfile Dockerfile.prod Dockerfile.alpine Containerfile.dev
  api.Dockerfile web.containerfile Dockerfile.md Dockerfile.template Dockerfile.j2 Dockerfile.yml
  compose.yaml compose.yml compose.prod.yaml compose.dev.yml compose-ci.yaml docker-compose.yml
  docker-compose.yaml docker-compose.override.yml docker-compose-ci.yaml docker-compose.prod.yaml
  mycompose.yaml compose.json docker-compose.yml.bak values.yaml .gitlab-ci.yml notes.txt Makefile
)

linted_names() {
  local binary=$1 folder name
  folder=$(mktemp -d "${TMPDIR:-/tmp}/layerlint-names.XXXXXX")
  for name in "${editor_sample_names[@]}"; do
    case $name in
      *.yml | *.yaml) printf 'services: {}\n' ;;
      *) printf 'FROM scratch\n' ;;
    esac >"$folder/$name"
  done
  "$binary" --format json --fail-level none "$folder" |
    python3 -c 'import json, os, sys; [print(os.path.basename(f["path"])) for f in json.load(sys.stdin)["files"]]'
  rm -rf "$folder"
}
