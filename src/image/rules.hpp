// The image rules' metadata (LL4000–LL4004), for the image scanner and the reporters.
#pragma once

#include "layerlint/rule.hpp"

namespace layerlint::image {

enum class ImageRule { ReadError = 0, HistorySecret, ConfigSecret, SecretFile, SecretInFile };

const RuleInfo& rule_info(ImageRule r);

}  // namespace layerlint::image
