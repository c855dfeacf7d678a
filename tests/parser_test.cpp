#include "catch.hpp"

#include <fstream>
#include <functional>
#include <sstream>

#include "layerlint/parser.hpp"

using namespace layerlint;

namespace {

std::string pos(const Range& r) {
  return std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column) + "-" +
         std::to_string(r.end.line) + ":" + std::to_string(r.end.column);
}

struct Parsed {
  SourceFile source;
  Dockerfile file;
  explicit Parsed(std::string text) : source("Dockerfile", std::move(text)), file(parse_dockerfile(source)) {}
};

std::string dump(const std::string& text) {
  const Parsed p(text);
  std::string out;
  std::string error;
  if (!dump_buildkit_ast(p.file, out, error)) return "error: " + error;
  return out;
}

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(LAYERLINT_SOURCE_DIR "/testdata/parser/") + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("positions of instructions, flags, arguments and pairs", "[parser]") {
  struct Case {
    const char* name;
    std::string text;
    std::function<Range(const Dockerfile&)> select;
    const char* expected;
  };
  const std::string from = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n";
  const std::string cont = "RUN apt-get update \\\n  # note\n\n    && apt-get install -y curl\n";
  const std::string env = "ENV A=1 B=\"two words\" \\\n  C=3\n";
  const std::string exec = "CMD [\"a\", \"b c\"]\n";
  const std::string heredoc = "RUN <<EOF\necho hi\nEOF\n";
  const std::string crlf = "FROM x\r\nRUN a \\\r\n  b\r\n";
  const std::string bom =
      "\xEF\xBB\xBF"
      "FROM x\nENV K=v\n";
  const std::string tick = "# escape=`\nRUN echo `\n  \\done\n";
  const std::string utf8 = "LABEL desc=\"caf\xC3\xA9\" x=y\n";
  const Case cases[] = {
      {"FROM instruction", from, [](const Dockerfile& f) { return f.instructions[0].range; }, "1:1-1:52"},
      {"FROM keyword", from, [](const Dockerfile& f) { return f.instructions[0].keyword_range; }, "1:1-1:5"},
      {"FROM flag", from, [](const Dockerfile& f) { return f.instructions[0].flags[0].range; }, "1:6-1:31"},
      {"FROM flag value", from, [](const Dockerfile& f) { return f.instructions[0].flags[0].value_range; },
       "1:17-1:31"},
      {"FROM image", from, [](const Dockerfile& f) { return f.instructions[0].image->range; }, "1:32-1:43"},
      {"FROM stage", from, [](const Dockerfile& f) { return f.instructions[0].stage_name->range; },
       "1:47-1:52"},
      {"FROM second arg", from, [](const Dockerfile& f) { return f.instructions[0].args[1].range; },
       "1:44-1:46"},
      {"continued RUN", cont, [](const Dockerfile& f) { return f.instructions[0].range; }, "1:1-4:31"},
      {"continued RUN arg", cont, [](const Dockerfile& f) { return f.instructions[0].args[0].range; },
       "1:5-4:31"},
      {"ENV key", env, [](const Dockerfile& f) { return f.instructions[0].pairs[1].key.range; }, "1:9-1:10"},
      {"ENV value", env, [](const Dockerfile& f) { return f.instructions[0].pairs[1].value->range; },
       "1:11-1:22"},
      {"ENV pair", env, [](const Dockerfile& f) { return f.instructions[0].pairs[1].range; }, "1:9-1:22"},
      {"ENV pair after continuation", env,
       [](const Dockerfile& f) { return f.instructions[0].pairs[2].range; }, "2:3-2:6"},
      {"exec element 0", exec, [](const Dockerfile& f) { return f.instructions[0].args[0].range; },
       "1:6-1:9"},
      {"exec element 1", exec, [](const Dockerfile& f) { return f.instructions[0].args[1].range; },
       "1:11-1:16"},
      {"heredoc marker", heredoc,
       [](const Dockerfile& f) { return f.instructions[0].heredocs[0].marker_range; }, "1:5-1:10"},
      {"heredoc body", heredoc, [](const Dockerfile& f) { return f.instructions[0].heredocs[0].range; },
       "2:1-2:8"},
      {"heredoc instruction", heredoc, [](const Dockerfile& f) { return f.instructions[0].range; },
       "1:1-3:4"},
      {"CRLF instruction", crlf, [](const Dockerfile& f) { return f.instructions[1].range; }, "2:1-3:4"},
      {"CRLF arg", crlf, [](const Dockerfile& f) { return f.instructions[1].args[0].range; }, "2:5-3:4"},
      {"BOM keyword", bom, [](const Dockerfile& f) { return f.instructions[0].keyword_range; }, "1:1-1:5"},
      {"BOM second line", bom, [](const Dockerfile& f) { return f.instructions[1].pairs[0].value->range; },
       "2:7-2:8"},
      {"backtick continuation", tick, [](const Dockerfile& f) { return f.instructions[0].args[0].range; },
       "2:5-3:8"},
      {"columns count code points", utf8,
       [](const Dockerfile& f) { return f.instructions[0].pairs[1].range; }, "1:19-1:22"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const Parsed p(c.text);
    CHECK(p.file.errors.empty());
    CHECK(pos(c.select(p.file)) == c.expected);
  }
}

TEST_CASE("shell-form command maps back to the source across continuations", "[parser]") {
  const Parsed p("RUN echo one \\\n    && echo two\n");
  const Instruction& run = p.file.instructions.at(0);
  REQUIRE(run.command() == "echo one     && echo two");
  CHECK(run.args.at(0).value == run.command());
  const auto two = static_cast<uint32_t>(run.command().find("two"));
  CHECK(pos(p.source.range(run.command_map, two, two + 3)) == "2:13-2:16");
  CHECK(pos(p.source.range(run.command_map, 0, 4)) == "1:5-1:9");
}

TEST_CASE("parser directives", "[parser]") {
  SECTION("syntax, escape and check, any case") {
    const Parsed p("# Syntax = docker/dockerfile:1\n#ESCAPE=`\n# check=skip=all\nFROM x\n");
    REQUIRE(p.file.directives.size() == 3);
    CHECK(p.file.directives[0].name == "syntax");
    CHECK(p.file.directives[0].value == "docker/dockerfile:1");
    CHECK(pos(p.file.directives[0].range) == "1:1-1:31");
    CHECK(p.file.directives[1].name == "escape");
    CHECK(p.file.escape == '`');
    CHECK(p.file.directives[2].value == "skip=all");
  }
  SECTION("a comment ends the directives") {
    const Parsed p("# hello\n# escape=`\nFROM x\n");
    CHECK(p.file.directives.empty());
    CHECK(p.file.escape == '\\');
    CHECK(p.file.comments.size() == 2);
  }
  SECTION("an empty line ends the directives") {
    const Parsed p("# syntax=a\n\n# escape=`\nFROM x\n");
    CHECK(p.file.directives.size() == 1);
    CHECK(p.file.escape == '\\');
  }
  SECTION("a repeated directive is an error") {
    const Parsed p("# escape=`\n# escape=\\\nFROM x\n");
    REQUIRE(p.file.errors.size() == 1);
    CHECK(p.file.errors[0].message == "only one escape parser directive can be used");
    CHECK(pos(p.file.errors[0].range) == "2:1-2:11");
  }
  SECTION("an invalid escape is an error") {
    const Parsed p("# escape=x\nFROM x\n");
    REQUIRE(p.file.errors.size() == 1);
    CHECK(p.file.escape == '\\');
  }
}

TEST_CASE("BuildKit dump of varied constructs", "[parser]") {
  struct Case {
    std::string text;
    const char* expected;
  };
  const Case cases[] = {
      {"ONBUILD RUN [\"echo\", \"test\"]\n", "(onbuild (run \"echo\" \"test\"))\n"},
      {"ONBUILD\n", "(onbuild)\n"},
      {"FOO bar\n", "(foo \"\")\n"},
      {"RUN --mount=type=cache,target=/x make\n", "(run [\"--mount=type=cache,target=/x\"] \"make\")\n"},
      {"COPY --chown=\"a b\" x y\n", "(copy [\"--chown=a b\"] \"x\" \"y\")\n"},
      {"CMD [\"a\"] trailing\n", "(cmd \"[\\\"a\\\"] trailing\")\n"},
      {"CMD [\"a\",]\n", "(cmd \"[\\\"a\\\",]\")\n"},
      {"CMD [\"a\", 1]\n",
       "error: 1:5: when using JSON array syntax, arrays must be comprised of strings only"},
      {"ARG A B=c\n", "(arg \"A\" \"B=c\")\n"},
      {"ENV a=b c\n", "error: 1:9: Syntax error - can't find = in \"c\". Must be of the form: name=value"},
      {"HEALTHCHECK NONE\n", "(healthcheck \"NONE\")\n"},
      {"STOPSIGNAL SIGTERM\nMAINTAINER me <m@e>\n", "(stopsignal \"SIGTERM\")\n(maintainer \"me <m@e>\")\n"},
      {"run echo \\\n", "(run \"echo\")\n"},
      {"  # c\n   RUN   x  \n", "(run \"x\")\n"},
      {"RUN a\\\\\nRUN b\n", "(run \"a\\\\\\\\\")\n(run \"b\")\n"},
      {"CMD [\"\\u0001\", \"\xE2\x99\xA5\"]\n", "(cmd \"\\x01\" \"\xE2\x99\xA5\")\n"},
      {"", "error: file with no instructions"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(dump(c.text) == c.expected);
  }
}

TEST_CASE("exec form versus shell form", "[parser]") {
  struct Case {
    std::string text;
    bool exec;
    std::vector<std::string> args;
  };
  const Case cases[] = {
      {"RUN [\"sh\", \"-c\", \"x\"]\n", true, {"sh", "-c", "x"}},
      {"RUN sh -c x\n", false, {"sh -c x"}},
      {"ENTRYPOINT ['single']\n", false, {"['single']"}},
      {"VOLUME /a /b\n", false, {"/a", "/b"}},
      {"VOLUME [\"/a\", \"/b\"]\n", true, {"/a", "/b"}},
      {"SHELL [\"pwsh\", \"-c\"]\n", true, {"pwsh", "-c"}},
      {"ADD [\"x y\", \"/z\"]\n", true, {"x y", "/z"}},
      {"CMD []\n", true, {}},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const Parsed p(c.text);
    REQUIRE(p.file.instructions.size() == 1);
    CHECK(p.file.instructions[0].exec_form == c.exec);
    std::vector<std::string> args;
    for (const Word& w : p.file.instructions[0].args) args.push_back(w.value);
    CHECK(args == c.args);
  }
}

TEST_CASE("ENV, LABEL and ARG pairs", "[parser]") {
  const Parsed p(
      "ENV name=\"a b\" other='c d' esc=x\\ y\nENV legacy some value\nLABEL \"quoted.key\"=v\nARG A "
      "B=\"c\"\n");
  const auto& env = p.file.instructions[0].pairs;
  REQUIRE(env.size() == 3);
  CHECK(env[0].value->value == "\"a b\"");
  CHECK(env[0].unquoted == "a b");
  CHECK(env[1].unquoted == "c d");
  CHECK(env[2].value->value == "x\\ y");
  CHECK(env[2].unquoted == "x y");
  const auto& legacy = p.file.instructions[1].pairs;
  REQUIRE(legacy.size() == 1);
  CHECK(legacy[0].legacy);
  CHECK(legacy[0].key.value == "legacy");
  CHECK(legacy[0].value->value == "some value");
  CHECK(pos(legacy[0].value->range) == "2:12-2:22");
  CHECK(p.file.instructions[2].pairs[0].key.value == "\"quoted.key\"");
  const auto& arg = p.file.instructions[3].pairs;
  REQUIRE(arg.size() == 2);
  CHECK_FALSE(arg[0].value.has_value());
  CHECK(arg[1].unquoted == "c");
  CHECK(pos(arg[1].value->range) == "4:9-4:12");
}

TEST_CASE("heredocs", "[parser]") {
  SECTION("plain, chomped, quoted and several on a line") {
    const Parsed p("COPY <<-\"A\" /a <<B /b\n\tline1\n\t\tline2\n\tA\nb1\nB\nRUN echo\n");
    REQUIRE(p.file.instructions.size() == 2);
    const auto& docs = p.file.instructions[0].heredocs;
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].name == "A");
    CHECK(docs[0].chomp);
    CHECK_FALSE(docs[0].expand);
    CHECK(docs[0].content == "line1\nline2\n");
    CHECK(pos(docs[0].marker_range) == "1:6-1:12");
    CHECK(pos(docs[0].range) == "2:1-3:8");
    const auto l2 = static_cast<uint32_t>(docs[0].content.find("line2"));
    CHECK(pos(p.source.range(docs[0].content_map, l2, l2 + 5)) == "3:3-3:8");
    CHECK(docs[1].name == "B");
    CHECK(docs[1].expand);
    CHECK(docs[1].content == "b1\n");
    CHECK(pos(docs[1].range) == "5:1-5:3");
    CHECK(pos(p.file.instructions[0].range) == "1:1-6:2");
    CHECK(p.file.errors.empty());
  }
  SECTION("single-quoted delimiter and empty body") {
    const Parsed p("RUN <<'EOF'\nEOF\n");
    const auto& doc = p.file.instructions.at(0).heredocs.at(0);
    CHECK_FALSE(doc.expand);
    CHECK(doc.content.empty());
    CHECK(pos(doc.range) == "2:1-2:1");
  }
  SECTION("not a heredoc") {
    CHECK(Parsed("RUN echo '<<EOF'\n").file.instructions[0].heredocs.empty());
    CHECK(Parsed("RUN [\"cat\", \"<<EOF\"]\n").file.instructions[0].heredocs.empty());
    CHECK(Parsed("ENV A=<<EOF\n").file.instructions[0].heredocs.empty());
  }
  SECTION("ONBUILD trigger heredoc") {
    const Parsed p("ONBUILD RUN cat <<X\nbody\nX\nFROM y\n");
    REQUIRE(p.file.instructions.size() == 2);
    CHECK(p.file.instructions[0].trigger.at(0).heredocs.at(0).content == "body\n");
  }
  SECTION("unterminated") {
    const Parsed p("RUN python3 <<EOF\nprint(1)\n");
    const auto& doc = p.file.instructions.at(0).heredocs.at(0);
    CHECK_FALSE(doc.terminated);
    CHECK(doc.content == "print(1)\n");
    REQUIRE(p.file.errors.size() == 1);
    CHECK(p.file.errors[0].message == "unterminated heredoc EOF");
    CHECK(pos(p.file.errors[0].range) == "1:13-1:18");
  }
}

