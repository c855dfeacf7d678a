// LL2001 root-user: the final stage runs as root (no USER, or the last USER is root).
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/text.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

constexpr std::string_view k_user = "10001:10001";

// "root", "0", "000": the user part (before ':') names uid 0.
bool is_root_user(std::string_view user) {
  if (user == "root") return true;
  return !user.empty() && std::all_of(user.begin(), user.end(), [](char c) { return c == '0'; });
}

// The last USER of `stage` or, when it has none, of its FROM ancestors; nullptr when none.
const Instruction* last_user(const BuildModel& model, size_t stage) {
  for (std::optional<size_t> s = stage; s; s = model.stages()[*s].parent) {
    const auto& insts = model.stages()[*s].instructions;
    for (auto it = insts.rbegin(); it != insts.rend(); ++it) {
      if ((*it)->kind == InstructionKind::User && !(*it)->args.empty()) return *it;
    }
    if (model.stages()[*s].parent && *model.stages()[*s].parent >= *s) break;  // FROM chains point backwards
  }
  return nullptr;
}

// The image the FROM chain of `stage` starts from, lower-cased.
std::string root_image(const BuildModel& model, size_t stage) {
  size_t s = stage;
  while (model.stages()[s].parent && *model.stages()[s].parent < s) s = *model.stages()[s].parent;
  return ascii_lower(model.stages()[s].base);
}

// Images documented to run as an unprivileged user without a USER line (distroless `:nonroot`,
// `*-rootless` variants).
bool nonroot_image(std::string_view image) {
  return image.find("nonroot") != std::string_view::npos || image.find("rootless") != std::string_view::npos;
}

// The commands that create the runtime user on `image`: busybox/alpine tools, or shadow-utils;
// none for images without a shell.
std::string create_user_command(std::string_view image) {
  if (image == "scratch" || image.find("distroless") != std::string_view::npos) return "";
  if (image.find("alpine") != std::string_view::npos || image.find("busybox") != std::string_view::npos) {
    return "RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app";
  }
  return "RUN groupadd -r -g 10001 app && useradd -r -u 10001 -g app app";
}

class RootUser final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL2001",
                                 "root-user",
                                 Severity::Warning,
                                 "the final stage runs as root: no USER, or the last USER is root",
                                 "security,least-privilege",
                                 5.0,
                                 "LL2001_root_user.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const std::optional<size_t> final_stage = model.final_stage();
    if (!final_stage) return;
    const Stage& stage = model.stages()[*final_stage];
    if (const Instruction* user = last_user(model, *final_stage)) {
      const Word& arg = user->args.front();
      const ExpandResult r = model.expand(*user, arg.value);
      // An unresolvable user (`USER $UID` without a value) is the builder's choice: not flagged.
      if (r.value.empty() || r.value.find('$') != std::string::npos) return;
      if (!is_root_user(std::string_view(r.value).substr(0, r.value.find(':')))) return;
      std::string shown = r.value == arg.value ? fmt::format("'{}'", arg.value)
                                               : fmt::format("'{}' ({})", arg.value, r.value);
      const std::optional<size_t> at = model.stage_of(*user);
      if (at && *at != *final_stage) {
        const Stage& from = model.stages()[*at];
        shown += from.name.empty() ? fmt::format(" in stage {}", from.index)
                                   : fmt::format(" in stage '{}'", from.name);
      }
      Finding f =
          make_finding(arg.range, fmt::format("the final stage runs as root: the last USER is {}", shown));
      Fix fix;
      fix.title = fmt::format("switch to an unprivileged user ({})", k_user);
      fix.applicability = Applicability::Unsafe;
      fix.edits.push_back(Edit{arg.range, std::string(k_user)});
      fix.advice.rewritten = fmt::format("USER {}", k_user);
      f.fix = std::move(fix);
      out.push_back(std::move(f));
      return;
    }
    if (!stage.from) return;
    const std::string image = root_image(model, *final_stage);
    if (nonroot_image(image)) return;
    const Range range = stage.from->image ? stage.from->image->range : stage.from->range;
    const std::string shown = stage.from->image ? stage.from->image->value : stage.base;
    Finding f =
        make_finding(range, fmt::format("the final stage runs as root: no USER after FROM {}", shown));
    f.fix = create_user_fix(model, stage, image);
    out.push_back(std::move(f));
  }

 private:
  // Creates the user after the last instruction that changes the filesystem (those keep running
  // as root) and switches to it.
  static Fix create_user_fix(const BuildModel& model, const Stage& stage, std::string_view image) {
    const std::string create = create_user_command(image);
    Fix fix;
    fix.title = fmt::format("create an unprivileged user and switch to it (USER {})", k_user);
    fix.applicability = Applicability::Unsafe;
    fix.advice.rewritten =
        create.empty() ? fmt::format("USER {}", k_user) : fmt::format("{}\nUSER {}", create, k_user);
    const Instruction* after = stage.from;
    for (const Instruction* inst : stage.instructions) {
      switch (inst->kind) {
        case InstructionKind::Run:
        case InstructionKind::Copy:
        case InstructionKind::Add:
        case InstructionKind::Workdir: after = inst; break;
        default: break;
      }
    }
    if (after && after->range.valid()) {
      const Range at{after->range.end, after->range.end};
      const bool ends_line = after->range.end.offset > 0 &&
                             after->range.end.offset <= model.source().text().size() &&
                             model.source().text()[after->range.end.offset - 1] == '\n';
      fix.edits.push_back(Edit{at, ends_line ? fix.advice.rewritten + "\n" : "\n" + fix.advice.rewritten});
    }
    return fix;
  }
};

}  // namespace

const Rule& rule_LL2001() {
  static const RootUser k_rule;
  return k_rule;
}

}  // namespace layerlint
