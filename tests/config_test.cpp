// The .layerlint.yaml config: parsing, every error with its position, discovery, compiled patterns.
#include <unistd.h>
#include "catch.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/walk.hpp"
#include "fixture_util.hpp"
#include "layerlint/config.hpp"

namespace fs = std::filesystem;
using layerlint::CompiledConfigPatterns;
using layerlint::Config;
using layerlint::ConfigError;
using layerlint::FailLevel;
using layerlint::FallbackStrategy;
using layerlint::Severity;
using layerlint::testing::TempDir;

namespace {

std::vector<std::string> error_strings(const std::vector<ConfigError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.to_string());
  return out;
}

// Parses `text` as "c.yaml"; returns the errors as "path:line:col: message".
std::vector<std::string> errors_of(const std::string& text) {
  std::vector<ConfigError> errors;
  const auto config = layerlint::parse_config(text, "c.yaml", errors);
  CHECK(config.has_value() == errors.empty());
  return error_strings(errors);
}

Config parse_ok(const std::string& text) {
  std::vector<ConfigError> errors;
  auto config = layerlint::parse_config(text, "c.yaml", errors);
  INFO(text);
  CHECK(error_strings(errors) == std::vector<std::string>{});
  REQUIRE(config);
  return *config;
}

}  // namespace

TEST_CASE("the full example parses to its values", "[config]") {
  const fs::path file = layerlint::testing::source_dir() / "testdata/config/full.layerlint.yaml";
  std::vector<ConfigError> errors;
  const auto config = layerlint::load_config(file, errors);
  CHECK(error_strings(errors) == std::vector<std::string>{});
  REQUIRE(config);
  CHECK(config->path == file.string());
  CHECK(config->select == std::vector<std::string>{"LL1001", "LL1002"});
  CHECK(config->ignore == std::vector<std::string>{"LL2001"});
  CHECK(config->severity ==
        std::map<std::string, Severity>{{"LL1001", Severity::Info}, {"LL1008", Severity::Error}});
  CHECK(config->allow_names == std::vector<std::string>{"MY_PUBLIC_TOKEN_ID"});
  CHECK(config->allow_values == std::vector<std::string>{"test-[0-9]+"});
  REQUIRE(config->patterns.size() == 1);
  CHECK(config->patterns[0].id == "acme-api-key");
  CHECK(config->patterns[0].description == "ACME API key");
  CHECK(config->patterns[0].regex == "acme_[A-Za-z0-9]{32}");
  CHECK(config->patterns[0].line == 9);
  CHECK(config->fallback == FallbackStrategy::Network);
  CHECK(config->fail_level == FailLevel::Error);
  const std::string folder = file.parent_path().string();
  CHECK(config->exclude ==
        std::vector<layerlint::ExcludeEntry>{{"vendor/**", folder}, {"**/testdata/**", folder}});
  CHECK_FALSE(config->extend);
  CHECK(config->extends.empty());
  CHECK(config->allowed_name("my_public_token_id"));
  CHECK_FALSE(config->allowed_name("MY_PUBLIC_TOKEN"));
}

TEST_CASE("the example and the errors in docs/config.md are what the parser does", "[config]") {
  const std::string doc = layerlint::testing::read_text(layerlint::testing::source_dir() / "docs/config.md");
  const size_t begin = doc.find("```yaml\n");
  REQUIRE(begin != std::string::npos);
  const size_t end = doc.find("```", begin + 8);
  REQUIRE(end != std::string::npos);
  const Config example = parse_ok(doc.substr(begin + 8, end - begin - 8));
  CHECK(example.select == std::vector<std::string>{"LL1001", "LL1002"});
  CHECK(example.patterns.size() == 1);

  // Every error line shown in the doc comes out of testdata/config/errors.layerlint.yaml.
  const std::string text = layerlint::testing::read_text(layerlint::testing::source_dir() /
                                                         "testdata/config/errors.layerlint.yaml");
  std::vector<ConfigError> errors;
  CHECK_FALSE(layerlint::parse_config(text, ".layerlint.yaml", errors));
  const std::vector<std::string> actual = error_strings(errors);
  const size_t shown = doc.find("```\n.layerlint.yaml:");
  REQUIRE(shown != std::string::npos);
  const size_t shown_end = doc.find("```", shown + 4);
  size_t line_begin = shown + 4;
  int lines = 0;
  while (line_begin < shown_end) {
    const size_t line_end = doc.find('\n', line_begin);
    const std::string line = doc.substr(line_begin, line_end - line_begin);
    INFO(line);
    CHECK(std::find(actual.begin(), actual.end(), line) != actual.end());
    ++lines;
    line_begin = line_end + 1;
  }
  CHECK(lines == 4);
}

TEST_CASE("a file with one mistake per line reports every one of them", "[config]") {
  const fs::path file = layerlint::testing::source_dir() / "testdata/config/errors.layerlint.yaml";
  std::vector<ConfigError> errors;
  CHECK_FALSE(layerlint::load_config(file, errors));
  const std::string p = file.string();
  CHECK(error_strings(errors) ==
        std::vector<std::string>{
            p + ":1:1: unknown key 'selct' (did you mean 'select'?)",
            p + ":2:10: unknown rule 'LL9999' in 'ignore'",
            p + ":3:21: unknown severity 'fatal' for 'LL1008' (expected error, warning or info)",
            p + ":6:3: unknown key 'value' in 'allow' (did you mean 'values'?)",
            p + ":9:12: invalid regex in pattern 'broken': missing ): (abc",
            p + ":10:13: unknown fail level 'sometimes' (expected error, warning, info or none)",
        });
  REQUIRE(errors.size() == 6);
  CHECK(errors[1].path == p);
  CHECK(errors[1].line == 2);
  CHECK(errors[1].column == 10);
  CHECK(errors[1].message == "unknown rule 'LL9999' in 'ignore'");
}