TEST_CASE("flags and mounts", "[parser]") {
  const Parsed p(
      "RUN --mount=type=secret,id=npm --mount=type=secret,target=/root/.aws/credentials,required "
      "--mount=type=ssh --mount=type=cache,target=/c,rw --mount=type=bind,from=b,source=/s,target=/t "
      "--network=none make\n");
  const Instruction& run = p.file.instructions.at(0);
  REQUIRE(run.mounts.size() == 5);
  CHECK(run.flags.size() == 6);
  CHECK(run.mounts[0].type == MountType::Secret);
  CHECK(run.mounts[0].id == "npm");
  CHECK(run.mounts[0].target.empty());
  CHECK(run.mounts[0].effective_target() == "/run/secrets/npm");
  CHECK(run.mounts[1].id == "credentials");
  CHECK(run.mounts[1].required);
  CHECK(run.mounts[1].effective_target() == "/root/.aws/credentials");
  CHECK(run.mounts[2].type == MountType::Ssh);
  CHECK(run.mounts[2].id == "default");
  CHECK(run.mounts[3].type == MountType::Cache);
  CHECK_FALSE(run.mounts[3].readonly);
  CHECK(run.mounts[4].from == "b");
  CHECK(run.mounts[4].source == "/s");
  CHECK(run.mounts[4].readonly);
  REQUIRE(run.mounts[0].fields.size() == 2);
  CHECK(run.mounts[0].fields[1].key == "id");
  CHECK(pos(run.mounts[0].fields[1].range) == "1:25-1:31");
  CHECK(run.flags[5].name == "network");
  CHECK(*run.flags[5].value == "none");
  CHECK(run.args.at(0).value == "make");
  CHECK(p.file.errors.empty());

  const Parsed env_secret("RUN --mount=type=secret,id=t,env=TOKEN x\n");
  CHECK(env_secret.file.instructions[0].mounts[0].env == "TOKEN");
  CHECK(env_secret.file.instructions[0].mounts[0].effective_target().empty());

  const Parsed bare("COPY --link -- --odd /d\n");
  REQUIRE(bare.file.instructions[0].flags.size() == 1);
  CHECK_FALSE(bare.file.instructions[0].flags[0].value.has_value());
  CHECK(bare.file.instructions[0].args.at(0).value == "--odd");
}

