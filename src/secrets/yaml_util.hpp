// Internal: tolerant readers for the embedded YAML data (never throw; absent means default).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace layerlint::secrets {

// The parsed embedded file, or a null node when it is missing or malformed.
YAML::Node load_embedded_yaml(std::string_view name);
std::string scalar_or(const YAML::Node& node, std::string_view fallback);
long number_or(const YAML::Node& node, long fallback);
std::vector<std::string> string_list(const YAML::Node& node);
std::vector<std::string> lower_list(const YAML::Node& node);

}  // namespace layerlint::secrets
