// The rules see the file as BuildKit's parser reads it: instructions BuildKit recognises are linted
// whatever their spelling, heredoc bodies are not instructions, and a file BuildKit rejects for its
// line length is reported without stopping the run.
#include "catch.hpp"

#include <algorithm>
#include <string>

#include "fixture_util.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/parser.hpp"

using namespace layerlint;

namespace {

std::vector<const Finding*> of_rule(const std::vector<Finding>& findings, std::string_view rule) {
  std::vector<const Finding*> out;
  for (const Finding& f : findings) {
    if (f.rule_id == rule) out.push_back(&f);
  }
  return out;
}

constexpr std::string_view k_aws_key = "AKIAZ4QXW7J3N5RTB2KD";

}  // namespace

TEST_CASE("an ONBUILD trigger is linted, however the keyword is cased", "[lint][parser]") {
  // U+0130 (İ) lower-cases to "i" in Go, so BuildKit reads ONBUİLD as ONBUILD.
  const std::string keyword =
      GENERATE(std::string("ONBUILD"), std::string("onbuild"), std::string("ONBU\xC4\xB0LD"));
  INFO(keyword);
  const SourceFile source("Dockerfile", "FROM amazon/aws-cli:2.17.0\n" + keyword + " ENV AWS_ACCESS_KEY_ID=" +
                                            std::string(k_aws_key) + "\nUSER app\n");
  const std::vector<Finding> findings = lint_dockerfile(source, {});
  CHECK(of_rule(findings, "LL0001").empty());
  const auto credentials = of_rule(findings, "LL1003");
  REQUIRE(credentials.size() == 1);
  CHECK(credentials[0]->range.begin.line == 2);
  CHECK(credentials[0]->message.find("in ONBUILD ENV at line 2") != std::string::npos);
  CHECK(credentials[0]->message.find(k_aws_key) == std::string::npos);
  REQUIRE(credentials[0]->fix);
  CHECK(credentials[0]->fix->edits.empty());
}

TEST_CASE("the body of `cat << EOF` is a heredoc, not instructions", "[lint][parser]") {
  const SourceFile source("Dockerfile",
                          "FROM alpine\n"
                          "RUN cat << EOF > /etc/motd\n"
                          "ENV AWS_ACCESS_KEY_ID=" +
                              std::string(k_aws_key) +
                              "\n"
                              "EOF\n"
                              "USER app\n");
  const Dockerfile file = parse_dockerfile(source);
  REQUIRE(file.instructions.size() == 3);
  REQUIRE(file.instructions[1].heredocs.size() == 1);
  CHECK(file.instructions[1].heredocs[0].name == "EOF");
  CHECK(file.instructions[2].kind == InstructionKind::User);

  const std::vector<Finding> findings = lint_dockerfile(source, {});
  CHECK(of_rule(findings, "LL0001").empty());  // no `unknown instruction: EOF`
  CHECK(of_rule(findings, "LL1002").empty());  // the body's ENV is text the RUN writes, not an ENV
  const auto credentials = of_rule(findings, "LL1003");
  REQUIRE(credentials.size() == 1);
  CHECK(credentials[0]->message.find("in RUN at line 2") != std::string::npos);
}

TEST_CASE("a line past BuildKit's 64 KiB limit is a parse error naming the limit", "[lint][parser]") {
  const std::string long_line = "RUN echo " + std::string(65536, 'x') + "\n";
  const SourceFile source("Dockerfile", "FROM alpine\n" + long_line + "USER app\n");
  const std::vector<Finding> findings = lint_dockerfile(source, {});
  const auto errors = of_rule(findings, "LL0001");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]->range.begin.line == 2);
  CHECK(errors[0]->message.find("max allowed size of 65535") != std::string::npos);

  // 65,535 bytes and the line break are within the limit.
  const SourceFile at_limit("Dockerfile", "FROM alpine\nRUN " + std::string(65531, 'x') + "\nUSER app\n");
  CHECK(of_rule(lint_dockerfile(at_limit, {}), "LL0001").empty());
}

TEST_CASE("a file with a too long line does not stop the run", "[cli][parser]") {
  const layerlint::testing::TempDir dir("long-line");
  dir.write("a.Dockerfile", "FROM alpine\nRUN echo " + std::string(70000, 'x') + "\nUSER app\n");
  dir.write("b.Dockerfile", "FROM alpine\nRUNN echo hi\nUSER app\n");
  const auto run = layerlint::testing::run_command(
      std::string(LAYERLINT_BINARY) + " -f gcc --fail-level none '" + (dir.path / "a.Dockerfile").string() +
      "' '" + (dir.path / "b.Dockerfile").string() + "' 2>&1");
  REQUIRE(run.code == 0);
  CHECK(run.out.find("a.Dockerfile:2:1: error: dockerfile line greater than max allowed size of 65535") !=
        std::string::npos);
  CHECK(run.out.find("b.Dockerfile:2:1: error: unknown instruction: RUNN") != std::string::npos);
}
