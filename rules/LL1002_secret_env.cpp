// LL1002 secret-env: a secret stored with ENV is part of the image config.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class SecretEnv final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1002",
                                 "secret-env",
                                 Severity::Error,
                                 "a secret set with ENV is stored in the image configuration",
                                 "security,secrets",
                                 8.0,
                                 "LL1002_secret_env.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    for (const Variable& var : model.variables()) {
      if (var.kind != VariableKind::Env || !var.origin || !var.pair || !var.pair->value) continue;
      const std::string& raw = var.pair->unquoted;
      const bool secret_name = is_secret_name(var.strength);
      const bool literal_secret = !model.secret_values(raw).empty() || has_literal_url_credentials(raw);
      const bool literal_value = var.has_literal && !is_placeholder_value(raw, var.name);
      std::string why;
      if (var.secret_derived) {
        why = fmt::format("takes its value from {}", join(var.derived_from));
      } else if (secret_name && literal_value) {
        why = fmt::format("holds a literal value ({})", redact(raw));
      } else if (literal_secret) {
        why = fmt::format("holds a literal credential ({})", redact(raw));
      } else {
        continue;
      }
      Finding f = make_finding(var.pair->key.range,
                               fmt::format("ENV {} {}: it is stored in the image configuration "
                                           "(`docker inspect` shows it) and in every container's environment",
                                           var.name, why));
      f.severity = model.severity_for(*var.origin, info().severity);
      if (var.has_literal) f.sensitive.push_back(var.pair->value->range);
      f.fix = fixes::variable(model, var);
      out.push_back(std::move(f));
    }
  }

 private:
  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  }
};

}  // namespace

const Rule& rule_LL1002() {
  static const SecretEnv k_rule;
  return k_rule;
}

}  // namespace layerlint
