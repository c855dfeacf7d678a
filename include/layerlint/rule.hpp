// Rules: metadata (data) and a const check over the build model.
//
// Contract: a rule's check() is const, keeps its state local and may run concurrently on
// different files. Metadata is static data, shared by --list-rules, --explain, SARIF rules[] and
// the README's generated rule table.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/finding.hpp"

namespace layerlint {

class BuildModel;
struct ComposeFile;

struct RuleInfo {
  std::string_view id;        // "LL1005"
  std::string_view slug;      // "secret-removed-in-later-layer"
  Severity severity;          // default severity
  std::string_view summary;   // one line, lower-case start, no period
  std::string_view tags;      // comma-separated: "security,secrets"
  double security_severity;   // 0.0-10.0, for GitHub code scanning
  std::string_view doc_file;  // "LL1005_secret_removed_in_later_layer.md" in rules/

  // "https://…/rules/<slug>.md"
  [[nodiscard]] std::string help_uri() const;
  // The rule's markdown doc (embedded), or "" when missing.
  [[nodiscard]] std::string_view doc() const;
};

class Rule {
 public:
  virtual ~Rule() = default;
  [[nodiscard]] virtual const RuleInfo& info() const = 0;
  // Dockerfile rules override check(), Compose rules check_compose(); the other stays a no-op.
  virtual void check(const BuildModel& /*model*/, std::vector<Finding>& /*out*/) const {}
  virtual void check_compose(const ComposeFile& /*compose*/, std::vector<Finding>& /*out*/) const {}

 protected:
  // A finding of this rule with its default severity.
  [[nodiscard]] Finding make_finding(Range range, std::string message) const;
};

// All rules, sorted by id (expanded from rules/rules.def). Immutable, thread-safe.
std::span<const Rule* const> all_rules();
// By id ("LL1001") or slug ("secret-arg"), case-insensitive; nullptr when unknown.
const Rule* find_rule(std::string_view id_or_slug);
// Metadata of LL0001 parse-error, reported by the driver rather than a rule.
const RuleInfo& parse_error_info();
// Metadata by id or slug (LL0001 included), case-insensitive; nullptr when unknown.
const RuleInfo* find_rule_info(std::string_view id_or_slug);
// Metadata of LL0001 and every rule, sorted by id.
std::vector<const RuleInfo*> all_rule_infos();

}  // namespace layerlint
