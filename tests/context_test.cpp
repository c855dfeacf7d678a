#include "catch.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "fixture_util.hpp"
#include "layerlint/context.hpp"

using namespace layerlint;
using layerlint::testing::TempDir;
namespace fs = std::filesystem;

namespace {

DockerIgnore compile(std::string_view text) {
  std::vector<IgnoreError> errors;
  DockerIgnore ignore = DockerIgnore::parse(text, ".dockerignore", errors);
  INFO(text);
  REQUIRE(errors.empty());
  return ignore;
}

std::vector<std::string> paths_of(const std::vector<ContextFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.path);
  return out;
}

fs::path fixture(const char* name) { return fs::path(LAYERLINT_SOURCE_DIR "/testdata/context") / name; }

}  // namespace

TEST_CASE("dockerignore patterns follow BuildKit's matching rules", "[context]") {
  struct Case {
    const char* patterns;
    const char* path;
    bool excluded;
  };
  const Case cases[] = {
      // `**/` matches any number of directories, including none.
      {"**/.env", ".env", true},
      {"**/.env", "config/.env", true},
      {"**/.env", "a/b/c/.env", true},
      {"**/.env", "config/x.env", false},
      {"**/.env", ".env.example", false},
      {"a/**/b", "a/b", true},
      {"a/**/b", "a/x/y/b", true},
      {"a/**/b", "a/xb", false},
      {"**/*.go", "main.go", true},
      {"**/*.go", "cmd/tool/main.go", true},
      // A leading `**` without other wildcards is a suffix match in BuildKit.
      {"**.env", "a/x.env", true},
      {"**", "anything/deep/file", true},
      // `*` and `?` stop at '/'.
      {"*.pem", "server.pem", true},
      {"*.pem", "certs/server.pem", false},
      {"*/temp*", "somedir/temporary.txt", true},
      {"*/temp*", "temporary.txt", false},
      {"*/*/temp*", "somedir/subdir/temporary.txt", true},
      {"temp?", "tempa", true},
      {"temp?", "temp", false},
      {"temp?", "tempab", false},
      {"?.txt", "\xC3\xA9.txt", true},  // one code point, two bytes
      // Exceptions, and the last matching pattern wins.
      {"*.pem\n!keep.pem", "keep.pem", false},
      {"*.pem\n!keep.pem", "other.pem", true},
      {"!README.md\n*.md", "README.md", true},
      {"*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true},
      {"*.md\n!README*.md\nREADME-secret.md", "README.md", false},
      {"*.md\nREADME-secret.md\n!README*.md", "README-secret.md", false},
      {"*\n!src/*.go", "src/main.go", false},
      {"*\n!src/*.go", "src/main.c", true},
      {"*\n!src/*.go", "Dockerfile", true},
      {"node_modules\n!node_modules/keep.js", "node_modules/keep.js", false},
      {"node_modules\n!node_modules/keep.js", "node_modules/other.js", true},
      // A pattern matching a directory excludes everything beneath it.
      {"secrets/", "secrets", true},
      {"secrets/", "secrets/db/password.txt", true},
      {"secrets/", "app/secrets", false},
      {"node_modules", "node_modules/x/y.js", true},
      {"*", "a/b", true},
      {"*\n!a/b", "a/b", false},
      {"*\n!a/b", "a/c", true},
      {"dir/**", "dir/a/b", true},
      {"dir/**", "dir", false},
      {"dir/**", "dirt/x", false},
      // Cleaning: a leading '/', "./", "..", doubled slashes, surrounding blanks.
      {"/abs", "abs", true},
      {"/abs", "x/abs", false},
      {"./rel", "rel/file", true},
      {"a//b/../c", "a/c", true},
      {"  .env  \t", ".env", true},
      {"*\n! .env\n", ".env", false},
      {".", "a", false},
      // Classes: '^' negates, '!' is a member; `\` escapes.
      {"[a-c].txt", "b.txt", true},
      {"[a-c].txt", "d.txt", false},
      {"[^a].txt", "b.txt", true},
      {"[^a].txt", "a.txt", false},
      {"[!a].txt", "!.txt", true},
      {"[!a].txt", "b.txt", false},
      {"[\\]x].txt", "].txt", true},
      {"\\*.txt", "*.txt", true},
      {"\\*.txt", "a.txt", false},
      // Comments start in column 1; CRLF and a BOM are dropped.
      {"#.env", "#.env", false},
      {" #.env", "#.env", true},
      {".env\r\n", ".env", true},
      {"\xEF\xBB\xBF.env", ".env", true},
      {"", ".env", false},
      // Paths given to the matcher are cleaned too; the root is never excluded.
      {".env", "./.env", true},
      {"src", "/src/", true},
      {"**", ".", false},
      {"**", "", false},
  };
  for (const Case& c : cases) {
    INFO("patterns: " << c.patterns << "  path: " << c.path);
    CHECK(compile(c.patterns).excluded(c.path) == c.excluded);
  }
}

TEST_CASE("a whole excluded tree is skipped only when no exception reaches below it", "[context]") {
  struct Case {
    const char* patterns;
    const char* dir;
    bool may_include;
  };
  const Case cases[] = {
      {"node_modules", "node_modules", false},
      {"node_modules\n!node_modules/keep", "node_modules", true},
      {"node_modules\n!**/keep.pem", "node_modules", true},
      {"node_modules\n!src/keep", "node_modules", false},
      {"node_modules\n!node_modules", "node_modules", true},  // not excluded at all
      {"node_modules\n!node_modulesx/a", "node_modules", false},
      {"*\n!src/*.go", "vendor", false},
      {"*\n!src/*.go", "src", true},
      {"*\n!src/**", "src", true},
      {"*\n!s?c/x", "src", true},
      {"*\n!s?c/x", "lib", false},
      {".git", "src", true},
      {"", ".git", true},
  };
  for (const Case& c : cases) {
    INFO("patterns: " << c.patterns << "  dir: " << c.dir);
    CHECK(compile(c.patterns).may_include_below(c.dir) == c.may_include);
  }
}

TEST_CASE("incremental matching agrees with whole-path matching", "[context]") {
  const DockerIgnore ignore = compile("*.pem\n!keep/*.pem\nsecrets\n!secrets/public/**\n**/.env\n");
  const std::vector<std::vector<std::string>> chains = {
      {"keep", "keep/a.pem"},
      {"secrets", "secrets/public", "secrets/public/x"},
      {"secrets", "secrets/private", "secrets/private/.env"},
      {"a.pem"},
      {"src", "src/.env"},
  };
  for (const auto& chain : chains) {
    std::vector<uint8_t> parent;
    for (const auto& path : chain) {
      INFO(path);
      std::vector<uint8_t> matches;
      CHECK(ignore.excluded_below(path, parent, matches) == ignore.excluded(path));
      parent = matches;
    }
  }
}

TEST_CASE("bad dockerignore lines are reported with their line and skipped", "[context]") {
  struct Case {
    const char* text;
    uint32_t line;
    const char* message;
  };
  const Case cases[] = {
      {"ok\n[abc\n*.pem\n", 2, "bad pattern \"[abc\": unterminated character class"},
      {"!\n", 1, "illegal exclusion pattern \"!\""},
      {"# c\n\n! \n", 3, "illegal exclusion pattern \"!\""},
      {"a\\", 1, "bad pattern \"a\\\": trailing backslash"},
      {"x\n[z-a]\n", 2, "bad pattern \"[z-a]\": character class range is out of order"},
      {"[]\n", 1, "bad pattern \"[]\": malformed character class"},
      {"[a-]\n", 1, "bad pattern \"[a-]\": malformed character class"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::vector<IgnoreError> errors;
    const DockerIgnore ignore = DockerIgnore::parse(c.text, "ctx/.dockerignore", errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == c.line);
    CHECK(errors[0].message == c.message);
    CHECK(errors[0].to_string() == "ctx/.dockerignore:" + std::to_string(c.line) + ": " + c.message);
  }
  std::vector<IgnoreError> errors;
  const DockerIgnore ignore = DockerIgnore::parse("ok\n[abc\n*.pem\n", "x", errors);
  CHECK(ignore.pattern_count() == 2);
  CHECK(ignore.excluded("ok"));
  CHECK(ignore.excluded("a.pem"));
  CHECK_FALSE(ignore.excluded("[abc"));
}

TEST_CASE("huge and hostile dockerignore lines stay cheap", "[context]") {
  std::vector<IgnoreError> errors;
  const std::string huge(10 * 1024 * 1024, 'a');
  DockerIgnore ignore = DockerIgnore::parse(".env\n" + huge + "\n", "x", errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 2);
  CHECK(errors[0].message == "line longer than 64 KiB");
  CHECK(ignore.pattern_count() == 1);

  // Many stars and `**` segments: matching stays linear in path times pattern.
  std::string stars;
  for (int i = 0; i < 500; ++i) stars += "*a**/";
  errors.clear();
  ignore = DockerIgnore::parse(stars + "b\n", "x", errors);
  CHECK(errors.empty());
  CHECK_FALSE(ignore.excluded(std::string(600, 'a') + "/c"));
  CHECK(ignore.excluded(std::string(600, 'a') + "b"));
  CHECK(ignore.excluded(std::string(300, 'a') + "/" + std::string(300, 'a') + "/b"));
}

TEST_CASE("clean_path behaves like Go's filepath.Clean", "[context]") {
  const std::pair<const char*, const char*> cases[] = {
      {"", "."},       {".", "."},       {"a/b/", "a/b"}, {"a//b", "a/b"},
      {"./a", "a"},    {"a/./b", "a/b"}, {"a/b/..", "a"}, {"a/../..", ".."},
      {"/../a", "/a"}, {"/", "/"},       {"//a//", "/a"}, {"../../a", "../../a"},
  };
  for (const auto& [in, out] : cases) {
    INFO(in);
    CHECK(clean_path(in) == out);
  }
}

TEST_CASE("without a dockerignore a whole-context COPY sends the secrets", "[context]") {
  const BuildContext ctx = BuildContext::load(fixture("basic"), {});
  CHECK(ctx.errors().empty());
  CHECK_FALSE(ctx.truncated());
  CHECK(ctx.ignore_file().empty());
  const std::vector<std::string> all = {
      ".env",         ".npmrc",     ".ssh/id_rsa",    "Dockerfile", "node_modules/lib/index.js",
      "package.json", "src/app.js", "src/config.json"};
  CHECK(paths_of(ctx.files_under(".")) == all);
  CHECK(paths_of(ctx.files_under("./")) == all);
  CHECK(paths_of(ctx.files_under("/")) == all);
  CHECK(paths_of(ctx.files_under("src/")) == std::vector<std::string>{"src/app.js", "src/config.json"});
  CHECK(paths_of(ctx.files_under("./src")) == std::vector<std::string>{"src/app.js", "src/config.json"});
  CHECK(paths_of(ctx.files_under("*.json")) == std::vector<std::string>{"package.json"});
  CHECK(paths_of(ctx.files_under("src/*.js*")) == std::vector<std::string>{"src/app.js", "src/config.json"});
  CHECK(paths_of(ctx.files_under(".ss?")) == std::vector<std::string>{".ssh/id_rsa"});
  CHECK(paths_of(ctx.files_under("*/lib")) == std::vector<std::string>{"node_modules/lib/index.js"});
  CHECK(paths_of(ctx.files_under("**/*.js")) == std::vector<std::string>{"src/app.js"});  // no `**` in COPY
  CHECK(paths_of(ctx.files_under("../.env")) == std::vector<std::string>{".env"});
  CHECK(ctx.files_under("missing").empty());
  CHECK(ctx.files_under("src/[").empty());

  const auto env = ctx.files_under(".env");
  REQUIRE(env.size() == 1);
  CHECK(env[0] == ContextFile{".env", false, false, 27});
  CHECK(ctx.entries().size() == 12);  // 8 files and 4 directories
}

TEST_CASE("a dockerignore keeps secrets out of a whole-context COPY", "[context]") {
  const BuildContext ctx = BuildContext::load(fixture("ignored"), {});
  CHECK(ctx.errors().empty());
  CHECK(ctx.ignore_file() == (fixture("ignored") / ".dockerignore").string());
  CHECK(ctx.ignore().pattern_count() == 5);
  // `*.pem` stops at '/': certs/server.pem is still sent.
  CHECK(paths_of(ctx.files_under(".")) == std::vector<std::string>{".dockerignore", "Dockerfile",
                                                                   "certs/server.pem", "keep.pem",
                                                                   "src/app.js"});
  CHECK(ctx.is_excluded(".env"));
  CHECK(ctx.is_excluded("src/.env"));
  CHECK(ctx.is_excluded(".ssh/id_rsa"));
  CHECK(ctx.is_excluded("server.pem"));
  CHECK_FALSE(ctx.is_excluded("keep.pem"));
  CHECK(ctx.files_under(".env").empty());
  CHECK(ctx.files_under("node_modules").empty());
  CHECK(paths_of(ctx.files_under("*.pem")) == std::vector<std::string>{"keep.pem"});
  CHECK(paths_of(ctx.files_under("src")) == std::vector<std::string>{"src/app.js"});
}

TEST_CASE("a per-Dockerfile ignore file takes precedence over the context's", "[context]") {
  const fs::path dir = fixture("per_dockerfile");
  const BuildContext own = BuildContext::load(dir, dir / "docker" / "app.Dockerfile");
  CHECK(own.errors().empty());
  CHECK(own.ignore_file() == (dir / "docker" / "app.Dockerfile.dockerignore").string());
  CHECK(paths_of(own.files_under(".")) == std::vector<std::string>{".dockerignore", "README.md",
                                                                   "docker/app.Dockerfile",
                                                                   "docker/app.Dockerfile.dockerignore"});

  const BuildContext shared = BuildContext::load(dir, dir / "Dockerfile");
  CHECK(shared.ignore_file() == (dir / ".dockerignore").string());
  CHECK(paths_of(shared.files_under(".")) == std::vector<std::string>{".dockerignore", ".env", ".npmrc",
                                                                      "docker/app.Dockerfile",
                                                                      "docker/app.Dockerfile.dockerignore"});
}

TEST_CASE("exceptions re-include files inside an excluded directory", "[context]") {
  TempDir tmp("exceptions");
  tmp.write(".dockerignore", "vendor\n!vendor/keep/**\nbig\n");
  tmp.write("vendor/keep/a.txt", "a");
  tmp.write("vendor/drop/b.txt", "b");
  tmp.write("big/c.txt", "c");
  const BuildContext ctx = BuildContext::load(tmp.path, {});
  CHECK(ctx.errors().empty());
  CHECK(paths_of(ctx.files_under(".")) == std::vector<std::string>{".dockerignore", "vendor/keep/a.txt"});
  CHECK(paths_of(ctx.files_under("vendor")) == std::vector<std::string>{"vendor/keep/a.txt"});
}

TEST_CASE("symlinks are listed, never followed, and loops terminate", "[context]") {
  TempDir tmp("symlinks");
  tmp.write("real/file.txt", "x");
  std::error_code ec;
  fs::create_directory_symlink(".", tmp.path / "loop", ec);
  REQUIRE_FALSE(ec);
  fs::create_directory_symlink("../real", tmp.path / "real" / "back", ec);
  REQUIRE_FALSE(ec);
  fs::create_directory_symlink("/", tmp.path / "outside", ec);
  REQUIRE_FALSE(ec);
  const BuildContext ctx = BuildContext::load(tmp.path, {});
  CHECK(ctx.errors().empty());
  CHECK_FALSE(ctx.truncated());
  const auto files = ctx.files_under(".");
  CHECK(paths_of(files) == std::vector<std::string>{"loop", "outside", "real/back", "real/file.txt"});
  REQUIRE(files.size() == 4);
  CHECK(files[0].symlink);
  CHECK_FALSE(files[3].symlink);
  CHECK(files[3].size == 1);
}

TEST_CASE("a bad ignore file and a missing context are errors, not exceptions", "[context]") {
  TempDir tmp("errors");
  tmp.write(".dockerignore", "*.key\n[oops\n");
  tmp.write("a.key", "k");
  tmp.write("b.txt", "b");
  const BuildContext ctx = BuildContext::load(tmp.path, {});
  REQUIRE(ctx.errors().size() == 1);
  CHECK(ctx.errors()[0] ==
        (tmp.path / ".dockerignore").string() + ":2: bad pattern \"[oops\": unterminated character class");
  CHECK(paths_of(ctx.files_under(".")) == std::vector<std::string>{".dockerignore", "b.txt"});

  const BuildContext missing = BuildContext::load(tmp.path / "nope", {});
  REQUIRE(missing.errors().size() == 1);
  CHECK(missing.errors()[0] == (tmp.path / "nope").string() + ": not a directory");
  CHECK(missing.entries().empty());
}

TEST_CASE("the walk is bounded", "[context]") {
  const BuildContext ctx = BuildContext::load(fixture("basic"), {}, ContextLimits{5, 256});
  CHECK(ctx.truncated());
  CHECK(ctx.entries().size() == 5);

  const BuildContext shallow = BuildContext::load(fixture("basic"), {}, ContextLimits{1000, 1});
  CHECK(shallow.truncated());
  CHECK(paths_of(shallow.files_under("node_modules")).empty());
  CHECK(paths_of(shallow.files_under("src")) == std::vector<std::string>{"src/app.js", "src/config.json"});
}
