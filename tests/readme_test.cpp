// The README's rule table is generated from the rule metadata; this test fails when it is stale
// (run with UPDATE_SNAPSHOTS=1 to rewrite it).
#include "catch.hpp"

#include <cstdlib>
#include <fstream>

#include "fixture_util.hpp"
#include "layerlint/rule.hpp"

using namespace layerlint;

namespace {

std::string rule_table() {
  std::string out = "| id | slug | severity | summary |\n|---|---|---|---|\n";
  for (const RuleInfo* r : all_rule_infos()) {
    out += "| " + std::string(r->id) + " | [" + std::string(r->slug) + "](rules/" + std::string(r->doc_file) +
           ") | " + std::string(severity_name(r->severity)) + " | " + std::string(r->summary) + " |\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the README's rule table matches the rules", "[readme]") {
  const auto path = testing::source_dir() / "README.md";
  std::string readme = testing::read_text(path);
  const std::string begin = "<!-- rules:begin -->\n", end = "<!-- rules:end -->";
  const size_t b = readme.find(begin), e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  const std::string current = readme.substr(b + begin.size(), e - b - begin.size());
  if (std::getenv("UPDATE_SNAPSHOTS") && current != rule_table()) {
    readme.replace(b + begin.size(), e - b - begin.size(), rule_table());
    std::ofstream(path, std::ios::binary) << readme;
    return;
  }
  CHECK(current == rule_table());
}
