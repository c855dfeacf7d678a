// LL2002 sudo: a RUN calls sudo, or writes a NOPASSWD sudoers entry.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "model/commands.hpp"
#include "model/paths.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

using commands::heredoc_scripts;
using commands::is_option;
using commands::is_shell;
using commands::program_words;
using commands::Removals;
using commands::trim_slashes;
using commands::WordIndices;

constexpr std::string_view k_nopasswd = "NOPASSWD";

bool is_sudoers(std::string_view path) { return path.starts_with("/etc/sudoers"); }

class Sudo final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL2002",
                                 "sudo",
                                 Severity::Warning,
                                 "a RUN calls sudo or writes a NOPASSWD sudoers entry",
                                 "security,least-privilege",
                                 5.0,
                                 "LL2002_sudo.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    for (const Instruction& inst : model.file().instructions) {
      if (inst.kind == InstructionKind::Run) {
        check_run(model, inst, out);
      } else if ((inst.kind == InstructionKind::Copy || inst.kind == InstructionKind::Add) &&
                 !inst.heredocs.empty() && !inst.args.empty() && is_sudoers(inst.args.back().value)) {
        // COPY <<EOF /etc/sudoers.d/app
        for (const Heredoc& h : inst.heredocs) {
          report_nopasswd_in(model, inst, h.content, h.content_map, inst.args.back().value, out);
        }
      }
    }
  }

 private:
  void check_run(const BuildModel& model, const Instruction& inst, std::vector<Finding>& out) const {
    const bool root = runs_as_root(model, inst);
    if (inst.exec_form) {
      if (!inst.args.empty() && paths::basename(inst.args.front().value) == "sudo") {
        Finding f =
            make_finding(inst.args.front().range, "sudo in a RUN: the exec-form command runs through sudo");
        f.severity = model.severity_for(inst, info().severity);
        f.fix = sudo_fix(root, false, std::nullopt);
        out.push_back(std::move(f));
      }
      return;
    }
    const SourceFile& src = model.source();
    scan(
        model, inst, model.script(inst), root,
        [&](uint32_t b, uint32_t e) { return model.command_range(inst, b, e); }, out);
    const std::vector<bool> scripts = heredoc_scripts(model, inst);
    for (size_t i = 0; i < inst.heredocs.size(); ++i) {
      const Heredoc& h = inst.heredocs[i];
      if (scripts[i]) {
        scan(
            model, inst, model.heredoc_script(inst, i), root,
            [&](uint32_t b, uint32_t e) { return src.range(h.content_map, b, e); }, out);
      }
    }
    // `cat <<EOF > /etc/sudoers.d/app` / `cat <<EOF | tee /etc/sudoers`: the body is the entry.
    if (inst.heredocs.empty()) return;
    std::unordered_map<std::string_view, size_t> data;  // heredoc name -> index, for data bodies
    for (size_t i = 0; i < inst.heredocs.size(); ++i) {
      if (!scripts[i]) data.emplace(inst.heredocs[i].name, i);
    }
    const ShellScript& script = model.script(inst);
    const Removals removals(script);
    for (size_t c = 0; c < script.commands.size(); ++c) {
      const std::string target = sudoers_target(script.commands, c);
      if (target.empty() || removals.removed_after(c, target)) continue;
      for (size_t p = c;
           p < script.commands.size() && script.commands[p].pipeline == script.commands[c].pipeline; ++p) {
        for (const Redirect& r : script.commands[p].redirects) {
          auto it = r.is_heredoc() ? data.find(r.target.value) : data.end();
          if (it == data.end()) continue;
          const Heredoc& h = inst.heredocs[it->second];
          report_nopasswd_in(model, inst, h.content, h.content_map, target, out);
        }
      }
    }
  }

  template <typename RangeOf>
  void scan(const BuildModel& model, const Instruction& inst, const ShellScript& script, bool root,
            RangeOf range_of, std::vector<Finding>& out) const {
    const Removals removals(script);
    for (size_t c = 0; c < script.commands.size(); ++c) {
      const SimpleCommand& cmd = script.commands[c];
      const WordIndices programs = program_words(cmd);
      for (size_t k = 0; k < programs.size(); ++k) {
        const size_t i = programs[k];
        if (paths::basename(cmd.words[i].value) != "sudo") continue;
        const ShellWord& sudo = cmd.words[i];
        const bool has_next = i + 1 < cmd.words.size();
        const bool options = has_next && is_option(cmd.words[i + 1].value);
        // The program sudo runs, past its options (`sudo -u app make` runs make).
        const bool runs = k + 1 < programs.size() && programs[k + 1] > i;
        const std::string shown =
            runs ? fmt::format("'sudo {}'", cmd.words[programs[k + 1]].value) : "'sudo'";
        Finding f = make_finding(range_of(sudo.begin, sudo.end), fmt::format("sudo in a RUN: {}", shown));
        f.severity = model.severity_for(inst, info().severity);
        std::optional<Range> removal;
        if (has_next) removal = range_of(sudo.begin, cmd.words[i + 1].begin);
        f.fix = sudo_fix(root, options, removal);
        out.push_back(std::move(f));
      }
      // A NOPASSWD entry written into the sudoers: in an argument of the pipeline's writer or its
      // feeder (`echo '… NOPASSWD: ALL' >> /etc/sudoers`, `echo … | tee /etc/sudoers.d/app`), or
      // in a shell heredoc body (`cat <<EOF > /etc/sudoers.d/app` inside a heredoc script).
      const std::string target = sudoers_target(script.commands, c);
      if (target.empty() || removals.removed_after(c, target)) continue;
      for (size_t p = c; p < script.commands.size() && script.commands[p].pipeline == cmd.pipeline &&
                         script.commands[p].depth == cmd.depth;
           ++p) {
        const SimpleCommand& part = script.commands[p];
        for (const ShellWord& w : part.words) {
          const size_t at = w.raw.find(k_nopasswd);
          if (at == std::string::npos) continue;
          const auto b = static_cast<uint32_t>(w.begin + at);
          report_nopasswd(model, inst, range_of(b, b + static_cast<uint32_t>(k_nopasswd.size())), target,
                          out);
        }
        for (const Redirect& r : part.redirects) {
          if (!r.is_heredoc() || r.heredoc_body.empty()) continue;
          const size_t at = r.heredoc_body.find(k_nopasswd);
          if (at == std::string::npos) continue;
          // Tab stripping (`<<-`) shifts the body against the source: point at the body then.
          const auto b = static_cast<uint32_t>(r.heredoc_begin + (r.base_op() == "<<" ? at : 0));
          report_nopasswd(model, inst, range_of(b, b + static_cast<uint32_t>(k_nopasswd.size())), target,
                          out);
        }
      }
    }
  }

  // The sudoers file that the pipeline of commands[c] writes, when commands[c] starts that
  // pipeline; "" otherwise.
  static std::string sudoers_target(const std::vector<SimpleCommand>& commands, size_t c) {
    const SimpleCommand& first = commands[c];
    if (c > 0 && commands[c - 1].pipeline == first.pipeline && commands[c - 1].depth == first.depth)
      return "";
    for (size_t p = c;
         p < commands.size() && commands[p].pipeline == first.pipeline && commands[p].depth == first.depth;
         ++p) {
      const SimpleCommand& cmd = commands[p];
      for (const Redirect& r : cmd.redirects) {
        if (r.writes_file() && is_sudoers(r.target.value)) return r.target.value;
      }
      for (size_t i : program_words(cmd)) {
        const std::string_view name = paths::basename(cmd.words[i].value);
        if (name != "tee" && name != "sed") continue;
        for (size_t a = i + 1; a < cmd.words.size(); ++a) {
          if (is_sudoers(cmd.words[a].value)) return cmd.words[a].value;
        }
      }
    }
    return "";
  }

  void report_nopasswd_in(const BuildModel& model, const Instruction& inst, std::string_view content,
                          const SourceMap& map, std::string_view target, std::vector<Finding>& out) const {
    const size_t at = content.find(k_nopasswd);
    if (at == std::string_view::npos) return;
    const auto b = static_cast<uint32_t>(at);
    report_nopasswd(model, inst, model.source().range(map, b, b + static_cast<uint32_t>(k_nopasswd.size())),
                    target, out);
  }

  void report_nopasswd(const BuildModel& model, const Instruction& inst, Range range, std::string_view target,
                       std::vector<Finding>& out) const {
    Finding f = make_finding(
        range,
        fmt::format("NOPASSWD sudoers entry in {} lets the user become root without a password", target));
    f.severity = model.severity_for(inst, info().severity);
    Fix fix;
    fix.title = "grant only the specific command in the sudoers entry, or do the privileged step before USER";
    fix.applicability = Applicability::DisplayOnly;
    f.fix = std::move(fix);
    out.push_back(std::move(f));
  }

  // Dropping sudo is safe where the RUN already runs as root and sudo has no options (`-u app`
  // changes the user, `-E` the environment).
  static Fix sudo_fix(bool root, bool options, std::optional<Range> removal) {
    Fix fix;
    if (root) {
      fix.title = "drop sudo: the RUN already runs as root";
      fix.applicability = options || !removal ? Applicability::DisplayOnly : Applicability::Safe;
    } else {
      fix.title = "move the privileged step before USER and drop sudo";
      fix.applicability = Applicability::DisplayOnly;
    }
    if (removal) fix.edits.push_back(Edit{*removal, ""});
    return fix;
  }

  // Whether the USER in effect at `inst` is root (no USER in its stage before it nor in its FROM
  // ancestors, or `USER root`/`USER 0`). An unresolvable USER counts as not root.
  static bool runs_as_root(const BuildModel& model, const Instruction& inst) {
    const std::optional<std::string> user = model.user(inst);
    if (!user) return true;
    const std::string_view name = std::string_view(*user).substr(0, user->find(':'));
    return name == "root" ||
           (!name.empty() && std::all_of(name.begin(), name.end(), [](char ch) { return ch == '0'; }));
  }
};

}  // namespace

const Rule& rule_LL2002() {
  static const Sudo k_rule;
  return k_rule;
}

}  // namespace layerlint
