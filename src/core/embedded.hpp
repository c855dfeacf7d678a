// Files from rules/ (*.yaml data, *.md docs) compiled into the binary by cmake/embed.cmake.
#pragma once

#include <optional>
#include <string_view>

namespace layerlint {

// Contents of rules/<name> (e.g. "secret-patterns.yaml"), or nullopt when not embedded.
std::optional<std::string_view> embedded_file(std::string_view name);

}  // namespace layerlint
