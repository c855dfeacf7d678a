// Small text helpers shared across the project.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace layerlint {

// ASCII lower-casing (keywords, rule ids, stage names, file names): other bytes are kept as they are.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The name in `names` closest to `word` by edit distance (`word` compared lower-cased), when it is
// close enough to be a misspelling of it: at most two edits, and at most one per three letters of
// the name, so that 'k0' is not a misspelt 'id'. Empty when none is. O(|word| * total size of names).
std::string_view nearest_name(std::string_view word, std::span<const std::string_view> names);

// `path` for a URI: every byte percent-encoded but RFC 3986's unreserved characters and '/' (and ':'
// when `keep_colon`, for a drive letter).
std::string uri_escape(std::string_view path, bool keep_colon = false);

// A string-keyed map looked up with string_views, without a temporary string per lookup. The hash's
// call operator is deliberately not noexcept: libstdc++ then keeps each node's hash, so that
// rehashing and walking a bucket do not hash the keys again.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

}  // namespace layerlint
