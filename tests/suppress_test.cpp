#include "layerlint/suppress.hpp"

#include "catch.hpp"

#include <string>
#include <vector>

#include "layerlint/parser.hpp"

using namespace layerlint;

namespace {

// The instruction spans of a Dockerfile, as a caller builds them from the parsed tree.
std::vector<LineSpan> dockerfile_spans(const SourceFile& source) {
  std::vector<LineSpan> spans;
  for (const Instruction& i : parse_dockerfile(source).instructions) {
    uint32_t last = i.range.end.line;
    if (last > i.range.begin.line && i.range.end.column == 1) --last;  // ends at a line break
    spans.push_back({i.range.begin.line, last});
  }
  return spans;
}

struct Loc {
  std::string rule;
  uint32_t line = 0;
  friend bool operator==(const Loc&, const Loc&) = default;
};

std::vector<Finding> findings_at(const std::vector<Loc>& locs) {
  std::vector<Finding> out;
  for (const Loc& l : locs) {
    Finding f;
    f.rule_id = l.rule;
    f.range = Range{{l.line, 1, 0}, {l.line, 2, 0}};
    out.push_back(f);
  }
  return out;
}

std::vector<Loc> locs_of(const std::vector<Finding>& findings) {
  std::vector<Loc> out;
  for (const Finding& f : findings) out.push_back({f.rule_id, f.range.begin.line});
  return out;
}

struct Reported {
  std::string rule;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t end_column = 0;
  std::string message;
  friend bool operator==(const Reported&, const Reported&) = default;
};

std::vector<Reported> reported(const std::vector<Finding>& findings) {
  std::vector<Reported> out;
  for (const Finding& f : findings) {
    out.push_back({f.rule_id, f.range.begin.line, f.range.begin.column, f.range.end.column, f.message});
  }
  return out;
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<Loc> {
  static std::string convert(const Loc& l) { return l.rule + "@" + std::to_string(l.line); }
};
template <>
struct StringMaker<Reported> {
  static std::string convert(const Reported& r) {
    return r.rule + "@" + std::to_string(r.line) + ":" + std::to_string(r.column) + "-" +
           std::to_string(r.end_column) + " " + r.message;
  }
};
}  // namespace Catch

TEST_CASE("suppressions cover the next instruction, the file, or every rule", "[suppress]") {
  struct Case {
    const char* name;
    std::string text;
    bool dockerfile;  // spans from the parser; otherwise none (YAML)
    std::vector<Loc> findings;
    std::vector<Loc> kept;
    std::vector<Reported> problems;
    std::vector<Reported> unused;
  };
  const std::vector<Case> cases = {
      {"next instruction through its continuation lines",
       "FROM alpine\n# layerlint ignore=LL1002\nENV A=1 \\\n    TOKEN=x\nENV TOKEN2=y\n",
       true,
       {{"LL1002", 3}, {"LL1002", 4}, {"LL1002", 5}},
       {{"LL1002", 5}},
       {},
       {}},
      {"blank lines and comments between the directive and the instruction",
       "FROM alpine\n# layerlint ignore=secret-env reason=\"rotated daily\"\n\n# unrelated\n\nENV "
       "TOKEN=x\nENV B=y\n",
       true,
       {{"LL1002", 6}, {"LL1002", 7}},
       {{"LL1002", 7}},
       {},
       {}},
      {"a heredoc belongs to the instruction",
       "FROM alpine\n# layerlint ignore=LL1003\nRUN <<EOF\necho token=abc\nEOF\nRUN echo token=def\n",
       true,
       {{"LL1003", 4}, {"LL1003", 6}},
       {{"LL1003", 6}},
       {},
       {}},
      {"only the listed rules",
       "FROM alpine\n# layerlint ignore=LL1002\nENV TOKEN=x\n",
       true,
       {{"LL1002", 3}, {"LL1003", 3}},
       {{"LL1003", 3}},
       {},
       {}},
      {"global anywhere in the file",
       "FROM alpine\nUSER root\nENV TOKEN=x\n# layerlint global ignore=LL2001 reason=legacy\n",
       true,
       {{"LL2001", 1}, {"LL2001", 2}, {"LL1002", 3}},
       {{"LL1002", 3}},
       {},
       {}},
      {"ignore=all on the next instruction only",
       "FROM alpine\n# layerlint ignore=all\nENV TOKEN=x\nENV B=y\n",
       true,
       {{"LL1002", 3}, {"LL1003", 3}, {"LL1002", 4}},
       {{"LL1002", 4}},
       {},
       {}},
      {"slugs and ids in any case, a space after a comma",
       "FROM alpine\n# LayerLint ignore=Secret-ENV, ll2001\nUSER root\n",
       true,
       {{"LL1002", 3}, {"LL2001", 3}},
       {},
       {},
       {}},
      {"an unknown rule is reported and the known ones still apply",
       "FROM alpine\n# layerlint ignore=LL1002,LL9999\nENV TOKEN=x\n",
       true,
       {{"LL1002", 3}},
       {},
       {{"LL0002", 2, 27, 33, "unknown rule \"LL9999\" in a suppression"}},
       {}},
      {"a misspelt option suppresses nothing",
       "FROM alpine\n# layerlint ignor=LL2001\nUSER root\n",
       true,
       {{"LL2001", 3}},
       {{"LL2001", 3}},
       {{"LL0002", 2, 13, 18, "unknown suppression option \"ignor\"; expected ignore=, global or reason="},
        {"LL0002", 2, 1, 25,
         "suppression without ignore=; write ignore=<rule id or slug>[,...] or ignore=all"}},
       {}},
      {"ignore without a list",
       "FROM alpine\n# layerlint ignore LL2001\nUSER root\n",
       true,
       {{"LL2001", 3}},
       {{"LL2001", 3}},
       {{"LL0002", 2, 13, 19, "\"ignore\" needs a list of rules: ignore=<rule id or slug>[,...]"},
        {"LL0002", 2, 20, 26, "unexpected \"LL2001\" in a suppression; expected ignore=, global or reason="}},
       {}},
      {"an empty list",
       "FROM alpine\n# layerlint ignore= reason=x\nUSER root\n",
       true,
       {},
       {},
       {{"LL0002", 2, 13, 20,
         "suppression lists no rule; write ignore=<rule id or slug>[,...] or ignore=all"}},
       {}},
      {"global without ignore=",
       "FROM alpine\n# layerlint global reason=\"why\"\n",
       true,
       {},
       {},
       {{"LL0002", 2, 1, 32,
         "suppression without ignore=; write ignore=<rule id or slug>[,...] or ignore=all"}},
       {}},
      {"an unterminated reason",
       "FROM alpine\n# layerlint ignore=LL2001 reason=\"no end\nUSER root\n",
       true,
       {{"LL2001", 3}},
       {},
       {{"LL0002", 2, 27, 41, "unterminated quote in the reason of a suppression"}},
       {}},
      {"prose that mentions layerlint is not a directive",
       "# this is linted by layerlint\n# layerlint is great\n# layerlint: ignore=LL2001\nFROM alpine\n",
       true,
       {{"LL2001", 4}},
       {{"LL2001", 4}},
       {},
       {}},
      {"a directive between continuation lines has no effect",
       "FROM alpine\nRUN echo a \\\n# layerlint ignore=LL1003\n  && echo token=abc\n",
       true,
       {{"LL1003", 4}},
       {{"LL1003", 4}},
       {{"LL0002", 3, 1, 26,
         "suppression inside an instruction has no effect; put it on its own line before the instruction"}},
       {}},
      {"unused suppressions name their unused rules",
       "FROM alpine\n# layerlint ignore=LL1002,LL1003\nENV A=1 \\\n  B=2\n# layerlint global "
       "ignore=root-user\n"
       "# layerlint ignore=all\nENV C=3\n",
       true,
       {{"LL1003", 3}},
       {},
       {},
       {{"LL0003", 2, 1, 33, "unused suppression of LL1002: no such finding on lines 3-4"},
        {"LL0003", 5, 1, 36, "unused suppression of LL2001: no such finding in this file"},
        {"LL0003", 6, 1, 23, "unused suppression of all rules: no finding on line 7"}}},
      {"a directive at the end of the file covers nothing",
       "FROM alpine\n# layerlint ignore=LL2001\n",
       true,
       {{"LL2001", 1}},
       {{"LL2001", 1}},
       {},
       {{"LL0003", 2, 1, 26, "unused suppression of LL2001: no such finding (nothing follows it)"}}},
      {"YAML: the next line",
       "services:\n  app:\n    # layerlint ignore=LL3002 reason='needs devices'\n    privileged: true\n"
       "    build:\n      # layerlint ignore=compose-secret-build-arg\n\n      args:\n        TOKEN: x\n",
       false,
       {{"LL3002", 4}, {"LL3001", 9}},
       {{"LL3001", 9}},
       {},
       {{"LL0003", 6, 7, 50, "unused suppression of LL3001: no such finding on line 8"}}},
      {"CRLF line ends",
       "FROM alpine\r\n# layerlint ignore=LL2001\r\nUSER root\r\n",
       true,
       {{"LL2001", 3}},
       {},
       {},
       {}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const SourceFile source("x", c.text);
      const std::vector<LineSpan> spans = c.dockerfile ? dockerfile_spans(source) : std::vector<LineSpan>{};
      std::vector<Finding> problems;
      const std::vector<Suppression> suppressions = find_suppressions(source, spans, problems);
      std::vector<Finding> findings = findings_at(c.findings);
      std::vector<Finding> unused;
      apply_suppressions(findings, suppressions, true, unused);
      CHECK(locs_of(findings) == c.kept);
      CHECK(reported(problems) == c.problems);
      CHECK(reported(unused) == c.unused);
      for (const Finding& f : problems) {
        CHECK(f.slug == "bad-suppression");
        CHECK(f.severity == Severity::Warning);
      }
      for (const Finding& f : unused) {
        CHECK(f.slug == "unused-suppression");
        CHECK(f.severity == Severity::Warning);
      }
    }
  }
}

TEST_CASE("a suppression records its rules, reason, range and lines", "[suppress]") {
  const SourceFile source(
      "x",
      "FROM alpine\n  #   layerlint ignore=secret-env,LL1002,ll1003 reason=\"we \\\"rotate\\\" it\"  \n"
      "RUN a \\\n  b\n# layerlint global ignore=LL2001 reason=legacy\n");
  std::vector<Finding> problems;
  const SourceFile& s = source;
  const auto spans = dockerfile_spans(s);
  const std::vector<Suppression> found = find_suppressions(s, spans, problems);
  CHECK(problems.empty());
  REQUIRE(found.size() == 2);
  CHECK(found[0].rules == std::vector<std::string>{"LL1002", "LL1003"});
  CHECK_FALSE(found[0].all);
  CHECK_FALSE(found[0].global);
  CHECK(found[0].reason == "we \"rotate\" it");
  CHECK(found[0].range.begin == Position{2, 3, 14});
  CHECK(found[0].range.end.line == 2);
  CHECK(found[0].range.end.column == 74);
  CHECK(found[0].first_line == 3);
  CHECK(found[0].last_line == 4);
  CHECK(found[1].rules == std::vector<std::string>{"LL2001"});
  CHECK(found[1].global);
  CHECK(found[1].reason == "legacy");
  CHECK(found[1].range.begin.line == 5);
}

TEST_CASE("unused suppressions are reported only when asked, and are not counted twice", "[suppress]") {
  const SourceFile source("x",
                          "FROM alpine\n# layerlint ignore=LL1002\n# layerlint ignore=all\nENV TOKEN=x\n");
  std::vector<Finding> problems;
  const auto spans = dockerfile_spans(source);
  const auto suppressions = find_suppressions(source, spans, problems);
  REQUIRE(suppressions.size() == 2);

  std::vector<Finding> findings = findings_at({{"LL1002", 4}, {"LL1002", 4}, {"LL1003", 4}});
  std::vector<Finding> unused;
  apply_suppressions(findings, suppressions, false, unused);
  CHECK(findings.empty());
  CHECK(unused.empty());

  // Both directives match the first LL1002 finding: neither is unused.
  findings = findings_at({{"LL1002", 4}});
  apply_suppressions(findings, suppressions, true, unused);
  CHECK(findings.empty());
  CHECK(unused.empty());
}

TEST_CASE("a finding without a position is covered only by a global suppression", "[suppress]") {
  const SourceFile source("x", "# layerlint ignore=LL1008\nFROM alpine\n# layerlint global ignore=LL1009\n");
  std::vector<Finding> problems;
  const auto suppressions = find_suppressions(source, dockerfile_spans(source), problems);
  std::vector<Finding> findings = findings_at({{"LL1008", 0}, {"LL1009", 0}});
  std::vector<Finding> unused;
  apply_suppressions(findings, suppressions, false, unused);
  CHECK(locs_of(findings) == std::vector<Loc>{{"LL1008", 0}});
}

TEST_CASE("many directives and findings stay linear", "[suppress]") {
  std::string text = "FROM alpine\n";
  for (int i = 0; i < 20000; ++i) text += "# layerlint ignore=LL1002,all\n";
  text += "ENV TOKEN=x\n# layerlint " + std::string(1'000'000, 'x') + "=y\n";
  const SourceFile source("x", text);
  std::vector<Finding> problems;
  const auto suppressions = find_suppressions(source, dockerfile_spans(source), problems);
  CHECK(suppressions.size() == 20000);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].message.size() < 200);
  std::vector<Loc> locs(20000, Loc{"LL1002", 20002});
  std::vector<Finding> findings = findings_at(locs);
  std::vector<Finding> unused;
  apply_suppressions(findings, suppressions, true, unused);
  CHECK(findings.empty());
  CHECK(unused.empty());
}

TEST_CASE("meta rule metadata", "[suppress]") {
  CHECK(bad_suppression_info().id == "LL0002");
  CHECK(bad_suppression_info().slug == "bad-suppression");
  CHECK(unused_suppression_info().id == "LL0003");
  CHECK(unused_suppression_info().slug == "unused-suppression");
  CHECK(unused_suppression_info().severity == Severity::Warning);
  CHECK(bad_suppression_info().doc().starts_with("# LL0002 bad-suppression"));
  CHECK(unused_suppression_info().doc().starts_with("# LL0003 unused-suppression"));
}
