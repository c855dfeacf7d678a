// Recognisers for what is a secret: names, literal values and file paths.
//
// Contract: the pattern data lives in rules/*.yaml and is compiled into the binary; it is compiled
// into RE2 sets once, on first use, and is immutable and thread-safe afterwards. No recogniser
// returns or stores a secret except through the `value` range it points at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlint {

enum class NameStrength {
  None,    // not a secret name, or an allow token says the value is not the secret (GPG_KEY, *_FILE)
  Weak,    // KEY, AUTH, PASS: a secret only with evidence (a literal that looks like one)
  Strong,  // PASSWORD, TOKEN, SECRET, APIKEY, CREDENTIALS, ...
  Known,   // well-known exact names: AWS_SECRET_ACCESS_KEY, GITHUB_TOKEN, NPM_TOKEN, ...
};

// Strong or Known: a name that holds a secret without further evidence.
[[nodiscard]] inline bool is_secret_name(NameStrength s) {
  return s == NameStrength::Strong || s == NameStrength::Known;
}

struct NameVerdict {
  NameStrength strength = NameStrength::None;
  std::string reason;  // "token 'password'", "well-known name", "allow token 'file'"
};

// Classifies a variable name (ARG/ENV/build arg/label key). Splits on '_', '-', '.', and camelCase
// boundaries and matches whole tokens.
[[nodiscard]] NameVerdict classify_secret_name(std::string_view name);

// The lower-case tokens classify_secret_name matches: "npmToken" -> {npm, token},
// "APIKey" -> {api, key}, "AWS_SECRET_ACCESS_KEY" -> {aws, secret, access, key}.
[[nodiscard]] std::vector<std::string> split_name_tokens(std::string_view name);

// A literal credential found in text.
struct ValueMatch {
  uint32_t begin = 0;  // offsets into the scanned text of the secret itself
  uint32_t end = 0;
  std::string kind;         // "github-token", "aws-access-key-id", "private-key", "url-credentials", ...
  std::string description;  // human: "GitHub personal access token"
};

// High-precision token formats (AWS ids, ghp_, glpat-, xox*, sk_live_, AIza, npm_, pypi-, dckr_pat_,
// JWT, PEM private-key headers). Placeholders, references ($VAR, ${VAR}, {{...}}) and documented
// example keys are not reported. One RE2::Set pass over the text.
[[nodiscard]] std::vector<ValueMatch> find_secret_values(std::string_view text);

// `name = value` lines in configuration text (a file a heredoc, echo or printf writes): INI, .env,
// YAML, JSON members, properties. Reports the value when the name is a secret name (Strong or
// Known) and the value is a literal of some length and variety, not a placeholder or a reference.
// Kind "keyword-assignment", description "value of <name>".
[[nodiscard]] std::vector<ValueMatch> find_keyword_assignments(std::string_view text);

// Whether a literal assigned to a secret-named variable looks like a real secret rather than a
// placeholder, a reference, a path, or empty ("changeme", "$TOKEN", "/run/secrets/x", "<token>",
// "[PASSWORD]", "{SumoAccessKey}", a run of one filler character). With `name`, a value that only
// repeats the name is a placeholder too (`ARG secret=SECRET`).
[[nodiscard]] bool is_placeholder_value(std::string_view value, std::string_view name = {});

// Whether `user:password` (curl -u, a URL's userinfo) is a documentation placeholder: the password
// is a placeholder, or the pair is one of the stock examples ("user:pass", "username:password",
// "test:test", "xxx:yyy").
[[nodiscard]] bool is_placeholder_credential(std::string_view user, std::string_view password);

// Credentials inside a URL: `scheme://user:password@host`. Returns the password part (or the
// token when there is no ':' but the user part is a known token format). References ($VAR) are
// returned too, with kind "url-credentials-reference", so the caller can decide.
[[nodiscard]] std::vector<ValueMatch> find_url_credentials(std::string_view text);

struct FileVerdict {
  bool secret = false;
  std::string kind;  // "ssh-private-key", "npmrc", "dotenv", "aws-credentials", ...
  std::string description;
};

// Classifies a path (a COPY source, a file written by RUN, a context file). Works on the last
// components: `id_rsa` yes, `id_rsa.pub` no, `.env` yes, `.env.example` no, `.aws/credentials` yes.
[[nodiscard]] FileVerdict classify_secret_path(std::string_view path);

// Whether `text` holds a URL with a literal password (kind "url-credentials").
[[nodiscard]] bool has_literal_url_credentials(std::string_view text);

// `text` with every secret value that find_secret_values() and find_url_credentials() (literal
// credentials only) recognise replaced by its redacted form; for showing commands in fixes.
[[nodiscard]] std::string mask_secrets(std::string_view text);

}  // namespace layerlint
