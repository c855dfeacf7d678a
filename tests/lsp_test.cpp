// The language server's parts: positions in each encoding, file URIs, the framing, and what it
// answers from a lint (diagnostics, code actions, hovers).
#include "catch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "fixture_util.hpp"
#include "layerlint/context.hpp"
#include "layerlint/fix.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/rule.hpp"
#include "lsp/actions.hpp"
#include "lsp/documents.hpp"
#include "lsp/positions.hpp"
#include "lsp/protocol.hpp"
#include "lsp/transport.hpp"
#include "lsp/uri.hpp"
#include "lsp_util.hpp"

using namespace layerlint;
using namespace layerlint::lsp;
using layerlint::testing::apply_text_edits;
using layerlint::testing::TempDir;

TEST_CASE("positions count UTF-8 bytes, UTF-16 units or code points", "[lsp]") {
  // a, space, é (2 bytes), 😀 (4 bytes: a surrogate pair in UTF-16), b
  const std::string text =
      "a \xC3\xA9\xF0\x9F\x98\x80"
      "b\nFROM x\n";
  const LineIndex utf8(text, PositionEncoding::Utf8);
  const LineIndex utf16(text, PositionEncoding::Utf16);
  const LineIndex utf32(text, PositionEncoding::Utf32);
  CHECK(utf8.position(8) == LspPosition{0, 8});
  CHECK(utf16.position(8) == LspPosition{0, 5});
  CHECK(utf32.position(8) == LspPosition{0, 4});
  CHECK(utf16.position(10) == LspPosition{1, 0});
  CHECK(utf16.offset({0, 5}) == 8);
  CHECK(utf32.offset({0, 4}) == 8);
  CHECK(utf8.offset({0, 8}) == 8);
  // Inside the surrogate pair, or inside a code point's bytes: the code point's start.
  CHECK(utf16.offset({0, 4}) == 4);
  CHECK(utf16.position(6) == LspPosition{0, 3});
  // Past the end of a line: its end; past the last line: the end of the text.
  CHECK(utf16.offset({0, 99}) == 9);
  CHECK(utf16.offset({99, 0}) == text.size());
  CHECK(utf16.end() == LspPosition{2, 0});
  for (uint32_t offset : {0u, 1u, 2u, 4u, 8u, 9u, 10u, 16u}) {
    for (const LineIndex* index : {&utf8, &utf16, &utf32})
      CHECK(index->offset(index->position(offset)) == offset);
  }
}

TEST_CASE("positions know CRLF, a lone CR, a BOM and invalid UTF-8", "[lsp]") {
  const std::string crlf = "FROM a\r\nRUN b\r\n";
  const LineIndex index(crlf, PositionEncoding::Utf16);
  CHECK(index.position(8) == LspPosition{1, 0});
  CHECK(index.position(7) == LspPosition{0, 6});  // the '\n' of "\r\n": the line's end
  CHECK(index.offset({0, 99}) == 6);              // before the '\r'
  CHECK(index.offset({1, 3}) == 11);
  CHECK(index.end() == LspPosition{2, 0});

  const LineIndex cr("a\rb", PositionEncoding::Utf16);
  CHECK(cr.position(2) == LspPosition{1, 0});

  // A text the client sent holds its BOM as a character; a file read from disk does not.
  const std::string bom =
      "\xEF\xBB\xBF"
      "FROM x\n";
  CHECK(LineIndex(bom, PositionEncoding::Utf16).position(3) == LspPosition{0, 1});
  CHECK(LineIndex(bom, PositionEncoding::Utf8).position(3) == LspPosition{0, 3});
  const LineIndex disk(bom, PositionEncoding::Utf16, /*skip_bom=*/true);
  CHECK(disk.position(3) == LspPosition{0, 0});
  CHECK(disk.position(5) == LspPosition{0, 2});
  CHECK(disk.offset({0, 0}) == 3);
  CHECK(disk.offset_of_column(1, 1) == 3);
  CHECK(disk.offset_of_column(1, 3) == 5);

  const LineIndex invalid(
      "\xFF"
      "a\n\xC3\xA9x",
      PositionEncoding::Utf16);
  CHECK(invalid.position(1) == LspPosition{0, 1});
  CHECK(invalid.offset_of_column(2, 2) == 5);  // after é
  CHECK(invalid.position(5) == LspPosition{1, 1});
}

TEST_CASE("file URIs name paths, percent-encoded", "[lsp]") {
  CHECK(path_from_uri("file:///tmp/a%20b/Dockerfile") == std::filesystem::path("/tmp/a b/Dockerfile"));
  CHECK(path_from_uri("file://localhost/x/y") == std::filesystem::path("/x/y"));
  CHECK(path_from_uri("FILE:///x") == std::filesystem::path("/x"));
  CHECK_FALSE(path_from_uri("untitled:Untitled-1"));
  CHECK_FALSE(path_from_uri("file://server/share/x"));
  CHECK_FALSE(path_from_uri("file:///a%00b"));
  CHECK_FALSE(path_from_uri("file:"));
  CHECK(uri_from_path("/tmp/a b/\xC3\xA9#1") == "file:///tmp/a%20b/%C3%A9%231");
  CHECK(path_from_uri(uri_from_path("/tmp/x y/%z")) == std::filesystem::path("/tmp/x y/%z"));
}

TEST_CASE("documents are Dockerfiles or Compose files by language id, else by name", "[lsp]") {
  CHECK(document_kind("dockerfile", "file:///x/notes.txt") == DocumentKind::Dockerfile);
  CHECK(document_kind("dockercompose", "untitled:1") == DocumentKind::Compose);
  CHECK(document_kind("", "file:///x/Dockerfile") == DocumentKind::Dockerfile);
  CHECK(document_kind("yaml", "file:///x/docker-compose.yml") == DocumentKind::Compose);
  CHECK(document_kind("yaml", "file:///x/config.yaml") == DocumentKind::Other);
  CHECK(document_kind("plaintext", "untitled:api.Dockerfile") == DocumentKind::Dockerfile);
  const Document d = session_document("file:///tmp/a%20b/Dockerfile", DocumentKind::Dockerfile);
  CHECK(d.place == std::filesystem::path("/tmp/a b/Dockerfile"));
  CHECK(d.path == "/tmp/a b/Dockerfile");
  CHECK_FALSE(d.compose);
  const Document untitled = session_document("untitled:1", DocumentKind::Compose);
  CHECK(untitled.place.empty());
  CHECK(untitled.compose);
}

