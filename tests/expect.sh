# Shared by the shell tests: one line per check, a count of failures, one closing line.
#
#   . tests/expect.sh
#   expect WANT-CODE TEXT LABEL COMMAND...   # runs COMMAND: its exit code must be WANT-CODE, its
#                                            # output must contain TEXT and never $secret
#   expect_done NAME                         # "NAME: all checks passed", or exit 1
failures=0
secret=${secret:-Sup3rS3cretValue42}

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

expect() {
  local want=$1 text=$2 label=$3 out code=0
  shift 3
  out=$("$@" 2>&1) || code=$?
  if [[ $code -ne $want ]]; then
    fail "$label exited $code, expected $want:"$'\n'"$out"
  elif [[ $out != *"$text"* ]]; then
    fail "$label: the output does not contain '$text':"$'\n'"$out"
  elif [[ $out == *"$secret"* ]]; then
    fail "$label printed the secret:"$'\n'"$out"
  else
    echo "ok: $label exits $want${text:+ ($text)}"
  fi
}

expect_done() {
  if ((failures > 0)); then
    echo "$failures $1 check(s) failed"
    exit 1
  fi
  echo "$1: all checks passed"
}
