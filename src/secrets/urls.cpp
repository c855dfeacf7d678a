// find_url_credentials: user:password@ inside URLs, anywhere in a text.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "layerlint/secrets.hpp"
#include "secrets/secret_data.hpp"

namespace layerlint {

namespace {

// scheme://user[:password]@ — group 1 scheme, 2 user, 3 password (absent without ':').
// The user stops at ':', the password at '@'; neither crosses whitespace, quotes or '/'.
constexpr std::string_view k_url_userinfo =
    R"re((?:^|[^A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,30})://([^\s/?#@:'"<>\\|;]*)(?::([^\s/?#@'"<>\\|;]*))?@)re";

const RE2& url_regex() {
  static const RE2 k_regex = [] {
    RE2::Options options;
    options.set_log_errors(false);
    return RE2(k_url_userinfo, options);
  }();
  return k_regex;
}

// "$VAR", "${VAR}", "${VAR:-x}", "$(cmd)": the name for the first two, empty otherwise.
std::string_view reference_name(std::string_view v) {
  if (v.size() < 2 || v[0] != '$') return {};
  auto is_name_char = [](char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  std::string_view rest = v.substr(1);
  if (rest.front() == '{') {
    rest.remove_prefix(1);
    std::size_t n = 0;
    while (n < rest.size() && is_name_char(rest[n])) ++n;
    if (n == 0 || n >= rest.size() || (rest[n] != '}' && rest[n] != ':' && rest[n] != '-')) return {};
    return rest.substr(0, n);
  }
  std::size_t n = 0;
  while (n < rest.size() && is_name_char(rest[n])) ++n;
  return rest.substr(0, n);
}

bool is_reference(std::string_view v) { return !v.empty() && (v[0] == '$' || v[0] == '`'); }

}  // namespace

std::vector<ValueMatch> find_url_credentials(std::string_view text) {
  std::vector<ValueMatch> result;
  // Every match holds "://" and then '@': text without them never reaches the regex.
  const size_t scheme = text.find("://");
  if (scheme == std::string_view::npos || text.find('@', scheme) == std::string_view::npos) return result;
  const RE2& re = url_regex();
  if (!re.ok()) return result;
  if (text.size() > std::numeric_limits<uint32_t>::max())
    text = text.substr(0, std::numeric_limits<uint32_t>::max());
  const secrets::ValuePatterns& data = secrets::value_patterns();

  const re2::StringPiece piece(text.data(), text.size());
  re2::StringPiece groups[4];
  std::size_t pos = 0;
  while (pos < text.size() && re.Match(piece, pos, text.size(), RE2::UNANCHORED, groups, 4)) {
    const auto match_end = static_cast<std::size_t>(groups[0].data() - text.data()) + groups[0].size();
    pos = std::max(match_end, pos + 1);
    const std::string_view user(groups[2].data(), groups[2].size());
    auto offset_of = [&](re2::StringPiece g) { return static_cast<uint32_t>(g.data() - text.data()); };

    if (groups[3].data() != nullptr) {
      const std::string_view password(groups[3].data(), groups[3].size());
      if (password.empty()) continue;
      const uint32_t begin = offset_of(groups[3]);
      const auto end = static_cast<uint32_t>(begin + password.size());
      if (is_reference(password)) {
        result.push_back({begin, end, "url-credentials-reference", "credential reference in URL"});
        continue;
      }
      const bool placeholder =
          std::any_of(data.url_placeholder_passwords.begin(), data.url_placeholder_passwords.end(),
                      [&](const std::string& word) { return secrets::equals_ci(password, word); }) ||
          is_placeholder_value(password);
      if (!placeholder) result.push_back({begin, end, "url-credentials", "password in URL"});
      continue;
    }

    // No ':' — the user part alone may be the credential (https://TOKEN@github.com).
    if (user.empty()) continue;
    const uint32_t begin = offset_of(groups[2]);
    const auto end = static_cast<uint32_t>(begin + user.size());
    if (is_reference(user)) {
      const std::string_view name = reference_name(user);
      const NameStrength strength = name.empty() ? NameStrength::None : classify_secret_name(name).strength;
      if (strength == NameStrength::Strong || strength == NameStrength::Known) {
        result.push_back({begin, end, "url-credentials-reference", "credential reference in URL"});
      }
      continue;
    }
    const std::vector<ValueMatch> tokens = find_secret_values(user);
    if (tokens.size() == 1 && tokens[0].begin == 0 && tokens[0].end == user.size()) {
      result.push_back({begin, end, "url-credentials", tokens[0].description + " in URL"});
    }
  }
  return result;
}

}  // namespace layerlint
