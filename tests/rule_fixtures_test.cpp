// The generic rule-fixture driver: testdata/<rule id>/*.Dockerfile (or <case>/Dockerfile, whose folder
// is the build context). Expectations are comments binding to the next instruction:
//   # expect: LL1005 col=6 severity=info msg~"id_rsa"
// (`line=N` overrides the binding). `# options: target=NAME build-arg=K=V network=NET context` sets lint
// options (`network=` is the build's network, as Compose `build.network` gives it).
// Only the fixture's rule runs, and findings and expectations must match one to one; a fixture
// without expectations must be clean.
// CHECK-FIXES: when a finding has a Safe or Unsafe fix that edits the Dockerfile, `X.fixed.Dockerfile`
// (`<case>/Dockerfile.fixed`) holds the text after every fix, as fix_until_stable makes it with that one
// rule; UPDATE_SNAPSHOTS=1 writes it. The fixed text must not trade the finding for another.
#include "catch.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "fixture_util.hpp"
#include "layerlint/context.hpp"
#include "layerlint/fix.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/rule.hpp"

using namespace layerlint;
namespace fs = std::filesystem;

namespace {

struct Expectation {
  std::string rule;
  uint32_t line = 0;
  std::optional<uint32_t> column;
  std::optional<std::string> severity;
  std::optional<std::string> message;
  uint32_t written_at = 0;
};

struct Fixture {
  std::vector<Expectation> expectations;
  LintOptions options;
  bool with_context = false;
};

// A 1-based number, or UINT32_MAX (which matches nothing) when the attribute is malformed.
uint32_t number(const std::string& text) {
  uint32_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() ? n : UINT32_MAX;
}

bool is_comment_or_blank(std::string_view line) {
  const size_t i = line.find_first_not_of(" \t\r");
  return i == std::string_view::npos || line[i] == '#';
}

Fixture read_fixture(const std::string& text) {
  Fixture fx;
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::vector<Expectation> pending;
  for (uint32_t n = 0; n < lines.size(); ++n) {
    const std::string& l = lines[n];
    const size_t hash = l.find('#');
    if (hash != std::string::npos && l.compare(hash, 9, "# expect:") == 0) {
      std::istringstream words(l.substr(hash + 9));
      Expectation e;
      e.written_at = n + 1;
      words >> e.rule;
      std::string rest;
      std::getline(words, rest);
      std::istringstream attrs(rest);
      for (std::string a; attrs >> a;) {
        if (a.starts_with("line="))
          e.line = number(a.substr(5));
        else if (a.starts_with("col="))
          e.column = number(a.substr(4));
        else if (a.starts_with("severity="))
          e.severity = a.substr(9);
        else if (a.starts_with("msg~\"")) {
          std::string msg = a.substr(5);
          while (!msg.ends_with('"') && attrs >> a) msg += " " + a;
          if (msg.ends_with('"')) msg.pop_back();
          e.message = msg;
        }
      }
      if (e.line)
        fx.expectations.push_back(e);
      else
        pending.push_back(e);
      continue;
    }
    if (hash != std::string::npos && l.compare(hash, 10, "# options:") == 0) {
      std::istringstream words(l.substr(hash + 10));
      for (std::string w; words >> w;) {
        if (w.starts_with("target=")) fx.options.target = w.substr(7);
        if (w.starts_with("build-arg=")) {
          const std::string kv = w.substr(10);
          const size_t eq = kv.find('=');
          fx.options.build_args[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
        }
        if (w.starts_with("network=")) fx.options.build_network = w.substr(8);
        if (w == "context") fx.with_context = true;
      }
      continue;
    }
    if (!is_comment_or_blank(l) && !pending.empty()) {
      for (Expectation& e : pending) {
        e.line = n + 1;
        fx.expectations.push_back(e);
      }
      pending.clear();
    }
  }
  for (Expectation& e : pending) fx.expectations.push_back(e);  // line 0: fails with a clear message
  return fx;
}

bool matches(const Expectation& e, const Finding& f) {
  return f.rule_id == e.rule && f.range.begin.line == e.line &&
         (!e.column || f.range.begin.column == *e.column) &&
         (!e.severity || severity_name(f.severity) == *e.severity) &&
         (!e.message || f.message.find(*e.message) != std::string::npos);
}

std::vector<fs::path> fixtures_of(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    // X.fixed.Dockerfile is X.Dockerfile's CHECK-FIXES, not a fixture.
    if (entry.is_regular_file() && entry.path().extension() == ".Dockerfile" &&
        entry.path().stem().extension() != ".fixed")
      out.push_back(entry.path());
    if (entry.is_directory() && fs::exists(entry.path() / "Dockerfile"))
      out.push_back(entry.path() / "Dockerfile");
  }
  std::sort(out.begin(), out.end());
  return out;
}

fs::path fixed_file_of(const fs::path& fixture) {
  if (fixture.filename() == "Dockerfile") return fixture.parent_path() / "Dockerfile.fixed";
  return fixture.parent_path() / (fixture.stem().string() + ".fixed.Dockerfile");
}

bool edits_the_file(const Finding& f) {
  return f.fix && applies_at(f.fix->applicability, FixLevel::Unsafe) &&
         std::any_of(f.fix->edits.begin(), f.fix->edits.end(), [](const Edit& e) { return e.file.empty(); });
}

// Findings at warning or above, counted by rule.
std::map<std::string, size_t> serious_by_rule(const std::vector<Finding>& findings) {
  std::map<std::string, size_t> counts;
  for (const Finding& f : findings) {
    if (f.severity != Severity::Info) ++counts[f.rule_id];
  }
  return counts;
}

// CHECK-FIXES of one fixture: `lint_rule` runs the fixture's rule, `lint_all` every rule.
// Fixtures whose fixes, as the rules write them today, fail the properties below (a secret-mount
// rewrite that leaves the finding and is inserted again on every pass; a rewrite that LL1007 reports).
// The rules' fixes are being rewritten: each entry goes when its fixture passes, and the test says so.
constexpr std::array<std::string_view, 0> k_fixes_known_unsound = {};

// What is wrong with a fixture's fixes: they do not converge, leave the findings they fix, add a
// finding of another rule, or change the fixed text again.
std::vector<std::string> unsound_fixes(const SourceFile& source, const std::vector<Finding>& findings,
                                       const FixOutcome& outcome, const Linter& lint_rule,
                                       const Linter& lint_all) {
  std::vector<std::string> problems;
  if (!outcome.converged) problems.emplace_back("the fixes still apply after the last pass");
  const SourceFile fixed(source.path(), outcome.text);
  // The findings with a fix are gone; those without one (display-only advice) may stay.
  std::vector<Finding> again = lint_rule(fixed);
  // A fix that edits another file (the context's .dockerignore) is checked where that file is
  // written for real (the CLI tests): the fixture's context stays as it is.
  std::erase_if(again, [&](const Finding& f) {
    return f.fix && std::any_of(f.fix->edits.begin(), f.fix->edits.end(), [&](const Edit& e) {
             return !e.file.empty() &&
                    std::any_of(outcome.external.begin(), outcome.external.end(), [&](const Edit& x) {
                      return x.file == e.file && x.replacement == e.replacement;
                    });
           });
  });
  auto serious = [](const Finding& f) { return f.severity != Severity::Info; };
  const auto unfixed_before = std::count_if(
      findings.begin(), findings.end(), [&](const Finding& f) { return serious(f) && !edits_the_file(f); });
  if (std::count_if(again.begin(), again.end(), serious) > unfixed_before) {
    for (const Finding& f : again) {
      if (serious(f)) problems.push_back("still fires after its fixes: " + f.rule_id + ": " + f.message);
    }
  }
  const auto before = serious_by_rule(lint_all(source)), after = serious_by_rule(lint_all(fixed));
  for (const auto& [rule, count] : after) {
    const auto was = before.find(rule);
    const size_t had = was == before.end() ? 0 : was->second;
    if (had < count) problems.push_back(fmt::format("the fixes add {}: {} -> {}", rule, had, count));
  }
  if (apply_fixes(outcome.text, again, FixLevel::Unsafe).text != outcome.text)
    problems.emplace_back("fixing the fixed text changes it again");
  return problems;
}

// CHECK-FIXES of one fixture: `lint_rule` runs the fixture's rule, `lint_all` every rule.
void check_fixes(const fs::path& fixture, const SourceFile& source, const std::vector<Finding>& findings,
                 const Linter& lint_rule, const Linter& lint_all) {
  const fs::path fixed_path = fixed_file_of(fixture);
  const bool update =
      std::getenv("UPDATE_SNAPSHOTS") && std::string_view(std::getenv("UPDATE_SNAPSHOTS")) == "1";
  INFO("fixed file " << fs::relative(fixed_path, testing::source_dir()).generic_string()
                     << " (UPDATE_SNAPSHOTS=1 rewrites it)");
  if (std::none_of(findings.begin(), findings.end(), edits_the_file)) {
    if (fs::exists(fixed_path) && update) fs::remove(fixed_path);
    if (fs::exists(fixed_path)) FAIL_CHECK("stale fixed file: no finding has a fix to apply");
    return;
  }
  const FixOutcome outcome =
      fix_until_stable(source.path(), std::string(source.text()), lint_rule, FixLevel::Unsafe);
  CHECK_FALSE(outcome.refused);
  if (update) std::ofstream(fixed_path, std::ios::binary) << outcome.text;
  if (!fs::exists(fixed_path)) {
    FAIL_CHECK("missing fixed file");
  } else {
    CHECK(testing::read_text(fixed_path) == outcome.text);
  }
  const std::vector<std::string> problems = unsound_fixes(source, findings, outcome, lint_rule, lint_all);
  const std::string name = fs::relative(fixture, testing::source_dir() / "testdata").generic_string();
  if (std::find(k_fixes_known_unsound.begin(), k_fixes_known_unsound.end(), name) !=
      k_fixes_known_unsound.end()) {
    if (problems.empty())
      FAIL_CHECK("the fixes are sound now: remove " << name << " from k_fixes_known_unsound");
    return;
  }
  for (const std::string& p : problems) FAIL_CHECK(p);
}

}  // namespace

