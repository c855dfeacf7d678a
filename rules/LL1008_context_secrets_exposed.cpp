// LL1008 context-secrets-exposed: a whole-context COPY/ADD sends secret files of the real build
// context into the image because .dockerignore does not exclude them.
#include <fmt/format.h>

#include "fix/secrets.hpp"
#include "layerlint/context.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

class ContextSecretsExposed final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{
        "LL1008",
        "context-secrets-exposed",
        Severity::Warning,
        "a whole-context COPY sends secret files that .dockerignore does not exclude",
        "security,secrets,context",
        7.5,
        "LL1008_context_secrets_exposed.md"};
    return k_info;
  }

  void check(const BuildModel& model, std::vector<Finding>& out) const override {
    for (const Stage& stage : model.stages()) {
      for (const Instruction* inst : stage.instructions) {
        if (inst->kind != InstructionKind::Copy && inst->kind != InstructionKind::Add) continue;
        if (inst->args.size() < 2 || has_flag(*inst, "from")) continue;
        for (size_t i = 0; i + 1 < inst->args.size(); ++i) {
          const Word& word = inst->args[i];
          if (word.value.starts_with("<<") || word.value.find("://") != std::string::npos) continue;
          const std::string source = model.expand(*inst, word.value).value;
          if (!model.broad_context_source(source)) continue;
          const BuildContext* context = model.context();
          if (!context) return;
          std::vector<std::string> secrets;
          std::vector<std::string> kinds;
          const auto files = context->files_under(source);
          // A single named file is LL1004's business; this rule is about what a broad source drags in.
          if (files.size() == 1 && clean_path(files.front().path) == clean_path(source)) continue;
          for (const ContextFile& f : files) {
            const FileVerdict v = classify_secret_path(f.path);
            if (!v.secret) continue;
            secrets.push_back(f.path);
          }
          if (secrets.empty()) continue;
          std::string listed;
          for (size_t k = 0; k < secrets.size() && k < 3; ++k) listed += (k ? ", " : "") + secrets[k];
          if (secrets.size() > 3) listed += fmt::format(" and {} more", secrets.size() - 3);
          const std::string ignore_file =
              context->ignore_file().empty() ? ".dockerignore" : context->ignore_file();
          Finding f = make_finding(
              word.range,
              fmt::format("{} {} sends {} from the build context into the image: {} does not exclude {}",
                          inst->keyword, word.value, listed, ignore_file,
                          secrets.size() == 1 ? "it" : "them"));
          f.severity = model.severity_for(*inst, info().severity);
          f.fix = fixes::context_files(model, *inst, secrets, ignore_file);
          out.push_back(std::move(f));
        }
      }
    }
  }

 private:
  static bool has_flag(const Instruction& inst, std::string_view name) {
    for (const Flag& f : inst.flags) {
      if (f.name == name) return true;
    }
    return false;
  }
};

}  // namespace

const Rule& rule_LL1008() {
  static const ContextSecretsExposed k_rule;
  return k_rule;
}

}  // namespace layerlint
