// LL2001 root-user: the final stage runs as root (no USER, or the last USER is root).
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/text.hpp"
#include "fix/least_privilege.hpp"
#include "layerlint/context.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "model/commands.hpp"
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

// A command of an entrypoint script that drops root before the service starts.
struct PrivilegeDrop {
  std::string tool;  // "gosu", "su-exec", "setpriv", "runuser", "chroot --userspec"
  uint32_t line = 0;
};

// The first privilege drop in a shell script's text: a call of gosu, su-exec, setpriv, runuser or
// `chroot --userspec`, outside comments. Words are matched whole (`gosu-check` is not gosu).
std::optional<PrivilegeDrop> find_privilege_drop(std::string_view text) {
  static constexpr std::string_view k_tools[] = {"gosu", "su-exec", "setpriv", "runuser", "chroot"};
  const auto word_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  };
  uint32_t line_no = 0;
  for (size_t at = 0; at < text.size();) {
    const size_t eol = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, eol - at);
    at = eol + 1;
    ++line_no;
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    for (std::string_view tool : k_tools) {
      for (size_t p = line.find(tool); p != std::string_view::npos; p = line.find(tool, p + 1)) {
        const size_t end = p + tool.size();
        if ((p > 0 && (word_char(line[p - 1]) || line[p - 1] == '$')) ||
            (end < line.size() && word_char(line[end])))
          continue;
        const size_t comment = line.find(" #");
        if (comment != std::string_view::npos && comment < p) continue;
        if (tool == "chroot") {
          if (line.find("--userspec", end) == std::string_view::npos) continue;
          return PrivilegeDrop{"chroot --userspec", line_no};
        }
        return PrivilegeDrop{std::string(tool), line_no};
      }
    }
  }
  return std::nullopt;
}

// The last ENTRYPOINT of `stage` or, when it has none, of its FROM ancestors; nullptr when none.
const Instruction* last_entrypoint(const BuildModel& model, size_t stage) {
  for (const size_t s : from_chain(model, stage)) {
    const auto& insts = model.stages()[s].instructions;
    for (auto it = insts.rbegin(); it != insts.rend(); ++it) {
      if ((*it)->kind == InstructionKind::Entrypoint && !(*it)->args.empty()) return *it;
    }
  }
  return nullptr;
}

// A privilege-drop tool named by a RUN of the FROM chain of `stage` (installed or called); "".
std::string drop_tool_in_runs(const BuildModel& model, size_t stage) {
  for (const size_t s : from_chain(model, stage)) {
    for (const Instruction* inst : model.stages()[s].instructions) {
      if (inst->kind != InstructionKind::Run) continue;
      for (const Word& w : inst->args) {
        if (const std::optional<PrivilegeDrop> drop = find_privilege_drop(w.value)) return drop->tool;
      }
      for (const Heredoc& h : inst->heredocs) {
        if (const std::optional<PrivilegeDrop> drop = find_privilege_drop(h.content)) return drop->tool;
      }
    }
  }
  return "";
}

// Scripts larger than this are not read: an entrypoint is a few kilobytes.
constexpr std::uintmax_t k_max_script_bytes = 1 << 20;

// The build context's folder, without walking it: the one given, or the root of a context already
// read; nullopt when there is none.
std::optional<std::filesystem::path> context_root(const BuildModel& model) {
  if (model.options().context_dir) return model.options().context_dir;
  if (const BuildContext* context = model.context()) return context->root();
  return std::nullopt;
}

std::optional<std::string> read_small_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > k_max_script_bytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return text;
}

