// The image rules' metadata (LL4000–LL4004), for the image scanner and the reporters.
#pragma once

#include <string>
#include <string_view>

#include "layerlint/rule.hpp"

namespace layerlint::image {

enum class ImageRule { ReadError = 0, HistorySecret, ConfigSecret, SecretFile, SecretInFile };

const RuleInfo& rule_info(ImageRule r);

// A digest as messages show it: "sha256:" and 12 hex digits (a member name without ':' is cut at 24).
std::string short_digest(std::string_view digest);

}  // namespace layerlint::image
