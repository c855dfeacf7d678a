// LL1003 hardcoded-credential: a literal credential written in the Dockerfile itself.
#include <optional>
#include <set>

#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "layerlint/shell.hpp"
#include "model/commands.hpp"
#include "model/paths.hpp"
#include "rules_all.hpp"
#include "secrets/command_line.hpp"

namespace layerlint {
namespace {

class HardcodedCredential final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1003",
                                 "hardcoded-credential",
                                 Severity::Error,
                                 "a literal credential (token, key, password) is written in the Dockerfile",
                                 "security,secrets",
                                 9.0,
                                 "LL1003_hardcoded_credential.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    for (const Instruction& top : model.file().instructions) {
      // An ONBUILD trigger is stored in the image's config, literal and all, and runs in every image
      // built FROM this one.
      for (const Instruction* inst = &top; inst != nullptr;
           inst = inst->trigger.empty() ? nullptr : &inst->trigger.front()) {
        check_instruction(model, *inst, inst != &top ? "ONBUILD " : "", out);
      }
    }
  }

 private:
  void check_instruction(const BuildModel& model, const Instruction& inst, std::string_view prefix,
                         std::vector<Finding>& out) const {
    const SourceFile& src = model.source();
    {
      // URL userinfo is LL1006's; one finding per span of source.
      std::vector<std::pair<uint32_t, uint32_t>> seen = url_credential_spans(model, inst);
      // `in_written_file`: a `name = value` line of configuration text that a RUN writes.
      auto report = [&](Range range, std::string_view what, std::string_view secret, std::string_view where,
                        bool in_written_file = false) {
        for (const auto& [b, e] : seen) {
          if (range.begin.offset < e && b < range.end.offset) return;
        }
        seen.emplace_back(range.begin.offset, range.end.offset);
        Finding f = make_finding(range, fmt::format("hardcoded {} ({}) in {}", what, redact(secret), where));
        f.sensitive.push_back(range);
        f.fix = fixes::literal(model, inst, range, what);
        if (in_written_file) {
          // A reference in place of the value would still write the secret into the file's layer:
          // the advice stands, the edit does not.
          f.fix->applicability = Applicability::DisplayOnly;
          f.fix->edits.clear();
          f.fix->advice.notes.push_back(
              "the value is in a file the image keeps: mount the whole file as a secret on the RUNs that "
              "read "
              "it (--mount=type=secret,target=<path>), or write it when the container starts");
        }
        out.push_back(std::move(f));
      };
      const std::string where =
          fmt::format("{}{} at line {}", prefix, to_upper(keyword_name(inst.kind)), inst.range.begin.line);
      // Token formats anywhere in the instruction's words.
      auto scan_word = [&](const Word& w) {
        for (const ValueMatch& m : model.secret_values(w.value)) {
          report(src.range(w.range.begin.offset + m.begin, w.range.begin.offset + m.end), m.description,
                 std::string_view(w.value).substr(m.begin, m.end - m.begin), where);
        }
      };
      for (const KeyValue& kv : inst.pairs) {
        if (!kv.value) continue;
        scan_word(*kv.value);
        const NameStrength strength = model.name_strength(kv.key.value);
        if (is_secret_name(strength) && literal_credential(kv.unquoted) &&
            !is_placeholder_value(kv.unquoted, kv.key.value)) {
          const Word& v = *kv.value;
          const bool quoted = v.value.size() >= 2 && (v.value.front() == '"' || v.value.front() == '\'');
          const Range inner = quoted ? src.range(v.range.begin.offset + 1, v.range.end.offset - 1) : v.range;
          report(inner, fmt::format("value of {}", kv.key.value), kv.unquoted, where);
        }
      }
      if (!inst.command().empty()) {
        for (const ValueMatch& m : model.secret_values(inst.command())) {
          report(model.command_range(inst, m.begin, m.end), m.description,
                 std::string_view(inst.command()).substr(m.begin, m.end - m.begin), where);
        }
        // A RUN's script is parsed once by the model; CMD, ENTRYPOINT, HEALTHCHECK and triggers here.
        std::optional<ShellScript> parsed;
        if (inst.kind != InstructionKind::Run || !prefix.empty()) parsed = parse_shell(inst.command());
        scan_script(
            model, inst, parsed ? *parsed : model.script(inst),
            [&](uint32_t b, uint32_t e) { return model.command_range(inst, b, e); }, report, where);
      } else {
        for (const Word& w : inst.args) scan_word(w);
        if (inst.exec_form && runs_in_container(inst.kind)) scan_exec_form(model, inst, report, where);
      }
      for (size_t i = 0; i < inst.heredocs.size(); ++i) {
        const Heredoc& h = inst.heredocs[i];
        for (const ValueMatch& m : model.secret_values(h.content)) {
          report(src.range(h.content_map, m.begin, m.end), m.description,
                 std::string_view(h.content).substr(m.begin, m.end - m.begin), where);
        }
        // The file the heredoc writes: `password: …` lines in its configuration text.
        for (const ValueMatch& m : find_keyword_assignments(h.content)) {
          report(src.range(h.content_map, m.begin, m.end), m.description,
                 std::string_view(h.content).substr(m.begin, m.end - m.begin), where, true);
        }
        scan_script(
            model, inst, model.heredoc_script(inst, i),
            [&](uint32_t b, uint32_t e) { return src.range(h.content_map, b, e); }, report, where);
      }
    }
  }

  static bool runs_in_container(InstructionKind kind) {
    return kind == InstructionKind::Cmd || kind == InstructionKind::Entrypoint ||
           kind == InstructionKind::Healthcheck || kind == InstructionKind::Run;
  }

  // An exec-form command (`CMD ["mysql", "-pS3cret"]`) as one shell command of its elements, and the
  // script of `["sh", "-c", "…"]`.
  template <typename Report>
  static void scan_exec_form(const BuildModel& model, const Instruction& inst, Report& report,
                             const std::string& where) {
    const SourceFile& src = model.source();
    ShellScript script;
    SimpleCommand& cmd = script.commands.emplace_back();
    for (const Word& w : inst.args) {
      ShellWord& sw = cmd.words.emplace_back();
      sw.value = w.value;
      // The element's text starts after its opening quote.
      const bool quoted =
          w.range.end.offset > w.range.begin.offset && src.text()[w.range.begin.offset] == '"';
      sw.begin = w.range.begin.offset + (quoted ? 1 : 0);
      sw.raw = std::string(src.text().substr(sw.begin, w.range.end.offset - sw.begin - (quoted ? 1 : 0)));
      sw.end = sw.begin + static_cast<uint32_t>(sw.raw.size());
    }
    scan_script(
        model, inst, script, [&](uint32_t b, uint32_t e) { return src.range(b, e); }, report, where);
    if (inst.args.size() >= 3 && commands::is_shell(paths::basename(inst.args[0].value)) &&
        inst.args[1].value == "-c") {
      const Word& body = inst.args[2];
      const uint32_t base = cmd.words[2].begin;
      if (cmd.words[2].raw == body.value) {  // no JSON escapes: offsets map one to one
        scan_script(
            model, inst, parse_shell(body.value),
            [&](uint32_t b, uint32_t e) { return src.range(base + b, base + e); }, report, where);
      }
    }
  }

  static std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }

  // Passwords given on command lines (secrets/command_line.hpp).
  template <typename RangeOf, typename Report>
  static void scan_script(const BuildModel& model, const Instruction& inst, const ShellScript& script,
                          RangeOf range_of, Report& report, const std::string& where) {
    (void)inst;
    const auto strength = [&](std::string_view name) { return model.name_strength(name); };
    for (const CommandCredential& c : command_line_credentials(script, strength)) {
      const ShellWord& w = *c.word;
      const size_t at = w.raw.find(c.secret);
      const uint32_t b = at == std::string::npos ? w.begin : w.begin + static_cast<uint32_t>(at);
      const uint32_t e = at == std::string::npos ? w.end : b + static_cast<uint32_t>(c.secret.size());
      report(range_of(b, e), c.what, c.secret, where, c.in_written_file);
    }
  }

  // Source spans of credentials inside URLs in the instruction (reported by LL1006).
  static std::vector<std::pair<uint32_t, uint32_t>> url_credential_spans(const BuildModel& model,
                                                                         const Instruction& inst) {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    auto add = [&](std::string_view text, auto to_range) {
      for (const ValueMatch& m : find_url_credentials(text)) {
        const Range r = to_range(m.begin, m.end);
        out.emplace_back(r.begin.offset, r.end.offset);
      }
    };
    const SourceFile& src = model.source();
    if (!inst.command().empty())
      add(inst.command(), [&](uint32_t b, uint32_t e) { return model.command_range(inst, b, e); });
    for (const Word& w : inst.args) {
      add(w.value, [&](uint32_t b, uint32_t e) {
        return src.range(w.range.begin.offset + b, w.range.begin.offset + e);
      });
    }
    for (const KeyValue& kv : inst.pairs) {
      if (!kv.value) continue;
      const Word& w = *kv.value;
      add(w.value, [&](uint32_t b, uint32_t e) {
        return src.range(w.range.begin.offset + b, w.range.begin.offset + e);
      });
    }
    for (const Heredoc& h : inst.heredocs) {
      add(h.content, [&](uint32_t b, uint32_t e) { return src.range(h.content_map, b, e); });
    }
    return out;
  }
};

}  // namespace

const Rule& rule_LL1003() {
  static const HardcodedCredential k_rule;
  return k_rule;
}

}  // namespace layerlint
