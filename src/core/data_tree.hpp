// Rule data (rules/*.yaml) is converted at build time into a compact tree (src/tools/yaml_to_tree.cpp)
// and decoded here into YAML::Node without running a YAML scanner.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

namespace layerlint {

// Decodes a tree; nullopt when it is malformed.
std::optional<YAML::Node> decode_data_tree(std::string_view tree);

// The embedded data file `name` ("secret-names.yaml") as a node: from its compiled tree when there is
// one, else parsed from the YAML text. A null node when it is missing or malformed.
YAML::Node load_embedded_data(std::string_view name);

}  // namespace layerlint