TEST_CASE("errors are positioned and parsing continues", "[parser]") {
  const Parsed p(read_fixture("broken.Dockerfile"));
  std::vector<std::string> errors;
  for (const ParseError& e : p.file.errors) errors.push_back(e.message + " @" + pos(e.range));
  const std::vector<std::string> expected = {
      "FROM requires the name of a base image @1:1-1:5",
      "unknown instruction: FOO @2:1-2:4",
      "ENV requires at least one argument @3:1-3:4",
      "invalid mount: unsupported mount type \"nope\" @4:5-4:22",
      "invalid JSON array, used as shell form @5:5-5:20",
      "label must have two arguments @6:7-6:8",
      "unterminated heredoc EOF @7:9-7:14",
  };
  CHECK(errors == expected);
  REQUIRE(p.file.instructions.size() == 7);
  CHECK(p.file.instructions[4].args.at(0).value == "[\"unterminated\"");
  CHECK_FALSE(p.file.instructions[4].exec_form);
}

TEST_CASE("hostile input does not crash", "[parser]") {
  const std::string inputs[] = {
      std::string("FROM a\0b\nRUN \xFF\xFE x\n", 19),
      "CMD [" + std::string(20000, '[') + "\n",
      "ONBUILD " +
          [] {
            std::string s;
            for (int i = 0; i < 1000; ++i) s += "ONBUILD ";
            return s;
          }() +
          "RUN x\n",
      "RUN --mount=\"type=secret\\",
      "\\",
      "ENV \"",
      "# escape=\n",
  };
  for (const std::string& text : inputs) {
    const Parsed p(text);
    for (const ParseError& e : p.file.errors) CHECK(e.range.valid());
    std::string out;
    std::string error;
    (void)dump_buildkit_ast(p.file, out, error);
  }
  CHECK(Parsed(inputs[1]).file.instructions.at(0).args.size() == 1);
}

