#include "layerlint/baseline.hpp"

#include "catch.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace layerlint;

namespace {

// A file whose findings sit on the lines of `text` that contain `marker`, one per (rule, marker).
FileReport file_with(const std::string& path, const std::string& text,
                     const std::vector<std::pair<std::string, std::string>>& rule_and_marker) {
  FileReport file;
  file.path = path;
  file.source = std::make_shared<SourceFile>(path, text);
  for (uint32_t line = 1; line <= file.source->line_count(); ++line) {
    for (const auto& [rule, marker] : rule_and_marker) {
      if (file.source->line_text(line).find(marker) == std::string_view::npos) continue;
      Finding f;
      f.rule_id = rule;
      f.message = rule + " on " + marker;
      f.range = Range{{line, 1, 0}, {line, 2, 0}};
      file.findings.push_back(f);
    }
  }
  return file;
}

std::vector<uint32_t> lines_of(const FileReport& file) {
  std::vector<uint32_t> out;
  for (const Finding& f : file.findings) out.push_back(f.range.begin.line);
  return out;
}

Baseline round_trip(const std::vector<FileReport>& files) {
  std::ostringstream out;
  REQUIRE(write_baseline(files, out));
  std::string error;
  std::optional<Baseline> baseline = parse_baseline(out.str(), error);
  INFO(error);
  REQUIRE(baseline);
  return *baseline;
}

const std::string k_dockerfile =
    "FROM alpine\n"
    "ARG TOKEN=ghp_0123456789abcdefghij0123456789abcdef\n"
    "ENV PASSWORD=hunter2hunter2\n"
    "USER root\n";
const std::vector<std::pair<std::string, std::string>> k_rules = {
    {"LL1001", "TOKEN=ghp"}, {"LL1002", "PASSWORD"}, {"LL2001", "USER"}};

}  // namespace

TEST_CASE("a written baseline hides every finding it was written from", "[baseline]") {
  std::vector<FileReport> files = {file_with("./Dockerfile", k_dockerfile, k_rules)};
  REQUIRE(files[0].findings.size() == 3);
  const Baseline baseline = round_trip(files);
  REQUIRE(baseline.entries.size() == 3);
  CHECK(baseline.entries[0].path == "Dockerfile");
  CHECK(baseline.entries[0].rule == "LL1001");
  CHECK(std::regex_match(baseline.entries[0].fingerprint, std::regex("[0-9a-f]{16}:1")));
  CHECK(apply_baseline(files, baseline) == 3);
  CHECK(files[0].findings.empty());
}

TEST_CASE("the baseline document is sorted, deterministic and holds no source text", "[baseline]") {
  const std::vector<FileReport> files = {
      file_with("b/Dockerfile", "FROM x\nUSER root\n", {{"LL2001", "USER"}}),
      file_with("a/Dockerfile", k_dockerfile, k_rules)};
  std::ostringstream first, second;
  REQUIRE(write_baseline(files, first));
  REQUIRE(write_baseline(files, second));
  const std::string doc = first.str();
  CHECK(doc == second.str());
  CHECK(doc.find("hunter2") == std::string::npos);
  CHECK(doc.find("ghp_0123") == std::string::npos);
  CHECK(
      doc.starts_with("{\n  \"version\": 1,\n  \"tool\": \"layerlint\",\n  \"findings\": [\n    {\n"
                      "      \"path\": \"a/Dockerfile\",\n      \"rule\": \"LL1001\",\n"));
  CHECK(doc.ends_with("}\n"));
  const size_t a = doc.find("\"a/Dockerfile\"");
  const size_t b = doc.find("\"b/Dockerfile\"");
  CHECK(a < b);
  CHECK(doc.find("\"message\": \"LL2001 on USER\"") != std::string::npos);
}

