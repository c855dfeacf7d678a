// LL1004 secret-file-copied: COPY/ADD puts a secret file into a layer of a shipped stage.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class SecretFileCopied final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1004",
                                 "secret-file-copied",
                                 Severity::Error,
                                 "COPY or ADD puts a secret file (key, token file, credentials) into a layer",
                                 "security,secrets",
                                 8.5,
                                 "LL1004_secret_file_copied.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const auto& events = model.file_events();
    for (size_t i = 0; i < events.size(); ++i) {
      const FileEvent& ev = events[i];
      if (ev.op != FileOp::Added || !ev.secret) continue;
      if (ev.implicit && !ev.from_stage) continue;  // context files dragged in by `COPY .`: LL1008
      if (!ev.implicit && !ev.verdict.secret) continue;
      if (!ev.implicit) {
        Finding f = make_finding(ev.range, fmt::format("{} {} puts {} into the image at {}", ev.command,
                                                       ev.shown, ev.why, ev.path));
        f.severity = model.severity_for(*ev.inst, info().severity);
        f.fix = fixes::copied_file(model, ev, nullptr);
        out.push_back(std::move(f));
        continue;
      }
      // One finding per `COPY --from` source, naming every secret it brings along.
      std::vector<const FileEvent*> group{&ev};
      while (i + 1 < events.size() && events[i + 1].implicit && events[i + 1].from_stage &&
             events[i + 1].inst == ev.inst && events[i + 1].range == ev.range) {
        group.push_back(&events[++i]);
      }
      std::string listed;
      for (size_t k = 0; k < group.size() && k < 3; ++k) {
        listed += fmt::format("{}{} ({}, put there at line {})", k ? ", " : "", group[k]->source,
                              group[k]->why, group[k]->origin_line);
      }
      if (group.size() > 3) listed += fmt::format(" and {} more", group.size() - 3);
      Finding f =
          make_finding(ev.range, fmt::format("{} --from copies {} into the image", ev.command, listed));
      f.severity = model.severity_for(*ev.inst, info().severity);
      f.fix = fixes::copied_file(model, ev, nullptr);
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

const Rule& rule_LL1004() {
  static const SecretFileCopied k_rule;
  return k_rule;
}

}  // namespace layerlint
