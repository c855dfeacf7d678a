// The rule registry: rules/rules.def expanded into one static table (no self-registration).
#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

const std::vector<const Rule*>& registry() {
  static const std::vector<const Rule*> k_rules = {
#define LAYERLINT_RULE(Id) &rule_##Id(),
#include "rules.def"
#undef LAYERLINT_RULE
  };
  return k_rules;
}

}  // namespace

std::span<const Rule* const> all_rules() { return registry(); }

const Rule* find_rule(std::string_view id_or_slug) {
  if (iequals(id_or_slug, parse_error_info().id) || iequals(id_or_slug, parse_error_info().slug)) return nullptr;
  for (const Rule* r : all_rules()) {
    if (iequals(r->info().id, id_or_slug) || iequals(r->info().slug, id_or_slug)) return r;
  }
  return nullptr;
}

const RuleInfo* find_rule_info(std::string_view id_or_slug) {
  if (iequals(id_or_slug, parse_error_info().id) || iequals(id_or_slug, parse_error_info().slug)) {
    return &parse_error_info();
  }
  const Rule* r = find_rule(id_or_slug);
  return r ? &r->info() : nullptr;
}

std::vector<const RuleInfo*> all_rule_infos() {
  std::vector<const RuleInfo*> out{&parse_error_info()};
  for (const Rule* r : all_rules()) out.push_back(&r->info());
  return out;
}

}  // namespace layerlint
