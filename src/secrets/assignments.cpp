// find_keyword_assignments: `name = value` lines of configuration text whose name says secret.
#include <re2/re2.h>

#include <algorithm>
#include <limits>

#include "layerlint/secrets.hpp"
#include "secrets/secret_data.hpp"

namespace layerlint {

namespace {

// One assignment at the start of a line (or after a `\n` that printf or `echo -e` turns into one): INI and
// .env (`key = value`, `export KEY=value`), YAML
// (`key: value`), JSON members (`"key": "value",`), properties, PHP/Ruby hashes (`'key' => 'value'`).
const RE2& assignment_line() {
  static const RE2 k_line(
      R"re((?m)(?:^|\\n)[ \t{,]*(?:export[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.-]{0,63})["']?[ \t]*(?::=|=>|=|:)[ \t]*)re"
      R"re((?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'#,;\\]+)))re");
  return k_line;
}

// A literal worth reporting: long enough to be a credential, and holding more than one kind of
// character (a lone word is a setting: "scram-sha-256" is not, "md5" and "trust" are).
bool looks_like_literal_secret(std::string_view value) {
  if (value.size() < 6 || value.find('$') != std::string_view::npos ||
      value.find('`') != std::string_view::npos) {
    return false;
  }
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : value) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      other = true;
    }
  }
  return lower + upper + digit + other >= 2;
}

// Tokens and keys are found by their formats; a line's name matters for what has no format, the
// passwords and secrets: a secret name holding one of the assignment tokens (DB_PASSWORD,
// client_secret, "secret_key"), not TOKEN or API_KEY alone, whose values a format recognises.
bool names_a_password(std::string_view name) {
  if (!is_secret_name(classify_secret_name(name).strength)) return false;
  const auto& words = secrets::value_patterns().assignment_name_tokens;
  for (const std::string& token : split_name_tokens(name)) {
    if (std::find(words.begin(), words.end(), token) != words.end()) return true;
  }
  return false;
}

}  // namespace

std::vector<ValueMatch> find_keyword_assignments(std::string_view text) {
  std::vector<ValueMatch> found;
  if (text.size() > std::numeric_limits<uint32_t>::max())
    text = text.substr(0, std::numeric_limits<uint32_t>::max());
  const RE2& line = assignment_line();
  re2::StringPiece groups[5];
  std::size_t pos = 0;
  while (pos < text.size() && line.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(),
                                         RE2::UNANCHORED, groups, 5)) {
    pos =
        static_cast<std::size_t>(groups[0].data() - text.data()) + std::max<std::size_t>(groups[0].size(), 1);
    const std::string_view name(groups[1].data(), groups[1].size());
    const re2::StringPiece& value = groups[2].data() ? groups[2] : groups[3].data() ? groups[3] : groups[4];
    const std::string_view v(value.data(), value.size());
    if (!names_a_password(name) || !looks_like_literal_secret(v) || is_placeholder_value(v, name)) {
      continue;
    }
    const auto begin = static_cast<uint32_t>(value.data() - text.data());
    found.push_back({begin, static_cast<uint32_t>(begin + value.size()), "keyword-assignment",
                     "value of " + std::string(name)});
  }
  return found;
}

}  // namespace layerlint
