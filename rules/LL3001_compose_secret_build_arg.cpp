// LL3001 compose-secret-build-arg: a Compose service passes a secret to its build as a build arg.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "layerlint/compose.hpp"
#include "layerlint/rule.hpp"
#include "layerlint/secrets.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

// For weak names (KEY, AUTH, PASS) a literal counts only when it looks generated: long, one token,
// letters and digits mixed.
bool looks_generated(std::string_view value) {
  if (value.size() < 16) return false;
  bool letter = false;
  bool digit = false;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u)) {
      letter = true;
    } else if (std::isdigit(u)) {
      digit = true;
    } else if (c != '_' && c != '-' && c != '+' && c != '=' && c != '/') {
      return false;
    }
  }
  return letter && digit;
}

class ComposeSecretBuildArg final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL3001",
                                 "compose-secret-build-arg",
                                 Severity::Error,
                                 "a compose service passes a secret to its build as a build arg",
                                 "security,secrets,compose",
                                 8.0,
                                 "LL3001_compose_secret_build_arg.md"};
    return k_info;
  }

  void check_compose(const ComposeFile& compose, std::vector<Finding>& out) const override {
    for (const ComposeService& service : compose.services) {
      if (!service.build) continue;
      for (const ComposeBuildArg& arg : service.build->args) check_arg(service, arg, out);
    }
  }

 private:
  void check_arg(const ComposeService& service, const ComposeBuildArg& arg, std::vector<Finding>& out) const {
    const NameStrength strength = classify_secret_name(arg.name.value).strength;
    const bool secret_name = strength == NameStrength::Strong || strength == NameStrength::Known;
    const std::string_view svc = service.name.value;
    if (arg.value) {
      const std::string& value = arg.value->value;
      if (const auto matches = find_secret_values(value); !matches.empty()) {
        Finding f =
            make_finding(arg.value->range,
                         fmt::format("build arg {} of service {} has a literal {} value, kept in the compose "
                                     "file and in the image history",
                                     arg.name.value, svc, matches.front().description));
        f.fix = secret_fix(service, arg);
        out.push_back(std::move(f));
        return;
      }
      if (!has_interpolation(value)) {
        if (is_placeholder_value(value, arg.name.value)) return;
        const bool weak_evidence = strength == NameStrength::Weak && looks_generated(value);
        if (!secret_name && !weak_evidence) return;
        Finding f = make_finding(
            arg.name.range, fmt::format("build arg {} of service {} sets a secret literally in the compose "
                                        "file; build args are recorded in the image history",
                                        arg.name.value, svc));
        f.fix = secret_fix(service, arg);
        out.push_back(std::move(f));
        return;
      }
    }
    if (!secret_name) return;
    Finding f = make_finding(
        arg.name.range, fmt::format("build arg {} of service {} passes a secret from the environment; build "
                                    "args are recorded in the image history",
                                    arg.name.value, svc));
    f.severity = Severity::Warning;
    f.fix = secret_fix(service, arg);
    out.push_back(std::move(f));
  }

  static Fix secret_fix(const ComposeService& service, const ComposeBuildArg& arg) {
    const std::string& name = arg.name.value;
    const std::string id = ascii_lower(name);
    const std::string context = service.build->context && !service.build->context->value.empty()
                                    ? service.build->context->value
                                    : ".";
    Fix fix;
    fix.title = fmt::format("pass {} to the build as a secret instead of a build arg", name);
    fix.applicability = Applicability::DisplayOnly;
    fix.advice.strategy = "secret-mount";
    fix.advice.builds.push_back({"compose", fmt::format("services:\n"
                                                        "  {0}:\n"
                                                        "    build:\n"
                                                        "      context: {1}\n"
                                                        "      secrets:\n"
                                                        "        - {2}\n"
                                                        "secrets:\n"
                                                        "  {2}:\n"
                                                        "    environment: {3}\n",
                                                        service.name.value, context, id, name)});
    fix.advice.rewritten = fmt::format(
        "# remove: ARG {1}\n"
        "RUN --mount=type=secret,id={0},env={1} <cmd>",
        id, name);
    fix.advice.builds.push_back(
        {"docker",
         fmt::format("{} set in the environment, then `docker compose build {}`", name, service.name.value)});
    fix.advice.alternatives = {
        fmt::format(
            "`file: ./secrets/{}` in the top-level secret reads it from a file; keep that file out of git "
            "and of the build context",
            id),
        "for git or SSH credentials, `build.ssh: [default]` with `RUN --mount=type=ssh` forwards the agent "
        "instead",
        "a multi-stage build only helps if the arg is declared in a stage that is never shipped; the compose "
        "file "
        "still holds the value",
    };
    return fix;
  }
};

}  // namespace

const Rule& rule_LL3001() {
  static const ComposeSecretBuildArg k_rule;
  return k_rule;
}

}  // namespace layerlint
