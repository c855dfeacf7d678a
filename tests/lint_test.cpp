// The whole lint (parse, model, every rule) on hostile shapes, each of which must finish with the
// results the model promises; their time and memory at the sizes of the issue, and at 4x, are in
// `make bench`. Here they run at sizes a sanitizer build gets through in seconds.
#include "catch.hpp"

#include <algorithm>
#include <string>

#include "layerlint/lint.hpp"
#include "layerlint/model.hpp"
#include "layerlint/parser.hpp"

using namespace layerlint;

namespace {

size_t count_rule(const std::vector<Finding>& findings, std::string_view rule) {
  return static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule_id == rule; }));
}

// Stage i is built FROM stage i-1, adds an ENV and copies /x from it; stage 0 copies a private key
// into /x.
std::string stage_chain(int stages) {
  std::string text = "FROM alpine AS s0\nCOPY id_rsa /x/id_rsa\n";
  for (int i = 1; i < stages; ++i) {
    const std::string n = std::to_string(i);
    const std::string prev = std::to_string(i - 1);
    text += "FROM s" + prev + " AS s" + n + "\nENV A" + n + "=1\nCOPY --from=s" + prev + " /x /x\n";
  }
  return text;
}

}  // namespace

TEST_CASE("a long chain of stages builds its model in full", "[lint][slow]") {
  constexpr int k_stages = 20'000;
  const SourceFile source("Dockerfile", stage_chain(k_stages));
  const Dockerfile file = parse_dockerfile(source);
  const BuildModel model(source, file, {});
  REQUIRE(model.stages().size() == k_stages);
  CHECK(model.stages().back().parent == k_stages - 2);
  CHECK(model.stages()[1].parent == 0);
  CHECK(model.final_stage() == k_stages - 1);
  CHECK(std::all_of(model.stages().begin(), model.stages().end(), [](const Stage& s) { return s.ships; }));

  // ENV is inherited down the chain (within the inheritance budget for the first stages).
  const Instruction& copy_in_10 = *model.stages()[10].instructions.back();
  REQUIRE(model.lookup(copy_in_10, "A3"));
  CHECK(model.lookup(copy_in_10, "A3")->kind == VariableKind::Env);
  CHECK_FALSE(model.lookup(copy_in_10, "A11"));
  const Instruction& last = *model.stages().back().instructions.back();
  CHECK(model.lookup(last, "A" + std::to_string(k_stages - 1)));

  // The key follows COPY --from from stage to stage.
  const auto& events = model.file_events();
  CHECK(std::count_if(events.begin(), events.end(), [](const FileEvent& e) {
          return e.implicit && e.path == "/x/id_rsa" && e.stage == 5;
        }) == 1);
}