TEST_CASE("framing: headers in any case, bounded lengths, garbage skipped", "[lsp]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const std::string input =
      "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
      "\r\n\r\ncontent-LENGTH: 7\n\n[1,2,3]"
      "Content-Length: 300\r\n\r\n" +
      std::string(300, 'x') +
      "Content-Length: nope\r\n\r\n"
      "Content-Length: 5\r\n\r\n\"abc\"" +
      std::string(10000, 'y') + "\r\n\r\n" + "Content-Length: 4\r\n\r\nnull" +
      "Content-Length: 10\r\n\r\nshort";
  std::thread writer([&] {
    REQUIRE(::write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    ::close(fds[1]);
  });
  MessageReader reader(fds[0], /*max_body=*/100);
  std::vector<Frame> frames;
  for (Frame f = reader.next(); f.kind != Frame::Kind::End; f = reader.next()) frames.push_back(f);
  writer.join();
  ::close(fds[0]);
  REQUIRE(frames.size() == 7);
  CHECK(frames[0].body == "{}");
  CHECK(frames[1].body == "[1,2,3]");
  CHECK(frames[2].kind == Frame::Kind::Error);
  CHECK(frames[2].error.find("over the limit") != std::string::npos);
  CHECK(frames[3].kind == Frame::Kind::Error);
  CHECK(frames[4].body == "\"abc\"");
  CHECK(frames[5].kind == Frame::Kind::Error);  // the line of 10000 bytes
  CHECK(frames[6].body == "null");              // and the truncated last one is the end
}

TEST_CASE("the writer frames each message whole, and invalid UTF-8 does not throw", "[lsp]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    MessageWriter writer(fds[1]);
    CHECK(writer.write(json{{"message", std::string("bad \xFF byte")}}));
  }
  ::close(fds[1]);
  MessageReader reader(fds[0]);
  const Frame f = reader.next();
  ::close(fds[0]);
  REQUIRE(f.kind == Frame::Kind::Message);
  CHECK(json::parse(f.body)["message"] == "bad \xEF\xBF\xBD byte");
}

namespace {

// The hand-made lint of the tests: every rule, default options, the build context of `place`'s folder.
std::vector<Finding> lint_at(const std::filesystem::path& place, const SourceFile& source) {
  LintOptions options;
  ContextSource context;
  if (!place.empty()) {
    const std::filesystem::path dir = place.parent_path();
    options.context_dir = dir;
    auto loaded = std::make_shared<std::optional<BuildContext>>();
    context = ContextSource([loaded, dir, place]() -> const BuildContext* {
      loaded->emplace(BuildContext::load(dir, place));
      return &**loaded;
    });
  }
  return lint_dockerfile(source, options, context);
}

// One lint of `text`, as the server keeps it.
std::shared_ptr<const LintedText> linted(const std::string& uri, const std::string& text,
                                         PositionEncoding encoding = PositionEncoding::Utf16) {
  const Document document = session_document(uri, DocumentKind::Dockerfile);
  auto source = std::make_shared<const SourceFile>(document.path, text);
  std::vector<Finding> findings = lint_at(document.place, *source);
  return std::make_shared<const LintedText>(uri, 7, document, std::move(source), nullptr, std::move(findings),
                                            encoding);
}

Linter plain_lint(const std::filesystem::path& dir) {
  return [place = dir / "Dockerfile"](const SourceFile& source) { return lint_at(place, source); };
}

const json* action_titled(const json& actions, std::string_view prefix) {
  for (const json& a : actions) {
    if (a["title"].get<std::string>().starts_with(prefix)) return &a;
  }
  return nullptr;
}

bool has_rule(const std::vector<Finding>& findings, std::string_view id) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule_id == id; });
}

}  // namespace

TEST_CASE("a diagnostic has the finding's exact range, code, doc link and severity", "[lsp]") {
  // "é" before the finding makes UTF-16 and UTF-8 columns differ.
  const std::string text = "FROM alpine\nLABEL x=\"\xC3\xA9\" \nARG NPM_TOKEN\nRUN npm ci\nUSER 1000\n";
  for (const PositionEncoding encoding : {PositionEncoding::Utf16, PositionEncoding::Utf8}) {
    const auto l = linted("file:///nowhere/Dockerfile", text, encoding);
    const json diags = diagnostics(*l);
    const auto it =
        std::find_if(diags.begin(), diags.end(), [](const json& d) { return d["code"] == "LL1001"; });
    REQUIRE(it != diags.end());
    const json& d = *it;
    CHECK(d["range"] == json::parse(R"({"start":{"line":2,"character":4},"end":{"line":2,"character":13}})"));
    CHECK(d["severity"] == 2);
    CHECK(d["source"] == "layerlint");
    CHECK(d["codeDescription"]["href"] == find_rule_info("LL1001")->help_uri());
    CHECK(d["message"].get<std::string>().find("NPM_TOKEN") != std::string::npos);
  }
  Finding nowhere;
  nowhere.rule_id = "LL0001";
  nowhere.severity = Severity::Error;
  const json d = diagnostic(nowhere, LineIndex("x", PositionEncoding::Utf16));
  CHECK(d["range"] == json::parse(R"({"start":{"line":0,"character":0},"end":{"line":0,"character":0}})"));
  CHECK(d["severity"] == 1);
}