TEST_CASE("every rule fixture matches its expectations one to one", "[fixtures]") {
  size_t fixtures = 0;
  for (const Rule* rule : all_rules()) {
    const fs::path dir = testing::source_dir() / "testdata" / std::string(rule->info().id);
    for (const fs::path& path : fixtures_of(dir)) {
      ++fixtures;
      const std::string text = testing::read_text(path);
      Fixture fx = read_fixture(text);
      std::optional<BuildContext> context;
      if (path.filename() == "Dockerfile" || fx.with_context)
        context = BuildContext::load(path.parent_path(), path);
      const SourceFile source(fs::relative(path, testing::source_dir()).generic_string(), text);
      const RuleInfo& info = rule->info();
      auto findings = lint_dockerfile(source, fx.options, context ? &*context : nullptr,
                                      [&](const RuleInfo& r) { return &r == &info; });
      std::vector<bool> used(findings.size(), false);
      INFO("fixture " << source.path());
      for (const Expectation& e : fx.expectations) {
        INFO("expectation at line " << e.written_at << ": " << e.rule << " on line " << e.line);
        bool found = false;
        for (size_t i = 0; i < findings.size() && !found; ++i) {
          if (!used[i] && matches(e, findings[i])) used[i] = found = true;
        }
        CHECK(found);
      }
      for (size_t i = 0; i < findings.size(); ++i) {
        if (used[i]) continue;
        const Finding& f = findings[i];
        FAIL_CHECK("unexpected " << f.rule_id << " at " << f.range.begin.line << ":" << f.range.begin.column
                                 << " (" << severity_name(f.severity) << "): " << f.message);
      }
      const ContextSource ctx = context ? &*context : nullptr;
      check_fixes(
          path, source, findings,
          [&](const SourceFile& s) {
            return lint_dockerfile(s, fx.options, ctx, [&](const RuleInfo& r) { return &r == &info; });
          },
          [&](const SourceFile& s) { return lint_dockerfile(s, fx.options, ctx); });
    }
  }
  CHECK(fixtures > 0);
}

