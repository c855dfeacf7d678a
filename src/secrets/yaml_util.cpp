#include "secrets/yaml_util.hpp"

#include "core/data_tree.hpp"
#include "secrets/secret_data.hpp"

namespace layerlint::secrets {

DataNode load_embedded_yaml(std::string_view name) { return load_embedded_data(name); }

std::string scalar_or(const DataNode& node, std::string_view fallback) {
  if (node && node.is_scalar()) return node.scalar();
  return std::string(fallback);
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