TEST_CASE("code actions: quick fixes, suppressions, fix all, filtered by kind", "[lsp]") {
  TempDir dir("lsp-actions");
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  const std::string text =
      "FROM ubuntu:24.04\n"
      "ARG NPM_TOKEN\n"
      "RUN npm ci\n"
      "  RUN sudo apt-get update\n"
      "USER 1000\n";
  const auto l = linted(uri, text);
  REQUIRE(has_rule(l->findings, "LL1001"));
  REQUIRE(has_rule(l->findings, "LL2002"));
  const Linter lint = plain_lint(dir.path);

  SECTION("the LL1001 quick fix removes the finding; it is unsafe, so not preferred") {
    ActionQuery q;
    q.range = {{1, 6}, {1, 6}};
    const json actions = code_actions(*l, q, {}, lint);
    const json* fix = action_titled(actions, "pass NPM_TOKEN as a build secret");
    REQUIRE(fix);
    CHECK((*fix)["kind"] == "quickfix");
    CHECK((*fix)["isPreferred"] == false);
    CHECK((*fix)["diagnostics"][0]["code"] == "LL1001");
    const std::string fixed = apply_text_edits(text, (*fix)["edit"]["changes"][uri], PositionEncoding::Utf16);
    CHECK(fixed.find("ARG NPM_TOKEN") == std::string::npos);
    CHECK_FALSE(has_rule(lint(SourceFile("Dockerfile", fixed)), "LL1001"));
    // The fix comes before the suppression, which goes above the instruction.
    const json* suppress = action_titled(actions, "Suppress LL1001 with a reason");
    REQUIRE(suppress);
    CHECK(fix < suppress);
    const std::string suppressed =
        apply_text_edits(text, (*suppress)["edit"]["changes"][uri], PositionEncoding::Utf16);
    CHECK(suppressed.find("\n# layerlint ignore=LL1001 reason=\"\xE2\x80\xA6\"\nARG NPM_TOKEN\n") !=
          std::string::npos);
    CHECK_FALSE(has_rule(lint(SourceFile("Dockerfile", suppressed)), "LL1001"));
    CHECK_FALSE(has_rule(lint(SourceFile("Dockerfile", suppressed)), "LL0002"));
  }
  SECTION("a safe fix is preferred; its suppression keeps the instruction's indentation") {
    ActionQuery q;
    q.range = {{3, 7}, {3, 8}};
    q.only = {"quickfix"};
    const json actions = code_actions(*l, q, {}, lint);
    const json* fix = action_titled(actions, "drop sudo");
    REQUIRE(fix);
    CHECK((*fix)["isPreferred"] == true);
    CHECK(apply_text_edits(text, (*fix)["edit"]["changes"][uri], PositionEncoding::Utf16)
              .find("  RUN apt-get update\n") != std::string::npos);
    const json* suppress = action_titled(actions, "Suppress LL2002");
    REQUIRE(suppress);
    CHECK(apply_text_edits(text, (*suppress)["edit"]["changes"][uri], PositionEncoding::Utf16)
              .find("\n  # layerlint ignore=LL2002 reason=") != std::string::npos);
    CHECK_FALSE(action_titled(actions, "Apply every safe"));  // only quickfix was asked for
  }
  SECTION("fix all applies the safe fixes only, as one edit") {
    ActionQuery q;
    q.only = {"source.fixAll"};
    const json actions = code_actions(*l, q, {true, true}, lint);
    REQUIRE(actions.size() == 1);
    CHECK(actions[0]["kind"] == "source.fixAll.layerlint");
    const json& change = actions[0]["edit"]["documentChanges"][0];
    CHECK(change["textDocument"] == json{{"uri", uri}, {"version", 7}});
    REQUIRE(change["edits"].size() == 1);
    const std::string fixed = apply_text_edits(text, change["edits"], PositionEncoding::Utf16);
    CHECK(fixed == "FROM ubuntu:24.04\nARG NPM_TOKEN\nRUN npm ci\n  RUN apt-get update\nUSER 1000\n");
  }
  SECTION("context diagnostics name findings outside the range") {
    ActionQuery q;
    q.range = {{4, 0}, {4, 0}};
    q.context_diagnostics = json::array({diagnostic(l->findings.front(), l->index)});
    q.only = {"quickfix"};
    const json actions = code_actions(*l, q, {}, lint);
    REQUIRE_FALSE(actions.empty());
    for (const json& a : actions) CHECK(a["diagnostics"][0]["code"] == l->findings.front().rule_id);
  }
}

TEST_CASE("a fix that appends to .dockerignore edits it, or creates it where the client can", "[lsp]") {
  TempDir dir("lsp-dockerignore");
  dir.write("id_rsa", "not a real key\n");
  dir.write("app.py", "print(1)\n");
  const std::string text = "FROM python:3\nCOPY . /app\nRUN cat /app/id_rsa > /dev/null\nUSER 1000\n";
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  const std::string ignore_uri = uri_from_path(dir.path / ".dockerignore");
  const auto l = linted(uri, text);
  const auto with_ignore = std::find_if(l->findings.begin(), l->findings.end(), [](const Finding& f) {
    return f.fix && std::any_of(f.fix->edits.begin(), f.fix->edits.end(),
                                [](const Edit& e) { return !e.file.empty(); });
  });
  REQUIRE(with_ignore != l->findings.end());
  ActionQuery q;
  q.range = lsp_range(with_ignore->range, l->index);
  q.only = {"quickfix"};
  const std::string title = with_ignore->fix->title;

  SECTION("no file and a client that cannot create one: the title says what is left out") {
    const json actions = code_actions(*l, q, {}, {});
    const json* fix = action_titled(actions, title);
    REQUIRE(fix);
    CHECK((*fix)["title"].get<std::string>().find(".dockerignore not created") != std::string::npos);
    CHECK((*fix)["edit"]["changes"].contains(uri));  // the secret mount is still offered
    CHECK_FALSE((*fix)["edit"]["changes"].contains(ignore_uri));
  }
  SECTION("no file: CreateFile, then its lines") {
    const json actions = code_actions(*l, q, {true, true}, {});
    const json* fix = action_titled(actions, title);
    REQUIRE(fix);
    CHECK((*fix)["title"] == title);
    const json& changes = (*fix)["edit"]["documentChanges"];
    const auto create =
        std::find_if(changes.begin(), changes.end(), [](const json& c) { return c.contains("kind"); });
    REQUIRE(create != changes.end());
    CHECK((*create)["kind"] == "create");
    CHECK((*create)["uri"] == ignore_uri);
    const json& edit = *std::next(create);
    CHECK(edit["textDocument"]["uri"] == ignore_uri);
    CHECK(edit["edits"][0]["newText"] == "/id_rsa\n");
  }
  SECTION("an existing file gets the lines it lacks, at its end") {
    dir.write(".dockerignore", "\xEF\xBB\xBF.git");
    const json actions = code_actions(*l, q, {}, {});
    const json* fix = action_titled(actions, title);
    REQUIRE(fix);
    const json& edits = (*fix)["edit"]["changes"][ignore_uri];
    REQUIRE(edits.size() == 1);
    CHECK(edits[0]["range"]["start"] == json{{"line", 0}, {"character", 4}});
    CHECK(edits[0]["newText"] == "\n/id_rsa\n");
  }
}

