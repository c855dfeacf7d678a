// Compose parsing (positions, errors, hostile input), compose_builds, and the Compose rules run over
// testdata/compose/<rule id>/*.yaml fixtures and over their docs' examples.
#include "catch.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "layerlint/compose.hpp"
#include "layerlint/rule.hpp"

using namespace layerlint;
namespace fs = std::filesystem;

namespace {

// A parsed file together with the source it points into.
struct Parsed {
  std::unique_ptr<SourceFile> source;
  ComposeFile file;
};

Parsed parse(std::string text) {
  Parsed p;
  p.source = std::make_unique<SourceFile>("compose.yaml", std::move(text));
  p.file = parse_compose(*p.source);
  return p;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// (line, column) of a range's begin and end.
struct Span {
  uint32_t line, col, end_line, end_col;
  friend bool operator==(const Span&, const Span&) = default;
};

Span span(const Range& r) { return {r.begin.line, r.begin.column, r.end.line, r.end.column}; }

std::ostream& operator<<(std::ostream& os, const Span& s) {
  return os << s.line << ":" << s.col << "-" << s.end_line << ":" << s.end_col;
}

std::vector<Finding> run_rule(std::string_view id, const ComposeFile& file) {
  const Rule* rule = find_rule(id);
  REQUIRE(rule != nullptr);
  std::vector<Finding> out;
  rule->check_compose(file, out);
  return out;
}

}  // namespace

TEST_CASE("compose: services, build fields, args, cap_add, volumes and user have exact ranges", "[compose]") {
  const auto p = parse(
      "services:\n"
      "  web:\n"
      "    build:\n"
      "      context: ./app\n"
      "      dockerfile: Dockerfile.prod\n"
      "      target: runtime\n"
      "      args:\n"
      "        NPM_TOKEN: \"abc def\"\n"
      "        EMPTY:\n"
      "        PLAIN: value # comment\n"
      "    cap_add:\n"
      "      - SYS_ADMIN\n"
      "      - 'NET_ADMIN'\n"
      "    volumes:\n"
      "      - /var/run/docker.sock:/var/run/docker.sock\n"
      "      - type: bind\n"
      "        source: /srv\n"
      "        target: /data\n"
      "    user: \"1000:1000\"\n"
      "  worker:\n"
      "    build: ./worker\n");
  const ComposeFile& f = p.file;
  CHECK(f.source == p.source.get());
  CHECK(f.errors.empty());
  REQUIRE(f.services.size() == 2);
  const ComposeService& web = f.services[0];
  CHECK(web.name.value == "web");
  CHECK(span(web.name.range) == Span{2, 3, 2, 6});
  REQUIRE(web.build);
  CHECK(span(web.build->range) == Span{3, 5, 3, 10});
  REQUIRE(web.build->context);
  CHECK(web.build->context->value == "./app");
  CHECK(span(web.build->context->range) == Span{4, 16, 4, 21});
  REQUIRE(web.build->dockerfile);
  CHECK(span(web.build->dockerfile->range) == Span{5, 19, 5, 34});
  REQUIRE(web.build->target);
  CHECK(web.build->target->value == "runtime");
  CHECK(span(web.build->target->range) == Span{6, 15, 6, 22});

  REQUIRE(web.build->args.size() == 3);
  const ComposeBuildArg& token = web.build->args[0];
  CHECK(token.name.value == "NPM_TOKEN");
  CHECK(span(token.name.range) == Span{8, 9, 8, 18});
  REQUIRE(token.value);
  CHECK(token.value->value == "abc def");
  CHECK(span(token.value->range) == Span{8, 20, 8, 29});  // the quotes included
  CHECK(token.name.range.begin.offset == p.source->text().find("NPM_TOKEN"));
  CHECK(web.build->args[1].name.value == "EMPTY");
  CHECK(span(web.build->args[1].name.range) == Span{9, 9, 9, 14});
  CHECK_FALSE(web.build->args[1].value);
  REQUIRE(web.build->args[2].value);
  CHECK(web.build->args[2].value->value == "value");
  CHECK(span(web.build->args[2].value->range) == Span{10, 16, 10, 21});

  REQUIRE(web.cap_add.size() == 2);
  CHECK(web.cap_add[0].value == "SYS_ADMIN");
  CHECK(span(web.cap_add[0].range) == Span{12, 9, 12, 18});
  CHECK(web.cap_add[1].value == "NET_ADMIN");
  CHECK(span(web.cap_add[1].range) == Span{13, 9, 13, 20});

  REQUIRE(web.volumes.size() == 2);
  CHECK_FALSE(web.volumes[0].long_syntax);
  CHECK(web.volumes[0].source.value == "/var/run/docker.sock");
  CHECK(span(web.volumes[0].range) == Span{15, 9, 15, 50});
  REQUIRE(web.volumes[0].target);
  CHECK(web.volumes[0].target->value == "/var/run/docker.sock");
  CHECK(span(web.volumes[0].target->range) == Span{15, 30, 15, 50});
  CHECK(web.volumes[1].long_syntax);
  CHECK(web.volumes[1].source.value == "/srv");
  CHECK(span(web.volumes[1].source.range) == Span{17, 17, 17, 21});
  REQUIRE(web.volumes[1].target);
  CHECK(web.volumes[1].target->value == "/data");

  REQUIRE(web.user);
  CHECK(web.user->value == "1000:1000");
  CHECK(span(web.user->range) == Span{19, 11, 19, 22});

  const ComposeService& worker = f.services[1];
  CHECK(span(worker.name.range) == Span{20, 3, 20, 9});
  REQUIRE(worker.build);
  REQUIRE(worker.build->context);
  CHECK(worker.build->context->value == "./worker");
  CHECK(span(worker.build->context->range) == Span{21, 12, 21, 20});
}

TEST_CASE("compose: build args in list syntax split NAME=value with ranges", "[compose]") {
  const auto p = parse(
      "services:\n"
      "  api:\n"
      "    build:\n"
      "      args:\n"
      "        - TOKEN=x y\n"
      "        - \"QUOTED=v\"\n"
      "        - BARE\n"
      "      secrets:\n"
      "        - npm_token\n"
      "        - source: other\n"
      "          target: /run/secrets/o\n"
      "secrets:\n"
      "  npm_token:\n"
      "    environment: NPM_TOKEN\n"
      "  other:\n"
      "    file: ./other.txt\n");
  REQUIRE(p.file.errors.empty());
  REQUIRE(p.file.services.size() == 1);
  const ServiceBuild& b = *p.file.services[0].build;
  REQUIRE(b.args.size() == 3);
  CHECK(b.args[0].name.value == "TOKEN");
  CHECK(span(b.args[0].name.range) == Span{5, 11, 5, 16});
  REQUIRE(b.args[0].value);
  CHECK(b.args[0].value->value == "x y");
  CHECK(span(b.args[0].value->range) == Span{5, 17, 5, 20});
  CHECK(b.args[1].name.value == "QUOTED");
  CHECK(span(b.args[1].name.range) == Span{6, 12, 6, 18});
  CHECK(span(b.args[1].value->range) == Span{6, 19, 6, 20});
  CHECK(b.args[2].name.value == "BARE");
  CHECK(span(b.args[2].name.range) == Span{7, 11, 7, 15});
  CHECK_FALSE(b.args[2].value);

  REQUIRE(b.secrets.size() == 2);
  CHECK(b.secrets[0].source.value == "npm_token");
  CHECK(span(b.secrets[0].source.range) == Span{9, 11, 9, 20});
  CHECK(b.secrets[1].source.value == "other");
  REQUIRE(b.secrets[1].target);
  CHECK(b.secrets[1].target->value == "/run/secrets/o");

  REQUIRE(p.file.secrets.size() == 2);
  const ComposeSecret* npm = p.file.find_secret("npm_token");
  REQUIRE(npm);
  REQUIRE(npm->environment);
  CHECK(npm->environment->value == "NPM_TOKEN");
  CHECK(span(npm->environment->range) == Span{14, 18, 14, 27});
  REQUIRE(p.file.find_secret("other")->file);
  CHECK(p.file.find_secret("other")->file->value == "./other.txt");
  CHECK(p.file.find_secret("missing") == nullptr);
}

TEST_CASE("compose: columns count code points after a BOM, CRLF lines end before the CR", "[compose]") {
  const auto p = parse(
      "\xEF\xBB\xBFservices:\r\n  w\xC3\xA9"
      "b:\r\n    user: root\r\n");
  REQUIRE(p.file.errors.empty());
  REQUIRE(p.file.services.size() == 1);
  CHECK(p.file.services[0].name.value ==
        "w\xC3\xA9"
        "b");
  CHECK(span(p.file.services[0].name.range) == Span{2, 3, 2, 6});
  CHECK(p.file.services[0].name.range.begin.offset == 16);
  REQUIRE(p.file.services[0].user);
  CHECK(span(p.file.services[0].user->range) == Span{3, 11, 3, 15});
}

TEST_CASE("compose: interpolation stays literal, merge keys apply, inline Dockerfiles are kept",
          "[compose]") {
  const auto p = parse(
      "x-base: &base\n"
      "  privileged: true\n"
      "  user: root\n"
      "services:\n"
      "  web:\n"
      "    <<: *base\n"
      "    user: \"${APP_UID:-1000}\"\n"
      "    build:\n"
      "      dockerfile_inline: |\n"
      "        FROM alpine\n"
      "        RUN true\n");
  REQUIRE(p.file.errors.empty());
  REQUIRE(p.file.services.size() == 1);
  const ComposeService& web = p.file.services[0];
  REQUIRE(web.user);
  CHECK(web.user->value == "${APP_UID:-1000}");  // the service's own key wins over the merge
  REQUIRE(web.privileged);
  CHECK(web.privileged->value == "true");
  CHECK(span(web.privileged->range) == Span{2, 15, 2, 19});  // where the anchor defines it
  REQUIRE(web.build->dockerfile_inline);
  CHECK(web.build->dockerfile_inline->value == "FROM alpine\nRUN true\n");
  CHECK(span(web.build->dockerfile_inline->range) == Span{9, 26, 9, 27});
  CHECK(has_interpolation("${APP_UID:-1000}"));
  CHECK(has_interpolation("pre$VAR"));
  CHECK_FALSE(has_interpolation("$$literal"));
  CHECK_FALSE(has_interpolation("cost: 5$"));
}

TEST_CASE("compose: a YAML syntax error is reported at yaml-cpp's mark, without throwing", "[compose]") {
  const auto p = parse("a: [\n b: c: d");
  REQUIRE(p.file.errors.size() == 1);
  CHECK(span(p.file.errors[0].range) == Span{2, 6, 2, 6});  // yaml-cpp's mark: line 1, column 5 (0-based)
  CHECK(p.file.errors[0].message == "end of sequence flow not found");
  CHECK(p.file.services.empty());
}

TEST_CASE("compose: malformed structure is reported as errors", "[compose]") {
  struct Case {
    std::string text;
    std::string message;
    Span at;
  };
  const std::vector<Case> cases = {
      {"- a\n- b\n", "the top level of a compose file must be a mapping", {1, 1, 1, 1}},
      {"just a string\n", "the top level of a compose file must be a mapping", {1, 1, 1, 14}},
      {"services: [a]\n", "'services' must be a mapping", {1, 11, 1, 11}},
      {"services:\n  web:\n    cap_add: ALL\n", "'cap_add' must be a list", {3, 14, 3, 17}},
      {"services:\n  web:\n    build:\n      args: 3\n", "'args' must be a list", {4, 13, 4, 14}},
      {"services:\n  web: 3\n", "'web' must be a mapping", {2, 8, 2, 9}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const auto p = parse(c.text);
    REQUIRE(p.file.errors.size() == 1);
    CHECK(p.file.errors[0].message == c.message);
    CHECK(span(p.file.errors[0].range) == c.at);
  }
}

TEST_CASE("compose: include lists the Compose files pulled in, in short and long syntax", "[compose]") {
  const auto p = parse(
      "include:\n"
      "  - db/compose.yaml\n"
      "  - path: ../shared/compose.yaml\n"
      "    project_directory: ..\n"
      "  - path:\n"
      "      - a.yaml\n"
      "      - b.yaml\n"
      "services: {}\n");
  CHECK(p.file.errors.empty());
  REQUIRE(p.file.includes.size() == 4);
  CHECK(p.file.includes[0].value == "db/compose.yaml");
  CHECK(span(p.file.includes[0].range) == Span{2, 5, 2, 20});
  CHECK(p.file.includes[1].value == "../shared/compose.yaml");
  CHECK(p.file.includes[2].value == "a.yaml");
  CHECK(p.file.includes[3].value == "b.yaml");
  CHECK(span(p.file.includes[3].range) == Span{7, 9, 7, 15});

  struct Case {
    std::string text;
    std::string message;
  };
  for (const Case& c :
       std::vector<Case>{{"include: a.yaml\n", "'include' must be a list"},
                         {"include:\n  - [a]\n", "'include' must be a mapping"},
                         {"include:\n  - path: {a: 1}\n", "'include.path' must be a string"}}) {
    INFO(c.text);
    const auto bad = parse(c.text);
    REQUIRE(bad.file.errors.size() == 1);
    CHECK(bad.file.errors[0].message == c.message);
    CHECK(bad.file.includes.empty());
  }
}

TEST_CASE("compose: empty files and comments only are clean", "[compose]") {
  for (const std::string text : {"", "\n\n", "# nothing here\n", "services:\n", "services: {}\n"}) {
    INFO(text);
    const auto p = parse(text);
    CHECK(p.file.errors.empty());
    CHECK(p.file.services.empty());
  }
}

TEST_CASE("compose: hostile input is an error, not a crash", "[compose]") {
  SECTION("10,000 nested flow sequences") {
    const auto p = parse(std::string(10000, '['));
    REQUIRE(p.file.errors.size() == 1);
    CHECK(p.file.errors[0].range.valid());
  }
  SECTION("10,000 nested flow mappings") {
    const auto p = parse(std::string(10000, '{'));
    REQUIRE(p.file.errors.size() == 1);
  }
  SECTION("10,000 nested block sequences on one line") {
    std::string text;
    for (int i = 0; i < 10000; ++i) text += "- ";
    const auto p = parse(text + "x\n");
    REQUIRE(p.file.errors.size() == 1);
    CHECK(p.file.errors[0].message == "the document is nested too deeply");
  }
  SECTION("a 550 KB flow sequence on one line keeps exact columns") {
    std::string text = "services:\n  web:\n    cap_add: [";
    for (int i = 0; i < 50000; ++i) text += "NET_ADMIN, ";
    const auto p = parse(text + "ALL]\n");
    REQUIRE(p.file.errors.empty());
    REQUIRE(p.file.services.size() == 1);
    REQUIRE(p.file.services[0].cap_add.size() == 50001);
    CHECK(span(p.file.services[0].cap_add[1].range) == Span{3, 26, 3, 35});
    CHECK(span(p.file.services[0].cap_add.back().range) == Span{3, 550015, 3, 550018});
  }
  SECTION("an input over the size limit is not parsed") {
    const auto p = parse("services:\n  web:\n    user: root\n" + std::string(k_max_compose_bytes, '#'));
    REQUIRE(p.file.errors.size() == 1);
    CHECK(span(p.file.errors[0].range) == Span{1, 1, 1, 1});
    CHECK(p.file.services.empty());
  }
  SECTION("aliases that would make the walk quadratic stop at the budget") {
    std::string text = "x-caps: &caps [";
    for (int i = 0; i < 2000; ++i) text += "ALL,";
    text += "ALL]\nservices:\n";
    for (int i = 0; i < 3000; ++i) text += "  s" + std::to_string(i) + ": {cap_add: *caps}\n";
    const auto p = parse(text);
    REQUIRE(p.file.errors.size() == 1);
    CHECK(p.file.errors[0].message.find("aliases") != std::string::npos);
    CHECK(p.file.services.size() < 3000);
  }
}

TEST_CASE("compose: compose_builds resolves contexts, Dockerfiles, targets, networks and args", "[compose]") {
  const auto p = parse(
      "services:\n"
      "  web:\n"
      "    build:\n"
      "      context: ./app\n"
      "      dockerfile: docker/Dockerfile.prod\n"
      "      target: runtime\n"
      "      network: container:secrets-server\n"
      "      args:\n"
      "        NPM_TOKEN: ${NPM_TOKEN}\n"
      "        FROM_ENV:\n"
      "        VERSION: \"1.2\"\n"
      "  worker:\n"
      "    build: ../worker\n"
      "  remote:\n"
      "    build: https://github.com/example/app.git#main\n"
      "  inline:\n"
      "    build:\n"
      "      dockerfile_inline: \"FROM alpine\"\n"
      "  pulled:\n"
      "    image: alpine\n");
  REQUIRE(p.file.errors.empty());
  const auto builds = compose_builds(p.file, "/srv/project");
  REQUIRE(builds.size() == 4);
  CHECK(builds[0].service == "web");
  CHECK(builds[0].context == fs::path("/srv/project/app"));
  CHECK(builds[0].dockerfile == fs::path("/srv/project/app/docker/Dockerfile.prod"));
  CHECK(builds[0].target == "runtime");
  CHECK(builds[0].network == "container:secrets-server");
  CHECK(builds[1].network.empty());
  REQUIRE(builds[0].args.size() == 3);
  CHECK_FALSE(builds[0].args.at("NPM_TOKEN"));
  CHECK_FALSE(builds[0].args.at("FROM_ENV"));
  CHECK(builds[0].args.at("VERSION") == std::optional<std::string>("1.2"));
  CHECK(builds[1].context == fs::path("/srv/worker"));
  CHECK(builds[1].dockerfile == fs::path("/srv/worker/Dockerfile"));
  CHECK(builds[1].target.empty());
  CHECK(builds[2].remote_context == "https://github.com/example/app.git#main");
  CHECK(builds[2].context.empty());
  CHECK(builds[2].dockerfile.empty());
  CHECK(builds[3].context == fs::path("/srv/project"));
  CHECK(builds[3].dockerfile_inline == std::optional<std::string>("FROM alpine"));
  CHECK(builds[3].dockerfile.empty());
}

TEST_CASE("compose: LL3001 fix moves the arg to build.secrets and never prints the value", "[compose]") {
  const auto p = parse(
      "services:\n"
      "  web:\n"
      "    build:\n"
      "      context: ./web\n"
      "      args:\n"
      "        NPM_TOKEN: npm_Xr4Tq8Lm2Vw9Zp1Ks6Jd3Hf7Bn0Cy5Gt2AeQ\n");
  const auto findings = run_rule("LL3001", p.file);
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.severity == Severity::Error);
  CHECK(f.message.find("NPM_TOKEN") != std::string::npos);
  CHECK(f.message.find("Xr4Tq8Lm") == std::string::npos);
  CHECK(span(f.range) == Span{6, 20, 6, 60});
  REQUIRE(f.fix);
  CHECK(f.fix->advice.strategy == "secret-mount");
  CHECK(f.fix->title == "pass NPM_TOKEN to the build as a secret instead of a build arg");
  CHECK(f.fix->advice.build("compose") ==
        "services:\n  web:\n    build:\n      context: ./web\n      secrets:\n        - npm_token\n"
        "secrets:\n  npm_token:\n    environment: NPM_TOKEN\n");
  CHECK(f.fix->advice.rewritten.find("RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN") !=
        std::string::npos);
  CHECK(std::string(f.fix->advice.build("docker")).find("docker compose build web") != std::string::npos);
  CHECK(f.fix->advice.alternatives.size() == 3);
}

TEST_CASE("compose: LL3002 user fix replaces the value", "[compose]") {
  const auto p = parse("services:\n  web:\n    user: root\n");
  const auto findings = run_rule("LL3002", p.file);
  REQUIRE(findings.size() == 1);
  REQUIRE(findings[0].fix);
  CHECK(findings[0].fix->applicability == Applicability::Unsafe);
  REQUIRE(findings[0].fix->edits.size() == 1);
  CHECK(span(findings[0].fix->edits[0].range) == Span{3, 11, 3, 15});
  CHECK(findings[0].fix->edits[0].replacement == "\"10001:10001\"");
}

namespace {

struct Expectation {
  std::string rule;
  uint32_t line = 0;
  uint32_t col = 0;
  std::string severity;  // "" = any
  std::string message;   // substring; "" = any
};

// `# expect: LL3001 col=9 severity=warning msg~"NPM_TOKEN"` binds to the next line that is neither
// blank nor a comment.
std::vector<Expectation> expectations(const SourceFile& src) {
  std::vector<Expectation> out;
  std::vector<Expectation> pending;
  for (uint32_t line = 1; line <= src.line_count(); ++line) {
    std::string_view text = src.line_text(line);
    const size_t first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    text.remove_prefix(first);
    if (text.starts_with("# expect:")) {
      Expectation e;
      std::string_view rest = text.substr(9);
      const size_t msg = rest.find("msg~\"");
      if (msg != std::string_view::npos) {
        const size_t close = rest.find('"', msg + 5);
        e.message = std::string(rest.substr(msg + 5, close - msg - 5));
        rest = rest.substr(0, msg);
      }
      size_t pos = 0;
      while (pos < rest.size()) {
        const size_t start = rest.find_first_not_of(' ', pos);
        if (start == std::string_view::npos) break;
        size_t end = rest.find(' ', start);
        if (end == std::string_view::npos) end = rest.size();
        const std::string_view tok = rest.substr(start, end - start);
        if (tok.starts_with("col=")) {
          e.col = static_cast<uint32_t>(std::stoul(std::string(tok.substr(4))));
        } else if (tok.starts_with("severity=")) {
          e.severity = std::string(tok.substr(9));
        } else {
          e.rule = std::string(tok);
        }
        pos = end;
      }
      pending.push_back(std::move(e));
      continue;
    }
    if (text.starts_with("#")) continue;
    for (Expectation& e : pending) {
      e.line = line;
      out.push_back(std::move(e));
    }
    pending.clear();
  }
  return out;
}

bool matches(const Expectation& e, const Finding& f) {
  return e.rule == f.rule_id && e.line == f.range.begin.line && e.col == f.range.begin.column &&
         (e.severity.empty() || e.severity == severity_name(f.severity)) &&
         f.message.find(e.message) != std::string::npos;
}

}  // namespace

TEST_CASE("compose: rule fixtures match their expectations one to one", "[compose][fixtures]") {
  const fs::path root = fs::path(LAYERLINT_SOURCE_DIR) / "testdata" / "compose";
  size_t fixtures = 0;
  size_t expected = 0;
  for (const std::string_view id : {"LL3001", "LL3002", "LL3003"}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(root / std::string(id))) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    CHECK(files.size() >= 3);
    for (const fs::path& path : files) {
      INFO(path.string());
      ++fixtures;
      const SourceFile src(path.string(), read_text(path));
      const ComposeFile file = parse_compose(src);
      CHECK(file.errors.empty());
      const auto findings = run_rule(id, file);
      auto expects = expectations(src);
      expected += expects.size();
      std::vector<bool> used(findings.size(), false);
      for (const Expectation& e : expects) {
        bool found = false;
        for (size_t i = 0; i < findings.size() && !found; ++i) {
          if (!used[i] && matches(e, findings[i])) used[i] = found = true;
        }
        if (!found)
          FAIL_CHECK("missing " << e.rule << " at " << e.line << ":" << e.col << " msg~" << e.message);
      }
      for (size_t i = 0; i < findings.size(); ++i) {
        if (used[i]) continue;
        FAIL_CHECK("unexpected " << findings[i].rule_id << " at " << findings[i].range.begin.line << ":"
                                 << findings[i].range.begin.column << " " << findings[i].message);
      }
      for (const Finding& f : findings) CHECK(f.fix.has_value());
    }
  }
  CHECK(fixtures >= 8);
  CHECK(expected >= 20);
}

