// LL1010 network-secret-persisted: a secret fetched from a build-time secrets server is written
// outside /dev/shm and never removed in that RUN, so it ships in the layer.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class NetworkSecretPersisted final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{
        "LL1010",
        "network-secret-persisted",
        Severity::Error,
        "a secret fetched from a build-time secrets server is written to a file that "
        "stays in the image",
        "security,secrets,layers",
        8.0,
        "LL1010_network_secret_persisted.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const auto& events = model.file_events();
    for (size_t i = 0; i < events.size(); ++i) {
      const FileEvent& ev = events[i];
      if (ev.op != FileOp::Written || !ev.from_secrets_server || ev.inst->kind != InstructionKind::Run)
        continue;
      // Removed in the same RUN: the network remedy done right; in a later layer: LL1005.
      if (model.removal_after(i, [&](const FileEvent& r) { return r.inst != ev.inst || r.order > ev.order; }))
        continue;
      Finding f =
          make_finding(ev.range, fmt::format("{} writes a secret fetched from {} to {}, outside /dev/shm, "
                                             "and it is never removed: it ships in the layer",
                                             ev.command, ev.fetched_from, ev.path));
      f.severity = model.severity_for(*ev.inst, info().severity);
      f.fix = fixes::fetched_file(model, ev);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

const Rule& rule_LL1010() {
  static const NetworkSecretPersisted k_rule;
  return k_rule;
}

}  // namespace layerlint