TEST_CASE("quick fixes and fix all keep CRLF and count in the client's encoding", "[lsp]") {
  TempDir dir("lsp-crlf");
  const std::string text =
      "FROM ubuntu:24.04\r\nLABEL a=\"\xF0\x9F\x98\x80\"\r\nRUN sudo apt-get update\r\nUSER 1000\r\n";
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  for (const PositionEncoding encoding :
       {PositionEncoding::Utf16, PositionEncoding::Utf8, PositionEncoding::Utf32}) {
    const auto l = linted(uri, text, encoding);
    ActionQuery q;
    q.range = {{2, 5}, {2, 5}};
    const json actions = code_actions(*l, q, {}, plain_lint(dir.path));
    const json* suppress = action_titled(actions, "Suppress LL2002");
    REQUIRE(suppress);
    CHECK(apply_text_edits(text, (*suppress)["edit"]["changes"][uri], encoding)
              .find("\r\n# layerlint ignore=LL2002 reason=\"\xE2\x80\xA6\"\r\nRUN sudo") !=
          std::string::npos);
    const json* all = action_titled(actions, "Apply every safe");
    REQUIRE(all);
    CHECK(apply_text_edits(text, (*all)["edit"]["changes"][uri], encoding) ==
          "FROM ubuntu:24.04\r\nLABEL a=\"\xF0\x9F\x98\x80\"\r\nRUN apt-get update\r\nUSER 1000\r\n");
  }
}

TEST_CASE("a hover shows the finding's message, then its rule's doc", "[lsp]") {
  const std::string text = "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER 1000\n";
  const auto l = linted("file:///nowhere/Dockerfile", text);
  const json h = hover(*l, {1, 6});
  REQUIRE(h.is_object());
  CHECK(h["contents"]["kind"] == "markdown");
  const std::string value = h["contents"]["value"];
  CHECK(value.starts_with("**LL1001** secret-arg: build argument NPM_TOKEN"));
  const std::string doc(find_rule_info("LL1001")->doc());
  REQUIRE_FALSE(doc.empty());
  CHECK(value.find(doc) != std::string::npos);
  CHECK(h["range"]["start"] == json{{"line", 1}, {"character", 4}});
  CHECK(hover(*l, {0, 2}).is_null());
  CHECK(hover(*l, {99, 99}).is_null());
}

// The server, driven through the protocol.

namespace {

using layerlint::testing::LspClient;

// LL2002 after a 2-byte and a 4-byte character on its line (column 18 in UTF-16, 21 in UTF-8),
// LL1001 on the next line.
const std::string k_leak =
    "FROM alpine\nRUN echo \"\xC3\xA9\xF0\x9F\x98\x80\" && sudo true\nARG NPM_TOKEN\nRUN npm ci\nUSER 1000\n";

const json* find_code(const json& diagnostics, std::string_view code) {
  for (const json& d : diagnostics) {
    if (d["code"] == code) return &d;
  }
  return nullptr;
}

json utf8_capabilities() { return {{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}}; }

json edit_capabilities() {
  return {{"workspace", {{"workspaceEdit", {{"documentChanges", true}, {"resourceOperations", {"create"}}}}}},
          {"textDocument", {{"codeAction", {{"codeActionLiteralSupport", json::object()}}}}}};
}

// A Dockerfile of about 1 MB: a leak at its end, and many instructions to lint before it.
std::string big_dockerfile() {
  std::string text = "FROM debian:12\nARG NPM_TOKEN\n";
  for (int i = 0; text.size() < (1u << 20); ++i) {
    text += "RUN set -eux; apt-get update && apt-get install -y --no-install-recommends pkg" +
            std::to_string(i) + " && rm -rf /var/lib/apt/lists/*\n";
  }
  return text + "RUN npm ci\nUSER 1000\n";
}

}  // namespace

TEST_CASE("server: initialize negotiates the encoding and states the capabilities", "[lsp]") {
  SECTION("UTF-16 when UTF-8 is not offered") {
    LspClient client;
    const json r = client.initialize();
    REQUIRE(r.contains("result"));
    const json& caps = r["result"]["capabilities"];
    CHECK(caps["positionEncoding"] == "utf-16");
    CHECK(caps["textDocumentSync"] ==
          json::parse(R"({"openClose":true,"change":1,"save":{"includeText":false}})"));
    CHECK(caps["hoverProvider"] == true);
    CHECK(caps["codeActionProvider"] == true);
    CHECK(r["result"]["serverInfo"] == json{{"name", "layerlint"}, {"version", LAYERLINT_VERSION}});
    CHECK_FALSE(r["result"].contains("offsetEncoding"));
  }
  SECTION("UTF-8 when offered, with code action kinds for a client that takes literals") {
    LspClient client;
    json caps = edit_capabilities();
    caps["general"] = utf8_capabilities()["general"];
    const json r = client.initialize(caps);
    CHECK(r["result"]["capabilities"]["positionEncoding"] == "utf-8");
    CHECK(r["result"]["capabilities"]["codeActionProvider"] ==
          json::parse(R"({"codeActionKinds":["quickfix","source.fixAll.layerlint"]})"));
  }
  SECTION("clangd's offsetEncoding, as Neovim 0.7 sends it, is answered in kind") {
    LspClient client;
    const json r = client.initialize({{"offsetEncoding", {"utf-8", "utf-16"}}});
    CHECK(r["result"]["offsetEncoding"] == "utf-8");
    CHECK(r["result"]["capabilities"]["positionEncoding"] == "utf-8");
    const json r16 = LspClient().initialize({{"offsetEncoding", {"utf-16"}}});
    CHECK(r16["result"]["offsetEncoding"] == "utf-16");
  }
}