TEST_CASE("baseline fingerprints are SARIF's line hashes", "[baseline]") {
  const std::vector<FileReport> files = {file_with("Dockerfile", k_dockerfile, k_rules)};
  std::ostringstream sarif;
  REQUIRE(write_report("sarif", files, ReportOptions{}, sarif));
  const std::vector<std::string> fps = baseline_fingerprints(files[0]);
  REQUIRE(fps.size() == 3);
  for (const std::string& fp : fps) {
    CHECK(sarif.str().find("\"primaryLocationLineHash\": \"" + fp + "\"") != std::string::npos);
  }
}

TEST_CASE("baseline matching follows the line text, not its number", "[baseline]") {
  const Baseline baseline = round_trip({file_with("Dockerfile", k_dockerfile, k_rules)});

  SECTION("lines inserted above and re-indented: still hidden") {
    std::vector<FileReport> files = {file_with("Dockerfile",
                                               "# syntax=docker/dockerfile:1\n\nFROM alpine\nRUN true\n  ARG "
                                               "  TOKEN=ghp_0123456789abcdefghij0123456789abcdef\n"
                                               "ENV PASSWORD=hunter2hunter2\nUSER root\n",
                                               k_rules)};
    CHECK(lines_of(files[0]) == std::vector<uint32_t>{5, 6, 7});
    CHECK(apply_baseline(files, baseline) == 3);
    CHECK(files[0].findings.empty());
  }
  SECTION("the offending line changed: shown again") {
    std::vector<FileReport> files = {
        file_with("Dockerfile",
                  "FROM alpine\nARG TOKEN=ghp_0123456789abcdefghij0123456789abcdef\nENV "
                  "PASSWORD=other-secret\nUSER root\n",
                  k_rules)};
    CHECK(apply_baseline(files, baseline) == 2);
    CHECK(lines_of(files[0]) == std::vector<uint32_t>{3});
  }
  SECTION("another path: shown") {
    std::vector<FileReport> files = {file_with("other/Dockerfile", k_dockerfile, k_rules)};
    CHECK(apply_baseline(files, baseline) == 0);
    CHECK(files[0].findings.size() == 3);
  }
  SECTION("a rule not in the baseline on a known line: shown") {
    std::vector<FileReport> files = {file_with("Dockerfile", k_dockerfile, {{"LL1003", "PASSWORD"}})};
    CHECK(apply_baseline(files, baseline) == 0);
    CHECK(lines_of(files[0]) == std::vector<uint32_t>{3});
  }
}

TEST_CASE("identical findings are told apart by occurrence", "[baseline]") {
  const std::string two = "FROM alpine\nUSER root\nRUN true\nUSER root\n";
  const std::vector<std::pair<std::string, std::string>> rules = {{"LL2001", "USER"}};
  const FileReport original = file_with("Dockerfile", two, rules);
  const std::vector<std::string> fps = baseline_fingerprints(original);
  REQUIRE(fps.size() == 2);
  CHECK(fps[0].ends_with(":1"));
  CHECK(fps[1].ends_with(":2"));
  CHECK(fps[0].substr(0, 16) == fps[1].substr(0, 16));
  const Baseline baseline = round_trip({original});
  CHECK(baseline.entries.size() == 2);

  SECTION("one removed: the other is still hidden") {
    std::vector<FileReport> files = {file_with("Dockerfile", "FROM alpine\nRUN true\nUSER root\n", rules)};
    CHECK(apply_baseline(files, baseline) == 1);
    CHECK(files[0].findings.empty());
  }
  SECTION("a third one added: only it is shown") {
    std::vector<FileReport> files = {file_with("Dockerfile", two + "USER root\n", rules)};
    CHECK(apply_baseline(files, baseline) == 2);
    CHECK(lines_of(files[0]) == std::vector<uint32_t>{5});
  }
}

