// LL1009 secret-file-persisted: a RUN writes a secret into a file that is never removed.
#include <fmt/format.h>

#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "model/fixes.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class SecretFilePersisted final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1009",
                                 "secret-file-persisted",
                                 Severity::Error,
                                 "a RUN writes a secret into a file that stays in the image",
                                 "security,secrets,layers",
                                 8.0,
                                 "LL1009_secret_file_persisted.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const auto& events = model.file_events();
    for (size_t i = 0; i < events.size(); ++i) {
      const FileEvent& ev = events[i];
      if (ev.op != FileOp::Written || !ev.secret) continue;
      if (ev.inst->kind != InstructionKind::Run) continue;
      // Removed in the same RUN: no file left; in a later layer: LL1005.
      if (model.removal_after(i, [&](const FileEvent& r) { return r.inst != ev.inst || r.order > ev.order; }))
        continue;
      Finding f = make_finding(
          ev.range, fmt::format("{} writes {} to {}, which is never removed and ships in the layer",
                                ev.command, ev.why, ev.path));
      f.severity = model.severity_for(*ev.inst, info().severity);
      Fix fix;
      const Variable* var = nullptr;
      for (const std::string& name : ev.content_vars) {
        if (const Variable* v = model.lookup(*ev.inst, name)) var = v;
      }
      if (var) {
        fix = secret_variable_fix(model, *var, ev.inst);
        fix.title = fmt::format(
            "mount {} as a build secret for this RUN, and write {} and remove it in the same RUN "
            "if the tool needs a file",
            var->name, ev.path);
      } else {
        fix = secret_file_fix(model, ev);
      }
      f.fix = std::move(fix);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

const Rule& rule_LL1009() {
  static const SecretFilePersisted k_rule;
  return k_rule;
}

}  // namespace layerlint
