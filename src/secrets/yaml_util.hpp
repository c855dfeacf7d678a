// Internal: tolerant readers for the embedded rule data (never throw; absent means default).
#pragma once

#include "core/data_tree.hpp"

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace layerlint::secrets {

// The parsed embedded file, or a null node when it is missing or malformed.
DataNode load_embedded_yaml(std::string_view name);
std::string scalar_or(const DataNode& node, std::string_view fallback);
// A whole-scalar number (an integer or a decimal such as 3.5), or `fallback`.
template <typename Number>
Number number_or(const DataNode& node, Number fallback) {
  if (!node || !node.is_scalar()) return fallback;
  Number value{};
  const std::string& s = node.scalar();
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size() ? value : fallback;
}
std::vector<std::string> string_list(const DataNode& node);
std::vector<std::string> lower_list(const DataNode& node);

}  // namespace layerlint::secrets
