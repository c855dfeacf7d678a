// LL1009 secret-file-persisted: a RUN writes a secret into a file that is never removed.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
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
      if (ev.from_secrets_server) continue;  // LL1010, with the network remedy
      // Removed in the same RUN: no file left; in a later layer: LL1005.
      if (model.removal_after(i, [&](const FileEvent& r) { return r.inst != ev.inst || r.order > ev.order; }))
        continue;
      Finding f = make_finding(
          ev.range, fmt::format("{} writes {} to {}, which is never removed and ships in the layer",
                                ev.command, ev.why, ev.path));
      f.severity = model.severity_for(*ev.inst, info().severity);
      f.fix = fixes::written_file(model, ev);
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