TEST_CASE("every config error names its position and what is wrong", "[config]") {
  struct Case {
    std::string text;
    std::vector<std::string> errors;
  };
  const std::vector<Case> cases = {
      // Unknown keys, at every level.
      {"selct: [LL1001]\n", {"c.yaml:1:1: unknown key 'selct' (did you mean 'select'?)"}},
      {"select: [LL1001]\nfoo: 1\n",
       {"c.yaml:2:1: unknown key 'foo' (expected select, ignore, severity, allow, patterns, fix-strategy, "
        "fail-level, exclude, builder, extend)"}},
      {"Select: [LL1001]\n", {"c.yaml:1:1: unknown key 'Select' (did you mean 'select'?)"}},
      {"allow:\n  names: [A]\n  value: ['x']\n",
       {"c.yaml:3:3: unknown key 'value' in 'allow' (did you mean 'values'?)"}},
      {"allow: {names: [é], bad: 1}\n",
       {"c.yaml:1:21: unknown key 'bad' in 'allow' (expected names, values)"}},
      {"patterns:\n  - id: a\n    regex: 'a+'\n    severity: high\n",
       {"c.yaml:4:5: unknown key 'severity' in a pattern (expected id, description, regex)"}},
      {"patterns:\n  - id: a\n    regex: 'a+'\n    regexp: 'b+'\n",
       {"c.yaml:4:5: unknown key 'regexp' in a pattern (did you mean 'regex'?)"}},
      // Duplicate and non-scalar keys.
      {"select: [LL1001]\nselect: [LL1002]\n", {"c.yaml:2:1: duplicate key 'select'"}},
      {"? [a]\n: 1\n", {"c.yaml:1:3: expected a key name, found a list"}},
      // YAML syntax errors, at yaml-cpp's mark.
      {"select: [LL1001\n", {"c.yaml:2:1: invalid YAML: end of sequence flow not found"}},
      {"a: b: c\n", {"c.yaml:1:5: invalid YAML: illegal map value"}},
      {"select: [LL1001]\n\tignore: []\n", {"c.yaml:2:2: invalid YAML: end of map not found"}},
      {"select: *nothing\n", {"c.yaml:1:9: invalid YAML: the referenced anchor is not defined"}},
      // Wrong types.
      {"- select\n", {"c.yaml:1:1: the config must be a map of keys, found a list"}},
      {"hello\n", {"c.yaml:1:1: the config must be a map of keys, found a scalar"}},
      {"select: {a: 1}\n", {"c.yaml:1:9: expected a list for 'select', found a map"}},
      {"select: LL1001\n", {"c.yaml:1:9: expected a list for 'select', found a scalar"}},
      {"ignore: [[LL1001], ~]\n",
       {"c.yaml:1:10: expected a rule id or slug in 'ignore', found a list",
        "c.yaml:1:9: expected a rule id or slug in 'ignore', found null"}},
      {"severity: [error]\n",
       {"c.yaml:1:11: expected a map of rule to severity for 'severity', found a list"}},
      {"severity: {LL1001: [error]}\n",
       {"c.yaml:1:20: expected a string for the severity of 'LL1001', found a list"}},
      {"severity:\n  LL1001:\n",
       {"c.yaml:2:3: missing severity for 'LL1001' (expected error, warning or info)"}},
      {"allow: [A]\n", {"c.yaml:1:8: expected a map with names and values for 'allow', found a list"}},
      {"allow:\n  names: A\n", {"c.yaml:2:10: expected a list for 'allow.names', found a scalar"}},
      {"allow:\n  names: ['']\n", {"c.yaml:2:11: empty variable name in 'allow.names'"}},
      {"patterns: {id: a}\n", {"c.yaml:1:11: expected a list of patterns for 'patterns', found a map"}},
      {"patterns: [x]\n",
       {"c.yaml:1:12: expected a pattern (a map with id, description and regex) in 'patterns', found a "
        "scalar"}},
      {"patterns:\n  - id: [a]\n    regex: 'a+'\n",
       {"c.yaml:2:9: expected a string for the pattern's 'id', found a list",
        "c.yaml:2:5: a pattern needs a non-empty 'id'"}},
      {"fix-strategy: [network]\n", {"c.yaml:1:15: expected a string for 'fix-strategy', found a list"}},
      {"fail-level: {a: 1}\n", {"c.yaml:1:13: expected a string for 'fail-level', found a map"}},
      {"exclude: 'vendor/**'\n", {"c.yaml:1:10: expected a list for 'exclude', found a scalar"}},
      {"exclude: ['']\n", {"c.yaml:1:11: empty path glob in 'exclude'"}},
      // Unknown rules and values.
      {"ignore: [LL1001, LL9999, no-such-rule]\n",
       {"c.yaml:1:18: unknown rule 'LL9999' in 'ignore'",
        "c.yaml:1:26: unknown rule 'no-such-rule' in 'ignore'"}},
      {"severity: { LL1008: fatal, bogus: error }\n",
       {"c.yaml:1:21: unknown severity 'fatal' for 'LL1008' (expected error, warning or info)",
        "c.yaml:1:28: unknown rule 'bogus' in 'severity'"}},
      {"builder: kaniko\n",
       {"c.yaml:1:10: unknown builder 'kaniko' (expected docker, buildx, compose, podman, buildah, "
        "github-actions, "
        "gitlab-ci or classic)"}},
      {"fix-strategy: docker\n",
       {"c.yaml:1:15: unknown fix strategy 'docker' (expected multi-stage, network or host-side)"}},
      {"fail-level: sometimes\n",
       {"c.yaml:1:13: unknown fail level 'sometimes' (expected error, warning, info or none)"}},
      // Regexes and patterns.
      {"patterns:\n  - id: bad\n    regex: '(abc'\n",
       {"c.yaml:3:12: invalid regex in pattern 'bad': missing ): (abc"}},
      {"allow: { values: ['[a-'] }\n", {"c.yaml:1:19: invalid regex in 'allow.values': missing ]: [a-"}},
      {"allow: { values: [''] }\n", {"c.yaml:1:19: empty regex in 'allow.values'"}},
      {"patterns:\n  - id: e\n    regex: 'x*'\n",
       {"c.yaml:3:12: the regex of pattern 'e' matches the empty string"}},
      {"patterns:\n  - description: d\n",
       {"c.yaml:2:5: a pattern needs a non-empty 'id'", "c.yaml:2:5: a pattern needs a 'regex'"}},
      {"patterns:\n  - id: a\n    regex: 'a+'\n  - id: a\n    regex: 'b+'\n",
       {"c.yaml:4:9: duplicate pattern id 'a'"}},
      // Documents and encodings.
      {"select: [LL1001]\n---\nignore: [LL2001]\n",
       {"c.yaml:2:1: the config must be a single YAML document"}},
      {"select: [LL1001]\n---\n", {"c.yaml:2:1: the config must be a single YAML document"}},
      // A stray ',' where a document starts (yaml-cpp's LoadAll would loop on it forever).
      {",", {"c.yaml:1:1: invalid YAML: unexpected ','"}},
      {"# config\n  , select: []\n", {"c.yaml:2:3: invalid YAML: unexpected ','"}},
      {"select: []\n---\n,\n", {"c.yaml:2:1: the config must be a single YAML document"}},
      {"\xEF\xBB\xBF"
       "foo: 1\n",
       {"c.yaml:1:1: unknown key 'foo' (expected select, ignore, severity, allow, patterns, fix-strategy, "
        "fail-level, exclude, builder, extend)"}},
      {"select: [LL1001]\r\n  \r\nsellect: []\r\n",
       {"c.yaml:3:1: unknown key 'sellect' (did you mean 'select'?)"}},
      // A long key is cut short in the message.
      {std::string(100, 'k') + ": 1\n",
       {"c.yaml:1:1: unknown key '" + std::string(64, 'k') +
        "…' (expected select, ignore, severity, allow, patterns, fix-strategy, fail-level, exclude, "
        "builder, extend)"}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(errors_of(c.text) == c.errors);
  }
}

TEST_CASE("valid configs, including empty ones and null values", "[config]") {
  for (const char* text : {"", "\n", "# only a comment\n", "---\n", "\xEF\xBB\xBF", "{}\n", "~\n"}) {
    const Config c = parse_ok(text);
    CHECK(c.select.empty());
    CHECK(c.patterns.empty());
    CHECK_FALSE(c.fail_level);
    CHECK_FALSE(c.fallback);
  }
  const Config nulls =
      parse_ok("select:\nignore: ~\nallow:\nfix-strategy:\nfail-level:\npatterns:\nexclude:\n");
  CHECK(nulls.select.empty());
  CHECK(nulls.ignore.empty());
  CHECK_FALSE(nulls.fail_level);
  CHECK_FALSE(nulls.fallback);

  const Config c = parse_ok(
      "select: [ll1001, SECRET-ARG, LL1001, secret-removed-in-later-layer, LL0001]\n"
      "severity: {root-user: WARNING}\n"
      "fix-strategy: Host-Side\n"
      "fail-level: NONE\n"
      "patterns:\n"
      "  - {id: corp, regex: 'corp_[0-9]{8}', description: }\n");
  CHECK(c.select == std::vector<std::string>{"LL1001", "LL1005", "LL0001"});
  CHECK(c.severity == std::map<std::string, Severity>{{"LL2001", Severity::Warning}});
  CHECK(c.fallback == FallbackStrategy::HostSide);
  CHECK(c.fail_level == FailLevel::None);
  REQUIRE(c.patterns.size() == 1);
  CHECK(c.patterns[0].description == "corp");
  CHECK(c.patterns[0].line == 6);

  // Anchors and aliases are ordinary YAML.
  const Config aliased = parse_ok("select: &rules [LL1001, LL1002]\nignore: *rules\n");
  CHECK(aliased.ignore == std::vector<std::string>{"LL1001", "LL1002"});
}

TEST_CASE("names and parsers of the config enums", "[config]") {
  CHECK(layerlint::parse_fail_level("Warning") == FailLevel::Warning);
  CHECK_FALSE(layerlint::parse_fail_level("warn"));
  CHECK(layerlint::fail_level_name(FailLevel::None) == "none");
  CHECK(layerlint::parse_fallback_strategy("multi-stage") == FallbackStrategy::MultiStage);
  CHECK_FALSE(layerlint::parse_fallback_strategy("multistage"));
  CHECK(layerlint::fallback_strategy_name(FallbackStrategy::Network) == "network");
  CHECK(layerlint::parse_severity("info") == Severity::Info);
  CHECK_FALSE(layerlint::parse_severity("none"));
  CHECK(ConfigError{"a.yaml", 3, 7, "bad"}.to_string() == "a.yaml:3:7: bad");
  CHECK(ConfigError{"a.yaml", 0, 0, "gone"}.to_string() == "a.yaml: gone");
}

TEST_CASE("load_config reports files it cannot read", "[config]") {
  TempDir dir("load");
  std::vector<ConfigError> errors;
  CHECK_FALSE(layerlint::load_config(dir.path / "missing.yaml", errors));
  CHECK(error_strings(errors) ==
        std::vector<std::string>{(dir.path / "missing.yaml").string() +
                                 ": cannot read the config: No such file or directory"});
  errors.clear();
  CHECK_FALSE(layerlint::load_config(dir.path, errors));
  CHECK(error_strings(errors) ==
        std::vector<std::string>{dir.path.string() + ": cannot read the config: it is a directory"});
  errors.clear();
  const auto empty = layerlint::load_config(
      layerlint::testing::source_dir() / "testdata/config/empty.layerlint.yaml", errors);
  CHECK(errors.empty());
  REQUIRE(empty);
  CHECK(empty->select.empty());
}

TEST_CASE("find_config walks up to the repository root", "[config]") {
  TempDir dir("find");
  const fs::path root = dir.path / "repo";
  dir.mkdir("repo/.git");
  dir.write("repo/.layerlint.yml", "");
  dir.write("repo/app/deep/er/Dockerfile", "FROM scratch\n");
  dir.write("repo/svc/.layerlint.yaml", "");
  dir.write("repo/svc/.layerlint.yml", "");
  dir.mkdir("repo/svc/sub");
  dir.write(".layerlint.yaml", "");  // above the repository: never found from inside it
  dir.write("outside/sub/Dockerfile", "FROM scratch\n");
  dir.mkdir("nested/.git");
  dir.write("nested/inner/.git", "gitdir: ../.git/worktrees/inner\n");  // a worktree's .git file
  dir.mkdir("nested/inner/src");
  dir.write("nested/.layerlint.yaml", "");

  struct Case {
    fs::path start;
    std::optional<fs::path> found;
  };
  const std::vector<Case> cases = {
      {root / "app/deep/er/Dockerfile", root / ".layerlint.yml"},  // a file: starts in its directory
      {root / "app/deep/er", root / ".layerlint.yml"},             // a directory
      {root / "app/deep/er/", root / ".layerlint.yml"},
      {root / "app/deep/er/../er/Dockerfile", root / ".layerlint.yml"},
      {root / "app/missing.Dockerfile", root / ".layerlint.yml"},  // need not exist
      {root, root / ".layerlint.yml"},
      {root / "svc/sub", root / "svc/.layerlint.yaml"},  // the nearest wins, .yaml before .yml
      {root / "svc", root / "svc/.layerlint.yaml"},
      {dir.path / "outside/sub/Dockerfile", dir.path / ".layerlint.yaml"},
      {dir.path / "nested/inner/src", std::nullopt},  // stops at the worktree's root
      {dir.path / "nested", dir.path / "nested/.layerlint.yaml"},
  };
  for (const Case& c : cases) {
    INFO(c.start.string());
    CHECK(layerlint::find_config(c.start) == c.found);
  }
  // One locator for every start, in this order and reversed: remembered directories give the same
  // answers as fresh walks.
  layerlint::ConfigLocator locator;
  for (const Case& c : cases) {
    INFO("locator " << c.start.string());
    CHECK(locator.find(c.start) == c.found);
  }
  layerlint::ConfigLocator reversed;
  for (auto c = cases.rbegin(); c != cases.rend(); ++c) {
    INFO("reversed " << c->start.string());
    CHECK(reversed.find(c->start) == c->found);
  }

  fs::remove(root / ".layerlint.yml");
  CHECK(layerlint::find_config(root / "app/deep/er/Dockerfile") == std::nullopt);  // .git stops the walk
}

TEST_CASE("compiled config patterns find and allow values", "[config]") {
  const Config config = parse_ok(
      "allow:\n"
      "  values: ['test-[0-9]+', 'acme_0{32}']\n"
      "patterns:\n"
      "  - id: acme-api-key\n"
      "    description: ACME API key\n"
      "    regex: 'acme_[A-Za-z0-9]{32}'\n"
      "  - id: acme-any\n"
      "    regex: 'acme_[A-Za-z0-9]{32}'\n"
      "  - id: corp\n"
      "    regex: '(?i)corp-[0-9]{4}'\n");
  const CompiledConfigPatterns compiled(config);
  CHECK_FALSE(compiled.empty());

  CHECK(compiled.allowed_value("test-123"));
  CHECK_FALSE(compiled.allowed_value("test-123x"));  // must match in full
  CHECK_FALSE(compiled.allowed_value("xtest-1"));
  CHECK_FALSE(compiled.allowed_value(""));

  const std::string key(32, 'K');
  const std::string text =
      "KEY=acme_" + key + " ok=acme_" + std::string(32, '0') + " CORP-1234 corp-99 corp-5678";
  const auto matches = compiled.find(text);
  REQUIRE(matches.size() == 3);
  CHECK(matches[0].begin == 4);
  CHECK(matches[0].end == 41);
  CHECK(matches[0].kind == "acme-api-key");  // the same span from acme-any is reported once
  CHECK(matches[0].description == "ACME API key");
  CHECK(text.substr(matches[1].begin, matches[1].end - matches[1].begin) == "CORP-1234");
  CHECK(matches[1].kind == "corp");
  CHECK(matches[1].description == "corp");
  CHECK(text.substr(matches[2].begin, matches[2].end - matches[2].begin) == "corp-5678");
  CHECK(compiled.find("nothing here").empty());
  CHECK(compiled.find("").empty());

  // A config built by hand may hold patterns parse_config rejects: they are skipped.
  Config by_hand;
  by_hand.allow_values = {"(", "ok"};
  by_hand.patterns = {{"bad", "", "(", 0}, {"empty", "", "a*", 0}, {"good", "", "b+", 0}};
  const CompiledConfigPatterns skipped(by_hand);
  CHECK(skipped.allowed_value("ok"));
  const auto found = skipped.find("aaa bb");
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == "good");
  CHECK(found[0].description == "good");
  CHECK(found[0].begin == 4);
  CHECK(found[0].end == 6);

  CHECK(CompiledConfigPatterns(Config{}).empty());
}

