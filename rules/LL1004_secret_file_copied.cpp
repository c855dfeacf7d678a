// LL1004 secret-file-copied: COPY/ADD puts a secret file into a layer of a shipped stage.
#include <fmt/format.h>

#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "model/fixes.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class SecretFileCopied final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1004", "secret-file-copied", Severity::Error,
                                 "COPY or ADD puts a secret file (key, token file, credentials) into a layer",
                                 "security,secrets", 8.5, "LL1004_secret_file_copied.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    for (const FileEvent& ev : model.file_events()) {
      if (ev.op != FileOp::Added || !ev.secret) continue;
      if (ev.implicit && !ev.from_stage) continue;  // context files dragged in by `COPY .`: LL1008
      if (!ev.implicit && !ev.verdict.secret) continue;
      const std::string& what = ev.why;
      Finding f = make_finding(
          ev.range,
          ev.implicit
              ? fmt::format("{} --from copies {} ({}, put there at line {}) into the image at {}", ev.command, ev.source,
                            what, ev.origin_line, ev.path)
              : fmt::format("{} {} puts {} into the image at {}", ev.command, ev.shown, what, ev.path));
      f.severity = model.severity_for(*ev.inst, info().severity);
      f.fix = secret_file_fix(model, ev);
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
