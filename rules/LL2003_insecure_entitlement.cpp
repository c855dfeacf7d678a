// LL2003 insecure-entitlement: `RUN --security=insecure` runs a build step with full host privileges.
#include <fmt/format.h>

#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class InsecureEntitlement final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL2003",
                                 "insecure-entitlement",
                                 Severity::Error,
                                 "RUN --security=insecure runs a build step with full host privileges",
                                 "security,least-privilege",
                                 8.0,
                                 "LL2003_insecure_entitlement.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const std::string_view text = model.source().text();
    for (const Instruction& inst : model.file().instructions) {
      if (inst.kind != InstructionKind::Run) continue;
      for (const Flag& flag : inst.flags) {
        if (flag.name != "security" || !flag.value) continue;
        const ExpandResult r = model.expand(inst, *flag.value);
        if (r.value != "insecure") continue;
        Finding f =
            make_finding(flag.range, "RUN --security=insecure grants the build step full host privileges");
        f.severity = model.severity_for(inst, info().severity);
        Fix fix;
        fix.title =
            "remove --security=insecure (and --allow-insecure-entitlement security.insecure from the build)";
        fix.applicability = Applicability::Unsafe;
        // The flag and the blanks after it.
        uint32_t end = flag.range.end.offset;
        while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
        fix.edits.push_back(Edit{model.source().range(flag.range.begin.offset, end), ""});
        fix.advice.alternatives.emplace_back(
            "do the privileged work outside the build (at container start, or on the host) and copy in the "
            "result");
        f.fix = std::move(fix);
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

const Rule& rule_LL2003() {
  static const InsecureEntitlement k_rule;
  return k_rule;
}

}  // namespace layerlint