TEST_CASE("server: diagnostics have the exact range in the negotiated encoding, code, link and version",
          "[lsp]") {
  TempDir dir("lsp-diagnostics");
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  for (const bool utf8 : {false, true}) {
    LspClient client;
    client.initialize(utf8 ? utf8_capabilities() : json::object());
    client.open(uri, k_leak, 3);
    const json published = client.diagnostics(uri);
    REQUIRE(published.is_object());
    CHECK(published["params"]["version"] == 3);
    const json* d = find_code(published["params"]["diagnostics"], "LL1001");
    REQUIRE(d);
    CHECK((*d)["range"] ==
          json::parse(R"({"start":{"line":2,"character":4},"end":{"line":2,"character":13}})"));
    CHECK((*d)["severity"] == 2);
    CHECK((*d)["source"] == "layerlint");
    CHECK((*d)["codeDescription"]["href"] == find_rule_info("LL1001")->help_uri());
    const json* sudo = find_code(published["params"]["diagnostics"], "LL2002");
    REQUIRE(sudo);
    CHECK((*sudo)["range"]["start"] == json{{"line", 1}, {"character", utf8 ? 21 : 18}});
    client.request("shutdown", nullptr);
    client.notify("exit", nullptr);
    CHECK(client.exit_code() == 0);
    CHECK(client.pure());
  }
}

TEST_CASE("server: the quick fix removes the finding, fix all, suppression and hover", "[lsp]") {
  TempDir dir("lsp-flow");
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  const std::string text =
      "FROM ubuntu:24.04\nARG NPM_TOKEN\nRUN npm ci\nRUN sudo apt-get update\nUSER 1000\n";
  LspClient client;
  client.initialize(edit_capabilities());
  client.open(uri, text, 1);
  const json first = client.diagnostics(uri);
  REQUIRE(find_code(first["params"]["diagnostics"], "LL1001"));
  const json diag = *find_code(first["params"]["diagnostics"], "LL1001");

  const json actions = client.request(
      "textDocument/codeAction",
      {{"textDocument", {{"uri", uri}}}, {"range", diag["range"]}, {"context", {{"diagnostics", {diag}}}}});
  REQUIRE(actions["result"].is_array());
  const json* fix = action_titled(actions["result"], "pass NPM_TOKEN as a build secret");
  REQUIRE(fix);
  CHECK((*fix)["diagnostics"][0] == diag);
  const json& change = (*fix)["edit"]["documentChanges"][0];
  CHECK(change["textDocument"] == json{{"uri", uri}, {"version", 1}});
  const std::string fixed = apply_text_edits(text, change["edits"], PositionEncoding::Utf16);
  client.change(uri, fixed, 2);
  const json second = client.diagnostics(uri);
  CHECK(second["params"]["version"] == 2);
  CHECK_FALSE(find_code(second["params"]["diagnostics"], "LL1001"));
  REQUIRE(find_code(second["params"]["diagnostics"], "LL2002"));

  // The suppression of LL2002, then fix all on the version before it.
  const json sudo = *find_code(second["params"]["diagnostics"], "LL2002");
  const json more =
      client.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                 {"range", sudo["range"]},
                                                 {"context", {{"diagnostics", json::array()}}}});
  const json* suppress = action_titled(more["result"], "Suppress LL2002 with a reason");
  REQUIRE(suppress);
  const json* all = action_titled(more["result"], "Apply every safe layerlint fix");
  REQUIRE(all);
  CHECK((*all)["kind"] == "source.fixAll.layerlint");
  const std::string all_fixed =
      apply_text_edits(fixed, (*all)["edit"]["documentChanges"][0]["edits"], PositionEncoding::Utf16);
  CHECK(all_fixed.find("RUN apt-get update") != std::string::npos);
  const std::string suppressed =
      apply_text_edits(fixed, (*suppress)["edit"]["documentChanges"][0]["edits"], PositionEncoding::Utf16);
  client.change(uri, suppressed, 3);
  const json third = client.diagnostics(uri);
  CHECK(third["params"]["version"] == 3);
  CHECK_FALSE(find_code(third["params"]["diagnostics"], "LL2002"));
  CHECK_FALSE(find_code(third["params"]["diagnostics"], "LL0002"));

  // Hover on the USER line of the first version is gone; on the last version's findings it is there.
  client.change(uri, text, 4);
  const json h = client.request("textDocument/hover", {{"textDocument", {{"uri", uri}}},
                                                       {"position", {{"line", 1}, {"character", 5}}}});
  REQUIRE(h["result"].is_object());
  CHECK(h["result"]["contents"]["value"].get<std::string>().starts_with("**LL1001** secret-arg: "));
  CHECK(h["result"]["range"] == diag["range"]);
  const json none = client.request("textDocument/hover", {{"textDocument", {{"uri", uri}}},
                                                          {"position", {{"line", 0}, {"character", 1}}}});
  CHECK(none["result"].is_null());
}