TEST_CASE("large and hostile configs are errors or configs, never crashes", "[config]") {
  SECTION("a 1 MB config with many globs") {
    std::string text = "exclude:\n";
    size_t count = 0;
    while (text.size() < (1u << 20)) {
      text += "  - 'vendor/" + std::to_string(count++) + "/**'\n";
    }
    const Config c = parse_ok(text);
    REQUIRE(c.exclude.size() == count);
    CHECK(c.exclude.back().glob == "vendor/" + std::to_string(count - 1) + "/**");
    CHECK(c.exclude.back().base == ".");
  }
  SECTION("a 1 MB line of unknown rules reports each at its column") {
    std::string text = "ignore: [";
    const size_t count = 100000;
    for (size_t i = 0; i < count; ++i) text += "ll9999, ";
    text += "é]\n";
    std::vector<ConfigError> errors;
    CHECK_FALSE(layerlint::parse_config(text, "c.yaml", errors));
    REQUIRE(errors.size() == count + 1);
    CHECK(errors[1].to_string() == "c.yaml:1:18: unknown rule 'll9999' in 'ignore'");
    CHECK(errors.back().to_string() ==
          "c.yaml:1:" + std::to_string(10 + 8 * count) + ": unknown rule 'é' in 'ignore'");
  }
  SECTION("deeply nested flow collections") {
    for (const std::string& text : {"select: " + std::string(100000, '['), "a: " + std::string(100000, '{'),
                                    "select: " + std::string(1500, '[') + std::string(1500, ']') + "\n"}) {
      std::vector<ConfigError> errors;
      CHECK_FALSE(layerlint::parse_config(text, "c.yaml", errors));
      CHECK_FALSE(errors.empty());
    }
  }
  SECTION("deeply nested block lists") {
    std::string text = "select:\n";
    for (int i = 0; i < 3000; ++i) text += "- ";
    text += "x\n";
    std::vector<ConfigError> errors;
    CHECK_FALSE(layerlint::parse_config(text, "c.yaml", errors));
    REQUIRE_FALSE(errors.empty());
    CHECK(errors[0].line >= 1);
  }
  SECTION("aliases that name a big pattern many times") {
    std::string text = "patterns:\n  - &p {id: a, regex: 'a+'";
    for (int i = 0; i < 2000; ++i) text += ", k" + std::to_string(i) + ": 1";
    text += "}\n";
    for (int i = 0; i < 5000; ++i) text += "  - *p\n";
    std::vector<ConfigError> errors;
    CHECK_FALSE(layerlint::parse_config(text, "c.yaml", errors));
    // The anchored pattern's errors, once each (not once per alias).
    REQUIRE(errors.size() >= 2000);
    CHECK(errors[0].to_string() ==
          "c.yaml:2:29: unknown key 'k0' in a pattern (expected id, description, regex)");
    CHECK(errors[1999].message == "unknown key 'k1999' in a pattern (expected id, description, regex)");
    CHECK(errors.size() == 2000);
  }
  SECTION("aliases that name a big list many times") {
    std::string text = "exclude: &x [";
    for (int i = 0; i < 2000; ++i) text += "'" + std::to_string(i) + "', ";
    text += "]\nselect: [";
    for (int i = 0; i < 5000; ++i) text += "*x, ";
    text += "]\n";
    std::vector<ConfigError> errors;
    CHECK_FALSE(layerlint::parse_config(text, "c.yaml", errors));
    CHECK(error_strings(errors) ==
          std::vector<std::string>{"c.yaml:1:10: expected a rule id or slug in 'select', found a list"});
  }
  SECTION("binary garbage and control characters") {
    using namespace std::string_literals;
    const std::string text = "select: [\x01\x02\xff\xfe]\nfoo\x7f: 1\n\0\0"s;
    std::vector<ConfigError> errors;
    CHECK_FALSE(layerlint::parse_config(text, "c.yaml", errors));
    CHECK_FALSE(errors.empty());
  }
  SECTION("bigger than the limit") {
    const std::string text(layerlint::k_max_config_bytes + 1, '#');
    std::vector<ConfigError> errors;
    CHECK_FALSE(layerlint::parse_config(text, "c.yaml", errors));
    CHECK(error_strings(errors) ==
          std::vector<std::string>{"c.yaml: the config is larger than " +
                                   std::to_string(layerlint::k_max_config_bytes) + " bytes"});
  }
}