// Evidence that the final stage starts as root only to drop privileges in its entrypoint: the
// ENTRYPOINT runs a drop tool itself, or runs a script, copied from the build context (or written
// by a COPY heredoc), that calls one. "" when there is none.
std::string privilege_drop_evidence(const BuildModel& model, size_t stage) {
  const Instruction* entry = last_entrypoint(model, stage);
  if (!entry) return "";
  std::string program;
  std::vector<Word> words = entry->args;
  if (!entry->exec_form) {
    // Shell form: the words of the command line, enough to find the program.
    std::vector<Word> split;
    const std::string& line = entry->args.front().value;
    for (size_t at = line.find_first_not_of(" \t"); at != std::string::npos && split.size() < 8;) {
      const size_t end = std::min(line.find_first_of(" \t", at), line.size());
      split.push_back(Word{line.substr(at, end - at), entry->args.front().range});
      at = line.find_first_not_of(" \t", end);
    }
    words = std::move(split);
  }
  for (const Word& w : words) {
    // `ENTRYPOINT ["/bin/sh", "-c", ...]` or `["tini", "--", "script"]`: the script is further on.
    const std::string_view base = std::string_view(w.value).substr(w.value.rfind('/') + 1);
    if (base == "sh" || base == "bash" || base == "tini" || base == "dumb-init" || base == "--" ||
        base.starts_with("-"))
      continue;
    if (const std::optional<PrivilegeDrop> drop = find_privilege_drop(w.value); drop && drop->line == 1)
      return fmt::format("its ENTRYPOINT calls {}", drop->tool);
    program = model.expand(*entry, w.value).value;
    break;
  }
  if (program.empty() || program.find_first_of(" \t$") != std::string::npos) return "";
  const std::string_view program_base = std::string_view(program).substr(program.rfind('/') + 1);
  const bool on_path = program.find('/') == std::string::npos;
  const std::string target =
      on_path ? program : std::string(program.starts_with('/') ? "" : model.workdir(*entry) + "/") + program;
  // The COPY that puts the script in place: the latest one whose destination is the script's path
  // (or, for a bare name run from PATH, whose source has the script's name).
  for (const size_t s : from_chain(model, stage)) {
    const auto& insts = model.stages()[s].instructions;
    for (auto it = insts.rbegin(); it != insts.rend(); ++it) {
      const Instruction& inst = **it;
      if ((inst.kind != InstructionKind::Copy && inst.kind != InstructionKind::Add) || inst.args.size() < 2)
        continue;
      if (std::any_of(inst.flags.begin(), inst.flags.end(), [](const Flag& f) { return f.name == "from"; }))
        continue;
      const std::string dest = model.expand(inst, inst.args.back().value).value;
      const std::string_view dest_base = std::string_view(dest).substr(dest.rfind('/') + 1);
      size_t heredoc = 0;
      for (size_t a = 0; a + 1 < inst.args.size(); ++a) {
        const std::string src = model.expand(inst, inst.args[a].value).value;
        const bool is_heredoc = src.starts_with("<<") && heredoc < inst.heredocs.size();
        const std::string_view src_base = is_heredoc ? std::string_view(inst.heredocs[heredoc].name)
                                                     : std::string_view(src).substr(src.rfind('/') + 1);
        const std::string_view copied_as = dest.ends_with('/') || dest_base.empty() ? src_base : dest_base;
        // The script is the file copied to its path, or a file of its name copied elsewhere and linked
        // there (`COPY docker-entrypoint.sh /usr/local/bin` with ENTRYPOINT ["/docker-entrypoint.sh"]),
        // or one of the files a glob copies into its folder.
        const bool glob = src.find_first_of("*?[") != std::string::npos;
        const std::string_view program_dir = std::string_view(target).substr(0, target.rfind('/') + 1);
        const bool same = copied_as == program_base || src_base == program_base ||
                          (!on_path && (dest == target || (glob && commands::trim_slashes(dest) ==
                                                                       commands::trim_slashes(program_dir))));
        if (!same) {
          if (is_heredoc) ++heredoc;
          continue;
        }
        std::optional<std::string> text;
        if (is_heredoc) {
          text = inst.heredocs[heredoc].content;
        } else if (const std::optional<std::filesystem::path> dir = context_root(model)) {
          if (!glob) text = read_small_file(*dir / std::filesystem::path(src).relative_path());
        }
        if (!text) {
          // The script is not at hand (no context, or it is elsewhere): a drop tool that the stage
          // installs or calls is the evidence left, as in the official database images.
          const std::string tool = drop_tool_in_runs(model, stage);
          return tool.empty() ? ""
                              : fmt::format("it installs {} and its entrypoint {} (not read) runs first",
                                            tool, program_base);
        }
        const std::optional<PrivilegeDrop> drop = find_privilege_drop(*text);
        if (!drop) return "";
        return fmt::format("its entrypoint {} drops privileges ({}, line {})", program_base, drop->tool,
                           drop->line);
      }
    }
  }
  return "";
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
      if (report_privilege_drop(model, *final_stage, arg.range, out)) return;
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
    if (report_privilege_drop(model, *final_stage, range, out)) return;
    Finding f =
        make_finding(range, fmt::format("the final stage runs as root: no USER after FROM {}", shown));
    f.fix = add_user_fix(model, *switch_point(stage), family, known_user(model, *final_stage, nullptr));
    out.push_back(std::move(f));
  }

 private:
  // A final stage that starts as root to drop privileges in its entrypoint (the database images'
  // pattern: fix ownership, then `exec gosu app "$@"`) is reported at info, with the evidence, and
  // without the USER fix, which would break the entrypoint.
  bool report_privilege_drop(const BuildModel& model, size_t stage, Range range,
                             std::vector<Finding>& out) const {
    const std::string evidence = privilege_drop_evidence(model, stage);
    if (evidence.empty()) return false;
    Finding f = make_finding(
        range, fmt::format("the final stage starts as root, but {}: check that every process it starts runs "
                           "unprivileged",
                           evidence));
    f.severity = Severity::Info;
    out.push_back(std::move(f));
    return true;
  }
};

}  // namespace

const Rule& rule_LL2001() {
  static const RootUser k_rule;
  return k_rule;
}

}  // namespace layerlint
