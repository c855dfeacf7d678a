// Well-written images stay quiet: no secret finding at warning or error across the Docker official
// images (../shared/corpus/official-images-clean.txt), and no parse error.
#include "catch.hpp"

#include <sstream>

#include "fixture_util.hpp"
#include "layerlint/lint.hpp"

using namespace layerlint;

TEST_CASE("official images: no LL1xxx at warning or error, no LL0001", "[corpus]") {
  const auto corpus = testing::corpus_dir();
  if (!std::filesystem::exists(corpus / "official-images-clean.txt")) {
    WARN("corpus not found at " << corpus << ", skipped");
    SUCCEED();
    return;
  }
  std::istringstream list(testing::read_text(corpus / "official-images-clean.txt"));
  size_t files = 0;
  for (std::string rel; std::getline(list, rel);) {
    if (rel.empty()) continue;
    ++files;
    const SourceFile source(rel, testing::read_text(corpus / rel));
    for (const Finding& f : lint_dockerfile(source, {})) {
      const bool secret_rule = f.rule_id.starts_with("LL1");
      if ((secret_rule && f.severity != Severity::Info) || f.rule_id == "LL0001") {
        FAIL_CHECK(rel << ":" << f.range.begin.line << ":" << f.range.begin.column << ": " << f.rule_id << " "
                       << f.message);
      }
    }
  }
  CHECK(files > 2000);
}
