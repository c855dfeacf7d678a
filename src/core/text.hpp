// Small text helpers shared across the project.
#pragma once

#include <string>
#include <string_view>

namespace layerlint {

// ASCII lower-casing (keywords, rule ids, stage names, file names): other bytes are kept as they are.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace layerlint
