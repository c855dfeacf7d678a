# Shared by the stub tools (sourced, dash). A stub that receives a credential calls `received TOOL
# VALUE`, which appends "TOOL got <sha256 of VALUE>" to /var/log/stub-received: the hash, never the
# value, so the log itself leaks nothing.
received() {
  [ -n "$2" ] || return 0
  printf '%s got %s\n' "$1" "$(printf '%s' "$2" | sha256sum | cut -d' ' -f1)" >>/var/log/stub-received
}

# The userinfo of a URL ("user:pass" or "token"), empty when there is none.
url_userinfo() {
  case "$1" in
    *://*@*) printf '%s' "$1" | sed -n 's|^[A-Za-z+.-]*://\([^/@]*\)@.*|\1|p' ;;
  esac
}

# Hand both halves of a URL's userinfo to `received` (the secret may be either: `TOKEN@host`,
# `TOKEN:x-oauth-basic@host`, `user:TOKEN@host`).
received_url() {
  ui=$(url_userinfo "$2")
  [ -n "$ui" ] || return 0
  received "$1" "${ui%%:*}"
  case "$ui" in *:*) received "$1" "${ui#*:}" ;; esac
}

# The host of a URL.
url_host() { printf '%s' "$1" | sed -n 's|^[A-Za-z+.-]*://\([^/@]*@\)\{0,1\}\([^/:]*\).*|\2|p'; }

# The password ~/.netrc holds for a host (or for `default`).
netrc_password() {
  [ -f "$HOME/.netrc" ] || return 0
  tr -s ' \t\n' '\n\n\n' <"$HOME/.netrc" | awk -v host="$1" '
    $0 == "machine" { getline m; cur = m; next }
    $0 == "default" { cur = "default"; next }
    $0 == "password" { getline p; if (cur == host || cur == "default") { print p; exit } }'
}

# The value of `key = value` / `key=value` lines in an INI-like file.
ini_values() { # $1 file, $2 key (a sed regex)
  [ -f "$1" ] && sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1"
}

# git's insteadOf rewrites from ~/.gitconfig: prints "BASE PREFIX" per rule.
git_insteadof_rules() {
  [ -f "$HOME/.gitconfig" ] || return 0
  awk '
    /^\[url "/ { base = $0; sub(/^\[url "/, "", base); sub(/"\][[:space:]]*$/, "", base); next }
    /^\[/ { base = ""; next }
    base != "" && $1 == "insteadOf" { v = $0; sub(/^[^=]*=[[:space:]]*/, "", v); print base " " v }
  ' "$HOME/.gitconfig"
}

# The URL git would use for $1 after insteadOf.
git_rewrite() {
  url=$1
  rules=$(git_insteadof_rules)
  [ -n "$rules" ] || { printf '%s' "$url"; return; }
  printf '%s\n' "$rules" | while read -r base prefix; do
    case "$url" in "$prefix"*) printf '%s%s' "$base" "${url#"$prefix"}"; exit 0 ;; esac
  done | { read -r out || true; printf '%s' "${out:-$url}"; }
}

# A fetch over ssh authenticates with the agent (--mount=type=ssh) or a key file in ~/.ssh.
received_ssh() {
  if [ -n "${SSH_AUTH_SOCK:-}" ] && [ -S "$SSH_AUTH_SOCK" ]; then
    received "$1" "ssh-agent"
  fi
  for key in "$HOME"/.ssh/id_*; do
    case "$key" in *.pub) continue ;; esac
    [ -f "$key" ] && received "$1" "$(cat "$key")"
  done
  return 0
}