namespace {

void check_range(const Range& r, const SourceFile& src, const std::string& what) {
  INFO(what);
  CHECK(r.begin.line > 0);
  CHECK(r.end.line > 0);
  CHECK(r.begin.offset <= r.end.offset);
  CHECK(r.end.offset <= src.text().size());
  CHECK(r.end.line <= src.line_count());
  CHECK(src.position_at(r.begin.offset) == r.begin);
  CHECK(src.position_at(r.end.offset) == r.end);
}

void check_instruction(const Instruction& inst, const SourceFile& src) {
  check_range(inst.range, src, "instruction " + inst.keyword);
  check_range(inst.keyword_range, src, "keyword");
  for (const Flag& f : inst.flags) {
    check_range(f.range, src, "flag");
    check_range(f.value_range, src, "flag value");
  }
  for (const Mount& m : inst.mounts) {
    check_range(m.range, src, "mount");
    for (const FlagField& f : m.fields) check_range(f.range, src, "mount field");
  }
  for (const Word& w : inst.args) check_range(w.range, src, "arg " + w.value);
  for (const KeyValue& kv : inst.pairs) {
    check_range(kv.range, src, "pair");
    check_range(kv.key.range, src, "key");
    if (kv.value) check_range(kv.value->range, src, "value");
  }
  for (const Heredoc& h : inst.heredocs) {
    check_range(h.range, src, "heredoc");
    check_range(h.marker_range, src, "marker");
  }
  if (inst.image) check_range(inst.image->range, src, "image");
  if (inst.stage_name) check_range(inst.stage_name->range, src, "stage");
  for (const Instruction& t : inst.trigger) check_instruction(t, src);
}

}  // namespace

