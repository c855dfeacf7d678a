// Applying fixes (ruff's semantics), the lint-and-apply loop over a fake linter, and the unified diff
// checked against GNU diff.
#include "catch.hpp"

#include <random>

#include "fixture_util.hpp"
#include "layerlint/fix.hpp"

using namespace layerlint;

namespace {

// An edit of `text` replacing bytes [begin, end).
Edit edit(std::string_view text, uint32_t begin, uint32_t end, std::string replacement) {
  return Edit{SourceFile("t", std::string(text)).range(begin, end), std::move(replacement)};
}

Edit other_file(std::string file, std::string lines) {
  Edit e;
  e.file = std::move(file);
  e.replacement = std::move(lines);
  return e;
}

Finding finding(std::string rule, std::vector<Edit> edits,
                Applicability applicability = Applicability::Safe) {
  Finding f;
  f.rule_id = std::move(rule);
  f.range =
      edits.empty() || !edits.front().range.valid() ? SourceFile("t", "x").range(0, 1) : edits.front().range;
  f.fix = Fix{"fix it", applicability, std::move(edits), {}};
  return f;
}

}  // namespace

TEST_CASE("applicability against the fix level", "[fix]") {
  CHECK(applies_at(Applicability::Safe, FixLevel::Safe));
  CHECK(applies_at(Applicability::Safe, FixLevel::Unsafe));
  CHECK_FALSE(applies_at(Applicability::Unsafe, FixLevel::Safe));
  CHECK(applies_at(Applicability::Unsafe, FixLevel::Unsafe));
  CHECK_FALSE(applies_at(Applicability::DisplayOnly, FixLevel::Safe));
  CHECK_FALSE(applies_at(Applicability::DisplayOnly, FixLevel::Unsafe));

  const std::string text = "RUN sudo x\n";
  const std::vector<Finding> fs{finding("A", {edit(text, 4, 9, "")}, Applicability::Unsafe),
                                finding("B", {edit(text, 0, 3, "run")}, Applicability::DisplayOnly)};
  const AppliedFixes safe = apply_fixes(text, fs, FixLevel::Safe);
  CHECK(safe.applied == 0);
  CHECK(safe.text == text);
  const AppliedFixes unsafe = apply_fixes(text, fs, FixLevel::Unsafe);
  CHECK(unsafe.applied == 1);
  CHECK(unsafe.text == "RUN x\n");
}

TEST_CASE("identical edits are applied once, even from different fixes", "[fix]") {
  const std::string text = "FROM a\nRUN sudo x && sudo y\n";
  const std::vector<Finding> fs{finding("A", {edit(text, 11, 16, ""), edit(text, 0, 4, "from")}),
                                finding("B", {edit(text, 11, 16, "")}),
                                finding("C", {edit(text, 20, 25, ""), edit(text, 20, 25, "")})};
  const AppliedFixes r = apply_fixes(text, fs, FixLevel::Safe);
  CHECK(r.text == "from a\nRUN x && y\n");
  CHECK(r.applied == 3);
  CHECK(r.skipped.empty());
}

TEST_CASE("a fix that overlaps a taken edit is skipped whole, and reported", "[fix]") {
  const std::string text = "abcdef";
  const std::vector<Finding> fs{
      finding("A", {edit(text, 1, 3, "X")}),
      // Overlaps A in its second edit: its first edit is not applied either.
      finding("B", {edit(text, 0, 1, "0"), edit(text, 2, 4, "Y")}),
      finding("C", {edit(text, 4, 5, "Z")}),
  };
  const AppliedFixes r = apply_fixes(text, fs, FixLevel::Safe);
  CHECK(r.text == "aXdZf");
  CHECK(r.applied == 2);
  REQUIRE(r.skipped.size() == 1);
  CHECK(r.skipped[0].rule_id == "B");
  CHECK(r.skipped[0].title == "fix it");
  CHECK(r.skipped[0].range == fs[1].range);
}