namespace {

// The first ```yaml block after `heading`, within that section.
std::optional<std::string> yaml_block(std::string_view doc, std::string_view heading) {
  const size_t h = doc.find(heading);
  if (h == std::string_view::npos) return std::nullopt;
  const size_t next = doc.find("\n## ", h + heading.size());
  const std::string_view fence = "```yaml\n";
  const size_t start = doc.find(fence, h);
  if (start == std::string_view::npos || (next != std::string_view::npos && start > next))
    return std::nullopt;
  const size_t end = doc.find("```", start + fence.size());
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(doc.substr(start + fence.size(), end - start - fence.size()));
}

}  // namespace

TEST_CASE("compose: each compose rule's doc example fires and its 'use instead' is clean",
          "[compose][docs]") {
  for (const std::string_view id : {"LL3001", "LL3002", "LL3003"}) {
    INFO(id);
    const Rule* rule = find_rule(id);
    REQUIRE(rule != nullptr);
    const RuleInfo& info = rule->info();
    CHECK(info.doc().starts_with("# " + std::string(info.id) + " " + std::string(info.slug) + "\n"));
    for (const std::string_view heading : {"## What it does", "## Why is this bad?", "## Fix"}) {
      CHECK(info.doc().find(heading) != std::string_view::npos);
    }
    const auto example = yaml_block(info.doc(), "## Example");
    const auto instead = yaml_block(info.doc(), "## Use instead");
    REQUIRE(example);
    REQUIRE(instead);
    const auto bad = parse(*example);
    CHECK(bad.file.errors.empty());
    CHECK_FALSE(run_rule(id, bad.file).empty());
    const auto good = parse(*instead);
    CHECK(good.file.errors.empty());
    for (const Finding& f : run_rule(id, good.file)) FAIL_CHECK("use-instead fires: " << f.message);
  }
}