namespace {

// The working directory changed for a scope.
struct WorkingDirectory {
  fs::path saved = fs::current_path();
  explicit WorkingDirectory(const fs::path& dir) { fs::current_path(dir); }
  ~WorkingDirectory() {
    std::error_code ec;
    fs::current_path(saved, ec);
  }
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;
};

// The text of each fenced block of `doc` that opens with "```<fence>\n" after `heading`, up to the
// next heading of its level.
std::vector<std::string> blocks_under(const std::string& doc, const std::string& heading,
                                      const std::string& fence) {
  std::vector<std::string> out;
  const size_t begin = doc.find(heading);
  REQUIRE(begin != std::string::npos);
  const size_t end = std::min(doc.find("\n## ", begin + heading.size()), doc.size());
  const std::string open = "```" + fence + "\n";
  for (size_t at = doc.find(open, begin); at < end; at = doc.find(open, at)) {
    const size_t close = doc.find("```", at + open.size());
    REQUIRE(close != std::string::npos);
    out.push_back(doc.substr(at + open.size(), close - at - open.size()));
    at = close + 3;
  }
  return out;
}

// Loads `file`; the errors, as "path:line:col: message", must be `expected`.
std::optional<Config> load(const fs::path& file, const std::vector<std::string>& expected = {}) {
  std::vector<ConfigError> errors;
  auto config = layerlint::load_config(file, errors);
  INFO(file.string());
  CHECK(error_strings(errors) == expected);
  CHECK(config.has_value() == errors.empty());
  return config;
}

}  // namespace