TEST_CASE("insertions: two at one place overlap, one at a replaced range's boundary does not", "[fix]") {
  const std::string text = "RUN x\n";
  SECTION("two different insertions at one offset") {
    const AppliedFixes r = apply_fixes(
        text, {finding("A", {edit(text, 3, 3, " --a")}), finding("B", {edit(text, 3, 3, " --b")})},
        FixLevel::Safe);
    CHECK(r.text == "RUN --a x\n");
    CHECK(r.skipped.size() == 1);
  }
  SECTION("insertions at both ends of a replaced range") {
    const AppliedFixes r =
        apply_fixes(text,
                    {finding("A", {edit(text, 4, 5, "y")}), finding("B", {edit(text, 4, 4, "<")}),
                     finding("C", {edit(text, 5, 5, ">")})},
                    FixLevel::Safe);
    CHECK(r.text == "RUN <y>\n");
    CHECK(r.applied == 3);
    CHECK(r.skipped.empty());
  }
  SECTION("an insertion strictly inside a replaced range") {
    const std::string run = "RUN abc\n";
    const AppliedFixes r = apply_fixes(
        run, {finding("A", {edit(run, 4, 7, "x")}), finding("B", {edit(run, 5, 5, "!")})}, FixLevel::Safe);
    CHECK(r.text == "RUN x\n");
    CHECK(r.skipped.size() == 1);
  }
  SECTION("adjacent replacements") {
    const AppliedFixes r =
        apply_fixes(text, {finding("A", {edit(text, 0, 3, "run")}), finding("B", {edit(text, 3, 5, "-y")})},
                    FixLevel::Safe);
    CHECK(r.text == "run-y\n");
    CHECK(r.applied == 2);
  }
}

TEST_CASE("an edit outside the text or with begin after end skips its fix", "[fix]") {
  const std::string text = "RUN x\n";
  Edit beyond = edit(text, 4, 5, "y");
  beyond.range.end.offset = 99;
  Edit backwards = edit(text, 4, 5, "y");
  std::swap(backwards.range.begin, backwards.range.end);
  Edit no_position = Edit{Range{}, "y"};
  const AppliedFixes r =
      apply_fixes(text,
                  {finding("A", {edit(text, 0, 3, "run"), beyond}), finding("B", {backwards}),
                   finding("C", {no_position}), finding("D", {edit(text, 4, 5, "z")})},
                  FixLevel::Safe);
  CHECK(r.text == "RUN z\n");
  CHECK(r.applied == 1);
  CHECK(r.skipped.empty());  // never applicable, so not left for a later pass
}

TEST_CASE("CRLF files get CRLF replacements, a BOM and the other bytes are kept", "[fix]") {
  const std::string text =
      "\xEF\xBB\xBF"
      "FROM a\r\nRUN\tsudo x\r\n";
  const AppliedFixes r = apply_fixes(
      text, {finding("A", {edit(text, 15, 20, ""), edit(text, 23, 23, "RUN y\nRUN z\r\n")})}, FixLevel::Safe);
  CHECK(r.text ==
        "\xEF\xBB\xBF"
        "FROM a\r\nRUN\tx\r\nRUN y\r\nRUN z\r\n");
  // A file whose first line ends with LF keeps LF.
  const std::string lf = "FROM a\nRUN x\r\n";
  CHECK(apply_fixes(lf, {finding("A", {edit(lf, 14, 14, "RUN y\n")})}, FixLevel::Safe).text ==
        "FROM a\nRUN x\r\nRUN y\n");
}

TEST_CASE("edits of other files are collected once and count only with their fix", "[fix]") {
  const std::string text = "COPY . /app\n";
  const std::vector<Finding> fs{
      finding("A", {other_file(".dockerignore", ".env\n")}),
      finding("B", {other_file(".dockerignore", ".env\n"), edit(text, 0, 4, "copy")}),
      // Its text edit clashes with B's: its other file is not collected.
      finding("C", {other_file(".dockerignore", "id_rsa\n"), edit(text, 2, 3, "P")}),
  };
  const AppliedFixes r = apply_fixes(text, fs, FixLevel::Safe);
  CHECK(r.text == "copy . /app\n");
  CHECK(r.applied == 2);
  REQUIRE(r.external.size() == 1);
  CHECK(r.external[0].file == ".dockerignore");
  CHECK(r.external[0].replacement == ".env\n");
  CHECK(r.skipped.size() == 1);
}