TEST_CASE("every node of varied files has a valid range", "[parser]") {
  for (const char* name : {"varied.Dockerfile", "windows.Dockerfile", "broken.Dockerfile"}) {
    INFO(name);
    const Parsed p(read_fixture(name));
    REQUIRE(p.file.instructions.size() >= 3);
    for (const Instruction& inst : p.file.instructions) check_instruction(inst, p.source);
    for (const Directive& d : p.file.directives) check_range(d.range, p.source, "directive");
    for (const Comment& c : p.file.comments) check_range(c.range, p.source, "comment");
    for (const ParseError& e : p.file.errors) check_range(e.range, p.source, "error");
  }
  const Parsed windows(read_fixture("windows.Dockerfile"));
  CHECK(windows.file.escape == '`');
  CHECK(windows.file.instructions.at(2).args.at(0).value == "Write-Host     hello");
}

TEST_CASE("huge inputs parse in linear time", "[parser][slow]") {
  SECTION("a 10 MB single line") {
    std::string text = "RUN ";
    text.reserve(10'000'010);
    while (text.size() < 10'000'000) text += "echo a; ";
    text += "\nEXPOSE 80\n";
    const Parsed p(text);
    REQUIRE(p.file.instructions.size() == 2);
    CHECK(p.file.instructions[0].command().size() == text.size() - 16);
    CHECK(p.file.instructions[1].range.begin.line == 2);
  }
  SECTION("200,000 continuation lines") {
    std::string text = "RUN true";
    for (int i = 0; i < 200'000; ++i) text += " \\\n && x";
    text += "\nUSER u\n";
    const Parsed p(text);
    REQUIRE(p.file.instructions.size() == 2);
    CHECK(p.file.instructions[0].range.end.line == 200'001);
    CHECK(p.file.instructions[1].range.begin.line == 200'002);
  }
  SECTION("a 500,000-line unterminated heredoc") {
    std::string text = "RUN <<EOF\n";
    for (int i = 0; i < 500'000; ++i) text += "line\n";
    const Parsed p(text);
    REQUIRE(p.file.instructions.size() == 1);
    const Heredoc& doc = p.file.instructions[0].heredocs.at(0);
    CHECK_FALSE(doc.terminated);
    CHECK(doc.content.size() == 500'000u * 5);
    CHECK(p.file.errors.size() == 1);
  }
}
