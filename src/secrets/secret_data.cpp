#include "secrets/secret_data.hpp"

#include "core/data_tree.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

#include "secrets/yaml_util.hpp"

namespace layerlint::secrets {

namespace {

char lower_char(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void load_value_patterns(ValuePatterns& data) {
  const DataNode root = load_embedded_yaml("secret-patterns.yaml");
  if (!root.is_map()) return;

  RE2::Options& options = data.options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  const DataNode patterns = root["patterns"];
  if (patterns.is_sequence()) {
    for (const DataNode& node : patterns) {
      if (!node.is_map()) continue;
      const std::string kind = scalar_or(node["kind"], "");
      const std::string regex = scalar_or(node["regex"], "");
      if (kind.empty() || regex.empty()) continue;
      auto re = std::make_unique<LazyRegex>(regex, options);
      std::vector<std::string> keywords = string_list(node["keywords"]);
      if (keywords.empty()) data.keywords.disable();
      for (const std::string& k : keywords) data.keywords.add(k);
      unsigned classes = 0;
      for (const std::string& c : lower_list(node["requires"])) {
        classes |= c == "upper"   ? ValuePattern::k_upper
                   : c == "lower" ? ValuePattern::k_lower
                   : c == "digit" ? ValuePattern::k_digit
                                  : 0;
      }
      data.patterns.push_back(
          {kind, scalar_or(node["description"], kind), std::move(re), regex,
           scalar_or(node["prefilter"], regex), scalar_or(node["extend_until"], ""),
           scalar_or(node["extend_through"], ""),
           static_cast<std::size_t>(number_or(node["extend_limit"], 0)), number_or(node["entropy"], 0.0),
           scalar_or(node["checksum"], "") == "crc32-base62", std::move(keywords), classes});
    }
  }

  data.example_markers = lower_list(root["example_markers"]);
  data.example_values = string_list(root["example_values"]);
  data.min_distinct_chars = static_cast<std::size_t>(number_or(root["min_distinct_chars"], 0));
  data.placeholder_words = lower_list(root["placeholder_words"]);
  data.placeholder_prefixes = lower_list(root["placeholder_prefixes"]);
  data.placeholder_suffixes = lower_list(root["placeholder_suffixes"]);
  data.placeholder_max_number_digits =
      static_cast<std::size_t>(number_or(root["placeholder_max_number_digits"], 0));
  data.url_placeholder_passwords = lower_list(root["url_placeholder_passwords"]);
  data.placeholder_credentials = lower_list(root["placeholder_credentials"]);
  data.assignment_name_tokens = lower_list(root["assignment_name_tokens"]);
  data.filler_min_length = static_cast<std::size_t>(number_or(root["filler_min_length"], 16));
}

}  // namespace

void KeywordFilter::add(std::string keyword) {
  if (keyword.size() < 2) {
    // A keyword of one byte would pass nearly every text: no filter is cheaper.
    if (!keyword.empty()) disable();
    return;
  }
  const auto first = static_cast<unsigned char>(keyword[0]);
  m_second[first].set(static_cast<unsigned char>(keyword[1]));
  m_by_first[first].push_back(std::move(keyword));
}

bool KeywordFilter::may_match(std::string_view text) const {
  if (m_always) return true;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const auto first = static_cast<unsigned char>(text[i]);
    if (!m_second[first].test(static_cast<unsigned char>(text[i + 1]))) continue;
    for (const std::string& k : m_by_first[first]) {
      if (text.substr(i, k.size()) == k) return true;
    }
  }
  return false;
}

const RE2::Set* ValuePatterns::set() const {
  std::call_once(set_once, [this] {
    auto s = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const ValuePattern& p : patterns) {
      // The set index must equal the index in `patterns`: one refused pattern disables the set.
      if (s->Add(p.set_text, nullptr) < 0) return;
    }
    if (!patterns.empty() && s->Compile()) compiled_set = std::move(s);
  });
  return compiled_set.get();
}