namespace {

// A fake lint: each "a" is a finding whose Safe fix turns the first "a" into "b"; "BROKEN" is LL0001;
// "b" followed by "!" is a finding whose fix writes "BROKEN".
std::vector<Finding> fake_lint(const SourceFile& source) {
  const std::string text(source.text());
  std::vector<Finding> out;
  if (text.find("BROKEN") != std::string::npos) {
    Finding f;
    f.rule_id = "LL0001";
    out.push_back(f);
  }
  if (const size_t a = text.find('a'); a != std::string::npos) {
    out.push_back(finding("X1", {edit(text, static_cast<uint32_t>(a), static_cast<uint32_t>(a + 1), "b")}));
  }
  if (const size_t bang = text.find("b!"); bang != std::string::npos) {
    out.push_back(
        finding("X2", {edit(text, static_cast<uint32_t>(bang), static_cast<uint32_t>(bang + 2), "BROKEN")},
                Applicability::Unsafe));
  }
  return out;
}

}  // namespace

TEST_CASE("fix_until_stable lints and applies until nothing applies", "[fix]") {
  const FixOutcome done = fix_until_stable("p", "aaa\n", fake_lint, FixLevel::Safe);
  CHECK(done.text == "bbb\n");
  CHECK(done.fixed == 3);
  CHECK(done.passes == 3);
  CHECK(done.converged);
  CHECK_FALSE(done.refused);
  CHECK(done.remaining.empty());

  const FixOutcome limited = fix_until_stable("p", "aaa\n", fake_lint, FixLevel::Safe, 2);
  CHECK(limited.text == "bba\n");
  CHECK(limited.passes == 2);
  CHECK_FALSE(limited.converged);
  CHECK(limited.remaining.size() == 1);

  // Exactly as many passes as needed: converged.
  CHECK(fix_until_stable("p", "aaa\n", fake_lint, FixLevel::Safe, 3).converged);

  const FixOutcome clean = fix_until_stable("p", "ccc\n", fake_lint, FixLevel::Safe);
  CHECK(clean.text == "ccc\n");
  CHECK(clean.passes == 0);
  CHECK(clean.converged);
}

TEST_CASE("fix_until_stable never writes a text with a parse error", "[fix]") {
  const FixOutcome refused = fix_until_stable("p", "a BROKEN\n", fake_lint, FixLevel::Unsafe);
  CHECK(refused.refused);
  CHECK(refused.text == "a BROKEN\n");
  CHECK(refused.fixed == 0);
  CHECK(refused.remaining.size() == 2);

  // The second pass would write BROKEN: it is dropped and the loop stops at the first pass's text.
  const FixOutcome dropped = fix_until_stable("p", "a!\n", fake_lint, FixLevel::Unsafe);
  CHECK_FALSE(dropped.refused);
  CHECK(dropped.text == "b!\n");
  CHECK(dropped.fixed == 1);
  CHECK(dropped.passes == 1);
  REQUIRE(dropped.remaining.size() == 1);
  CHECK(dropped.remaining[0].rule_id == "X2");
}

TEST_CASE("fix_until_stable collects the edits of other files once", "[fix]") {
  const Linter lint = [](const SourceFile& source) {
    std::vector<Finding> out = fake_lint(source);
    out.push_back(finding("LL1008", {other_file(".dockerignore", ".env\n")}));
    return out;
  };
  const FixOutcome r = fix_until_stable("p", "aa\n", lint, FixLevel::Safe);
  CHECK(r.text == "bb\n");
  CHECK(r.fixed == 3);  // two "a" and the .dockerignore line, counted once over the passes
  REQUIRE(r.external.size() == 1);
  CHECK(r.external[0].replacement == ".env\n");
  CHECK(r.converged);

  const FixOutcome only_other = fix_until_stable("p", "c\n", lint, FixLevel::Safe);
  CHECK(only_other.text == "c\n");
  CHECK(only_other.fixed == 1);
  CHECK(only_other.passes == 0);
  CHECK(only_other.external.size() == 1);
}

