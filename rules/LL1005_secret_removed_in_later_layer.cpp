// LL1005 secret-removed-in-later-layer: deleting a secret in a later instruction does not remove it
// from the layer that added it.
#include <fmt/format.h>

#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "model/file_flow.hpp"
#include "model/fixes.hpp"
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
    RemovalIndex removals;
    for (size_t i = 0; i < events.size(); ++i) removals.add(events, i);
    for (size_t i = 0; i < events.size(); ++i) {
      const FileEvent& added = events[i];
      if (added.op == FileOp::Removed || !added.secret) continue;
      if (removed_in_same_instruction(events, i)) continue;
      const size_t j = removals.first_after(events, i, [&](size_t r) {
        return events[r].inst != added.inst && descends(model, events[r].stage, added.stage);
      });
      if (j != SIZE_MAX) {
        const FileEvent& removal = events[j];
        Finding f = make_finding(
            added.range,
            fmt::format("{} ({}) is written to a layer here and removed at line {}, but the layer "
                        "still holds it: anyone with the image can extract it",
                        added.path, added.why, removal.range.begin.line));
        f.severity = model.severity_for(*added.inst, info().severity);
        f.fix = secret_file_fix(model, added);
        out.push_back(std::move(f));
      }
    }
  }

 private:
  static bool removed_in_same_instruction(const std::vector<FileEvent>& events, size_t i) {
    for (size_t j = i + 1; j < events.size() && events[j].inst == events[i].inst; ++j) {
      if (events[j].order > events[i].order && removes(events[j], events[i])) return true;
    }
    return false;
  }

  // Whether stage `later` is `earlier` or built FROM it (the removal acts on the same filesystem).
  static bool descends(const BuildModel& model, size_t later, size_t earlier) {
    for (std::optional<size_t> s = later; s; s = model.stages()[*s].parent) {
      if (*s == earlier) return true;
      if (*s < earlier) break;
    }
    return false;
  }
};

}  // namespace

const Rule& rule_LL1005() {
  static const SecretRemovedInLaterLayer k_rule;
  return k_rule;
}

}  // namespace layerlint
