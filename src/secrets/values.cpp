// find_secret_values and is_placeholder_value: literal credentials by format, and the placeholders
// that must not be mistaken for them.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <utility>

#include "layerlint/secrets.hpp"
#include "secrets/secret_data.hpp"

namespace layerlint {

namespace {

using secrets::ValuePatterns;

struct RawMatch {
  std::size_t begin;
  std::size_t end;
  std::size_t pattern;
};

// Extends a match through its end marker (a PEM body). The next marker is looked up once and
// reused while matches stay before it, so all lookups together scan the text once.
class Extender {
 public:
  Extender(std::string_view text, const secrets::ValuePattern& pattern) : m_text(text), m_pattern(pattern) {}

  std::size_t extend(std::size_t end) {
    if (!m_searched || (m_marker != std::string_view::npos && m_marker < end)) {
      m_searched = true;
      m_marker = m_text.find(m_pattern.extend_until, end);
      m_through_end = std::string_view::npos;
      if (m_marker != std::string_view::npos) {
        const std::size_t from = m_marker + m_pattern.extend_until.size();
        const std::size_t through =
            m_text.substr(from, m_pattern.extend_limit).find(m_pattern.extend_through);
        if (through != std::string_view::npos)
          m_through_end = from + through + m_pattern.extend_through.size();
      }
    }
    if (m_marker == std::string_view::npos || m_through_end == std::string_view::npos) return end;
    if (m_marker - end > m_pattern.extend_limit) return end;
    return m_through_end;
  }

