// The text format shows a window of a long line, with the marker still under the range.
#include "catch.hpp"

#include <sstream>

#include "layerlint/report.hpp"

using namespace layerlint;

TEST_CASE("a long source line is shown as a window around the range", "[report]") {
  const std::string line = "RUN echo " + std::string(5000, 'a') + " TARGET " + std::string(5000, 'b');
  auto src = std::make_shared<const SourceFile>("Dockerfile", line + "\n");
  const auto at = static_cast<uint32_t>(line.find("TARGET"));
  Finding f{"LL0001", "parse-error", Severity::Error, src->range(at, at + 6), "m", std::nullopt};
  std::ostringstream out;
  REQUIRE(write_report("text", {{src, "Dockerfile", {f}}}, {}, out));
  std::istringstream lines(out.str());
  std::string header, shown, marker;
  std::getline(lines, header);
  std::getline(lines, shown);
  std::getline(lines, marker);
  CHECK(shown.size() < 200 + 8);
  CHECK(shown.find("\xE2\x80\xA6") != std::string::npos);  // cut on both sides
  // The marker's first '^' sits under the 'T' of TARGET (both lines share the indent; the window
  // starts with a 3-byte, 1-column ellipsis).
  const size_t caret = marker.find('^');
  REQUIRE(caret != std::string::npos);
  const size_t target = shown.find("TARGET");
  REQUIRE(target != std::string::npos);
  CHECK(caret == target - 2);
  CHECK(marker.substr(caret) == "^~~~~~");
}

TEST_CASE("text fixes: a one-line pointer by default, everything with fix_details", "[report]") {
  auto src = std::make_shared<const SourceFile>("Dockerfile", "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\n");
  Finding f{"LL1001",    "secret-arg", Severity::Warning, src->range(16, 25), "build argument NPM_TOKEN",
            std::nullopt};
  Fix fix;
  fix.title = "pass NPM_TOKEN as a build secret";
  fix.advice.rewritten = "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci";
  fix.advice.builds.push_back({"docker", "docker build --secret id=npm_token,env=NPM_TOKEN ."});
  fix.advice.builds.push_back({"compose", "services:\n  app:\n    build:\n      secrets: [npm_token]\n"});
  fix.advice.alternatives = {"multi-stage: use it in a builder stage", "network: a secrets server"};
  f.fix = fix;
  const std::vector<FileReport> files{{src, "Dockerfile", {f}}};
  std::ostringstream brief, full;
  ReportOptions options;
  REQUIRE(write_report("text", files, options, brief));
  options.fix_details = true;
  REQUIRE(write_report("text", files, options, full));
  CHECK(brief.str().find("    also: compose, multi-stage, network (--fix-details)\n") != std::string::npos);
  CHECK(brief.str().find("secrets: [npm_token]") == std::string::npos);
  CHECK(full.str().find("        secrets: [npm_token]\n") != std::string::npos);
  CHECK(full.str().find("    alternative: network: a secrets server\n") != std::string::npos);
  CHECK(full.str().find("also:") == std::string::npos);
}
