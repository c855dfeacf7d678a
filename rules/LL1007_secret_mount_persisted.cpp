// LL1007 secret-mount-persisted: the content of a secret mount is copied into the image.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class SecretMountPersisted final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1007",
                                 "secret-mount-persisted",
                                 Severity::Error,
                                 "the content of a secret mount is copied into the image filesystem",
                                 "security,secrets,layers",
                                 8.5,
                                 "LL1007_secret_mount_persisted.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const auto& events = model.file_events();
    for (size_t i = 0; i < events.size(); ++i) {
      const FileEvent& ev = events[i];
      if (ev.op != FileOp::Written || ev.secret_mount_id.empty()) continue;
      if (model.removal_after(i, [&](const FileEvent& r) { return r.inst == ev.inst && r.order > ev.order; }))
        continue;
      Finding f = make_finding(
          ev.range, fmt::format("{} copies the secret mount '{}' into {}, which stays in the layer",
                                ev.command, ev.secret_mount_id, ev.path));
      f.severity = model.severity_for(*ev.inst, info().severity);
      f.fix = fixes::written_file(model, ev);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

const Rule& rule_LL1007() {
  static const SecretMountPersisted k_rule;
  return k_rule;
}

}  // namespace layerlint
