// Every input the fuzzer once broke on (testdata/fuzz-regressions/) runs through the fuzz target's
// own code path: parse, every rule, shell, expansion, Compose, every report format and the
// redaction oracle. A crash here is a crash of the fuzz target; ASan+UBSan catch the rest in
// `make test-asan`.
#define LAYERLINT_FUZZ_NO_MAIN
#include "fuzz/fuzz_lint.cpp"

#include "catch.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "fixture_util.hpp"

using namespace layerlint;
namespace fs = std::filesystem;

namespace {

fs::path regressions_dir() { return testing::source_dir() / "testdata" / "fuzz-regressions"; }

}  // namespace

TEST_CASE("fuzz reproducers run clean through the fuzz target", "[fuzz]") {
  // Edge inputs first, so the code path runs even before any reproducer is saved; then every file
  // at the top of testdata/fuzz-regressions (open/ holds known, unfixed ones).
  std::vector<std::pair<std::string, std::string>> inputs = {
      {"empty", ""},
      {"newline only", "\n"},
      {"unterminated heredoc", "FROM a\nRUN <<EOF\necho\n"},
      {"continuation at end", "FROM a\nRUN echo \\"},
      {"nul and invalid utf-8", std::string("FROM a\0\xff\xfe\nRUN x", 16)},
  };
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(regressions_dir())) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) inputs.emplace_back(path.filename().string(), testing::read_text(path));
  for (const auto& [name, data] : inputs) {
    INFO("input " << name);
    CHECK(fuzz::fuzz_one_input(data) == "");
  }
}

TEST_CASE("fuzz reproducers are described in the README", "[fuzz]") {
  const std::string readme = testing::read_text(regressions_dir() / "README.md");
  REQUIRE_FALSE(readme.empty());
  for (const auto& entry : fs::recursive_directory_iterator(regressions_dir())) {
    if (!entry.is_regular_file()) continue;
    const std::string name = fs::relative(entry.path(), regressions_dir()).generic_string();
    if (name == "README.md") continue;
    INFO("reproducer " << name);
    CHECK(readme.find("`" + name + "`") != std::string::npos);
  }
}

TEST_CASE("the planted secrets are found, so the redaction oracle has something to check", "[fuzz]") {
  const SourceFile source("Dockerfile", fuzz::planted_header() + "Zk4mQ9vR2xT7pL3wN8bC\n");
  const std::vector<Finding> findings = lint_dockerfile(source, {});
  std::set<std::pair<std::string, uint32_t>> lines;
  for (const Finding& f : findings) lines.emplace(f.rule_id, f.range.begin.line);
  CHECK(lines.count({"LL1001", 2}) == 1);  // ARG GITHUB_TOKEN=ghp_...
  CHECK(lines.count({"LL1002", 3}) == 1);  // ENV DB_PASSWORD=...
  CHECK(lines.count({"LL1003", 4}) == 1);  // curl -u deploy:...
  CHECK(lines.count({"LL1002", 5}) == 1);  // ENV API_TOKEN=<the input's first line>
}

TEST_CASE("the redaction oracle watches token-like first lines only", "[fuzz]") {
  struct Case {
    std::string_view input;
    std::optional<std::string_view> token;
  };
  const std::vector<Case> cases = {
      {"Zk4mQ9vR2xT7pL3wN8bC\nRUN true\n", "Zk4mQ9vR2xT7pL3wN8bC"},
      {"Zk4mQ9vR2xT7pL3wN8bC", "Zk4mQ9vR2xT7pL3wN8bC"},
      {"Zk4mQ9vR2xT7pL3\n", std::nullopt},                                     // shorter than 16
      {"ZkmQvRxTpLwNbCab\n", std::nullopt},                                    // no digit
      {"1234567890123456\n", std::nullopt},                                    // no letter
      {"Zk4mQ9vR2x-7pL3wN8bC\n", std::nullopt},                                // not letters and digits only
      {"Zk4mQ9vR2xT7pL3wN8bC\nLABEL a=Zk4mQ9vR2xT7pL3wN8bC\n", std::nullopt},  // also elsewhere
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO("input " << c.input);
    CHECK(fuzz::token_literal(c.input) == c.token);
  }
}

TEST_CASE("the redaction oracle stands aside when the input holds part of a planted secret", "[fuzz]") {
  const std::string_view secret = fuzz::k_planted_secrets[0];
  CHECK(fuzz::shares_window("RUN echo " + std::string(secret.substr(10, 8)), secret));
  CHECK_FALSE(fuzz::shares_window("RUN echo " + std::string(secret.substr(10, 7)), secret));
  CHECK_FALSE(fuzz::shares_window("short", secret));
}
