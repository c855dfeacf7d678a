// The lint session that the command line and the language server share: config lookup and its
// cache, rule selection, severity, fail level, and the lint of a Dockerfile and a Compose file.
#include "catch.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "layerlint/rule.hpp"
#include "layerlint/session.hpp"

#include "fixture_util.hpp"

using namespace layerlint;
namespace fs = std::filesystem;
using layerlint::testing::write_file;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("layerlint-session-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / ".git");
  return dir;
}

std::vector<std::string> rule_ids(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const Finding& f : findings) ids.push_back(f.rule_id);
  return ids;
}

const Finding* find(const std::vector<Finding>& findings, std::string_view id) {
  const auto it =
      std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule_id == id; });
  return it == findings.end() ? nullptr : &*it;
}

// ARG NPM_TOKEN in a RUN (LL1001) and root at run time (LL2001).
const char* const k_leaky = "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER root\n";

}  // namespace

TEST_CASE("validate names unknown rules and a context that is not a folder", "[session]") {
  SessionOptions ok;
  ok.select = {"LL1", "secret-arg", "ll2001"};
  CHECK(validate(ok).empty());
  SessionOptions bad;
  bad.select = {"LL9"};
  bad.ignore = {"no-such-rule"};
  bad.context = "/nonexistent/context";
  const auto problems = validate(bad);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0] == "unknown rule 'LL9' (see --list-rules)");
  CHECK(problems[1] == "unknown rule 'no-such-rule' (see --list-rules)");
  CHECK(problems[2] == "--context /nonexistent/context: not a directory");
}

TEST_CASE("a session lints under the nearest config, and reads a config again only when told", "[session]") {
  const fs::path dir = scratch("configs");
  write_file(dir / ".layerlint.yaml", "severity: { LL1001: error }\nignore: [LL2001]\nfail-level: error\n");
  write_file(dir / "sub/.layerlint.yaml", "select: [LL2001]\n");
  Session session({});
  std::vector<ConfigError> errors;
  const auto root = session.config_for(dir / "Dockerfile", errors);
  const auto sub = session.config_for(dir / "sub/Dockerfile", errors);
  REQUIRE(errors.empty());
  REQUIRE(root);
  REQUIRE(sub);
  CHECK(root->folder == dir);
  CHECK(session.config_for(dir / "other.Dockerfile", errors) == root);  // loaded once per path

  const Document doc{(dir / "Dockerfile").string(), dir / "Dockerfile"};
  const auto findings = session.lint(doc, *root, SourceFile(doc.path, k_leaky));
  CHECK(rule_ids(findings) == std::vector<std::string>{"LL1001"});
  REQUIRE(find(findings, "LL1001"));
  CHECK(find(findings, "LL1001")->severity == Severity::Error);  // the config's severity
  CHECK(session.fail_level(*root) == FailLevel::Error);
  CHECK(session.fail_level(*sub) == FailLevel::Warning);
  CHECK(rule_ids(session.lint(doc, *sub, SourceFile(doc.path, k_leaky))) ==
        std::vector<std::string>{"LL2001"});

  // A changed config is read again after forget_configs(), not before.
  write_file(dir / ".layerlint.yaml", "fail-level: info\n");
  CHECK(session.fail_level(*session.config_for(dir / "Dockerfile", errors)) == FailLevel::Error);
  session.forget_configs();
  CHECK(session.fail_level(*session.config_for(dir / "Dockerfile", errors)) == FailLevel::Info);
  // A config that does not load: null, with its errors positioned, every time it is asked for.
  write_file(dir / ".layerlint.yaml", "fail-level: sometimes\n");
  session.forget_configs();
  CHECK_FALSE(session.config_for(dir / "Dockerfile", errors));
  CHECK_FALSE(session.config_for(dir / "x/Dockerfile", errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 1);
  CHECK(errors[0] == errors[1]);
  // No config above: the defaults.
  Session elsewhere({});
  const auto none = elsewhere.config_for(fs::path("/"), errors);
  REQUIRE(none);
  CHECK(none->config.path.empty());
}

TEST_CASE("the session's options are over every config's", "[session]") {
  const fs::path dir = scratch("options");
  write_file(dir / ".layerlint.yaml", "ignore: [LL1001, LL2001]\nfail-level: none\n");
  SessionOptions options;
  options.select = {"LL1"};  // a prefix reselects what the config ignores
  options.fail_level = FailLevel::Info;
  Session session(options);
  std::vector<ConfigError> errors;
  const auto config = session.config_for(dir / "Dockerfile", errors);
  REQUIRE(config);
  const Document doc{"Dockerfile", dir / "Dockerfile"};
  CHECK(rule_ids(session.lint(doc, *config, SourceFile(doc.path, k_leaky))) ==
        std::vector<std::string>{"LL1001"});
  CHECK(session.fail_level(*config) == FailLevel::Info);
  const RuleFilter filter = session.filter(config->config);
  CHECK(filter(*find_rule_info("LL1002")));
  CHECK_FALSE(filter(*find_rule_info("LL2001")));

  // An explicit config governs every place.
  write_file(dir / "elsewhere.yaml", "select: [LL2001]\n");
  SessionOptions explicit_config;
  explicit_config.config = (dir / "elsewhere.yaml").string();
  Session pinned(explicit_config);
  CHECK(pinned.config_path_for("/tmp/x/Dockerfile") == explicit_config.config);
}

TEST_CASE("a session lints a Compose file, and a Dockerfile with the build a Compose service gives it",
          "[session]") {
  const fs::path dir = scratch("compose");
  Session session({});
  std::vector<ConfigError> errors;
  const auto config = session.config_for(dir / "compose.yaml", errors);
  REQUIRE(config);
  Document compose{"compose.yaml", dir / "compose.yaml", true};
  const auto findings = session.lint(
      compose, *config,
      SourceFile("compose.yaml", "services:\n  db:\n    image: postgres\n    privileged: true\n"));
  CHECK_FALSE(findings.empty());
  CHECK(std::all_of(findings.begin(), findings.end(),
                    [](const Finding& f) { return f.rule_id.starts_with("LL3"); }));

  // The service's target decides which stage ships: the secret stays in a stage that is not built.
  const std::string two_stages =
      "FROM alpine AS build\nARG NPM_TOKEN\nRUN npm ci\nFROM alpine AS app\nUSER 1000\n";
  Document built{"Dockerfile", dir / "Dockerfile"};
  const auto shipped = session.lint(built, *config, SourceFile("Dockerfile", two_stages));
  built.target = "build";
  const auto build_stage = session.lint(built, *config, SourceFile("Dockerfile", two_stages));
  REQUIRE(find(shipped, "LL1001"));
  CHECK(find(shipped, "LL1001")->severity == Severity::Info);  // a stage that is not shipped
  CHECK_FALSE(find(shipped, "LL2001"));
  REQUIRE(find(build_stage, "LL1001"));
  CHECK(find(build_stage, "LL1001")->severity == Severity::Warning);
  CHECK(find(build_stage, "LL2001"));
}
