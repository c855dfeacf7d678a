// LL2001 root-user: the final stage runs as root (no USER, or the last USER is root).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/text.hpp"
#include "fix/least_privilege.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

// "root", "0", "000": the user part (before ':') names uid 0; "ContainerAdministrator" is Windows'
// root (account names are case-insensitive there).
bool is_root_user(std::string_view user) {
  if (user == "root" || ascii_lower(user) == "containeradministrator") return true;
  return !user.empty() && std::all_of(user.begin(), user.end(), [](char c) { return c == '0'; });
}

// The stages of the FROM chain of `stage`, from `stage` back to the one built from an image.
std::vector<size_t> from_chain(const BuildModel& model, size_t stage) {
  std::vector<size_t> chain{stage};
  // FROM chains point backwards; anything else is a malformed model and ends the chain.
  while (model.stages()[chain.back()].parent && *model.stages()[chain.back()].parent < chain.back())
    chain.push_back(*model.stages()[chain.back()].parent);
  return chain;
}

// The last USER of `stage` or, when it has none, of its FROM ancestors; nullptr when none.
const Instruction* last_user(const BuildModel& model, size_t stage) {
  for (const size_t s : from_chain(model, stage)) {
    const auto& insts = model.stages()[s].instructions;
    for (auto it = insts.rbegin(); it != insts.rend(); ++it) {
      if ((*it)->kind == InstructionKind::User && !(*it)->args.empty()) return *it;
    }
  }
  return nullptr;
}

// The user a `useradd`/`adduser` command creates: its last operand ("" when it is not a plain name).
std::string created_user(const SimpleCommand& command) {
  const std::string_view name = command.name().substr(command.name().rfind('/') + 1);
  if ((name != "useradd" && name != "adduser") || command.words.size() < 2) return "";
  const ShellWord& last = command.words.back();
  if (last.value.empty() || last.value.front() == '-' || !last.vars.empty() || last.has_substitution)
    return "";
  return last.value;
}

// The unprivileged user the build already has before `before` (the whole chain when null): the latest
// non-root USER that resolves, or the latest user a RUN creates. "" when there is none.
std::string known_user(const BuildModel& model, size_t stage, const Instruction* before) {
  for (const size_t s : from_chain(model, stage)) {
    const auto& insts = model.stages()[s].instructions;
    for (auto it = insts.rbegin(); it != insts.rend(); ++it) {
      const Instruction& inst = **it;
      if (before && inst.range.begin.offset >= before->range.begin.offset) continue;
      if (inst.kind == InstructionKind::User && !inst.args.empty()) {
        const ExpandResult r = model.expand(inst, inst.args.front().value);
        if (!r.value.empty() && r.value.find('$') == std::string::npos &&
            !is_root_user(std::string_view(r.value).substr(0, r.value.find(':'))))
          return r.value;
      }
      if (inst.kind != InstructionKind::Run) continue;
      std::string user;  // the last one the RUN creates
      const auto scan = [&](const ShellScript& script) {
        for (const SimpleCommand& c : script.commands) {
          if (std::string name = created_user(c); !name.empty()) user = std::move(name);
        }
      };
      scan(model.script(inst));
      for (size_t h = 0; h < inst.heredocs.size(); ++h) scan(model.heredoc_script(inst, h));
      if (!user.empty()) return user;
    }
  }
  return "";
}

// The image the FROM chain of `stage` starts from.
std::string_view root_image(const BuildModel& model, size_t stage) {
  return model.stages()[from_chain(model, stage).back()].base;
}

// The last instruction of `stage` that changes its filesystem: those keep running as root, and the
// switch to an unprivileged user goes after them. The FROM when there is none.
const Instruction* switch_point(const Stage& stage) {
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
  return after;
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
    const ImageFamily family = image_family(root_image(model, *final_stage), model.file().escape);
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
      f.fix = replace_root_user_fix(model, *user, family, known_user(model, *final_stage, user));
      out.push_back(std::move(f));
      return;
    }
    if (!stage.from) return;
    if (runs_unprivileged_by_default(root_image(model, *final_stage))) return;
    const Range range = stage.from->image ? stage.from->image->range : stage.from->range;
    const std::string shown = stage.from->image ? stage.from->image->value : stage.base;
    Finding f =
        make_finding(range, fmt::format("the final stage runs as root: no USER after FROM {}", shown));
    f.fix = add_user_fix(model, *switch_point(stage), family, known_user(model, *final_stage, nullptr));
    out.push_back(std::move(f));
  }
};

}  // namespace

const Rule& rule_LL2001() {
  static const RootUser k_rule;
  return k_rule;
}

}  // namespace layerlint
