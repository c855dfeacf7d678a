#include "secrets/yaml_util.hpp"

#include "core/data_tree.hpp"
#include "secrets/secret_data.hpp"

namespace layerlint::secrets {

YAML::Node load_embedded_yaml(std::string_view name) { return load_embedded_data(name); }

std::string scalar_or(const YAML::Node& node, std::string_view fallback) {
  if (node && node.IsScalar()) return node.Scalar();
  return std::string(fallback);
}

long number_or(const YAML::Node& node, long fallback) {
  if (!node || !node.IsScalar()) return fallback;
  try {
    return node.as<long>();
  } catch (const YAML::Exception&) {
    return fallback;
  }
}

std::vector<std::string> string_list(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node || !node.IsSequence()) return out;
  for (const YAML::Node& item : node) {
    if (item.IsScalar()) out.push_back(item.Scalar());
  }
  return out;
}

std::vector<std::string> lower_list(const YAML::Node& node) {
  std::vector<std::string> out = string_list(node);
  for (std::string& s : out) s = to_lower(s);
  return out;
}

}  // namespace layerlint::secrets
