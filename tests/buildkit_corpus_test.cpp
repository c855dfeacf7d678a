#include "catch.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "fixture_util.hpp"
#include "layerlint/parser.hpp"

using namespace layerlint;
namespace fs = std::filesystem;

namespace {

const fs::path k_corpus = fs::path(LAYERLINT_SOURCE_DIR "/../shared/corpus");

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trim_final_newline(std::string s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

bool ranges_ok(const Range& r, uint32_t size) {
  return r.begin.line > 0 && r.end.line > 0 && r.begin.offset <= r.end.offset && r.end.offset <= size;
}

}  // namespace

TEST_CASE("BuildKit parser test files dump exactly as BuildKit", "[parser][corpus]") {
  const fs::path dir = k_corpus / "buildkit-parser" / "testfiles";
  if (!fs::is_directory(dir)) {
    WARN("corpus not found, skipped");
    SUCCEED();
    return;
  }
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(dir)) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  CHECK(cases.size() == 33);
  for (const fs::path& c : cases) {
    INFO(c.filename().string());
    const SourceFile source(c.string(), read_file(c / "Dockerfile"));
    const Dockerfile file = parse_dockerfile(source);
    std::string out;
    std::string error;
    REQUIRE(dump_buildkit_ast(file, out, error));
    CHECK(error.empty());
    CHECK(trim_final_newline(out) == trim_final_newline(read_file(c / "result")));
  }
}

TEST_CASE("BuildKit's negative test files are rejected", "[parser][corpus]") {
  const fs::path dir = k_corpus / "buildkit-parser" / "testfiles-negative";
  if (!fs::is_directory(dir)) {
    WARN("corpus not found, skipped");
    SUCCEED();
    return;
  }
  struct Case {
    const char* name;
    const char* error;
  };
  const Case cases[] = {
      {"empty_dockerfile", "file with no instructions"},
      {"only_comments", "file with no instructions"},
      {"env_no_value", "3:5: ENV must have two arguments"},
      {"shykes-nested-json", "1:5: when using JSON array syntax, arrays must be comprised of strings only"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const SourceFile source(c.name, read_file(dir / c.name / "Dockerfile"));
    const Dockerfile file = parse_dockerfile(source);
    std::string out;
    std::string error;
    CHECK_FALSE(dump_buildkit_ast(file, out, error));
    CHECK(error == c.error);
  }
}

TEST_CASE("official images listed as clean parse without errors", "[parser][corpus]") {
  const fs::path list = k_corpus / "official-images-clean.txt";
  if (!fs::exists(list)) {
    WARN("corpus not found, skipped");
    SUCCEED();
    return;
  }
  std::ifstream in(list);
  std::string line;
  size_t count = 0;
  std::set<std::string> clean;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    clean.insert(line);
    const SourceFile source(line, read_file(k_corpus / line));
    const Dockerfile file = parse_dockerfile(source);
    ++count;
    INFO(line);
    CHECK(!file.instructions.empty());
    if (!file.errors.empty()) {
      CHECK(file.errors.front().message == "");
    }
  }
  CHECK(count > 2000);

  // Every other official-images file (templates, fragments) parses, and its errors are positioned.
  size_t others = 0;
  for (const auto& entry : fs::recursive_directory_iterator(k_corpus / "official-images")) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = fs::relative(entry.path(), k_corpus).string();
    if (clean.count(rel) != 0) continue;
    ++others;
    const std::string text = read_file(entry.path());
    const SourceFile source(rel, text);
    const Dockerfile file = parse_dockerfile(source);
    INFO(rel);
    for (const ParseError& e : file.errors) CHECK(ranges_ok(e.range, static_cast<uint32_t>(text.size())));
  }
  CHECK(others > 0);
}

// The divergences a differential run against BuildKit's parser found, each a minimal input with
// BuildKit's dump or the error it rejects the file with. `--dump-ast` must give the dump exactly,
// or exit 1 where BuildKit rejects.
TEST_CASE("Parser divergence reproducers dump as BuildKit", "[parser][corpus]") {
  const fs::path dir = fs::path(LAYERLINT_SOURCE_DIR "/../shared/parser-divergences");
  if (!fs::is_directory(dir)) {
    WARN("../shared/parser-divergences not found, skipped");
    SUCCEED();
    return;
  }
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".Dockerfile") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  CHECK(inputs.size() >= 28);
  size_t agree = 0;
  for (const fs::path& input : inputs) {
    fs::path expected_path = input;
    expected_path.replace_extension(".buildkit");
    INFO(input.filename().string());
    REQUIRE(fs::exists(expected_path));
    const std::string expected = read_file(expected_path);
    const auto run = layerlint::testing::run_command(std::string(LAYERLINT_BINARY) + " --dump-ast '" +
                                                     input.string() + "' 2>/dev/null");
    if (expected.rfind("REJECTED:", 0) == 0) {
      CHECK(run.code == 1);
      agree += run.code == 1 ? 1 : 0;
    } else {
      CHECK(run.code == 0);
      CHECK(trim_final_newline(run.out) == trim_final_newline(expected));
      agree += run.code == 0 && trim_final_newline(run.out) == trim_final_newline(expected) ? 1 : 0;
    }
  }
  CHECK(agree == inputs.size());
}
