// Internal: tolerant readers for the embedded rule data (never throw; absent means default).
#pragma once

#include "core/data_tree.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace layerlint::secrets {

// The parsed embedded file, or a null node when it is missing or malformed.
DataNode load_embedded_yaml(std::string_view name);
std::string scalar_or(const DataNode& node, std::string_view fallback);
long number_or(const DataNode& node, long fallback);
std::vector<std::string> string_list(const DataNode& node);
std::vector<std::string> lower_list(const DataNode& node);

}  // namespace layerlint::secrets