 private:
  std::string_view m_text;
  const secrets::ValuePattern& m_pattern;
  bool m_searched = false;
  std::size_t m_marker = std::string_view::npos;
  std::size_t m_through_end = std::string_view::npos;
};

// Every non-overlapping match of one pattern, as offsets of its secret (group 1, or the whole
// match). Each search starts where the previous secret ended, so the scan stays linear.
void collect_matches(const ValuePatterns& data, std::size_t index, std::string_view text,
                     std::vector<RawMatch>& out) {
  const auto& pattern = data.patterns[index];
  const RE2& re = pattern.regex->get();
  Extender extender{text, pattern};
  const int groups = std::min(re.NumberOfCapturingGroups(), 1) + 1;
  re2::StringPiece found[2];
  std::size_t pos = 0;
  while (pos <= text.size() && re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(),
                                        RE2::UNANCHORED, found, groups)) {
    re2::StringPiece secret = (groups == 2 && found[1].data() != nullptr) ? found[1] : found[0];
    const auto begin = static_cast<std::size_t>(secret.data() - text.data());
    std::size_t end = begin + secret.size();
    if (!pattern.extend_until.empty()) end = extender.extend(end);
    if (!secret.empty() && secrets::accept_secret(data, pattern, text.substr(begin, end - begin))) {
      out.push_back({begin, end, index});
    }
    // Resume at the secret's end: a trailing boundary character may start the next match.
    pos = std::max(end, pos + 1);
  }
}

bool is_reference_start(std::string_view v) {
  if (v.empty()) return false;
  if (v[0] == '`') return true;
  if (v[0] != '$') return false;
  if (v.size() == 1) return true;
  const char c = v[1];
  return c == '{' || c == '(' || c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == '/';
}

// "/run/secrets/x", "./key", "~/.ssh/id_rsa", "C:\\x", and relative paths such as
// "secrets/db_password.txt" (but not base64 with slashes: "wJalrXUt/K7MDENG/bPxRfi").
bool looks_like_path(std::string_view v) {
  if (v.starts_with("/") || v.starts_with("./") || v.starts_with("../") || v.starts_with("~/")) return true;
  if (v.size() >= 3 && ((v[0] >= 'A' && v[0] <= 'Z') || (v[0] >= 'a' && v[0] <= 'z')) && v[1] == ':' &&
      (v[2] == '\\' || v[2] == '/')) {
    return true;
  }
  if (v.find('/') == std::string_view::npos) return false;
  if (!std::all_of(v.begin(), v.end(), is_path_char)) return false;
  if (v.find("//") != std::string_view::npos || v.ends_with("=")) return false;
  const std::string_view last = v.substr(v.rfind('/') + 1);
  const std::size_t dot = last.rfind('.');
  if (dot != std::string_view::npos && dot > 0 && last.size() - dot - 1 >= 1 && last.size() - dot - 1 <= 5) {
    return true;
  }
  return std::none_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string_view trim_value(std::string_view v) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  while (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    v = v.substr(1, v.size() - 2);
    while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
    while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  }
  return v;
}

// "{SumoAccessKey}", "{base64(user:password)}": a name or an expression in braces stands for the
// value. A JSON object ({"auth": …}, its quotes gone once the Dockerfile unquotes it) does not.
bool is_template_in_braces(std::string_view v) {
  if (v.size() < 3 || v.front() != '{' || v.back() != '}') return false;
  const std::string_view inner = v.substr(1, v.size() - 2);
  return inner.find('(') != std::string_view::npos ||
         std::all_of(inner.begin(), inner.end(), [](char c) { return is_path_char(c) && c != '/'; });
}

// "SECRET" and "secret", "API_KEY" and "apiKey": the same letters and digits, case and separators
// aside.
bool same_letters(std::string_view a, std::string_view b) {
  auto next = [](std::string_view s, std::size_t& i) -> int {
    while (i < s.size() && !std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    return i < s.size() ? std::tolower(static_cast<unsigned char>(s[i++])) : -1;
  };
  std::size_t i = 0, j = 0;
  for (;;) {
    const int x = next(a, i);
    const int y = next(b, j);
    if (x != y) return false;
    if (x < 0) return true;
  }
}

}  // namespace

bool is_placeholder_credential(std::string_view user, std::string_view password) {
  if (is_placeholder_value(password)) return true;
  const std::string pair =
      secrets::to_lower(trim_value(user)) + ":" + secrets::to_lower(trim_value(password));
  const auto& stock = secrets::value_patterns().placeholder_credentials;
  return std::find(stock.begin(), stock.end(), pair) != stock.end();
}

std::vector<ValueMatch> find_secret_values(std::string_view text) {
  const ValuePatterns& data = secrets::value_patterns();
  std::vector<ValueMatch> result;
  if (text.empty() || !data.keywords.may_match(text)) return result;
  const RE2::Set* set = data.set();
  if (!set) return result;
  // Offsets are 32-bit: longer texts are scanned up to that limit.
  if (text.size() > std::numeric_limits<uint32_t>::max())
    text = text.substr(0, std::numeric_limits<uint32_t>::max());

  std::vector<int> hits;
  RE2::Set::ErrorInfo error{};
  const re2::StringPiece piece(text.data(), text.size());
  if (!set->Match(piece, &hits, &error)) {
    if (error.kind == RE2::Set::kNoError) return result;
    // The set's DFA ran out of memory: fall back to each pattern on its own.
    hits.clear();
    for (std::size_t i = 0; i < data.patterns.size(); ++i) hits.push_back(static_cast<int>(i));
  }
  std::sort(hits.begin(), hits.end());

  std::vector<RawMatch> raw;
  for (int hit : hits) {
    if (hit >= 0 && static_cast<std::size_t>(hit) < data.patterns.size()) {
      collect_matches(data, static_cast<std::size_t>(hit), text, raw);
    }
  }
  // Earlier position first; at one position the longer match, then the more specific pattern
  // (patterns are listed specific-first). A match inside one already kept is the same secret.
  std::sort(raw.begin(), raw.end(), [](const RawMatch& a, const RawMatch& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.pattern < b.pattern;
  });
  std::size_t covered_end = 0;
  bool any = false;
  for (const RawMatch& m : raw) {
    if (any && m.end <= covered_end) continue;
    const auto& pattern = data.patterns[m.pattern];
    result.push_back(
        {static_cast<uint32_t>(m.begin), static_cast<uint32_t>(m.end), pattern.kind, pattern.description});
    covered_end = std::max(covered_end, m.end);
    any = true;
  }
  return result;
}

bool is_placeholder_value(std::string_view value, std::string_view name) {
  const ValuePatterns& data = secrets::value_patterns();
  const std::string_view v = trim_value(value);
  if (v.empty()) return true;
  if (is_reference_start(v)) return true;
  if (v.find("{{") != std::string_view::npos) return true;
  if (v.size() > 2 && ((v.front() == '<' && v.back() == '>') || (v.front() == '%' && v.back() == '%') ||
                       (v.front() == '@' && v.back() == '@') || (v.front() == '[' && v.back() == ']'))) {
    return true;
  }
  if (is_template_in_braces(v)) return true;
  if (!name.empty() && same_letters(v, name)) return true;
  if (v.size() >= data.filler_min_length && secrets::distinct_chars(v) < data.min_distinct_chars) return true;
  if (looks_like_path(v)) return true;
  for (const std::string& word : data.placeholder_words) {
    if (secrets::equals_ci(v, word)) return true;
  }
  for (const std::string& prefix : data.placeholder_prefixes) {
    if (secrets::starts_with_ci(v, prefix)) return true;
  }
  for (const std::string& suffix : data.placeholder_suffixes) {
    if (secrets::ends_with_ci(v, suffix)) return true;
  }
  for (const std::string& marker : data.example_markers) {
    if (secrets::contains_ci(v, marker)) return true;
  }
  // Masks and fillers: "xxx", "***", "...", "xxxx-xxxx".
  if (v.size() >= 3 && std::all_of(v.begin(), v.end(), [](char c) {
        return c == 'x' || c == 'X' || c == '*' || c == '.' || c == '-' || c == '_' || c == '#';
      })) {
    return true;
  }
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      v.size() <= data.placeholder_max_number_digits) {
    return true;
  }
  return false;
}

}  // namespace layerlint