TEST_CASE("parse_config records extend with its position and reads no file", "[config]") {
  const Config c = parse_ok("select: [LL1001]\nextend:  'base/.layerlint.yaml'\n");
  REQUIRE(c.extend);
  CHECK(*c.extend == layerlint::ConfigExtend{"base/.layerlint.yaml", 2, 10});
  CHECK(c.extends.empty());
  CHECK(c.select == std::vector<std::string>{"LL1001"});
  CHECK_FALSE(parse_ok("extend:\n").extend);  // null: absent
  CHECK(errors_of("extend: [a.yaml]\n") ==
        std::vector<std::string>{"c.yaml:1:9: expected a string for 'extend', found a list"});
  CHECK(errors_of("extend: ''\n") == std::vector<std::string>{"c.yaml:1:9: empty path in 'extend'"});
  CHECK(errors_of("extends: a.yaml\n") ==
        std::vector<std::string>{"c.yaml:1:1: unknown key 'extends' (did you mean 'extend'?)"});
}

TEST_CASE("extend: each key merges over the base as documented", "[config]") {
  TempDir dir("extend-merge");
  dir.write("base.yml",
            "select: [LL1001, LL1002, LL1003]\n"
            "ignore: [root-user, LL1004]\n"
            "severity: { LL1001: info, LL1008: error }\n"
            "allow:\n"
            "  names: [BASE_ID, Shared_Name]\n"
            "  values: ['base-[0-9]+', 'both']\n"
            "patterns:\n"
            "  - { id: one, regex: 'one_[0-9]+' }\n"
            "  - { id: two, regex: 'two_[0-9]+', description: base two }\n"
            "fix-strategy: network\n"
            "builder: compose\n"
            "fail-level: error\n"
            "exclude: ['vendor/**', 'gen']\n");
  dir.write("child.yaml",
            "extend: base.yml\n"
            "ignore: [LL2002, root-user]\n"
            "severity: { secret-arg: warning, LL2002: info }\n"
            "allow:\n"
            "  names: [SHARED_NAME, CHILD_ID]\n"
            "  values: ['both', 'child']\n"
            "patterns:\n"
            "  - { id: three, regex: 'three_[0-9]+' }\n"
            "  - { id: two, regex: 'deux_[0-9]+' }\n"
            "fail-level: info\n"
            "exclude: ['gen', 'build/**']\n");
  const auto c = load(dir.path / "child.yaml");
  REQUIRE(c);
  const std::string folder = dir.path.string();
  CHECK(c->path == (dir.path / "child.yaml").string());
  CHECK(c->extends == std::vector<std::string>{(dir.path / "base.yml").string()});
  REQUIRE(c->extend);
  CHECK(c->extend->path == "base.yml");
  // select: not given, so inherited.
  CHECK(c->select == std::vector<std::string>{"LL1001", "LL1002", "LL1003"});
  // ignore, allow.names, allow.values, exclude: added, base first, duplicates dropped.
  CHECK(c->ignore == std::vector<std::string>{"LL2001", "LL1004", "LL2002"});
  CHECK(c->allow_names == std::vector<std::string>{"BASE_ID", "Shared_Name", "CHILD_ID"});
  CHECK(c->allow_values == std::vector<std::string>{"base-[0-9]+", "both", "child"});
  CHECK(c->exclude ==
        std::vector<layerlint::ExcludeEntry>{{"vendor/**", folder}, {"gen", folder}, {"build/**", folder}});
  // severity: key by key, the child winning.
  CHECK(c->severity == std::map<std::string, Severity>{{"LL1001", Severity::Warning},
                                                       {"LL1008", Severity::Error},
                                                       {"LL2002", Severity::Info}});
  // patterns: added; the child's "two" replaces the base's in place.
  REQUIRE(c->patterns.size() == 3);
  CHECK(c->patterns[0].id == "one");
  CHECK(c->patterns[1].id == "two");
  CHECK(c->patterns[1].regex == "deux_[0-9]+");
  CHECK(c->patterns[1].description == "two");
  CHECK(c->patterns[1].line == 9);  // in child.yaml
  CHECK(c->patterns[2].id == "three");
  // Scalars: the child's where given, else the base's.
  CHECK(c->fail_level == FailLevel::Info);
  CHECK(c->fallback == FallbackStrategy::Network);
  CHECK(c->builder == "compose");
  // The merged patterns are compiled like a single file's.
  const CompiledConfigPatterns compiled(*c);
  const auto matches = compiled.find("one_1 two_2 deux_3 three_4");
  REQUIRE(matches.size() == 3);
  CHECK(matches[0].kind == "one");
  CHECK(matches[1].kind == "two");
  CHECK(matches[2].kind == "three");

  SECTION("a select that is given replaces the base's, even an empty one") {
    dir.write("child.yaml", "extend: base.yml\nselect: [secret-env]\n");
    CHECK(load(dir.path / "child.yaml")->select == std::vector<std::string>{"LL1002"});
    dir.write("child.yaml", "extend: base.yml\nselect: []\n");
    CHECK(load(dir.path / "child.yaml")->select.empty());
    dir.write("child.yaml", "extend: base.yml\nselect:\n");  // null: not given
    CHECK(load(dir.path / "child.yaml")->select.size() == 3);
  }
  SECTION("a rule the child selects leaves the inherited ignore") {
    dir.write("child.yaml", "extend: base.yml\nselect: [LL1001, root-user]\nignore: [LL1003]\n");
    const auto re = load(dir.path / "child.yaml");
    REQUIRE(re);
    CHECK(re->select == std::vector<std::string>{"LL1001", "LL2001"});
    CHECK(re->ignore == std::vector<std::string>{"LL1004", "LL1003"});
  }
  SECTION("scalars the child gives override the base's") {
    dir.write("child.yaml", "extend: base.yml\nfix-strategy: host-side\nbuilder: podman\nfail-level: none\n");
    const auto over = load(dir.path / "child.yaml");
    REQUIRE(over);
    CHECK(over->fallback == FallbackStrategy::HostSide);
    CHECK(over->builder == "podman");
    CHECK(over->fail_level == FailLevel::None);
  }
}