namespace {

// GNU diff -u of the two texts, without its two header lines (they carry file names and times).
std::string gnu_hunks(const std::string& before, const std::string& after, const std::string& flags = "-u") {
  const testing::TempDir dir("diff");
  dir.write("before", before);
  dir.write("after", after);
  const testing::CommandRun r = testing::run_command("diff " + flags + " " + (dir.path / "before").string() +
                                                     " " + (dir.path / "after").string());
  REQUIRE(r.code >= 0);
  const size_t hunks = r.out.find("\n@@");
  return hunks == std::string::npos ? "" : r.out.substr(hunks + 1);
}

std::string our_hunks(const std::string& before, const std::string& after) {
  const std::string d = unified_diff("Dockerfile", before, after);
  if (d.empty()) return d;
  const std::string header = "--- a/Dockerfile\n+++ b/Dockerfile\n";
  REQUIRE(d.starts_with(header));
  return d.substr(header.size());
}

std::string numbered_lines(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) s += "line " + std::to_string(i) + "\n";
  return s;
}

}  // namespace

TEST_CASE("unified_diff matches GNU diff -u", "[fix][diff]") {
  const std::string twenty = numbered_lines(1, 20);
  std::vector<std::pair<std::string, std::string>> cases = {
      {twenty, numbered_lines(1, 9) + "changed\n" + numbered_lines(11, 20)},
      // Changes six lines apart share a hunk; seven apart do not.
      {twenty, numbered_lines(1, 2) + "x\n" + numbered_lines(4, 9) + "y\n" + numbered_lines(11, 20)},
      {twenty, numbered_lines(1, 2) + "x\n" + numbered_lines(4, 10) + "y\n" + numbered_lines(12, 20)},
      {twenty, "new first\n" + twenty},
      {twenty, numbered_lines(1, 19)},
      {twenty, twenty + "appended"},
      {twenty + "no newline", twenty + "no newline\n"},
      {twenty + "no newline", twenty + "other"},
      {"", "FROM alpine\nRUN x\n"},
      {"FROM alpine\nRUN x\n", ""},
      {"FROM a\r\nRUN sudo x\r\nUSER 1\r\n", "FROM a\r\nRUN x\r\nUSER 1\r\n"},
      {"a\nb\nc\n", "c\nb\na\n"},
  };
  for (const auto& [before, after] : cases) {
    INFO("before:\n" << before << "\nafter:\n" << after);
    CHECK(our_hunks(before, after) == gnu_hunks(before, after));
  }
  CHECK(unified_diff("Dockerfile", twenty, twenty).empty());
  CHECK(unified_diff("sub/Dockerfile", "a\n", "b\n") ==
        "--- a/sub/Dockerfile\n+++ b/sub/Dockerfile\n@@ -1 +1 @@\n-a\n+b\n");
}

TEST_CASE("unified_diff is a shortest edit script, as diff --minimal finds", "[fix][diff]") {
  std::mt19937 random(20261201);
  std::uniform_int_distribution<int> length(0, 30), letter(0, 3);
  auto text = [&] {
    std::string s;
    for (int n = length(random); n > 0; --n)
      s += std::string(1, static_cast<char>('a' + letter(random))) + "\n";
    return s;
  };
  // Lines that start with '-' or '+' in the hunks.
  auto changed_lines = [](const std::string& hunks) {
    size_t n = 0;
    for (size_t at = 0; at < hunks.size(); at = hunks.find('\n', at) + 1) {
      if (hunks[at] == '-' || hunks[at] == '+') ++n;
      if (hunks.find('\n', at) == std::string::npos) break;
    }
    return n;
  };
  for (int round = 0; round < 40; ++round) {
    const std::string before = text(), after = text();
    INFO("before:\n" << before << "\nafter:\n" << after);
    CHECK(changed_lines(our_hunks(before, after)) == changed_lines(gnu_hunks(before, after, "-u --minimal")));
  }
}
