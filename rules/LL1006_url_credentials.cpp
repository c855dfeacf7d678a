// LL1006 url-credentials: a URL that carries credentials, literal or from a secret variable.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class UrlCredentials final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL1006",
                                 "url-credentials",
                                 Severity::Error,
                                 "a URL carries credentials (user:password@ or a token)",
                                 "security,secrets",
                                 8.0,
                                 "LL1006_url_credentials.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    const SourceFile& src = model.source();
    for (const Instruction& inst : model.file().instructions) {
      auto scan = [&](std::string_view text, auto range_of) {
        for (const ValueMatch& m : find_url_credentials(text)) {
          const std::string_view secret = text.substr(m.begin, m.end - m.begin);
          if (m.kind == "url-credentials-reference") {
            const std::string name = reference_name(secret);
            if (name.empty() || model.is_secret_mount_env(inst, name)) continue;
            const Variable* var = model.lookup(inst, name);
            if (!var) continue;  // set inside the RUN itself (e.g. read from a secret mount)
            Finding f =
                make_finding(range_of(m.begin, m.end),
                             fmt::format("URL credentials come from {} {}, so its value is recorded in the "
                                         "image history",
                                         var->kind == VariableKind::Arg ? "build argument" : "ENV", name));
            f.severity = model.severity_for(inst, Severity::Warning);
            f.fix = fixes::url_reference(model, inst, f.range, *var);
            out.push_back(std::move(f));
            continue;
          }
          Finding f = make_finding(range_of(m.begin, m.end),
                                   fmt::format("URL carries a literal credential ({})", redact(secret)));
          f.sensitive.push_back(f.range);
          f.fix = fixes::literal(model, inst, f.range,
                                 m.description == "password in URL" ? "URL password" : m.description);
          out.push_back(std::move(f));
        }
      };
      for (const KeyValue& kv : inst.pairs) {
        if (!kv.value) continue;
        const Word& w = *kv.value;
        scan(w.value, [&](uint32_t b, uint32_t e) {
          return src.range(w.range.begin.offset + b, w.range.begin.offset + e);
        });
      }
      if (!inst.command().empty()) {
        scan(inst.command(), [&](uint32_t b, uint32_t e) { return model.command_range(inst, b, e); });
      } else if (inst.kind != InstructionKind::Env && inst.kind != InstructionKind::Arg &&
                 inst.kind != InstructionKind::Label) {
        for (const Word& w : inst.args) {
          scan(w.value, [&](uint32_t b, uint32_t e) {
            return src.range(w.range.begin.offset + b, w.range.begin.offset + e);
          });
        }
      }
      for (const Heredoc& h : inst.heredocs) {
        scan(h.content, [&](uint32_t b, uint32_t e) { return src.range(h.content_map, b, e); });
      }
    }
  }

 private:
  static std::string reference_name(std::string_view ref) {
    size_t i = ref.find('$');
    if (i == std::string_view::npos) return {};
    ++i;
    if (i < ref.size() && ref[i] == '{') ++i;
    size_t j = i;
    while (j < ref.size() && (std::isalnum(static_cast<unsigned char>(ref[j])) || ref[j] == '_')) ++j;
    return std::string(ref.substr(i, j - i));
  }
};

}  // namespace

const Rule& rule_LL1006() {
  static const UrlCredentials k_rule;
  return k_rule;
}

}  // namespace layerlint