namespace {

// The first fenced block of `lang` after the heading `heading` in a rule doc.
std::optional<std::string> doc_block(std::string_view doc, std::string_view heading, std::string_view lang) {
  const size_t h = doc.find(heading);
  if (h == std::string_view::npos) return std::nullopt;
  const std::string fence = "```" + std::string(lang) + "\n";
  const size_t start = doc.find(fence, h);
  const size_t next_heading = doc.find("\n## ", h + heading.size());
  if (start == std::string_view::npos || (next_heading != std::string_view::npos && start > next_heading)) {
    return std::nullopt;
  }
  const size_t end = doc.find("```", start + fence.size());
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(doc.substr(start + fence.size(), end - start - fence.size()));
}

}  // namespace

TEST_CASE("each rule's documented example fires and its 'use instead' is clean", "[fixtures][docs]") {
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    const auto example = doc_block(info.doc(), "## Example", "dockerfile");
    const auto instead = doc_block(info.doc(), "## Use instead", "dockerfile");
    if (!example && doc_block(info.doc(), "## Example", "yaml")) continue;  // Compose rules test their own
    INFO(info.id);
    REQUIRE(example);
    REQUIRE(instead);
    auto only = [&](const RuleInfo& r) { return &r == &info; };
    // `<!-- context: a b -->` in the doc: the example's build context holds these files.
    std::optional<BuildContext> context;
    const std::string_view doc = info.doc();
    if (const size_t at = doc.find("<!-- context:"); at != std::string_view::npos) {
      const fs::path dir = fs::temp_directory_path() / ("layerlint-doc-" + std::string(info.id));
      fs::create_directories(dir);
      std::istringstream names(std::string(doc.substr(at + 13, doc.find("-->", at) - at - 13)));
      for (std::string name; names >> name;) std::ofstream(dir / name) << "PLACEHOLDER=1\n";
      context = BuildContext::load(dir, {});
    }
    CHECK_FALSE(
        lint_dockerfile(SourceFile("example", *example), {}, context ? &*context : nullptr, only).empty());
    const auto clean = lint_dockerfile(SourceFile("use-instead", *instead), {}, nullptr, only);
    for (const Finding& f : clean) FAIL_CHECK("use-instead fires " << f.rule_id << ": " << f.message);
  }
}

