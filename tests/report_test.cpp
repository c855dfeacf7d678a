// Reporters: golden snapshots of every format over one hand-built run, plus the properties each
// format's consumer relies on (valid JSON, SARIF fields, escaping, the problem matchers' regexes).
// UPDATE_SNAPSHOTS=1 rewrites testdata/report/<format>.golden instead of comparing.
#include "catch.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "layerlint/report.hpp"
#include "layerlint/rule.hpp"
#include "report/common.hpp"

using namespace layerlint;

namespace {

// --- a small strict JSON reader (RFC 8259), enough to check documents and read the editors' files.

struct Json {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::string text;  // number as written, or the decoded string
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  [[nodiscard]] const Json* get(std::string_view key) const {
    for (const auto& [k, v] : members) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  [[nodiscard]] const Json& at(std::string_view key) const {
    static const Json k_null;
    const Json* v = get(key);
    return v ? *v : k_null;
  }
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view s) : m_s(s) {}

  std::optional<Json> document() {
    Json v;
    if (!value(v, 0)) return std::nullopt;
    skip_space();
    if (m_i != m_s.size()) return std::nullopt;
    return v;
  }

 private:
  void skip_space() {
    while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\n' || m_s[m_i] == '\r' || m_s[m_i] == '\t'))
      ++m_i;
  }
  bool literal(std::string_view word) {
    if (m_s.substr(m_i, word.size()) != word) return false;
    m_i += word.size();
    return true;
  }
  bool value(Json& out, int depth) {
    if (depth > 64) return false;
    skip_space();
    if (m_i >= m_s.size()) return false;
    const char c = m_s[m_i];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.kind = Json::Kind::String;
      return string(out.text);
    }
    if (c == 't' || c == 'f') {
      out.kind = Json::Kind::Bool;
      out.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') return literal("null");
    return number(out);
  }
  bool number(Json& out) {
    const size_t start = m_i;
    if (m_i < m_s.size() && m_s[m_i] == '-') ++m_i;
    const auto digits = [&] {
      const size_t from = m_i;
      while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9') ++m_i;
      return m_i - from;
    };
    const size_t int_start = m_i;
    const size_t n = digits();
    if (n == 0 || (n > 1 && m_s[int_start] == '0')) return false;
    if (m_i < m_s.size() && m_s[m_i] == '.') {
      ++m_i;
      if (digits() == 0) return false;
    }
    if (m_i < m_s.size() && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
      ++m_i;
      if (m_i < m_s.size() && (m_s[m_i] == '+' || m_s[m_i] == '-')) ++m_i;
      if (digits() == 0) return false;
    }
    out.kind = Json::Kind::Number;
    out.text = std::string(m_s.substr(start, m_i - start));
    return true;
  }
  bool hex4(uint32_t& v) {
    if (m_s.size() - m_i < 4) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = m_s[m_i++];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }
  bool string(std::string& out) {
    ++m_i;  // opening quote
    while (m_i < m_s.size()) {
      const auto c = static_cast<unsigned char>(m_s[m_i]);
      if (c == '"') {
        ++m_i;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++m_i >= m_s.size()) return false;
        const char e = m_s[m_i++];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            uint32_t cp = 0;
            if (!hex4(cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t low = 0;
              if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return false;
            }
            report::append_utf8(out, cp);
            break;
          }
          default: return false;
        }
        continue;
      }
      const report::CodePoint cp = report::decode_utf8(m_s, m_i);
      if (cp.length == 0) return false;  // documents must be valid UTF-8
      out.append(m_s.substr(m_i, cp.length));
      m_i += cp.length;
    }
    return false;
  }
  bool array(Json& out, int depth) {
    out.kind = Json::Kind::Array;
    ++m_i;
    skip_space();
    if (m_i < m_s.size() && m_s[m_i] == ']') {
      ++m_i;
      return true;
    }
    while (true) {
      Json item;
      if (!value(item, depth + 1)) return false;
      out.items.push_back(std::move(item));
      skip_space();
      if (m_i >= m_s.size()) return false;
      if (m_s[m_i] == ']') {
        ++m_i;
        return true;
      }
      if (m_s[m_i++] != ',') return false;
    }
  }
  bool object(Json& out, int depth) {
    out.kind = Json::Kind::Object;
    ++m_i;
    skip_space();
    if (m_i < m_s.size() && m_s[m_i] == '}') {
      ++m_i;
      return true;
    }
    while (true) {
      skip_space();
      if (m_i >= m_s.size() || m_s[m_i] != '"') return false;
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (m_i >= m_s.size() || m_s[m_i++] != ':') return false;
      Json item;
      if (!value(item, depth + 1)) return false;
      out.members.emplace_back(std::move(key), std::move(item));
      skip_space();
      if (m_i >= m_s.size()) return false;
      if (m_s[m_i] == '}') {
        ++m_i;
        return true;
      }
      if (m_s[m_i++] != ',') return false;
    }
  }

  std::string_view m_s;
  size_t m_i = 0;
};

