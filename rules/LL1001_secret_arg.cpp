// LL1001 secret-arg: a secret-named ARG in scope of a RUN is written into the image history.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "model/file_flow.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class SecretArg final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1001",
                                 "secret-arg",
                                 Severity::Warning,
                                 "a secret passed as a build argument is recorded in the image history",
                                 "security,secrets",
                                 7.5,
                                 "LL1001_secret_arg.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    for (const Variable& var : model.variables()) {
      if (var.kind != VariableKind::Arg || !var.origin || !var.pair) continue;
      const bool literal_secret = var.pair->value && (!model.secret_values(var.pair->unquoted).empty() ||
                                                      has_literal_url_credentials(var.pair->unquoted));
      const bool secret_name = is_secret_name(var.strength);
      const bool literal_default =
          var.pair->value && var.has_literal && !is_placeholder_value(var.pair->unquoted, var.name);
      if (!secret_name && !literal_secret) continue;
      const Instruction* run = var.global ? nullptr : model.next_run(*var.origin);
      if (literal_secret || (secret_name && literal_default)) {
        Finding f =
            make_finding(var.pair->key.range,
                         fmt::format("build argument {} has a literal secret default value ({}), kept in the "
                                     "Dockerfile and in the image history",
                                     var.name, redact(var.pair->unquoted)));
        f.severity = Severity::Error;
        f.sensitive.push_back(var.pair->value->range);
        f.fix = fixes::variable(model, var);
        out.push_back(std::move(f));
        continue;
      }
      if (!run) continue;
      Finding f = make_finding(
          var.pair->key.range,
          fmt::format("build argument {}{} is recorded in the image history by the RUN at line {} "
                      "(`docker history` shows its value)",
                      var.name, var.evidence.empty() ? "" : fmt::format(" ({})", var.evidence),
                      run->range.begin.line));
      f.severity = model.severity_for(*var.origin, info().severity);
      f.fix = fixes::variable(model, var);
      out.push_back(std::move(f));
    }
    check_labels(model, out);
  }

 private:
  // `LABEL x=$TOKEN`: the value of a secret build argument is stored in the image's labels
  // (`docker inspect`) and in the history, with no RUN needed.
  void check_labels(const BuildModel& model, std::vector<Finding>& out) const {
    for (const Instruction& inst : model.file().instructions) {
      if (inst.kind != InstructionKind::Label) continue;
      for (const KeyValue& kv : inst.pairs) {
        if (!kv.value || kv.value->value.find('$') == std::string::npos) continue;
        for (const std::string& name : referenced_variables(kv.value->value)) {
          const Variable* var = model.lookup(inst, name);
          if (!var || var->kind != VariableKind::Arg ||
              !(is_secret_name(var->strength) || var->secret_derived))
            continue;
          Finding f = make_finding(
              kv.value->range, fmt::format("LABEL {} holds build argument {}: its value is stored in the "
                                           "image's labels (`docker inspect` shows it) and in the history",
                                           kv.key.value, name));
          f.severity = model.severity_for(inst, info().severity);
          f.fix = fixes::label_reference(model, inst, kv, *var);
          out.push_back(std::move(f));
          break;
        }
      }
    }
  }
};

}  // namespace

const Rule& rule_LL1001() {
  static const SecretArg k_rule;
  return k_rule;
}

}  // namespace layerlint
