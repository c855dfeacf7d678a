// The generic rule-fixture driver: testdata/<rule id>/*.Dockerfile (or <case>/Dockerfile, whose folder
// is the build context). Expectations are comments binding to the next instruction:
//   # expect: LL1005 col=6 severity=info msg~"id_rsa"
// (`line=N` overrides the binding). `# options: target=NAME build-arg=K=V context` sets lint options.
// Only the fixture's rule runs, and findings and expectations must match one to one; a fixture
// without expectations must be clean.
#include <catch2/catch.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <sstream>

#include "fixture_util.hpp"
#include "layerlint/context.hpp"
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
    if (entry.is_regular_file() && entry.path().extension() == ".Dockerfile" &&
        !entry.path().filename().string().ends_with(".fixed.Dockerfile"))  // a fixture's expected fix
      out.push_back(entry.path());
    if (entry.is_directory() && fs::exists(entry.path() / "Dockerfile"))
      out.push_back(entry.path() / "Dockerfile");
  }
  std::sort(out.begin(), out.end());
  return out;
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