std::optional<Json> parse_json(std::string_view s) { return JsonReader(s).document(); }

// --- the sample run

const std::vector<const RuleInfo*>& sample_rules() {
  // Test-local metadata (docs absent) so that the snapshots do not change as rules are added.
  static const RuleInfo k_parse{
      "LL0001",      "parse-error", Severity::Error,        "the file could not be parsed",
      "correctness", 5.0,           "LL0001_report_test.md"};
  static const RuleInfo k_secret_arg{"LL1001",
                                     "secret-arg",
                                     Severity::Error,
                                     "a build argument holds a secret",
                                     "security, secrets",
                                     8.0,
                                     "LL1001_report_test.md"};
  static const RuleInfo k_secret_header{"LL1002",
                                        "secret-in-run",
                                        Severity::Warning,
                                        "a RUN instruction sends a secret",
                                        "security,secrets",
                                        7.5,
                                        "LL1002_report_test.md"};
  static const std::vector<const RuleInfo*> k_rules{&k_parse, &k_secret_arg, &k_secret_header};
  return k_rules;
}

constexpr std::string_view k_dockerfile =
    "FROM alpine:3.19\n"
    "ARG GITHUB_TOKEN=ghp_0123456789abcdefghij0123456789abcdef\n"
    "RUN echo \"h\xC3\xA9llo\" && curl -H \"Authorization: $GITHUB_TOKEN\" https://example.com\n"
    "\tRUN chmod 777 /app \\\n"
    "\t  && echo done\n";

Range range_of(const SourceFile& src, std::string_view needle, std::string_view end_needle = {}) {
  const size_t begin = src.text().find(needle);
  size_t end = begin + needle.size();
  if (!end_needle.empty()) end = src.text().find(end_needle, begin) + end_needle.size();
  return src.range(static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
}

std::vector<FileReport> sample_files() {
  auto src = std::make_shared<const SourceFile>("src/Dockerfile", std::string(k_dockerfile));
  FileReport first{src, "src/Dockerfile", {}};

  Fix fix;
  fix.title = "mount the token as a build secret";
  fix.applicability = Applicability::Unsafe;
  fix.advice.strategy = "secret-mount";
  fix.edits = {Edit{range_of(*src, "=ghp_0123456789abcdefghij0123456789abcdef"), ""},
               Edit{range_of(*src, "echo \"h"), ""}};
  fix.edits[1].range.end = fix.edits[1].range.begin;
  fix.edits[1].replacement = "--mount=type=secret,id=github_token,env=GITHUB_TOKEN ";
  fix.advice.rewritten =
      "ARG GITHUB_TOKEN\n"
      "RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN echo \"h\xC3\xA9llo\" && curl ...";
  fix.advice.builds.push_back({"docker", "docker build --secret id=github_token,env=GITHUB_TOKEN ."});
  fix.advice.builds.push_back(
      {"compose", "services:\n  app:\n    build:\n      secrets:\n        - github_token"});
  fix.advice.alternatives = {"ssh-mount: use --mount=type=ssh when the token only clones repositories",
                             "multi-stage: fetch in a stage that is not shipped"};
  first.findings.push_back(
      Finding{"LL1001", "secret-arg", Severity::Error,
              range_of(*src, "GITHUB_TOKEN=ghp_0123456789abcdefghij0123456789abcdef"),
              "build argument \"GITHUB_TOKEN\" holds a secret (ghp_\xE2\x80\xA6 (40 chars))", fix});

  first.findings.push_back(Finding{
      "LL1002", "secret-in-run", Severity::Warning,
      range_of(*src, "curl -H \"Authorization: $GITHUB_TOKEN\""),
      "header \"Authorization: $GITHUB_TOKEN\", 100% <visible> & 'kept'\nin the layer", std::nullopt});
  first.findings.push_back(Finding{"LL9901", "world-writable", Severity::Info,
                                   range_of(*src, "chmod", "done"), "mode 777 lets every user write /app",
                                   std::nullopt});

  FileReport second{nullptr, "docker/my app,v2/Dockerfile", {}};
  second.findings.push_back(Finding{"LL0001", "parse-error", Severity::Error, Range{},
                                    "cannot read the file: permission denied", std::nullopt});
  return {first, second};
}

ReportOptions sample_options() {
  ReportOptions options;
  options.tool_version = "0.0.0-test";
  options.rules = sample_rules();
  return options;
}

std::string render(std::string_view format, const std::vector<FileReport>& files,
                   const ReportOptions& options) {
  std::ostringstream out;
  REQUIRE(write_report(format, files, options, out));
  return out.str();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    out.emplace_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return out;
}

const std::string k_golden_dir = std::string(LAYERLINT_SOURCE_DIR) + "/testdata/report/";

}  // namespace