TEST_CASE("server: bad input gets an error and the server goes on", "[lsp]") {
  LspClient client;
  const json early = client.request("textDocument/hover", json::object());
  CHECK(early["error"]["code"] == -32002);
  client.initialize();
  client.send_raw("Content-Length: 9\r\n\r\n{garbage}");
  const json parse_error =
      client.wait_for([](const json& m) { return m.contains("error") && m["id"].is_null(); });
  CHECK(parse_error["error"]["code"] == -32700);
  client.send_raw("Content-Length: 2\r\n\r\n[]");
  CHECK(client.wait_for([](const json& m) { return m.contains("error") && m["error"]["code"] == -32600; })
            .is_object());
  CHECK(client.request("no/such/method", json::object())["error"]["code"] == -32601);
  client.notify("$/setTrace", {{"value", "off"}});
  client.notify("no/such/notification", json::object());
  client.notify("textDocument/didOpen", json::array());            // wrong type: logged, dropped
  client.notify("textDocument/didChange", {{"textDocument", 5}});  // wrong type
  client.notify("textDocument/didOpen", {{"textDocument", {{"uri", 5}}}});
  // Wrong params are InvalidParams; unknown documents and far positions are no finding.
  CHECK(client.request("textDocument/hover", json::array())["error"]["code"] == -32602);
  CHECK(client.request("textDocument/hover",
                       {{"textDocument", {{"uri", "file:///x/Dockerfile"}}},
                        {"position", {{"line", -1}, {"character", 0}}}})["error"]["code"] == -32602);
  CHECK(client.request("textDocument/codeAction",
                       {{"textDocument", {{"uri", "file:///x/Dockerfile"}}}})["error"]["code"] == -32602);
  const std::string uri = "untitled:Untitled-1";
  client.open(uri, k_leak, 1);
  REQUIRE(client.diagnostics(uri).is_object());
  const json far = client.request(
      "textDocument/hover",
      {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 4000000000}, {"character", 99}}}});
  CHECK(far["result"].is_null());
  const json far_actions = client.request(
      "textDocument/codeAction",
      {{"textDocument", {{"uri", uri}}},
       {"range", {{"start", {{"line", 99}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
       {"context", {{"diagnostics", "not an array"}, {"only", 7}}}});
  CHECK(far_actions["result"].is_array());
  CHECK(client
            .request("textDocument/hover", {{"textDocument", {{"uri", "file:///never/opened/Dockerfile"}}},
                                            {"position", {{"line", 0}, {"character", 0}}}})["result"]
            .is_null());
  // Headers in another case, a header line with no end in sight: still alive.
  client.send_raw("content-length: 2\r\ncontent-type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
  client.send_raw(std::string(20000, 'x') + "\r\n\r\n");
  CHECK(client
            .wait_for([](const json& m) {
              return m.contains("error") &&
                     m["error"]["message"].get<std::string>().find("header line") != std::string::npos;
            })
            .is_object());
  CHECK(client.request("shutdown", nullptr).contains("result"));
  CHECK(client.request("textDocument/hover", json::object())["error"]["code"] == -32600);
  // An absurd length: the rest of the input is its body, and the end of input ends the server.
  client.send_raw("Content-Length: 99999999999999\r\n\r\n{}");
  CHECK(client.finish() == 0);
  CHECK(client.pure());
}

TEST_CASE("server: exit without shutdown is exit code 1, the end of input ends it", "[lsp]") {
  {
    LspClient client;
    client.initialize();
    client.notify("exit", nullptr);
    CHECK(client.exit_code() == 1);
  }
  {
    LspClient client;
    client.initialize();
    CHECK(client.finish() == 1);
  }
  {
    LspClient client;
    client.initialize();
    client.request("shutdown", nullptr);
    CHECK(client.finish() == 0);
  }
}

TEST_CASE("server: a 1 MB document does not hold up other requests, and a pending request can be cancelled",
          "[lsp]") {
  TempDir dir("lsp-big");
  const std::string small = uri_from_path(dir.path / "small.Dockerfile");
  const std::string big = uri_from_path(dir.path / "big.Dockerfile");
  LspClient client;
  client.initialize();
  client.open(small, k_leak, 1);
  REQUIRE(client.diagnostics(small).is_object());
  client.open(big, big_dockerfile(), 1);
  // While the big one is linted: a hover on the small one, a code action on the big one (waiting for
  // its lint) that is cancelled, and shutdown.
  const int64_t hover = client.send_request(
      "textDocument/hover",
      {{"textDocument", {{"uri", small}}}, {"position", {{"line", 2}, {"character", 5}}}});
  const int64_t actions = client.send_request(
      "textDocument/codeAction",
      {{"textDocument", {{"uri", big}}},
       {"range", {{"start", {{"line", 1}, {"character", 5}}}, {"end", {{"line", 1}, {"character", 5}}}}},
       {"context", {{"diagnostics", json::array()}}}});
  client.notify("$/cancelRequest", {{"id", actions}});
  CHECK(client.response(hover)["result"]["contents"]["value"].get<std::string>().starts_with("**LL1001**"));
  CHECK(client.response(actions)["error"]["code"] == -32800);
  const json shutdown = client.request("shutdown", nullptr);
  CHECK(shutdown.contains("result"));
  // The answers came before the big document's diagnostics.
  const std::vector<json> all = client.messages();
  const auto published_big = std::find_if(all.begin(), all.end(), [&](const json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == big;
  });
  const auto shutdown_answer = std::find(all.begin(), all.end(), shutdown);
  CHECK(shutdown_answer < published_big);
  client.notify("exit", nullptr);
  CHECK(client.exit_code() == 0);
}

TEST_CASE("server: the newest version is linted, stale ones are never published after it", "[lsp]") {
  TempDir dir("lsp-versions");
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  LspClient client;
  client.initialize();
  client.open(uri, "FROM alpine\n", 1);
  for (int v = 2; v <= 30; ++v) {
    client.change(uri, v % 2 ? k_leak : "FROM alpine\nUSER 1000\n", v);
  }
  json last;
  for (json d = client.diagnostics(uri); d.is_object();
       d = client.wait_for(
           [&](const json& m) { return m.value("method", "") == "textDocument/publishDiagnostics"; },
           std::chrono::milliseconds(500))) {
    if (!last.is_null()) CHECK(d["params"]["version"] > last["params"]["version"]);
    last = d;
    if (last["params"]["version"] == 30) break;
  }
  REQUIRE(last.is_object());
  CHECK(last["params"]["version"] == 30);
  CHECK(last["params"]["diagnostics"].empty());
  // Close: empty diagnostics.
  client.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  const json closed = client.diagnostics(uri);
  CHECK(closed["params"]["diagnostics"].empty());
}

TEST_CASE("server: config errors are diagnostics on the config file, cleared when it is fixed", "[lsp]") {
  TempDir dir("lsp-config");
  dir.write(".git/HEAD", "ref: refs/heads/main\n");
  dir.write(".layerlint.yaml", "select: [LL1001]\nseverity:\n  LL1001: loud\n");
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  const std::string config_uri = uri_from_path(dir.path / ".layerlint.yaml");
  LspClient client;
  client.initialize({{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}});
  // The watchers are registered.
  const json registration =
      client.wait_for([](const json& m) { return m.value("method", "") == "client/registerCapability"; });
  REQUIRE(registration.is_object());
  CHECK(registration["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles");
  CHECK(registration["params"]["registrations"][0]["registerOptions"]["watchers"].dump().find(
            ".layerlint.y*ml") != std::string::npos);
  client.send({{"jsonrpc", "2.0"}, {"id", registration["id"]}, {"result", nullptr}});

  client.open(uri, k_leak, 1);
  const json config_diags = client.diagnostics(config_uri);
  REQUIRE(config_diags.is_object());
  const json& d = config_diags["params"]["diagnostics"];
  REQUIRE(d.size() == 1);
  CHECK(d[0]["code"] == "config");
  CHECK(d[0]["source"] == "layerlint");
  CHECK(d[0]["severity"] == 1);
  CHECK(d[0]["range"]["start"] == json{{"line", 2}, {"character", 10}});
  CHECK(d[0]["message"].get<std::string>().find("loud") != std::string::npos);
  const json doc_diags = client.diagnostics(uri);
  REQUIRE(doc_diags["params"]["diagnostics"].size() == 1);
  CHECK(doc_diags["params"]["diagnostics"][0]["code"] == "config");

  // Fixed on disk: the config's diagnostics are cleared, the document is linted under it.
  dir.write(".layerlint.yaml", "ignore: [LL1001]\n");
  client.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", config_uri}, {"type", 2}}}}});
  const json cleared = client.diagnostics(config_uri);
  REQUIRE(cleared.is_object());
  CHECK(cleared["params"]["diagnostics"].empty());
  const json relinted = client.diagnostics(uri);
  REQUIRE(relinted.is_object());
  CHECK_FALSE(find_code(relinted["params"]["diagnostics"], "LL1001"));
  CHECK_FALSE(find_code(relinted["params"]["diagnostics"], "config"));

  // Saved through the editor: linted again under the new config.
  dir.write(".layerlint.yaml", "select: [LL1001]\n");
  client.notify("textDocument/didSave", {{"textDocument", {{"uri", config_uri}}}});
  const json again = client.diagnostics(uri);
  REQUIRE(again.is_object());
  REQUIRE(find_code(again["params"]["diagnostics"], "LL1001"));
  CHECK(again["params"]["diagnostics"].size() == 1);
}

TEST_CASE("server: a base config that a config extends is watched, and its change re-lints", "[lsp]") {
  TempDir dir("lsp-config-base");
  dir.write(".git/HEAD", "ref: refs/heads/main\n");
  dir.write("shared/base.yaml", "select: [LL1001]\n");
  dir.write("app/.layerlint.yaml", "extend: ../shared/base.yaml\n");
  const std::string uri = uri_from_path(dir.path / "app/Dockerfile");
  const std::filesystem::path base =
      std::filesystem::absolute(dir.path / "shared/base.yaml").lexically_normal();
  LspClient client;
  client.initialize({{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}});
  const json first =
      client.wait_for([](const json& m) { return m.value("method", "") == "client/registerCapability"; });
  REQUIRE(first.is_object());
  client.send({{"jsonrpc", "2.0"}, {"id", first["id"]}, {"result", nullptr}});

  client.open(uri, k_leak, 1);
  // The base is watched by its path, once, from the first lint that reads it.
  const json bases = client.wait_for([](const json& m) {
    return m.value("method", "") == "client/registerCapability" &&
           m["params"]["registrations"][0]["id"].get<std::string>().starts_with("layerlint-config-bases");
  });
  REQUIRE(bases.is_object());
  CHECK(bases["params"]["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"] ==
        base.string());
  client.send({{"jsonrpc", "2.0"}, {"id", bases["id"]}, {"result", nullptr}});
  const json linted = client.diagnostics(uri);
  REQUIRE(linted.is_object());
  REQUIRE(find_code(linted["params"]["diagnostics"], "LL1001"));

  // The base changes on disk: the document is linted again under it.
  dir.write("shared/base.yaml", "select: [LL1001]\nseverity: { LL1001: error }\n");
  client.notify("workspace/didChangeWatchedFiles",
                {{"changes", {{{"uri", uri_from_path(base)}, {"type", 2}}}}});
  const json relinted = client.diagnostics(uri);
  REQUIRE(relinted.is_object());
  const json* d = find_code(relinted["params"]["diagnostics"], "LL1001");
  REQUIRE(d);
  CHECK((*d)["severity"] == 1);
  // Saved through the editor, the base re-lints too.
  dir.write("shared/base.yaml", "ignore: [LL1001]\n");
  client.notify("textDocument/didSave", {{"textDocument", {{"uri", uri_from_path(base)}}}});
  const json saved = client.diagnostics(uri);
  REQUIRE(saved.is_object());
  CHECK_FALSE(find_code(saved["params"]["diagnostics"], "LL1001"));
}

TEST_CASE("server: initialization options and command-line options choose the rules", "[lsp]") {
  TempDir dir("lsp-options");
  dir.write(".git/HEAD", "ref: refs/heads/main\n");
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  {
    LspClient client;
    client.initialize(json::object(), {{"ignore", {"secret-arg"}}});
    client.open(uri, k_leak, 1);
    const json d = client.diagnostics(uri);
    REQUIRE(d.is_object());
    CHECK_FALSE(find_code(d["params"]["diagnostics"], "LL1001"));
  }
  {
    LspClient client;
    CHECK(client.initialize(json::object(), {{"select", {"LL9999"}}}).contains("result"));
    const json shown =
        client.wait_for([](const json& m) { return m.value("method", "") == "window/showMessage"; });
    REQUIRE(shown.is_object());
    CHECK(shown["params"]["message"].get<std::string>().find("LL9999") != std::string::npos);
  }
  {
    SessionOptions options;
    options.select = {"LL1001"};
    LspClient client(options);
    client.initialize();
    client.open(uri, k_leak, 1);
    const json d = client.diagnostics(uri);
    REQUIRE(d.is_object());
    REQUIRE(d["params"]["diagnostics"].size() == 1);
    CHECK(d["params"]["diagnostics"][0]["code"] == "LL1001");
  }
  {
    dir.write("custom.yaml", "ignore: [LL1001]\n");
    LspClient client;
    client.initialize(json::object(), {{"config", "custom.yaml"}}, uri_from_path(dir.path));
    client.open(uri, k_leak, 1);
    const json d = client.diagnostics(uri);
    REQUIRE(d.is_object());
    CHECK_FALSE(find_code(d["params"]["diagnostics"], "LL1001"));
    // The explicit config, saved through the editor: linted again under it.
    dir.write("custom.yaml", "select: [LL1001]\n");
    client.notify("textDocument/didSave",
                  {{"textDocument", {{"uri", uri_from_path(dir.path / "custom.yaml")}}}});
    const json again = client.diagnostics(uri);
    REQUIRE(again.is_object());
    REQUIRE(again["params"]["diagnostics"].size() == 1);
    CHECK(again["params"]["diagnostics"][0]["code"] == "LL1001");
  }
}

TEST_CASE("server: `layerlint lsp` writes nothing but framed messages on standard output", "[lsp]") {
  TempDir dir("lsp-stdio");
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  {
    LspClient client(LAYERLINT_BINARY, {"--stdio", "--ignore", "LL2001,LL2003"});
    CHECK(client.initialize()["result"]["serverInfo"]["name"] == "layerlint");
    client.open(uri, k_leak, 1);
    const json d = client.diagnostics(uri);
    REQUIRE(d.is_object());
    CHECK(find_code(d["params"]["diagnostics"], "LL1001"));
    client.send_raw("Content-Length: 3\r\n\r\n{x}");
    CHECK(client.request("shutdown", nullptr).contains("result"));
    client.notify("exit", nullptr);
    CHECK(client.exit_code() == 0);
    CHECK(client.pure());
  }
  {
    LspClient client(LAYERLINT_BINARY, {});
    client.initialize();
    client.notify("exit", nullptr);
    CHECK(client.exit_code() == 1);
    CHECK(client.pure());
  }
}

TEST_CASE("server: fix all never rewrites a file that does not parse, even when LL0001 is not selected",
          "[lsp]") {
  TempDir dir("lsp-guard");
  const std::string uri = uri_from_path(dir.path / "Dockerfile");
  SessionOptions options;
  options.select = {"LL2002"};
  LspClient client(options);
  client.initialize();
  const json fix_all_request = {
      {"textDocument", {{"uri", uri}}},
      {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
      {"context", {{"diagnostics", json::array()}, {"only", {"source.fixAll"}}}}};
  client.open(uri, "FROM ubuntu:24.04\nRUN sudo apt-get update\nUSER 1000\n", 1);
  REQUIRE(find_code(client.diagnostics(uri)["params"]["diagnostics"], "LL2002"));
  CHECK(client.request("textDocument/codeAction", fix_all_request)["result"].size() == 1);
  client.change(uri, "FROM ubuntu:24.04\nRUN sudo apt-get update\nUSER 1000\nRUN <<EOF\nnever ends\n", 2);
  const json d = client.diagnostics(uri);
  REQUIRE(find_code(d["params"]["diagnostics"], "LL2002"));
  CHECK_FALSE(find_code(d["params"]["diagnostics"], "LL0001"));
  CHECK(client.request("textDocument/codeAction", fix_all_request)["result"].empty());
}

TEST_CASE("server: a Compose file is linted, and its suppression goes above the line", "[lsp]") {
  TempDir dir("lsp-compose");
  const std::string uri = uri_from_path(dir.path / "compose.yaml");
  const std::string other = uri_from_path(dir.path / "settings.yaml");
  const std::string text =
      "services:\n  app:\n    image: alpine\n    environment:\n      DB_PASSWORD: \"s3cr3tP4ssw0rd!x\"\n";
  LspClient client;
  client.initialize();
  client.open(other, text, 1, "yaml");  // not a Compose file by its name: left alone
  client.open(uri, text, 1, "yaml");
  const json d = client.diagnostics(uri);
  REQUIRE(d.is_object());
  const json* secret = find_code(d["params"]["diagnostics"], "LL3003");
  REQUIRE(secret);
  CHECK((*secret)["message"].get<std::string>().find("s3cr3tP4ssw0rd") == std::string::npos);
  const json actions = client.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                                  {"range", (*secret)["range"]},
                                                                  {"context", {{"diagnostics", {*secret}}}}});
  const json* suppress = action_titled(actions["result"], "Suppress LL3003");
  REQUIRE(suppress);
  const std::string suppressed =
      apply_text_edits(text, (*suppress)["edit"]["changes"][uri], PositionEncoding::Utf16);
  CHECK(suppressed.find("\n      # layerlint ignore=LL3003 reason=\"\xE2\x80\xA6\"\n      DB_PASSWORD:") !=
        std::string::npos);
  client.change(uri, suppressed, 2);
  const json after = client.diagnostics(uri);
  CHECK(after["params"]["version"] == 2);
  CHECK_FALSE(find_code(after["params"]["diagnostics"], "LL3003"));
  CHECK(client.request("shutdown", nullptr).contains("result"));
  // Nothing was published for the other YAML file.
  for (const json& m : client.messages()) CHECK(m.value("params", json::object()).value("uri", "") != other);
}