TEST_CASE("a baseline written by hand in compact JSON loads", "[baseline]") {
  std::string error;
  const auto baseline = parse_baseline(
      R"({"version":1,"tool":"layerlint","findings":[{"path":"./x/D\u00e9","rule":"LL1001","fingerprint":"ab:1"},)"
      R"({"path":"a","rule":"LL2001","fingerprint":"cd:2","message":"m \"q\""},)"
      R"({"path":"a","rule":"LL2001","fingerprint":"cd:2"}]})",
      error);
  INFO(error);
  REQUIRE(baseline);
  REQUIRE(baseline->entries.size() == 2);  // the duplicate is dropped
  CHECK(baseline->entries[0] == BaselineEntry{"a", "LL2001", "cd:2"});
  CHECK(baseline->entries[1] == BaselineEntry{"x/D\xC3\xA9", "LL1001", "ab:1"});
  CHECK(baseline->contains({"a", "LL2001", "cd:2"}));
  CHECK_FALSE(baseline->contains({"a", "LL2001", "cd:1"}));

  const auto empty = parse_baseline(R"({"version": 1, "tool": "layerlint", "findings": []})", error);
  REQUIRE(empty);
  CHECK(empty->entries.empty());
}

TEST_CASE("a malformed baseline is an error, not an exception", "[baseline]") {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"", "empty baseline: expected a JSON object"},
      {"[1, 2]", "not a layerlint baseline: expected a JSON object"},
      {"just text", "not a layerlint baseline: expected a JSON object"},
      {R"({"tool": "layerlint", "findings": []})", "not a layerlint baseline: no \"version\""},
      {R"({"version": 2, "findings": []})", "unsupported baseline version 2; this layerlint reads version 1"},
      {R"({"version": 1, "tool": "other", "findings": []})",
       "not a layerlint baseline: \"tool\" is not \"layerlint\""},
      {R"({"version": 1, "findings": {}})", "not a layerlint baseline: \"findings\" is not an array"},
      {R"({"version": 1, "findings": [1]})", "findings[0] is not an object"},
      {R"({"version": 1, "findings": [{"path": "a", "rule": "LL1001", "fingerprint": "x:1"}, {"path": "a", "rule": "LL1001"}]})",
       "findings[1] has no \"fingerprint\" string"},
      {R"({"version": 1, "findings": [{"path": "", "rule": "LL1001", "fingerprint": "x:1"}]})",
       "findings[0] has no \"path\" string"},
      {R"({"version": 1, "findings": [{"path": ["a"], "rule": "LL1001", "fingerprint": "x:1"}]})",
       "findings[0] has no \"path\" string"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::string error;
    CHECK_FALSE(parse_baseline(c.text, error));
    CHECK(error == c.error);
  }

  std::string error;
  CHECK_FALSE(parse_baseline("{\"version\": 1,\n \"findings\": [}", error));
  CHECK(error.starts_with("malformed baseline JSON at line 2, column "));

  // Deep nesting and huge input do not crash.
  CHECK_FALSE(parse_baseline(std::string(100000, '['), error));
  CHECK_FALSE(error.empty());
  CHECK_FALSE(parse_baseline(std::string(200000, '-') + " x", error));
  CHECK_FALSE(parse_baseline("{\"version\": 1, \"findings\": [" + std::string(100000, '{'), error));
}

TEST_CASE("loading a baseline file", "[baseline]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "layerlint-baseline-test";
  fs::create_directories(dir);
  std::string error;

  const fs::path missing = dir / "missing.json";
  fs::remove(missing);
  CHECK_FALSE(load_baseline(missing.string(), error));
  CHECK(error == missing.string() + ": cannot read the baseline: no such file");

  CHECK_FALSE(load_baseline(dir.string(), error));
  CHECK(error == dir.string() + ": cannot read the baseline: it is a directory");

  const fs::path bad = dir / "bad.json";
  std::ofstream(bad) << R"({"version": "one"})";
  CHECK_FALSE(load_baseline(bad.string(), error));
  CHECK(error == bad.string() + ": unsupported baseline version one; this layerlint reads version 1");

  const fs::path good = dir / "good.json";
  {
    std::ofstream out(good);
    REQUIRE(write_baseline({file_with("Dockerfile", k_dockerfile, k_rules)}, out));
  }
  error.clear();
  const auto baseline = load_baseline(good.string(), error);
  CHECK(error.empty());
  REQUIRE(baseline);
  CHECK(baseline->entries.size() == 3);
  fs::remove_all(dir);
}