TEST_CASE("compose: parse_compose survives every YAML file of the shared corpus", "[compose][corpus]") {
  const fs::path corpus = fs::path(LAYERLINT_SOURCE_DIR "/../shared/corpus");
  std::error_code ec;
  if (!fs::is_directory(corpus, ec)) {
    WARN("no corpus at " << corpus.string());
    SUCCEED();
    return;
  }
  size_t parsed = 0;
  for (auto it = fs::recursive_directory_iterator(corpus, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    const bool yaml = path.extension() == ".yml" || path.extension() == ".yaml";
    const bool compose_named = name.find("compose") != std::string::npos && path.extension().empty();
    if (!yaml && !compose_named) continue;
    INFO(path.string());
    const SourceFile src(path.string(), read_text(path));
    const ComposeFile file = parse_compose(src);
    CHECK(file.source == &src);
    for (const ComposeError& e : file.errors) CHECK(e.range.valid());
    std::vector<Finding> findings;
    for (const std::string_view id : {"LL3001", "LL3002", "LL3003"})
      find_rule(id)->check_compose(file, findings);
    for (const Finding& f : findings) CHECK(f.range.valid());
    ++parsed;
  }
  if (parsed == 0) WARN("no YAML files in " << corpus.string());
  SUCCEED("parsed " << parsed << " files");
}
