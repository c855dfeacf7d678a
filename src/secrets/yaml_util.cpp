#include "secrets/yaml_util.hpp"

#include <charconv>

#include "core/data_tree.hpp"
#include "secrets/secret_data.hpp"

namespace layerlint::secrets {

DataNode load_embedded_yaml(std::string_view name) { return load_embedded_data(name); }

std::string scalar_or(const DataNode& node, std::string_view fallback) {
  if (node && node.is_scalar()) return node.scalar();
  return std::string(fallback);
}

long number_or(const DataNode& node, long fallback) {
  if (!node || !node.is_scalar()) return fallback;
  long value = 0;
  const std::string& s = node.scalar();
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size() ? value : fallback;
}

std::vector<std::string> string_list(const DataNode& node) {
  std::vector<std::string> out;
  if (!node || !node.is_sequence()) return out;
  for (const DataNode& item : node) {
    if (item.is_scalar()) out.push_back(item.scalar());
  }
  return out;
}

std::vector<std::string> lower_list(const DataNode& node) {
  std::vector<std::string> out = string_list(node);
  for (std::string& s : out) s = to_lower(s);
  return out;
}

}  // namespace layerlint::secrets
