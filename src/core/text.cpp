#include "core/text.hpp"

#include <algorithm>
#include <vector>

namespace layerlint {

namespace {

// Levenshtein distance, `a` lower-cased; O(|a| * |b|) time, O(|b|) space.
size_t edit_distance(std::string_view a, std::string_view b) {
  const std::string lower = ascii_lower(a);
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= lower.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      const size_t cost = lower[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view nearest_name(std::string_view word, std::span<const std::string_view> names) {
  std::string_view best;
  size_t best_distance = 3;
  for (const std::string_view name : names) {
    const size_t d = edit_distance(word, name);
    if (d < best_distance && d * 3 <= name.size()) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

std::string uri_escape(std::string_view path, bool keep_colon) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~' || c == '/' ||
                            (keep_colon && c == ':');
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace layerlint