const ValuePatterns& value_patterns() {
  static const ValuePatterns& k_data = *[] {
    auto* data = new ValuePatterns();  // never destroyed: shared by threads until exit
    load_value_patterns(*data);
    return data;
  }();
  return k_data;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_char(c);
  return out;
}

bool equals_ci(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_char(a[i]) != lower_b[i]) return false;
  }
  return true;
}

bool starts_with_ci(std::string_view s, std::string_view lower_prefix) {
  return s.size() >= lower_prefix.size() && equals_ci(s.substr(0, lower_prefix.size()), lower_prefix);
}

bool ends_with_ci(std::string_view s, std::string_view lower_suffix) {
  return s.size() >= lower_suffix.size() && equals_ci(s.substr(s.size() - lower_suffix.size()), lower_suffix);
}

bool contains_ci(std::string_view haystack, std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), lower_needle.begin(), lower_needle.end(),
                        [](char a, char b) { return lower_char(a) == b; });
  return it != haystack.end();
}

std::size_t distinct_chars(std::string_view s) {
  std::array<bool, 256> seen{};
  std::size_t distinct = 0;
  for (char c : s) distinct += !std::exchange(seen[static_cast<unsigned char>(c)], true);
  return distinct;
}

bool is_example_secret(const ValuePatterns& data, std::string_view secret) {
  for (const std::string& marker : data.example_markers) {
    if (contains_ci(secret, marker)) return true;
  }
  for (const std::string& example : data.example_values) {
    if (secret.find(example) != std::string_view::npos) return true;
  }
  return distinct_chars(secret) < data.min_distinct_chars;
}

bool is_listed_example(const ValuePatterns& data, std::string_view secret) {
  return std::any_of(data.example_values.begin(), data.example_values.end(), [&](const std::string& example) {
    return secret.find(example) != std::string_view::npos;
  });
}

// Whether the secret, less the keyword it starts with, holds every character class the pattern
// requires (`s.AcceptanceTimeoutSeconds` has no digit, so it is a name, not a legacy Vault token).
bool holds_required_classes(const ValuePattern& pattern, std::string_view secret) {
  if (pattern.required_classes == 0) return true;
  for (const std::string& k : pattern.keywords) {
    if (secret.starts_with(k)) {
      secret.remove_prefix(k.size());
      break;
    }
  }
  unsigned held = 0;
  for (char c : secret) {
    held |= (c >= 'A' && c <= 'Z')   ? ValuePattern::k_upper
            : (c >= 'a' && c <= 'z') ? ValuePattern::k_lower
            : (c >= '0' && c <= '9') ? ValuePattern::k_digit
                                     : 0;
  }
  return (held & pattern.required_classes) == pattern.required_classes;
}

bool accept_secret(const ValuePatterns& data, const ValuePattern& pattern, std::string_view secret) {
  if (pattern.crc32_base62 && crc32_base62_checksum_holds(secret.substr(secret.find('_') + 1))) {
    return !is_listed_example(data, secret);
  }
  return !is_example_secret(data, secret) && shannon_entropy(secret) >= pattern.min_entropy &&
         holds_required_classes(pattern, secret);
}

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<uint32_t, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  double bits = 0;
  const double n = static_cast<double>(s.size());
  for (uint32_t count : counts) {
    if (count == 0) continue;
    const double p = count / n;
    bits -= p * std::log2(p);
  }
  return bits;
}

namespace {

constexpr std::array<uint32_t, 256> k_crc32_table = [] {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}();

uint32_t crc32(std::string_view s) {
  uint32_t crc = 0xFFFFFFFFu;
  for (char c : s) crc = k_crc32_table[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

}  // namespace

bool crc32_base62_checksum_holds(std::string_view token) {
  constexpr std::string_view k_digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  if (token.size() != 36) return false;
  uint32_t crc = crc32(token.substr(0, 30));
  for (std::size_t i = 36; i-- > 30;) {
    if (token[i] != k_digits[crc % 62]) return false;
    crc /= 62;
  }
  return crc == 0;
}

}  // namespace layerlint::secrets
