// Internal: the compiled secret-recogniser data from rules/secret-*.yaml, shared by the
// recognisers in src/secrets/. Each accessor builds its data once (function-local static) and
// returns it immutable; a missing or malformed data file yields empty data, never an exception.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <bitset>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlint::secrets {

// A pattern compiled on first use: most runs only ever need the set, not the single patterns.
class LazyRegex {
 public:
  LazyRegex(std::string pattern, const RE2::Options& options)
      : m_pattern(std::move(pattern)), m_options(options) {}
  const RE2& get() const {
    std::call_once(m_once, [this] { m_re = std::make_unique<RE2>(m_pattern, m_options); });
    return *m_re;
  }

 private:
  std::string m_pattern;
  RE2::Options m_options;
  mutable std::once_flag m_once;
  mutable std::unique_ptr<RE2> m_re;
};

struct ValuePattern {
  std::string kind;
  std::string description;
  std::unique_ptr<LazyRegex> regex;
  std::string regex_text;
  std::string set_text;      // what the RE2 set scans for: `prefilter` when given, else the regex
  std::string extend_until;  // empty: the match is the secret
  std::string extend_through;
  std::size_t extend_limit = 0;
  double min_entropy = 0;     // bits per character; 0: no floor
  bool crc32_base62 = false;  // the last 6 characters check the 30 before them (GitHub, npm)
  std::vector<std::string> keywords;
  // Character classes (k_upper | k_lower | k_digit) that the secret, less the keyword it starts
  // with, must each hold at least once; 0: none.
  unsigned required_classes = 0;
  static constexpr unsigned k_upper = 1, k_lower = 2, k_digit = 4;
};

// Literal keywords of the patterns (gitleaks' idea): text that contains none of them cannot match,
// so most text never reaches the RE2 set, and a run whose files hold no keyword never compiles it.
class KeywordFilter {
 public:
  void add(std::string keyword);
  void disable() { m_always = true; }
  [[nodiscard]] bool may_match(std::string_view text) const;

 private:
  bool m_always = false;
  std::vector<std::string> m_by_first[256];
  // Which second bytes follow each first byte in some keyword: most positions of a text are
  // ruled out by one bit test, whatever the number of keywords.
  std::bitset<256> m_second[256];
};

struct ValuePatterns {
  std::vector<ValuePattern> patterns;  // index i is RE2::Set index i
  KeywordFilter keywords;
  // The set of every pattern, compiled on first use; null when none compiled.
  const RE2::Set* set() const;
  RE2::Options options;
  mutable std::once_flag set_once;
  mutable std::unique_ptr<RE2::Set> compiled_set;
  std::vector<std::string> example_markers;  // lower-case
  std::vector<std::string> example_values;
  std::size_t min_distinct_chars = 0;
  std::vector<std::string> placeholder_words;  // lower-case
  std::vector<std::string> placeholder_prefixes;
  std::vector<std::string> placeholder_suffixes;
  std::size_t placeholder_max_number_digits = 0;
  std::size_t filler_min_length = 16;
  std::vector<std::string> placeholder_credentials;  // lower-case "user:password"
  std::vector<std::string> assignment_name_tokens;   // lower-case name tokens
  std::vector<std::string> url_placeholder_passwords;
};

const ValuePatterns& value_patterns();

// ASCII case helpers; the `lower_*` argument must already be lower-case.
std::string to_lower(std::string_view s);
bool contains_ci(std::string_view haystack, std::string_view lower_needle);
bool equals_ci(std::string_view a, std::string_view lower_b);
bool starts_with_ci(std::string_view s, std::string_view lower_prefix);
bool ends_with_ci(std::string_view s, std::string_view lower_suffix);

// How many different bytes `s` holds.
std::size_t distinct_chars(std::string_view s);

// Whether the match [begin, end) of `text` is a documented example or a placeholder.
bool is_example_secret(const ValuePatterns& data, std::string_view secret);

// Whether a match of `pattern` is reported: a token whose checksum holds is, unless it is a listed
// example; any other must not be an example and must clear the pattern's entropy floor.
bool accept_secret(const ValuePatterns& data, const ValuePattern& pattern, std::string_view secret);

// Shannon entropy of the bytes of `s`, in bits per byte.
double shannon_entropy(std::string_view s);

// GitHub's and npm's token checksum: the last 6 characters are the CRC32 of the 30 before them in
// base62 (0-9, A-Z, a-z), zero-padded. False for any other length.
bool crc32_base62_checksum_holds(std::string_view token);

}  // namespace layerlint::secrets