TEST_CASE("every format matches its snapshot", "[report]") {
  const std::vector<std::string_view> formats = report_formats();
  REQUIRE(formats ==
          std::vector<std::string_view>{"text", "gcc", "json", "sarif", "github", "checkstyle", "gitlab"});
  const char* update = std::getenv("UPDATE_SNAPSHOTS");
  for (std::string_view format : formats) {
    for (const bool color : {false, true}) {
      if (color && format != "text") continue;
      ReportOptions options = sample_options();
      options.color = color;
      const std::string actual = render(format, sample_files(), options);
      const std::string path = k_golden_dir + std::string(format) + (color ? "-color" : "") + ".golden";
      INFO("snapshot " << path << " (UPDATE_SNAPSHOTS=1 rewrites it)");
      if (update != nullptr && std::string_view(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
      }
      CHECK(read_file(path) == actual);
      // Deterministic: the same input renders the same bytes.
      CHECK(render(format, sample_files(), options) == actual);
    }
  }
}

TEST_CASE("unknown formats write nothing", "[report]") {
  std::ostringstream out;
  CHECK_FALSE(write_report("xml", sample_files(), sample_options(), out));
  CHECK_FALSE(write_report("", sample_files(), sample_options(), out));
  CHECK(out.str().empty());
}

TEST_CASE("text marks code points, keeps tabs and summarises", "[report]") {
  const std::vector<std::string> lines = lines_of(render("text", sample_files(), sample_options()));
  // After "é" (two bytes, one column) the marker starts under "curl".
  const auto curl = std::find(lines.begin(), lines.end(),
                              "src/Dockerfile:3:21: warning: header \"Authorization: "
                              "$GITHUB_TOKEN\", 100% <visible> & 'kept' in the layer [LL1002]");
  REQUIRE(curl != lines.end());
  CHECK(*(curl + 2) == "    " + std::string(20, ' ') + "^" + std::string(37, '~'));
  // The tab before the range is repeated; a multi-line range marks to the end of its first line.
  const auto chmod = std::find(lines.begin(), lines.end(),
                               "src/Dockerfile:4:6: info: mode 777 lets every user write /app [LL9901]");
  REQUIRE(chmod != lines.end());
  CHECK(*(chmod + 1) == "    \tRUN chmod 777 /app \\");
  CHECK(*(chmod + 2) == "    \t    ^~~~~~~~~~~~~~~~");
  // No source: no source line.
  const auto unreadable =
      std::find(lines.begin(), lines.end(),
                "docker/my app,v2/Dockerfile: error: cannot read the file: permission denied [LL0001]");
  REQUIRE(unreadable != lines.end());
  CHECK(lines.back() == "2 errors, 1 warning, 1 info in 2 files");

  CHECK(render("text", {}, sample_options()) == "no findings in 0 files\n");
  CHECK(render("text", {FileReport{nullptr, "a", {}}}, sample_options()) == "no findings in 1 file\n");
}

TEST_CASE("text is coloured only when asked", "[report]") {
  const std::string plain = render("text", sample_files(), sample_options());
  CHECK(plain.find('\x1b') == std::string::npos);
  ReportOptions options = sample_options();
  options.color = true;
  const std::string colored = render("text", sample_files(), options);
  CHECK(colored.find("\x1b[1msrc/Dockerfile:2:5:\x1b[0m \x1b[1;31merror:\x1b[0m") != std::string::npos);
  CHECK(colored.find("\x1b[1;33mwarning:\x1b[0m") != std::string::npos);
  CHECK(colored.find("\x1b[1;36minfo:\x1b[0m") != std::string::npos);
  CHECK(colored.find("  \x1b[1;32mfix:\x1b[0m mount the token as a build secret") != std::string::npos);
}

TEST_CASE("text neutralises control characters from the source", "[report]") {
  auto src = std::make_shared<const SourceFile>("x", std::string("RUN \x1b[31mx\xFF y\n"));
  FileReport file{
      src, "x", {Finding{"LL1002", "s", Severity::Warning, src->range(12, 13), "m\x1b", std::nullopt}}};
  const std::vector<std::string> lines = lines_of(render("text", {file}, sample_options()));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0] == "x:1:13: warning: m\xE2\x90\x9B [LL1002]");
  CHECK(lines[1] == "    RUN \xE2\x90\x9B[31mx\xEF\xBF\xBD y");
  CHECK(lines[2] == std::string(4 + 12, ' ') + "^");
}