TEST_CASE("rules.def, rule sources, docs and fixtures agree", "[fixtures][registry]") {
  const auto rules = all_rules();
  REQUIRE(!rules.empty());
  std::vector<std::string> ids, slugs;
  for (const Rule* rule : rules) {
    const RuleInfo& info = rule->info();
    INFO(info.id);
    ids.emplace_back(info.id);
    slugs.emplace_back(info.slug);
    CHECK_FALSE(info.doc().empty());
    CHECK(info.doc().starts_with("# " + std::string(info.id) + " " + std::string(info.slug)));
    CHECK(fs::exists(testing::source_dir() / "rules" / info.doc_file));
    std::string stem(info.doc_file);
    stem.resize(stem.size() - 3);
    CHECK(fs::exists(testing::source_dir() / "rules" / (stem + ".cpp")));
    CHECK(find_rule(info.slug) == rule);
    CHECK(find_rule(info.id) == rule);
    const bool compose = std::string_view(info.tags).find("compose") != std::string_view::npos;
    if (!compose) CHECK(fixtures_of(testing::source_dir() / "testdata" / std::string(info.id)).size() >= 2);
  }
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  std::sort(slugs.begin(), slugs.end());
  CHECK(std::adjacent_find(slugs.begin(), slugs.end()) == slugs.end());
}
