// LL1003 hardcoded-credential: a literal credential written in the Dockerfile itself.
#include <set>

#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "model/paths.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

// A command-line value that is a real literal: no expansion, not a placeholder.
bool literal_credential(std::string_view value) {
  return !value.empty() && value.find('$') == std::string_view::npos &&
         value.find('`') == std::string_view::npos && !is_placeholder_value(value);
}

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
    const SourceFile& src = model.source();
    for (const Instruction& inst : model.file().instructions) {
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
          fmt::format("{} at line {}", to_upper(keyword_name(inst.kind)), inst.range.begin.line);
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
        scan_script(
            model, inst, model.script(inst),
            [&](uint32_t b, uint32_t e) { return model.command_range(inst, b, e); }, report, where);
      } else {
        for (const Word& w : inst.args) scan_word(w);
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

 private:
  static std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }

  // Passwords given on command lines: `curl -u user:pass`, `-H "Authorization: Bearer …"`,
  // `mysql -pSECRET`, `--password X`, `TOKEN=literal cmd`, `echo pass | docker login --password-stdin`.
  template <typename RangeOf, typename Report>
  static void scan_script(const BuildModel& model, const Instruction& inst, const ShellScript& script,
                          RangeOf range_of, Report& report, const std::string& where) {
    (void)inst;
    const SimpleCommand* previous = nullptr;
    for (const SimpleCommand& cmd : script.commands) {
      auto report_part = [&](const ShellWord& w, std::string_view secret, std::string_view what,
                             bool in_written_file = false) {
        const size_t at = w.raw.find(secret);
        const uint32_t b = at == std::string::npos ? w.begin : w.begin + static_cast<uint32_t>(at);
        const uint32_t e = at == std::string::npos ? w.end : b + static_cast<uint32_t>(secret.size());
        report(range_of(b, e), what, secret, where, in_written_file);
      };
      for (const ShellWord& a : cmd.assignments) {
        const size_t eq = a.value.find('=');
        if (eq == std::string::npos) continue;
        const std::string name = a.value.substr(0, eq);
        const std::string value = a.value.substr(eq + 1);
        if (is_secret_name(model.name_strength(name)) && literal_credential(value) &&
            !is_placeholder_value(value, name)) {
          report_part(a, value, fmt::format("value of {}", name));
        }
      }
      const std::string_view base = paths::basename(cmd.name());
      const auto& w = cmd.words;
      // What echo and printf write: `api_key = …` in the configuration text they print.
      if (base == "echo" || base == "printf") {
        for (size_t i = 1; i < w.size(); ++i) {
          for (const ValueMatch& m : find_keyword_assignments(w[i].value)) {
            report_part(w[i], std::string_view(w[i].value).substr(m.begin, m.end - m.begin), m.description,
                        true);
          }
        }
      }
      for (size_t i = 1; i < w.size(); ++i) {
        const std::string& v = w[i].value;
        const ShellWord* next = i + 1 < w.size() ? &w[i + 1] : nullptr;
        // curl/wget -u user:password
        if ((base == "curl" || base == "wget") && (v == "-u" || v == "--user") && next) {
          const size_t colon = next->value.find(':');
          if (colon != std::string::npos && literal_credential(next->value.substr(colon + 1)) &&
              !is_placeholder_credential(std::string_view(next->value).substr(0, colon),
                                         std::string_view(next->value).substr(colon + 1))) {
            report_part(*next, next->value.substr(colon + 1), "password passed with " + v);
          }
        }
        if ((v == "-H" || v == "--header") && next) {
          const std::string& h = next->value;
          const size_t colon = h.find(':');
          if (colon != std::string::npos) {
            std::string name = h.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string value = h.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            if (name == "authorization" || name == "proxy-authorization") {
              const size_t sp = value.find(' ');
              if (sp != std::string::npos) value = value.substr(sp + 1);
            }
            const bool secret_header = name == "authorization" || name == "proxy-authorization" ||
                                       is_secret_name(model.name_strength(name)) || name == "x-api-key";
            if (secret_header && literal_credential(value))
              report_part(*next, value, "credential in HTTP header " + name);
          }
        }
        // mysql -pSECRET (attached), --password=SECRET, --password SECRET
        if ((base == "mysql" || base == "mysqladmin" || base == "mysqldump" || base == "mariadb") &&
            v.starts_with("-p") && v.size() > 2 && !v.starts_with("--")) {
          if (literal_credential(v.substr(2))) report_part(w[i], v.substr(2), "password passed with -p");
        }
        for (std::string_view opt :
             {"--password", "--passwd", "--pass", "--token", "--api-key", "--apikey", "--secret",
              "--client-secret", "--auth-token", "--access-token", "--http-password", "--ftp-password",
              "--proxy-password", "--registry-password"}) {
          if (v == opt && next && literal_credential(next->value))
            report_part(*next, next->value, "value of " + v);
          if (v.size() > opt.size() && v.starts_with(opt) && v[opt.size()] == '=' &&
              literal_credential(v.substr(opt.size() + 1))) {
            report_part(w[i], v.substr(opt.size() + 1), std::string("value of ") + std::string(opt));
          }
        }
        if ((v == "-p" || v == "--password") && next && (base == "sshpass" || is_login(cmd))) {
          if (literal_credential(next->value)) report_part(*next, next->value, "password passed with " + v);
        }
        if (v == "--password-stdin" && previous && previous->separator == Separator::Pipe) {
          const std::string_view feeder = paths::basename(previous->name());
          if ((feeder == "echo" || feeder == "printf") && previous->words.size() >= 2) {
            const ShellWord& last = previous->words.back();
            if (!last.value.starts_with("-") && literal_credential(last.value)) {
              report_part(last, last.value, "password piped to --password-stdin");
            }
          }
        }
      }
      // `echo 'user:password' | chpasswd` (and `passwd --stdin`, `smbpasswd -s`).
      const bool reads_password =
          base == "chpasswd" || ((base == "passwd" || base == "smbpasswd") && w.size() >= 2);
      if (reads_password && previous && previous->separator == Separator::Pipe) {
        const std::string_view feeder = paths::basename(previous->name());
        if ((feeder == "echo" || feeder == "printf") && previous->words.size() >= 2) {
          const ShellWord& last = previous->words.back();
          std::string value = last.value;
          if (base == "chpasswd") {
            const size_t colon = value.find(':');
            value = colon == std::string::npos ? "" : value.substr(colon + 1);
          } else {
            value = value.substr(0, value.find("\\n"));
          }
          if (literal_credential(value)) report_part(last, value, "password piped to " + std::string(base));
        }
      }
      previous = &cmd;
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

  static bool is_login(const SimpleCommand& cmd) {
    for (const ShellWord& w : cmd.words) {
      if (w.value == "login") return true;
    }
    return false;
  }
};

}  // namespace

const Rule& rule_LL1003() {
  static const HardcodedCredential k_rule;
  return k_rule;
}

}  // namespace layerlint