TEST_CASE("extend: relative paths start at the naming config's folder, absolute paths are taken as is",
          "[config]") {
  TempDir dir("extend-paths");
  dir.write(".layerlint.yaml", "ignore: [root-user]\n");
  dir.write("shared/strict.yaml", "fail-level: info\n");
  dir.write("svc/api/.layerlint.yaml", "extend: ../../.layerlint.yaml\n");
  dir.write("svc/worker/.layerlint.yaml", "extend: " + (dir.path / "shared/strict.yaml").string() + "\n");
  dir.write("svc/.layerlint.yaml", "extend: ./../shared/strict.yaml\n");

  const auto api = load(dir.path / "svc/api/.layerlint.yaml");
  REQUIRE(api);
  CHECK(api->ignore == std::vector<std::string>{"LL2001"});
  CHECK(api->extends == std::vector<std::string>{(dir.path / ".layerlint.yaml").string()});
  const auto worker = load(dir.path / "svc/worker/.layerlint.yaml");
  REQUIRE(worker);
  CHECK(worker->fail_level == FailLevel::Info);
  CHECK(worker->extends == std::vector<std::string>{(dir.path / "shared/strict.yaml").string()});
  const auto svc = load(dir.path / "svc/.layerlint.yaml");
  REQUIRE(svc);
  CHECK(svc->extends == std::vector<std::string>{(dir.path / "shared/strict.yaml").string()});

  // A relative config path: the base's path is relative too, from the same place.
  std::optional<Config> relative;
  {
    const WorkingDirectory in(dir.path / "svc");
    relative = load("api/.layerlint.yaml");
  }
  REQUIRE(relative);
  CHECK(relative->extends == std::vector<std::string>{"../.layerlint.yaml"});

  // `~` is a folder name like any other.
  dir.write("svc/home/.layerlint.yaml", "extend: ~/.layerlint.yaml\n");
  load(dir.path / "svc/home/.layerlint.yaml",
       {(dir.path / "svc/home/.layerlint.yaml").string() +
        ":1:9: cannot extend '~/.layerlint.yaml': No such file or directory"});
}

