// Accessors of every rule listed in rules.def.
#pragma once

#include "layerlint/rule.hpp"

namespace layerlint {

#define LAYERLINT_RULE(Id) const Rule& rule_##Id();
#include "rules.def"
#undef LAYERLINT_RULE

}  // namespace layerlint
