// LL1005 secret-removed-in-later-layer: deleting a secret in a later instruction does not remove it
// from the layer that added it.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class SecretRemovedInLaterLayer final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1005",
                                 "secret-removed-in-later-layer",
                                 Severity::Error,
                                 "a secret file removed by a later instruction is still in the earlier layer",
                                 "security,secrets,layers",
                                 8.5,
                                 "LL1005_secret_removed_in_later_layer.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const auto& events = model.file_events();
    for (size_t i = 0; i < events.size(); ++i) {
      const FileEvent& added = events[i];
      if (added.op == FileOp::Removed || !added.secret) continue;
      if (model.removal_after(
              i, [&](const FileEvent& r) { return r.inst == added.inst && r.order > added.order; }))
        continue;  // gone before the layer is written
      if (const FileEvent* later =
              model.removal_after(i, [&](const FileEvent& r) { return r.inst != added.inst; })) {
        const FileEvent& removal = *later;
        Finding f = make_finding(
            added.range,
            fmt::format("{} ({}) is written to a layer here and removed at line {}, but the layer "
                        "still holds it: anyone with the image can extract it",
                        added.path, added.why, removal.range.begin.line));
        f.severity = model.severity_for(*added.inst, info().severity);
        f.fix = added.op == FileOp::Written ? fixes::written_file(model, added, later)
                                            : fixes::copied_file(model, added, later);
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

const Rule& rule_LL1005() {
  static const SecretRemovedInLaterLayer k_rule;
  return k_rule;
}

}  // namespace layerlint
