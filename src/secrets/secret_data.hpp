// Internal: the compiled secret-recogniser data from rules/secret-*.yaml, shared by the
// recognisers in src/secrets/. Each accessor builds its data once (function-local static) and
// returns it immutable; a missing or malformed data file yields empty data, never an exception.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlint::secrets {

struct ValuePattern {
  std::string kind;
  std::string description;
  std::unique_ptr<RE2> regex;
  std::string extend_until;  // empty: the match is the secret
  std::string extend_through;
  std::size_t extend_limit = 0;
};

struct ValuePatterns {
  std::vector<ValuePattern> patterns;        // index i is RE2::Set index i
  std::unique_ptr<RE2::Set> set;             // null when no pattern compiled
  std::vector<std::string> example_markers;  // lower-case
  std::vector<std::string> example_values;
  std::size_t min_distinct_chars = 0;
  std::vector<std::string> placeholder_words;  // lower-case
  std::vector<std::string> placeholder_prefixes;
  std::vector<std::string> placeholder_suffixes;
  std::size_t placeholder_max_number_digits = 0;
  std::vector<std::string> url_placeholder_passwords;
};

const ValuePatterns& value_patterns();

// ASCII case helpers; the `lower_*` argument must already be lower-case.
std::string to_lower(std::string_view s);
bool contains_ci(std::string_view haystack, std::string_view lower_needle);
bool equals_ci(std::string_view a, std::string_view lower_b);
bool starts_with_ci(std::string_view s, std::string_view lower_prefix);
bool ends_with_ci(std::string_view s, std::string_view lower_suffix);

// Whether the match [begin, end) of `text` is a documented example or a placeholder.
bool is_example_secret(const ValuePatterns& data, std::string_view secret);

}  // namespace layerlint::secrets
