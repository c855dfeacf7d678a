// LL2004 world-writable: chmod or COPY/ADD --chmod gives write permission to every user.
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

struct ModeVerdict {
  bool world_writable = false;
  std::string safer;  // the mode without write for group and others; "" when there is none
};

// Octal modes: the last digit is "others" (`chmod 7` is 0007). The sticky bit (1777, the /tmp
// pattern) restricts deletion to owners, so it is not flagged.
ModeVerdict numeric_mode(std::string_view mode) {
  ModeVerdict v;
  if (mode.size() > 6) return v;
  unsigned bits = 0;
  for (char c : mode) bits = bits * 8 + static_cast<unsigned>(c - '0');
  if ((bits & 02U) == 0 || (bits & 01000U) != 0) return v;
  v.world_writable = true;
  v.safer = fmt::format("{:0{}o}", bits & ~022U, mode.size());
  return v;
}

// Symbolic modes: `o+w`, `a+rwx`, `ugo+w`, `o=rwx`, comma-separated clauses. A clause without
// `who` (`+w`) depends on the umask and is skipped; `+t` anywhere makes it the sticky pattern.
ModeVerdict symbolic_mode(std::string_view mode) {
  struct Clause {
    std::string who;
    char op = 0;
    std::string perms;
    bool single = true;
  };
  std::vector<Clause> clauses;
  bool sticky = false;
  bool offending = false;
  size_t start = 0;
  while (start <= mode.size()) {
    size_t comma = mode.find(',', start);
    if (comma == std::string_view::npos) comma = mode.size();
    const std::string_view text = mode.substr(start, comma - start);
    start = comma + 1;
    Clause c;
    size_t i = 0;
    while (i < text.size() && std::string_view("ugoa").find(text[i]) != std::string_view::npos)
      c.who += text[i++];
    if (i == text.size()) return {};  // no operator: not a mode
    bool first = true;
    while (i < text.size()) {
      const char op = text[i++];
      if (op != '+' && op != '-' && op != '=') return {};
      std::string perms;
      while (i < text.size() && std::string_view("rwxXstugo").find(text[i]) != std::string_view::npos) {
        perms += text[i++];
      }
      if (op != '-' && perms.find('t') != std::string::npos) sticky = true;
      const bool others = c.who.find_first_of("oa") != std::string::npos;
      if (others && op != '-' && perms.find('w') != std::string::npos) offending = true;
      if (first) {
        c.op = op;
        c.perms = perms;
      } else {
        c.single = false;
      }
      first = false;
    }
    clauses.push_back(std::move(c));
  }
  ModeVerdict v;
  if (!offending || sticky) return v;
  v.world_writable = true;
  // Rewrite: the same permissions for u, and the permissions without `w` for g and o (as 755).
  std::vector<std::string> parts;
  for (const Clause& c : clauses) {
    const bool others = c.who.find_first_of("oa") != std::string::npos;
    if (!others || c.op == '-' || c.perms.find('w') == std::string::npos) {
      parts.push_back(c.who + c.op + c.perms);
      continue;
    }
    if (!c.single) return v;  // `o+w-x`: too clever to rewrite
    const bool all = c.who.find('a') != std::string::npos;
    const std::string rest = (all || c.who.find('g') != std::string::npos) ? "go" : "o";
    std::string perms = c.perms;
    perms.erase(std::remove(perms.begin(), perms.end(), 'w'), perms.end());
    if (all || c.who.find('u') != std::string::npos) parts.push_back("u" + std::string(1, c.op) + c.perms);
    if (!perms.empty() || c.op == '=') parts.push_back(rest + c.op + perms);
  }
  for (const std::string& p : parts) v.safer += (v.safer.empty() ? "" : ",") + p;
  return v;
}

ModeVerdict classify_mode(std::string_view mode) {
  if (mode.empty() || mode.find('$') != std::string_view::npos) return {};
  if (std::all_of(mode.begin(), mode.end(), [](char c) { return c >= '0' && c <= '7'; }))
    return numeric_mode(mode);
  return symbolic_mode(mode);
}

// GNU/busybox chmod options that are not modes (`-w` is a mode).
bool is_chmod_option(std::string_view w) {
  if (w.starts_with("--")) return true;
  return w.size() > 1 && w.front() == '-' && std::all_of(w.begin() + 1, w.end(), [](char c) {
           return std::string_view("RvfcHLPh").find(c) != std::string_view::npos;
         });
}

std::string shown_paths(const std::vector<std::string>& paths) {
  if (paths.empty()) return "the paths";
  std::string out = paths.front();
  if (paths.size() == 2) out += " and " + paths[1];
  if (paths.size() > 2) out += fmt::format(" and {} more paths", paths.size() - 1);
  return out;
}

