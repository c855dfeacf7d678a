// The rule registry: rules/rules.def expanded into one static table (no self-registration).
#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "layerlint/image.hpp"
#include "layerlint/rule.hpp"
#include "layerlint/suppress.hpp"
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
  for (const Rule* r : all_rules()) {
    if (iequals(r->info().id, id_or_slug) || iequals(r->info().slug, id_or_slug)) return r;
  }
  return nullptr;
}

// The rules the driver reports itself rather than a Rule: parse errors and suppression problems.
std::vector<const RuleInfo*> meta_rule_infos() {
  return {&parse_error_info(), &bad_suppression_info(), &unused_suppression_info()};
}

const RuleInfo* find_rule_info(std::string_view id_or_slug) {
  for (const RuleInfo* meta : meta_rule_infos()) {
    if (iequals(id_or_slug, meta->id) || iequals(id_or_slug, meta->slug)) return meta;
  }
  if (const Rule* r = find_rule(id_or_slug)) return &r->info();
  for (const RuleInfo* info : image_rule_infos()) {
    if (iequals(id_or_slug, info->id) || iequals(id_or_slug, info->slug)) return info;
  }
  return nullptr;
}

std::vector<const RuleInfo*> all_rule_infos() {
  std::vector<const RuleInfo*> out = meta_rule_infos();
  for (const Rule* r : all_rules()) out.push_back(&r->info());
  for (const RuleInfo* info : image_rule_infos()) out.push_back(info);
  return out;
}

}  // namespace layerlint