TEST_CASE("a variable lookup sees the definition in effect, however often the name is redefined later",
          "[lint]") {
  std::string text = "FROM alpine\nARG A=a0\nENV A=e1\nRUN one\nARG A=a2\nRUN two\nENV A=e3\nRUN three\n";
  text += "ARG B=b0\nRUN four\n";
  for (int i = 0; i < 20'000; ++i)
    text += "ENV A=x" + std::to_string(i) + "\nARG B=y" + std::to_string(i) + "\nRUN more\n";
  const SourceFile source("Dockerfile", text);
  const Dockerfile file = parse_dockerfile(source);
  const BuildModel model(source, file, {});
  const auto value_at = [&](size_t instruction, std::string_view name) -> std::string {
    const Variable* v = model.lookup(file.instructions.at(instruction), name);
    return v && v->value ? *v->value : "<none>";
  };
  CHECK(value_at(3, "A") == "e1");  // ENV wins over the ARG before it
  CHECK(value_at(5, "A") == "e1");  // and over the ARG after it
  CHECK(value_at(7, "A") == "e3");
  CHECK(value_at(7, "B") == "<none>");
  CHECK(value_at(9, "B") == "b0");
  CHECK(value_at(12, "A") == "x0");
  CHECK(value_at(12, "B") == "y0");
  CHECK(value_at(file.instructions.size() - 1, "A") == "x19999");
  CHECK(value_at(file.instructions.size() - 1, "B") == "y19999");
  CHECK(value_at(1, "A") == "<none>");  // the ARG itself does not see its own definition
}

TEST_CASE("COPY --from reads the latest earlier stage of a name or index", "[lint]") {
  const SourceFile source("Dockerfile",
                          "FROM alpine AS Build\nRUN true\n"
                          "FROM alpine AS build\nCOPY --from=BUILD /a /a\n"
                          "FROM alpine AS build\nCOPY --from=build /a /a\nCOPY --from=1 /a /a\n"
                          "ARG FROM=app\nCOPY --from=${FROM} /a /a\nCOPY --from=9 /a /a\n"
                          "FROM alpine AS app\nCOPY --from=alpine:3 /a /a\nCOPY --from=app /a /a\n"
                          "COPY --from=2 /a /a\nRUN true\n");
  const Dockerfile file = parse_dockerfile(source);
  const BuildModel model(source, file, {});
  REQUIRE(model.stages().size() == 4);
  const auto source_of = [&](size_t stage, size_t k) {
    return model.copy_source(*model.stages()[stage].instructions[k]);
  };
  CHECK(source_of(1, 0) == 0u);            // the earlier "build", not its own stage
  CHECK(source_of(2, 0) == 1u);            // a repeated name: the latest earlier one
  CHECK(source_of(2, 1) == 1u);            // by index
  CHECK(source_of(2, 3) == std::nullopt);  // ${FROM} is "app", which comes later
  CHECK(source_of(2, 4) == std::nullopt);  // no stage 9
  CHECK(source_of(3, 0) == std::nullopt);  // an image
  CHECK(source_of(3, 1) == std::nullopt);  // its own name
  CHECK(source_of(3, 2) == 2u);
  CHECK(source_of(3, 3) == std::nullopt);  // RUN
}

TEST_CASE("hostile inputs lint to the end", "[lint][slow]") {
  SECTION("a chain of stages copying a key from each other") {
    const SourceFile source("Dockerfile", stage_chain(20'000));
    const std::vector<Finding> findings = lint_dockerfile(source, {});
    CHECK(count_rule(findings, "LL0001") == 0);
    CHECK(count_rule(findings, "LL1004") >= 1'000);
  }
  SECTION("20,000 stages, each removing a secret another stage wrote") {
    std::string text;
    for (int i = 0; i < 20'000; ++i) {
      text += "FROM alpine AS s" + std::to_string(i) + "\nCOPY .npmrc /root/.npmrc\nRUN rm -rf /tmp/" +
              std::to_string(i) + " /root/.npmrc\n";
    }
    const std::vector<Finding> findings = lint_dockerfile(SourceFile("Dockerfile", text), {});
    CHECK(count_rule(findings, "LL1005") == 20'000);
  }
  SECTION("20,000 RUNs writing a secret, each removing some other file") {
    std::string text = "FROM alpine\nARG NPM_TOKEN\n";
    for (int i = 0; i < 20'000; ++i) {
      const std::string n = std::to_string(i);
      text += "RUN echo $NPM_TOKEN > /tmp/t" + n + " && rm -f /tmp/x" + n + "\n";
    }
    const std::vector<Finding> findings = lint_dockerfile(SourceFile("Dockerfile", text), {});
    CHECK(count_rule(findings, "LL1009") == 20'000);
  }
  SECTION("20,000 stages of one name, each copying from the one before") {
    std::string text;
    for (int i = 0; i < 20'000; ++i) text += "FROM alpine AS build\nCOPY --from=build /a /b\n";
    const SourceFile source("Dockerfile", text);
    const Dockerfile file = parse_dockerfile(source);
    const BuildModel model(source, file, {});
    REQUIRE(model.stages().size() == 20'000);
    CHECK(model.copy_source(*model.stages()[0].instructions[0]) == std::nullopt);
    CHECK(model.copy_source(*model.stages()[12'345].instructions[0]) == 12'344u);
    CHECK(count_rule(lint_dockerfile(source, {}), "LL0001") == 0);
  }
  SECTION("20,000 keys beside 20,000 removal globs that match none of them") {
    std::string text = "FROM alpine\n";
    for (int i = 0; i < 20'000; ++i) {
      const std::string n = std::to_string(i);
      text += "COPY id_rsa /root/.ssh/k" + n + "\nRUN rm -rf /root/.ssh/*.bak" + n + "\n";
    }
    const std::vector<Finding> findings = lint_dockerfile(SourceFile("Dockerfile", text), {});
    CHECK(count_rule(findings, "LL1004") == 20'000);
    CHECK(count_rule(findings, "LL1005") == 0);
  }
  SECTION("one RUN of 20,000 commands, each writing a secret") {
    std::string text = "FROM alpine\nARG NPM_TOKEN\nRUN true";
    for (int i = 0; i < 20'000; ++i) text += " && echo $NPM_TOKEN > /tmp/t" + std::to_string(i);
    text += "\n";
    const std::vector<Finding> findings = lint_dockerfile(SourceFile("Dockerfile", text), {});
    REQUIRE(count_rule(findings, "LL1009") == 20'000);
    // Each fix shows the RUN cut short, not 20,000 copies of the whole line.
    for (const Finding& f : findings) {
      if (f.rule_id == "LL1009" && f.fix) CHECK(f.fix->advice.rewritten.size() < 1'200);
    }
  }
  SECTION("ENVs that each append to the one before, and relative WORKDIRs and cds that each go deeper") {
    std::string text = "FROM alpine\nENV A0=x\n";
    for (int i = 1; i < 20'000; ++i) {
      const std::string n = std::to_string(i);
      text += "ENV A" + n + "=${A" + std::to_string(i - 1) + "}y\nWORKDIR d" + n + "\n";
    }
    text += "RUN cd e && cd e && echo $A19999 > f\n";
    const SourceFile source("Dockerfile", text);
    const Dockerfile file = parse_dockerfile(source);
    const BuildModel model(source, file, {});
    const Instruction& run = file.instructions.back();
    CHECK(model.workdir(run).size() <= 4096);
    CHECK(model.workdir(*model.stages()[0].instructions[5]) == "/d1/d2");
    const Variable* a = model.lookup(run, "A19999");
    REQUIRE(a);
    REQUIRE(a->value);
    CHECK(a->value->size() <= (size_t{1} << 20) + 16 * text.size());
    CHECK(model.lookup(run, "A3")->value == "xyyy");
  }
  SECTION("20,000 nested command substitutions") {
    // Continued every 5,000 levels: BuildKit rejects a physical line of 64 KiB or more.
    std::string text = "FROM alpine\nRUN ";
    for (int i = 0; i < 20'000; ++i) text += i % 5'000 == 4'999 ? "echo $(\\\n" : "echo $(";
    text += "id" + std::string(20'000, ')') + "\n";
    const std::vector<Finding> findings = lint_dockerfile(SourceFile("Dockerfile", text), {});
    CHECK(count_rule(findings, "LL0001") == 0);
  }
  SECTION("a JSON array nested 200,000 deep") {
    // Deeper than Go's JSON decoder goes (10,000), so BuildKit runs it as a shell command. Continued
    // every 50,000 brackets: BuildKit rejects a physical line of 64 KiB or more.
    std::string text = "FROM alpine\nCMD ";
    for (const char bracket : {'[', ']'}) {
      for (int i = 0; i < 4; ++i) text += std::string(50'000, bracket) + "\\\n";
    }
    text += "\n";
    const SourceFile source("Dockerfile", text);
    const Dockerfile file = parse_dockerfile(source);
    REQUIRE(file.instructions.size() == 2);
    CHECK_FALSE(file.instructions[1].exec_form);
    CHECK(file.instructions[1].command().size() == 400'000);
    CHECK(count_rule(lint_dockerfile(source, {}), "LL0001") == 0);
  }
  SECTION("an unterminated heredoc of 500,000 lines") {
    std::string text = "FROM alpine\nRUN <<EOF\n";
    for (int i = 0; i < 500'000; ++i) text += "echo line\n";
    const std::vector<Finding> findings = lint_dockerfile(SourceFile("Dockerfile", text), {});
    CHECK(count_rule(findings, "LL0001") == 1);
  }
}

TEST_CASE("a lint that keeps its tree until exit, or hands it over, reports the same findings", "[lint]") {
  const SourceFile source("Dockerfile", stage_chain(50) + "ARG NPM_TOKEN\nRUN npm ci\n");
  const std::vector<Finding> freed = lint_dockerfile(source, {});
  LintRemains remains;
  for (const Teardown teardown : {Teardown::KeepUntilExit, Teardown::HandOver}) {
    const std::vector<Finding> kept = lint_dockerfile(source, {}, {}, {}, teardown, &remains);
    REQUIRE(freed.size() == kept.size());
    CHECK(count_rule(kept, "LL1001") == 1);
    for (size_t i = 0; i < freed.size(); ++i) {
      CHECK(freed[i].rule_id == kept[i].rule_id);
      CHECK(freed[i].range.begin.line == kept[i].range.begin.line);
      CHECK(freed[i].message == kept[i].message);
    }
    // Only a hand-over fills `remains`; the last reference frees the tree and the model.
    CHECK((remains != nullptr) == (teardown == Teardown::HandOver));
  }
  CHECK(remains.use_count() == 1);
  remains.reset();
}