class WorldWritable final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL2004",
                                 "world-writable",
                                 Severity::Warning,
                                 "chmod or COPY/ADD --chmod makes files writable by every user",
                                 "security,least-privilege",
                                 4.0,
                                 "LL2004_world_writable.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const SourceFile& src = model.source();
    for (const Instruction& inst : model.file().instructions) {
      if (inst.kind == InstructionKind::Copy || inst.kind == InstructionKind::Add) {
        check_copy(model, inst, out);
      } else if (inst.kind == InstructionKind::Run) {
        scan(
            model, inst, model.script(inst),
            [&](uint32_t b, uint32_t e) { return model.command_range(inst, b, e); }, out);
        const std::vector<bool> scripts = heredoc_scripts(model, inst);
        for (size_t i = 0; i < inst.heredocs.size(); ++i) {
          if (!scripts[i]) continue;
          const Heredoc& h = inst.heredocs[i];
          scan(
              model, inst, model.heredoc_script(inst, i),
              [&](uint32_t b, uint32_t e) { return src.range(h.content_map, b, e); }, out);
        }
      }
    }
  }

 private:
  void check_copy(const BuildModel& model, const Instruction& inst, std::vector<Finding>& out) const {
    for (const Flag& flag : inst.flags) {
      if (flag.name != "chmod" || !flag.value) continue;
      const ModeVerdict v = classify_mode(model.expand(inst, *flag.value).value);
      if (!v.world_writable) continue;
      const std::string keyword = inst.kind == InstructionKind::Copy ? "COPY" : "ADD";
      const std::string dest = inst.args.empty() ? std::string("the destination") : inst.args.back().value;
      Finding f = make_finding(flag.value_range, fmt::format("{} --chmod={} makes {} writable by every user",
                                                             keyword, *flag.value, dest));
      f.severity = model.severity_for(inst, info().severity);
      f.fix = mode_fix(flag.value_range, v.safer);
      out.push_back(std::move(f));
    }
  }

  template <typename RangeOf>
  void scan(const BuildModel& model, const Instruction& inst, const ShellScript& script, RangeOf range_of,
            std::vector<Finding>& out) const {
    const Removals removals(script);
    for (size_t c = 0; c < script.commands.size(); ++c) {
      const SimpleCommand& cmd = script.commands[c];
      for (size_t i : program_words(cmd)) {
        if (paths::basename(cmd.words[i].value) != "chmod") continue;
        const auto& w = cmd.words;
        size_t m = i + 1;
        bool recursive = false;
        while (m < w.size() && is_chmod_option(w[m].value)) {
          if (w[m].value.starts_with("--reference"))
            m = w.size();  // no mode
          else if (w[m].value == "--") {
            ++m;
            break;
          } else {
            if (w[m].value == "--recursive" ||
                (!w[m].value.starts_with("--") && w[m].value.find('R') != std::string::npos)) {
              recursive = true;
            }
            ++m;
          }
        }
        if (m >= w.size() || w[m].has_substitution) continue;
        const ModeVerdict v = classify_mode(w[m].value);
        if (!v.world_writable) continue;
        std::vector<std::string> targets;
        for (size_t a = m + 1; a < w.size(); ++a) {
          const std::string& p = w[a].value;
          if (p == ";" || p == "+") break;  // end of find -exec
          if (is_chmod_option(p)) {
            recursive =
                recursive || p == "--recursive" || (!p.starts_with("--") && p.find('R') != std::string::npos);
            continue;
          }
          targets.push_back(p == "{}" ? std::string("the paths found") : p);
        }
        if (!targets.empty() && std::all_of(targets.begin(), targets.end(), [&](const std::string& t) {
              return removals.removed_after(c, t);
            })) {
          continue;
        }
        const Range range = range_of(w[m].begin, w[m].end);
        Finding f =
            make_finding(range, fmt::format("chmod {}{} makes {} writable by every user",
                                            recursive ? "-R " : "", w[m].value, shown_paths(targets)));
        f.severity = model.severity_for(inst, info().severity);
        f.fix = mode_fix(range, v.safer);
        out.push_back(std::move(f));
      }
    }
  }

  static Fix mode_fix(Range range, const std::string& safer) {
    Fix fix;
    if (safer.empty()) {
      fix.title = "do not grant write to others: chown the path to the runtime user instead";
      fix.applicability = Applicability::DisplayOnly;
      return fix;
    }
    fix.title = fmt::format("use mode {}, and chown to the runtime user what it must write", safer);
    fix.applicability = Applicability::Unsafe;
    fix.edits.push_back(Edit{range, safer});
    return fix;
  }
};

}  // namespace

const Rule& rule_LL2004() {
  static const WorldWritable k_rule;
  return k_rule;
}

}  // namespace layerlint