TEST_CASE("JSON strings are escaped and always valid UTF-8", "[report]") {
  struct Case {
    std::string_view input;
    std::string_view expected;
  };
  const Case cases[] = {
      {"plain", "\"plain\""},
      {"q\"b\\s/", "\"q\\\"b\\\\s/\""},
      {"\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""},
      {std::string_view("\x01\x1f\x00", 3), "\"\\u0001\\u001f\\u0000\""},
      {"\x7f", "\"\x7f\""},
      {"\xC3\xA9\xE2\x80\xA6\xF0\x9F\x94\x91", "\"\xC3\xA9\xE2\x80\xA6\xF0\x9F\x94\x91\""},
      {"a\xFF"
       "b",
       "\"a\xEF\xBF\xBD"
       "b\""},                                                                       // invalid byte
      {"\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},                                  // overlong '/'
      {"\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},                  // UTF-16 surrogate
      {"\xE2\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},                                  // truncated
      {"\xF4\x90\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},  // past U+10FFFF
  };
  for (const Case& c : cases) {
    std::string out;
    report::append_json_string(out, c.input);
    CAPTURE(c.input);
    CHECK(out == c.expected);
    CHECK(parse_json(out).has_value());
  }
}

TEST_CASE("json output follows the documented schema", "[report]") {
  const std::optional<Json> doc = parse_json(render("json", sample_files(), sample_options()));
  REQUIRE(doc);
  CHECK(doc->at("version").text == "1");
  CHECK(doc->at("tool").at("name").text == "layerlint");
  CHECK(doc->at("tool").at("version").text == "0.0.0-test");
  const Json& files = doc->at("files");
  REQUIRE(files.items.size() == 2);
  CHECK(files.items[1].at("path").text == "docker/my app,v2/Dockerfile");
  CHECK_FALSE(files.items[1].at("readable").boolean);
  const Json& findings = files.items[0].at("findings");
  REQUIRE(findings.items.size() == 3);
  const Json& secret = findings.items[0];
  CHECK(secret.at("rule").text == "LL1001");
  CHECK(secret.at("slug").text == "secret-arg");
  CHECK(secret.at("severity").text == "error");
  CHECK(secret.at("range").at("start").at("line").text == "2");
  CHECK(secret.at("range").at("start").at("column").text == "5");
  CHECK(secret.at("range").at("end").at("column").text == "58");
  const Json& fix = secret.at("fix");
  CHECK(fix.at("applicability").text == "unsafe");
  CHECK(fix.at("strategy").text == "secret-mount");
  REQUIRE(fix.at("edits").items.size() == 2);
  CHECK(fix.at("edits").items[1].at("replacement").text ==
        "--mount=type=secret,id=github_token,env=GITHUB_TOKEN ");
  CHECK(fix.at("alternatives").items.size() == 2);
  CHECK(findings.items[1].at("fix").kind == Json::Kind::Null);
  CHECK(findings.items[1].at("message").text ==
        "header \"Authorization: $GITHUB_TOKEN\", 100% <visible> & 'kept'\nin the layer");
  CHECK(findings.items[1].at("range").at("start").at("column").text == "21");
  const Json& summary = doc->at("summary");
  CHECK(summary.at("files").text == "2");
  CHECK(summary.at("findings").text == "4");
  CHECK(summary.at("errors").text == "2");
  CHECK(summary.at("warnings").text == "1");
  CHECK(summary.at("info").text == "1");
}

TEST_CASE("sarif has what GitHub code scanning requires", "[report]") {
  const std::optional<Json> doc = parse_json(render("sarif", sample_files(), sample_options()));
  REQUIRE(doc);
  CHECK(doc->at("$schema").text == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc->at("version").text == "2.1.0");
  REQUIRE(doc->at("runs").items.size() == 1);
  const Json& run = doc->at("runs").items[0];
  CHECK(run.at("columnKind").text == "unicodeCodePoints");
  const Json& driver = run.at("tool").at("driver");
  CHECK(driver.at("name").text == "layerlint");
  CHECK(driver.at("version").text == "0.0.0-test");
  CHECK(driver.at("semanticVersion").text == "0.0.0-test");
  CHECK(driver.at("informationUri").text == "https://github.com/layerlint/layerlint");
  const Json& rules = driver.at("rules");
  // The given rules in order, then LL9901 (only known from its finding).
  REQUIRE(rules.items.size() == 4);
  CHECK(rules.items[0].at("id").text == "LL0001");
  CHECK(rules.items[3].at("id").text == "LL9901");
  CHECK(rules.items[3].at("name").text == "WorldWritable");
  const Json& secret_arg = rules.items[1];
  CHECK(secret_arg.at("name").text == "SecretArg");
  CHECK(secret_arg.at("shortDescription").at("text").text == "a build argument holds a secret");
  CHECK(secret_arg.at("fullDescription").at("text").text == "a build argument holds a secret");
  CHECK(secret_arg.at("help").at("markdown").text == "a build argument holds a secret");
  CHECK(secret_arg.at("helpUri").text ==
        "https://github.com/layerlint/layerlint/blob/main/rules/LL1001_report_test.md");
  CHECK(secret_arg.at("defaultConfiguration").at("level").text == "error");
  const Json& props = secret_arg.at("properties");
  REQUIRE(props.at("tags").items.size() == 2);
  CHECK(props.at("tags").items[1].text == "secrets");
  CHECK(props.at("security-severity").text == "8.0");
  CHECK(props.at("precision").text == "high");

  const Json& results = run.at("results");
  REQUIRE(results.items.size() == 4);
  const std::regex fingerprint("[0-9a-f]{16}:[0-9]+");
  std::set<std::string> hashes;
  for (const Json& result : results.items) {
    const size_t index = std::stoul(result.at("ruleIndex").text);
    REQUIRE(index < rules.items.size());
    CHECK(rules.items[index].at("id").text == result.at("ruleId").text);
    const std::string hash = result.at("partialFingerprints").at("primaryLocationLineHash").text;
    CHECK(std::regex_match(hash, fingerprint));
    hashes.insert(hash);
    const Json& location = result.at("locations").items.at(0).at("physicalLocation");
    CHECK(location.at("artifactLocation").at("uriBaseId").text == "%SRCROOT%");
    CHECK_FALSE(location.at("region").at("startLine").text.empty());
  }
  CHECK(hashes.size() == 4);
  const Json& header = results.items[1];
  CHECK(header.at("level").text == "warning");
  const Json& region = header.at("locations").items[0].at("physicalLocation").at("region");
  CHECK(region.at("startLine").text == "3");
  CHECK(region.at("startColumn").text == "21");  // after the two-byte é: code points, not bytes
  CHECK(region.at("endLine").text == "3");
  CHECK(region.at("endColumn").text == "59");  // exclusive
  CHECK(results.items[2].at("level").text == "note");
  CHECK(results.items[3]
            .at("locations")
            .items[0]
            .at("physicalLocation")
            .at("artifactLocation")
            .at("uri")
            .text == "docker/my%20app%2Cv2/Dockerfile");

  const Json& secret = results.items[0];
  CHECK(secret.at("properties").at("fixStrategy").text == "secret-mount");
  REQUIRE(secret.at("fixes").items.size() == 1);
  const Json& change = secret.at("fixes").items[0].at("artifactChanges").items.at(0);
  CHECK(secret.at("fixes").items[0].at("description").at("text").text == "mount the token as a build secret");
  REQUIRE(change.at("replacements").items.size() == 2);
  const Json& deletion = change.at("replacements").items[0];
  CHECK(deletion.at("deletedRegion").at("startColumn").text == "17");
  CHECK(deletion.at("deletedRegion").at("endColumn").text == "58");
  CHECK(deletion.get("insertedContent") == nullptr);
  const Json& insertion = change.at("replacements").items[1];
  CHECK(insertion.at("deletedRegion").at("startColumn").text == "5");
  CHECK(insertion.at("deletedRegion").at("endColumn").text == "5");
  CHECK(insertion.at("insertedContent").at("text").text ==
        "--mount=type=secret,id=github_token,env=GITHUB_TOKEN ");
}

TEST_CASE("sarif describes every registered rule by default", "[report]") {
  ReportOptions options;
  const std::optional<Json> doc = parse_json(render("sarif", {}, options));
  REQUIRE(doc);
  const Json& rules = doc->at("runs").items.at(0).at("tool").at("driver").at("rules");
  const std::vector<const RuleInfo*> infos = all_rule_infos();
  REQUIRE(rules.items.size() == infos.size());
  for (size_t i = 0; i < infos.size(); ++i) {
    CAPTURE(infos[i]->id);
    CHECK(rules.items[i].at("id").text == infos[i]->id);
    CHECK(rules.items[i].at("shortDescription").at("text").text == infos[i]->summary);
    CHECK(rules.items[i].at("helpUri").text == infos[i]->help_uri());
    if (!infos[i]->doc().empty()) CHECK(rules.items[i].at("help").at("markdown").text == infos[i]->doc());
  }
  CHECK(doc->at("runs").items.at(0).at("results").items.empty());
}

TEST_CASE("sarif uris are escaped, absolute paths are file uris", "[report]") {
  struct Case {
    std::string path;
    std::string uri;
    bool base;
  };
  const Case cases[] = {
      {"./Dockerfile", "Dockerfile", true},
      {"a b/#x%.Dockerfile", "a%20b/%23x%25.Dockerfile", true},
      {"/srv/app/Dockerfile", "file:///srv/app/Dockerfile", false},
      {"C:\\app\\Dockerfile", "file:///C:/app/Dockerfile", false},
      {"d\xC3\xA9p/Dockerfile", "d%C3%A9p/Dockerfile", true},
  };
  for (const Case& c : cases) {
    FileReport file{
        nullptr, c.path, {Finding{"LL0001", "parse-error", Severity::Error, Range{}, "m", std::nullopt}}};
    const std::optional<Json> doc = parse_json(render("sarif", {file}, sample_options()));
    REQUIRE(doc);
    const Json& artifact = doc->at("runs")
                               .items.at(0)
                               .at("results")
                               .items.at(0)
                               .at("locations")
                               .items.at(0)
                               .at("physicalLocation")
                               .at("artifactLocation");
    CAPTURE(c.path);
    CHECK(artifact.at("uri").text == c.uri);
    CHECK((artifact.get("uriBaseId") != nullptr) == c.base);
  }
}

TEST_CASE("github workflow commands escape data and properties", "[report]") {
  const std::vector<std::string> lines = lines_of(render("github", sample_files(), sample_options()));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] ==
        "::error file=src/Dockerfile,line=2,endLine=2,col=5,endColumn=57,title=LL1001 secret-arg::build "
        "argument "
        "\"GITHUB_TOKEN\" holds a secret (ghp_\xE2\x80\xA6 (40 chars))%0Afix: mount the token as a build "
        "secret");
  CHECK(
      lines[1] ==
      "::warning file=src/Dockerfile,line=3,endLine=3,col=21,endColumn=58,title=LL1002 secret-in-run::header "
      "\"Authorization: $GITHUB_TOKEN\", 100%25 <visible> & 'kept'%0Ain the layer");
  CHECK(lines[2] ==
        "::notice file=src/Dockerfile,line=4,endLine=5,col=6,endColumn=15,title=LL9901 world-writable::mode "
        "777 lets "
        "every user write /app");
  CHECK(lines[3] ==
        "::error file=docker/my app%2Cv2/Dockerfile,line=1,endLine=1,col=1,endColumn=1,title=LL0001 "
        "parse-error::cannot read the file: permission denied");

  FileReport odd{
      nullptr, "a:b%c,d\r\ne", {Finding{"LL0001", "", Severity::Error, Range{}, "x\r\ny:z,%", std::nullopt}}};
  CHECK(
      render("github", {odd}, sample_options()) ==
      "::error file=a%3Ab%25c%2Cd%0D%0Ae,line=1,endLine=1,col=1,endColumn=1,title=LL0001::x%0D%0Ay:z,%25\n");
}

TEST_CASE("gcc lines match the problem matchers of GitHub Actions and VS Code", "[report]") {
  struct Expected {
    std::string file, line, column, severity, message, code;
  };
  const std::vector<Expected> expected = {
      {"src/Dockerfile", "2", "5", "error",
       "build argument \"GITHUB_TOKEN\" holds a secret (ghp_\xE2\x80\xA6 (40 chars))", "LL1001"},
      {"src/Dockerfile", "3", "21", "warning",
       "header \"Authorization: $GITHUB_TOKEN\", 100% <visible> & 'kept' in the layer", "LL1002"},
      {"src/Dockerfile", "4", "6", "note", "mode 777 lets every user write /app", "LL9901"},
      {"docker/my app,v2/Dockerfile", "1", "1", "error", "cannot read the file: permission denied", "LL0001"},
  };
  const std::vector<std::string> lines = lines_of(render("gcc", sample_files(), sample_options()));
  REQUIRE(lines.size() == expected.size());

  struct Matcher {
    std::regex regex;
    const Json* pattern;
    std::string default_severity;
  };
  const auto group = [](const std::smatch& m, const Json& pattern, std::string_view field) -> std::string {
    const Json* index = pattern.get(field);
    return index ? m[std::stoi(index->text)].str() : std::string();
  };
  const auto check_all = [&](const std::vector<Matcher>& matchers, bool note_is_warning) {
    for (size_t i = 0; i < lines.size(); ++i) {
      CAPTURE(lines[i]);
      int matched = 0;
      for (const Matcher& matcher : matchers) {
        std::smatch m;
        if (!std::regex_match(lines[i], m, matcher.regex)) continue;
        ++matched;
        const Json& p = *matcher.pattern;
        CHECK(group(m, p, "file") == expected[i].file);
        CHECK(group(m, p, "line") == expected[i].line);
        CHECK(group(m, p, "column") == expected[i].column);
        CHECK(group(m, p, "message") == expected[i].message);
        CHECK(group(m, p, "code") == expected[i].code);
        std::string severity = group(m, p, "severity");
        if (severity.empty()) severity = matcher.default_severity;
        std::string wanted = expected[i].severity;
        if (note_is_warning && wanted == "note") wanted = "warning";
        CHECK(severity == wanted);
      }
      CHECK(matched == 1);
    }
  };

  const std::optional<Json> github =
      parse_json(read_file(std::string(LAYERLINT_SOURCE_DIR) + "/editors/problem-matcher.json"));
  REQUIRE(github);
  std::vector<Matcher> github_matchers;
  for (const Json& matcher : github->at("problemMatcher").items) {
    const Json& pattern = matcher.at("pattern").items.at(0);
    github_matchers.push_back({std::regex(pattern.at("regexp").text), &pattern, matcher.at("severity").text});
  }
  REQUIRE(github_matchers.size() == 2);
  // GitHub reads only "error" and "warning" severities, so notes go through the warning matcher.
  check_all(github_matchers, true);

  const std::optional<Json> vscode =
      parse_json(read_file(std::string(LAYERLINT_SOURCE_DIR) + "/editors/vscode-tasks.json"));
  REQUIRE(vscode);
  REQUIRE_FALSE(vscode->at("tasks").items.empty());
  for (const Json& task : vscode->at("tasks").items) {
    const Json& pattern = task.at("problemMatcher").at("pattern");
    check_all({Matcher{std::regex(pattern.at("regexp").text), &pattern, "error"}}, false);
  }
}

TEST_CASE("checkstyle escapes XML attributes", "[report]") {
  const std::string xml = render("checkstyle", sample_files(), sample_options());
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"));
  CHECK(xml.find("<error line=\"3\" column=\"21\" severity=\"warning\" message=\"header &quot;Authorization: "
                 "$GITHUB_TOKEN&quot;, 100% &lt;visible&gt; &amp; &apos;kept&apos;&#10;in the layer\" "
                 "source=\"layerlint.LL1002\"/>") != std::string::npos);
  CHECK(xml.find("severity=\"info\"") != std::string::npos);

  FileReport odd{
      nullptr, "a<b>", {Finding{"LL0001", "", Severity::Error, Range{}, "x\x01\x1b y\xFF", std::nullopt}}};
  const std::string small = render("checkstyle", {odd}, sample_options());
  CHECK(small.find("<file name=\"a&lt;b&gt;\">") != std::string::npos);
  CHECK(small.find("message=\"x y\xEF\xBF\xBD\"") != std::string::npos);
}

TEST_CASE("gitlab fingerprints are unique, stable and ignore unrelated edits", "[report]") {
  const std::optional<Json> doc = parse_json(render("gitlab", sample_files(), sample_options()));
  REQUIRE(doc);
  REQUIRE(doc->items.size() == 4);
  std::set<std::string> fingerprints;
  const std::regex hex("[0-9a-f]{32}");
  for (const Json& issue : doc->items) {
    CHECK(std::regex_match(issue.at("fingerprint").text, hex));
    fingerprints.insert(issue.at("fingerprint").text);
  }
  CHECK(fingerprints.size() == 4);
  CHECK(doc->items[0].at("severity").text == "critical");
  CHECK(doc->items[1].at("severity").text == "major");
  CHECK(doc->items[2].at("severity").text == "info");
  CHECK(doc->items[2].at("location").at("lines").at("begin").text == "4");
  CHECK(doc->items[3].at("location").at("path").text == "docker/my app,v2/Dockerfile");
  CHECK(doc->items[3].at("location").at("lines").at("begin").text == "1");

  // Two findings of one rule on identical lines differ; inserting a line above keeps both.
  const auto fingerprints_of = [](std::string text, uint32_t first_line) {
    auto src = std::make_shared<const SourceFile>("f", std::move(text));
    FileReport file{src, "f", {}};
    for (uint32_t line : {first_line, first_line + 1}) {
      Range r{{line, 1, 0}, {line, 4, 0}};
      file.findings.push_back(Finding{"LL1002", "s", Severity::Warning, r, "m", std::nullopt});
    }
    const std::optional<Json> d = parse_json(render("gitlab", {file}, sample_options()));
    REQUIRE(d);
    return std::vector<std::string>{d->items.at(0).at("fingerprint").text,
                                    d->items.at(1).at("fingerprint").text};
  };
  const std::vector<std::string> before = fingerprints_of("RUN x\nRUN x\n", 1);
  const std::vector<std::string> after = fingerprints_of("# comment\nRUN  x\nRUN x\n", 2);
  CHECK(before[0] != before[1]);
  CHECK(before == after);
}

TEST_CASE("reporters stay linear on a huge line", "[report]") {
  std::string text = "RUN " + std::string(4'000'000, 'a') + " end\n";
  auto src = std::make_shared<const SourceFile>("big", std::move(text));
  const Range r = src->range(4'000'005, 4'000'008);
  FileReport file{src, "big", {Finding{"LL1002", "s", Severity::Warning, r, "m", std::nullopt}}};
  for (std::string_view format : report_formats()) {
    const std::string out = render(format, {file}, sample_options());
    CAPTURE(format);
    CHECK_FALSE(out.empty());
  }
  const std::vector<std::string> lines = lines_of(render("text", {file}, sample_options()));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0] == "big:1:4000006: warning: m [LL1002]");
  // The line is shown as a window that ends with " end", marker under "end" (the window starts with
  // a 3-byte, 1-column ellipsis).
  CHECK(lines[1].size() < 200 + 8);
  const size_t end_word = lines[1].rfind("end");
  REQUIRE(end_word != std::string::npos);
  CHECK(lines[2] == std::string(end_word - 2, ' ') + "^~~");
}

TEST_CASE("the sarif snapshot passes the SARIF Multitool", "[report][sarif-multitool]") {
  if (std::system("command -v npm >/dev/null 2>&1") != 0) {
    WARN("npm is not available; SARIF Multitool validation skipped");
    SUCCEED();
    return;
  }
  const std::string sarif = k_golden_dir + "sarif.golden";
  const std::string command = "cd '" + std::string(LAYERLINT_SOURCE_DIR) +
                              "' && scripts/validate-sarif.sh '" + sarif + "' >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  if (status != 0 && std::system(("test -x '" + std::string(LAYERLINT_SOURCE_DIR) +
                                  "/build/npm-tools/node_modules/.bin/sarif-multitool'")
                                     .c_str()) != 0) {
    WARN("@microsoft/sarif-multitool could not be installed; SARIF Multitool validation skipped");
    SUCCEED();
    return;
  }
  CHECK(status == 0);
}
