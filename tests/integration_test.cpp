// The pre-commit hook and the GitHub Action, run for real by tests/integration/*.sh against the
// binary built with this suite. A script exits 77 when a tool it needs (pre-commit, git, python3)
// is missing: that is a warning, not a failure, since scripts/install-deps.sh installs them.
#include "catch.hpp"

#include "fixture_util.hpp"

#include <string>

namespace {

constexpr int k_skipped = 77;

using ScriptRun = layerlint::testing::CommandRun;

ScriptRun run_script(const std::string& name) {
  ScriptRun r =
      layerlint::testing::run_command(std::string("LAYERLINT='") + LAYERLINT_BINARY + "' bash '" +
                                      LAYERLINT_SOURCE_DIR + "/tests/integration/" + name + "' 2>&1");
  REQUIRE(r.code >= 0);  // the script ran and exited
  return r;
}

// Runs one script; it must pass, or say it skipped.
void check_script(const std::string& script, const std::string& last_line) {
  const ScriptRun r = run_script(script);
  if (r.code == k_skipped) {
    WARN(script << " skipped: " << r.out);
    SUCCEED();
    return;
  }
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("FAIL") == std::string::npos);
  REQUIRE(r.out.size() >= last_line.size());
  CHECK(r.out.substr(r.out.size() - last_line.size()) == last_line);
}

}  // namespace

// Separate test cases, so that ctest runs the two scripts in parallel.
TEST_CASE("the pre-commit hook stops leaky commits and passes clean ones", "[integration]") {
  check_script("pre-commit.sh", "pre-commit integration: all checks passed\n");
}

TEST_CASE("the GitHub Action annotates findings and writes SARIF", "[integration]") {
  check_script("action.sh", "action integration: all checks passed\n");
}