TEST_CASE("extend: a chain of three merges from the root down", "[config]") {
  TempDir dir("extend-chain");
  dir.write("root.yaml", "ignore: [LL1001, LL1002]\nseverity: { LL1003: info }\nfail-level: error\n");
  dir.write("team/mid.yaml", "extend: ../root.yaml\nselect: [LL1002]\nseverity: { LL1003: warning }\n");
  dir.write("team/app/leaf.yaml", "extend: ../mid.yaml\nignore: [LL2001]\nfail-level: warning\n");
  const auto leaf = load(dir.path / "team/app/leaf.yaml");
  REQUIRE(leaf);
  CHECK(leaf->path == (dir.path / "team/app/leaf.yaml").string());
  CHECK(leaf->extends ==
        std::vector<std::string>{(dir.path / "team/mid.yaml").string(), (dir.path / "root.yaml").string()});
  CHECK(leaf->select == std::vector<std::string>{"LL1002"});
  CHECK(leaf->ignore == std::vector<std::string>{"LL1001", "LL2001"});  // mid re-enabled LL1002
  CHECK(leaf->severity == std::map<std::string, Severity>{{"LL1003", Severity::Warning}});
  CHECK(leaf->fail_level == FailLevel::Warning);
}

TEST_CASE("extend: a cycle is an error that names the chain", "[config]") {
  TempDir dir("extend-cycle");
  const std::string a = (dir.path / "a.yaml").string();
  const std::string b = (dir.path / "sub/b.yaml").string();
  dir.write("a.yaml", "ignore: [LL1001]\nextend: sub/b.yaml\n");
  dir.write("sub/b.yaml", "extend: ../a.yaml\n");
  load(a, {a + ":2:9: cannot extend 'sub/b.yaml': the config has errors",
           b + ":1:9: 'extend' makes a cycle: " + a + " -> " + b + " -> " + a});
  // Named through another spelling of the same file.
  dir.write("self.yaml", "extend: ./sub/../self.yaml\n");
  const std::string self = (dir.path / "self.yaml").string();
  load(self, {self + ":1:9: 'extend' makes a cycle: " + self + " -> " + self});
}

TEST_CASE("extend: a missing or unreadable base is an error at the extend value", "[config]") {
  TempDir dir("extend-missing");
  const std::string leaf = (dir.path / "leaf.yaml").string();
  dir.write("leaf.yaml", "# shared settings\nselect: [LL1001]\nextend:   nowhere/base.yaml\n");
  const std::vector<ConfigError> expected = {
      {leaf, 3, 11, "cannot extend 'nowhere/base.yaml': No such file or directory"}};
  std::vector<ConfigError> errors;
  CHECK_FALSE(layerlint::load_config(leaf, errors));
  CHECK(errors == expected);
  dir.mkdir("folder");
  dir.write("leaf.yaml", "extend: folder\n");
  load(leaf, {leaf + ":1:9: cannot extend 'folder': it is a directory"});
  if (fs::exists("/dev/zero")) {  // endless: read up to the size limit, not forever
    dir.write("leaf.yaml", "extend: /dev/zero\n");
    load(leaf, {leaf + ":1:9: cannot extend '/dev/zero': it is larger than " +
                std::to_string(layerlint::k_max_config_bytes) + " bytes"});
  }
  if (::geteuid() != 0) {  // root reads any file
    dir.write("locked.yaml", "");
    fs::permissions(dir.path / "locked.yaml", fs::perms::none);
    dir.write("leaf.yaml", "extend: locked.yaml\n");
    load(leaf, {leaf + ":1:9: cannot extend 'locked.yaml': the file cannot be opened"});
  }
}

TEST_CASE("extend: an invalid base reports its own errors in its file", "[config]") {
  TempDir dir("extend-invalid");
  const std::string leaf = (dir.path / "app/.layerlint.yaml").string();
  const std::string base = (dir.path / "base.yaml").string();
  dir.write("base.yaml", "ignore: [LL9999]\nfail-level: sometimes\n");
  dir.write("app/.layerlint.yaml", "extend: ../base.yaml\n");
  load(leaf, {leaf + ":1:9: cannot extend '../base.yaml': the config has errors",
              base + ":1:10: unknown rule 'LL9999' in 'ignore'",
              base + ":2:13: unknown fail level 'sometimes' (expected error, warning, info or none)"});
  // The leaf's own errors come first, and the base is still checked.
  dir.write("app/.layerlint.yaml", "selct: []\nextend: ../base.yaml\n");
  load(leaf, {leaf + ":1:1: unknown key 'selct' (did you mean 'select'?)",
              leaf + ":2:9: cannot extend '../base.yaml': the config has errors",
              base + ":1:10: unknown rule 'LL9999' in 'ignore'",
              base + ":2:13: unknown fail level 'sometimes' (expected error, warning, info or none)"});
  // A valid base under an invalid leaf: the leaf's errors alone.
  dir.write("base.yaml", "ignore: [LL1001]\n");
  load(leaf, {leaf + ":1:1: unknown key 'selct' (did you mean 'select'?)"});
  // YAML that does not parse.
  dir.write("base.yaml", "ignore: [LL1001\n");
  dir.write("app/.layerlint.yaml", "extend: ../base.yaml\n");
  load(leaf, {leaf + ":1:9: cannot extend '../base.yaml': the config has errors",
              base + ":2:1: invalid YAML: end of sequence flow not found"});
}

TEST_CASE("extend: a chain holds at most 16 bases", "[config]") {
  TempDir dir("extend-depth");
  // c0 extends c1, ..., c{n-1} extends c{n}: n bases.
  const auto chain = [&](size_t bases) {
    for (size_t i = 0; i <= bases; ++i) {
      dir.write("c" + std::to_string(i) + ".yaml", i < bases ? "extend: c" + std::to_string(i + 1) + ".yaml\n"
                                                             : std::string("ignore: [LL2001]\n"));
    }
  };
  chain(layerlint::k_max_extend_depth);
  const auto deepest = load(dir.path / "c0.yaml");
  REQUIRE(deepest);
  CHECK(deepest->extends.size() == layerlint::k_max_extend_depth);
  CHECK(deepest->ignore == std::vector<std::string>{"LL2001"});

  chain(layerlint::k_max_extend_depth + 1);
  std::vector<ConfigError> errors;
  CHECK_FALSE(layerlint::load_config(dir.path / "c0.yaml", errors));
  REQUIRE(errors.size() == layerlint::k_max_extend_depth + 1);
  CHECK(errors[0].to_string() ==
        (dir.path / "c0.yaml").string() + ":1:9: cannot extend 'c1.yaml': the config has errors");
  CHECK(errors.back().to_string() ==
        (dir.path / "c16.yaml").string() + ":1:9: too many nested 'extend' (a chain holds at most 16 bases)");
}

TEST_CASE("extend: exclude globs stay anchored at the folder of the config that wrote them", "[config]") {
  TempDir dir("extend-exclude");
  dir.write(".layerlint.yaml", "exclude: ['sub/skip/**', 'vendor']\n");
  dir.write("sub/.layerlint.yaml", "extend: ../.layerlint.yaml\nexclude: ['gen/**']\n");
  const auto c = load(dir.path / "sub/.layerlint.yaml");
  REQUIRE(c);
  const std::string root = dir.path.string();
  const std::string sub = (dir.path / "sub").string();
  CHECK(c->exclude ==
        std::vector<layerlint::ExcludeEntry>{{"sub/skip/**", root}, {"vendor", root}, {"gen/**", sub}});

  // Applied with the leaf config's folder as the anchor of unanchored globs, as the command line does.
  // A glob with '/' also matches from the walked folder: each check walks where only the right anchor
  // can match.
  const layerlint::ExcludeGlobs globs(c->exclude, dir.path / "sub");
  const fs::path top = dir.path;
  const fs::path below = dir.path / "sub";
  CHECK(globs.excluded(dir.path / "sub/skip/Dockerfile", below));  // the base's glob, from the root
  CHECK_FALSE(globs.excluded(dir.path / "sub/sub/skip/Dockerfile", top));
  CHECK(globs.excluded(dir.path / "sub/gen/Dockerfile", top));  // the leaf's glob, from sub/
  CHECK_FALSE(globs.excluded(dir.path / "gen/Dockerfile", below));
  CHECK(globs.excluded(dir.path / "sub/a/vendor/Dockerfile", top));  // a name, at any depth
  CHECK_FALSE(globs.excluded(dir.path / "sub/Dockerfile", top));
  // A glob without a base (a config built by hand) is anchored at the folder given.
  const layerlint::ExcludeGlobs by_hand(std::vector<layerlint::ExcludeEntry>{{"x/**", ""}}, dir.path / "sub");
  CHECK(by_hand.excluded(dir.path / "sub/x/Dockerfile", dir.path));
  CHECK_FALSE(by_hand.excluded(dir.path / "x/Dockerfile", dir.path / "sub"));
}

TEST_CASE("the extend example and its errors in docs/config.md are what load_config does", "[config]") {
  const std::string doc = layerlint::testing::read_text(layerlint::testing::source_dir() / "docs/config.md");
  const std::vector<std::string> configs = blocks_under(doc, "## Extending a config", "yaml");
  REQUIRE(configs.size() == 2);
  TempDir dir("extend-doc");
  const WorkingDirectory in(dir.path);
  dir.write(".layerlint.yaml", configs[0]);
  dir.write("services/legacy/.layerlint.yaml", configs[1]);
  const auto legacy = load("services/legacy/.layerlint.yaml");
  REQUIRE(legacy);
  // What the prose under the example says.
  CHECK(legacy->extends == std::vector<std::string>{".layerlint.yaml"});
  CHECK(legacy->select == std::vector<std::string>{"LL1001", "LL1002", "LL2001"});
  CHECK(legacy->ignore.empty());
  CHECK(legacy->severity == std::map<std::string, Severity>{{"LL1001", Severity::Warning}});
  CHECK(legacy->allow_names == std::vector<std::string>{"PUBLIC_SENTRY_DSN", "LEGACY_LICENSE_KEY"});
  CHECK(legacy->exclude ==
        std::vector<layerlint::ExcludeEntry>{{"vendor/**", "."}, {"generated/**", "services/legacy"}});
  CHECK(legacy->fail_level == FailLevel::Error);

  // Every extend error shown comes out of one of these.
  std::vector<std::string> errors;
  const auto load_errors = [&](const std::string& file) {
    std::vector<ConfigError> found;
    CHECK_FALSE(layerlint::load_config(file, found));
    for (const std::string& e : error_strings(found)) errors.push_back(e);
  };
  dir.write("services/legacy/.layerlint.yaml", "extend: ../../.layerlint.yml\n");
  load_errors("services/legacy/.layerlint.yaml");
  dir.write("services/legacy/.layerlint.yaml", "extend: ../../.layerlint.yaml\n");
  dir.write(".layerlint.yaml", "ignore: [root-usr]\n");
  load_errors("services/legacy/.layerlint.yaml");
  dir.write("a.yaml", "extend: b.yaml\n");
  dir.write("b.yaml", "extend: a.yaml\n");
  load_errors("a.yaml");
  const std::vector<std::string> shown = blocks_under(doc, "## Errors", "");
  REQUIRE(shown.size() == 2);
  std::istringstream lines(shown[1]);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    INFO(line);
    CHECK(std::find(errors.begin(), errors.end(), line) != errors.end());
  }
  CHECK(count == 4);
}
