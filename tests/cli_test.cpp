// End to end: the real binary, its exit codes, bad input, stdin, --dump-ast.
#include "catch.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "cli/walk.hpp"
#include "fixture_util.hpp"

namespace fs = std::filesystem;

namespace {

using Run = layerlint::testing::CommandRun;

// Runs the binary with `args` (shell words, already quoted), stdout and stderr together.
Run run(const std::string& args) {
  Run r = layerlint::testing::run_command(std::string(LAYERLINT_BINARY) + " " + args + " 2>&1");
  REQUIRE(r.code >= 0);  // it ran and exited (no crash, no signal)
  return r;
}

// A folder of its own per test case: ctest runs test cases in parallel processes.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("layerlint-cli-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

using layerlint::testing::contains;
using layerlint::testing::write_file;

}  // namespace

TEST_CASE("exit codes follow the fail level", "[cli]") {
  const fs::path dir = scratch("codes");
  write_file(dir / "clean.Dockerfile", "FROM alpine\nUSER 10001\n");
  write_file(dir / "leak.Dockerfile", "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER 10001\n");
  CHECK(run((dir / "clean.Dockerfile").string()).code == 0);
  const Run leak = run("-f gcc " + (dir / "leak.Dockerfile").string());
  CHECK(leak.code == 1);
  CHECK(leak.out.find("leak.Dockerfile:2:5: warning:") != std::string::npos);
  CHECK(leak.out.find("[LL1001]") != std::string::npos);
  CHECK(run("--fail-level error " + (dir / "leak.Dockerfile").string()).code == 0);
  CHECK(run("--ignore secret-arg " + (dir / "leak.Dockerfile").string()).code == 0);
  CHECK(run("--format nope " + (dir / "leak.Dockerfile").string()).code == 2);
  CHECK(run("--select LL9999 " + (dir / "leak.Dockerfile").string()).code == 2);
}

TEST_CASE("bad input is reported by name and the other files are still linted", "[cli]") {
  const fs::path dir = scratch("bad");
  write_file(dir / "Dockerfile", "FROM alpine\nARG GITHUB_TOKEN\nRUN make\nUSER 1000\n");
  write_file(dir / "binary.Dockerfile", std::string("FROM x\0\x01\x02", 9));
  write_file(dir / "utf16.Dockerfile", std::string("\xFF\xFE"
                                                   "F\0R\0",
                                                   6));
  write_file(dir / "heredoc.Dockerfile", "FROM alpine\nRUN <<EOF\necho never ends\n");
  fs::create_directories(dir / "empty");
  const Run r = run("-f gcc " + (dir / "missing.Dockerfile").string() + " " + (dir / "empty").string() + " " +
                    (dir / "binary.Dockerfile").string() + " " + (dir / "utf16.Dockerfile").string() + " " +
                    (dir / "heredoc.Dockerfile").string() + " " + (dir / "Dockerfile").string());
  CHECK(r.code == 2);
  CHECK(r.out.find("missing.Dockerfile: no such file or directory") != std::string::npos);
  CHECK(r.out.find("no Dockerfile found") != std::string::npos);
  CHECK(r.out.find("binary.Dockerfile:1:7: error: the file is binary") != std::string::npos);
  CHECK(r.out.find("utf16.Dockerfile:1:1: error: the file is UTF-16") != std::string::npos);
  CHECK(r.out.find("heredoc.Dockerfile:") != std::string::npos);
  CHECK(r.out.find("[LL0001]") != std::string::npos);
  CHECK(r.out.find("Dockerfile:2:5: warning: build argument GITHUB_TOKEN") != std::string::npos);
}

TEST_CASE("a 10 MB line is linted without trouble", "[cli]") {
  const fs::path dir = scratch("long");
  write_file(dir / "long.Dockerfile",
             "FROM alpine\nRUN echo " + std::string(10'000'000, 'a') + "\nUSER 1000\n");
  const Run r = run("-f gcc " + (dir / "long.Dockerfile").string());
  // BuildKit rejects the line (64 KiB at most), and that is the one finding.
  CHECK(r.code == 1);
  CHECK(r.out.find(":2:1: error: dockerfile line greater than max allowed size of 65535") !=
        std::string::npos);
  CHECK(r.out.size() < 4096);
}

TEST_CASE("standard input with --stdin-filename", "[cli]") {
  const fs::path dir = scratch("stdin");
  write_file(dir / "in", "FROM alpine\nENV DB_PASSWORD=Xy7-very-real-passw0rd\nUSER 1000\n");
  const Run r = run("-f gcc --stdin-filename app/Dockerfile - < " + (dir / "in").string());
  CHECK(r.code == 1);
  CHECK(r.out.find("app/Dockerfile:2:5: error:") != std::string::npos);
  CHECK(r.out.find("Xy7-very-real-passw0rd") == std::string::npos);
}

TEST_CASE("dump-ast prints BuildKit's parse and fails where BuildKit does", "[cli]") {
  const fs::path dir = scratch("dump");
  write_file(dir / "ok", "FROM busybox\nRUN echo \\\n  hi\n");
  write_file(dir / "bad", "FROM busybox\nENV PATH\n");
  const Run ok = run("--dump-ast " + (dir / "ok").string());
  CHECK(ok.code == 0);
  CHECK(ok.out == "(from \"busybox\")\n(run \"echo   hi\")\n");
  CHECK(run("--dump-ast " + (dir / "bad").string()).code == 1);
}

TEST_CASE("list-rules and explain come from the rule metadata", "[cli]") {
  const Run list = run("--list-rules");
  CHECK(list.code == 0);
  CHECK(list.out.find("LL1005") != std::string::npos);
  CHECK(list.out.find("secret-removed-in-later-layer") != std::string::npos);
  const Run doc = run("--explain secret-arg");
  CHECK(doc.code == 0);
  CHECK(doc.out.starts_with("# LL1001 secret-arg"));
  CHECK(run("--explain nope").code == 2);
}

TEST_CASE("directories, --exclude, -j and --output-file", "[cli]") {
  const fs::path dir = scratch("walk");
  fs::create_directories(dir / "svc/a");
  fs::create_directories(dir / "svc/b");
  fs::create_directories(dir / "vendor/x");
  fs::create_directories(dir / "node_modules/y");
  const std::string leak = "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER 1000\n";
  for (const char* p :
       {"svc/a/Dockerfile", "svc/b/api.Dockerfile", "svc/b/Containerfile", "vendor/x/Dockerfile",
        "node_modules/y/Dockerfile", "svc/b/Dockerfile.dockerignore"}) {
    write_file(dir / p, leak);
  }
  write_file(dir / "svc/b/notes.txt", leak);
  const Run all = run("-f gcc -j 4 " + dir.string());
  CHECK(all.code == 1);
  for (const char* p :
       {"svc/a/Dockerfile:2", "svc/b/api.Dockerfile:2", "svc/b/Containerfile:2", "vendor/x/Dockerfile:2"}) {
    CHECK(all.out.find(p) != std::string::npos);
  }
  CHECK(all.out.find("node_modules") == std::string::npos);
  CHECK(all.out.find("notes.txt") == std::string::npos);
  CHECK(all.out.find("dockerignore") == std::string::npos);
  // Stable order whatever the parallelism.
  CHECK(run("-f gcc -j 1 " + dir.string()).out == all.out);
  const Run excluded = run("-f gcc --exclude vendor " + dir.string());
  CHECK(excluded.out.find("vendor") == std::string::npos);
  CHECK(excluded.out.find("svc/a/Dockerfile") != std::string::npos);
  const fs::path report = dir / "report.sarif";
  const Run to_file = run("-f sarif -o " + report.string() + " " + (dir / "svc/a/Dockerfile").string());
  CHECK(to_file.code == 1);
  CHECK(to_file.out.empty());
  CHECK(layerlint::testing::read_text(report).find("\"ruleId\": \"LL1001\"") != std::string::npos);
}

TEST_CASE("the walk lints Dockerfiles only: templates, documents and images are skipped", "[cli][walk]") {
  using layerlint::is_compose_name;
  using layerlint::is_dockerfile_name;
  for (const char* name : {"Dockerfile", "dockerfile", "Containerfile", "Dockerfile.prod", "Dockerfile.3.19",
                           "api.Dockerfile", "app.containerfile", "Dockerfile.alpine", "Containerfile.dev"}) {
    INFO(name);
    CHECK(is_dockerfile_name(name));
  }
  for (const char* name :
       {"Dockerfile.template", "Dockerfile.alpine.tmpl", "Dockerfile.in", "Dockerfile.md", "dockerfile.png",
        "Dockerfile.j2", "Dockerfile.dockerignore", "Dockerfile.bak", "Dockerfile.orig", "Containerfile.SVG",
        "Dockerfile.sh", "Dockerfile.yml", "README.md", "notes.txt"}) {
    INFO(name);
    CHECK_FALSE(is_dockerfile_name(name));
  }
  CHECK(is_compose_name("compose.yaml"));
  CHECK(is_compose_name("docker-compose.prod.yml"));
  CHECK_FALSE(is_compose_name("settings.yaml"));

  const fs::path dir = scratch("walk-names");
  fs::create_directories(dir / "docs");
  const std::string broken = "{{ .From }}\nRUN \\\n";  // a template: LL0001 if it were linted
  for (const char* p : {"Dockerfile.template", "docs/Dockerfile.md", "dockerfile.png", "Dockerfile.tmpl"})
    write_file(dir / p, broken);
  write_file(dir / "Dockerfile", "FROM alpine\nUSER root\n");
  const Run walked = run("-f gcc " + dir.string());
  CHECK(walked.code == 1);
  CHECK(walked.out.find("/Dockerfile:2:6: warning") != std::string::npos);
  CHECK(walked.out.find("LL0001") == std::string::npos);
  // Named on the command line, a file is linted whatever its name.
  CHECK(run("-f gcc " + (dir / "Dockerfile.template").string()).out.find("LL0001") != std::string::npos);
}

TEST_CASE("the walk honours .gitignore, --exclude globs take ./, absolute paths and ** at any depth",
          "[cli][walk]") {
  const fs::path dir = scratch("walk-ignore");
  for (const char* d : {"vendor/x", "a/b", "generated", "keep/generated", ".git"})
    fs::create_directories(dir / d);
  const std::string root_user = "FROM alpine\nUSER root\n";
  for (const char* p : {"Dockerfile", "vendor/x/Dockerfile", "a/b/Dockerfile", "generated/Dockerfile",
                        "keep/generated/Dockerfile", "a/b/old.Dockerfile", "keep/Dockerfile"})
    write_file(dir / p, root_user);
  write_file(dir / ".gitignore", "# build output\n/generated/\n*old.Dockerfile\n");
  write_file(dir / "keep/.gitignore", "Dockerfile\n!generated\n");
  auto files_linted = [&](const std::string& args, const std::string& cwd) {
    const Run r = layerlint::testing::run_command("cd '" + cwd + "' && " + LAYERLINT_BINARY + " -f gcc " +
                                                  args + " 2>&1");
    std::vector<std::string> files;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) files.push_back(line.substr(0, line.find(':')));
    return files;
  };
  using Files = std::vector<std::string>;
  // /generated/ is anchored at the root: keep/generated is walked; keep/.gitignore hides keep/Dockerfile.
  CHECK(files_linted(".", dir.string()) ==
        Files{"./Dockerfile", "./a/b/Dockerfile", "./keep/generated/Dockerfile", "./vendor/x/Dockerfile"});
  CHECK(files_linted("--exclude 'vendor/**' .", dir.string()) ==
        Files{"./Dockerfile", "./a/b/Dockerfile", "./keep/generated/Dockerfile"});
  CHECK(files_linted("--exclude ./vendor --exclude '**/b' .", dir.string()) ==
        Files{"./Dockerfile", "./keep/generated/Dockerfile"});
  CHECK(files_linted("--exclude '" + (dir / "vendor").string() + "' --exclude generated .", dir.string()) ==
        Files{"./Dockerfile", "./a/b/Dockerfile"});
  // From a subfolder: a glob with '/' is anchored at the working directory or at the walked folder.
  CHECK(files_linted("--exclude 'x/*' --exclude a/b ..", (dir / "vendor").string()) ==
        Files{"../Dockerfile", "../keep/generated/Dockerfile"});
  // Ignored, but named: linted.
  CHECK(files_linted("generated/Dockerfile", dir.string()) == Files{"generated/Dockerfile"});
  // --no-ignore: the .gitignore files are not read; .git and --exclude still are skipped.
  CHECK(files_linted("--no-ignore --exclude vendor .", dir.string()) ==
        Files{"./Dockerfile", "./a/b/Dockerfile", "./a/b/old.Dockerfile", "./generated/Dockerfile",
              "./keep/Dockerfile", "./keep/generated/Dockerfile"});
}

TEST_CASE("each file's nearest config gives its fail level and excludes the paths it governs",
          "[cli][walk]") {
  const fs::path dir = scratch("per-file-config");
  fs::create_directories(dir / ".git");
  // LL2001 (root at run time) is a warning; the legacy folder fails only on errors and excludes its
  // generated folder; the root config excludes nothing of the legacy folder's.
  const std::string root_user = "FROM alpine\nUSER root\n";
  write_file(dir / ".layerlint.yaml", "exclude: ['**/tmp']\n");
  write_file(dir / "app/Dockerfile", root_user);
  write_file(dir / "legacy/.layerlint.yaml", "fail-level: error\nexclude: ['generated/**']\n");
  write_file(dir / "legacy/Dockerfile", root_user);
  write_file(dir / "legacy/generated/Dockerfile", root_user);
  write_file(dir / "legacy/tmp/Dockerfile", root_user);
  write_file(dir / "tmp/Dockerfile", root_user);
  auto lint = [&](const std::string& args) {
    return layerlint::testing::run_command("cd '" + dir.string() + "' && " + LAYERLINT_BINARY + " -f gcc " +
                                           args + " 2>&1");
  };
  // The legacy folder's config governs it: its `generated` folder is skipped, the root's `**/tmp`
  // does not reach it.
  const Run all = lint(".");
  CHECK(all.code == 1);
  CHECK(contains(all.out, "./app/Dockerfile:2:"));
  CHECK(contains(all.out, "./legacy/Dockerfile:2:"));
  CHECK(contains(all.out, "./legacy/tmp/Dockerfile:2:"));
  CHECK_FALSE(contains(all.out, "generated"));
  CHECK_FALSE(contains(all.out, "./tmp/"));
  // Alone, the legacy Dockerfile's warning does not fail the run: its config's level is error.
  CHECK(lint("legacy").code == 0);
  CHECK(lint("legacy/Dockerfile app/Dockerfile").code == 1);
  // The command line's --fail-level is over every config's; --config makes one config govern all.
  CHECK(lint("--fail-level warning legacy").code == 1);
  const Run one = lint("--config .layerlint.yaml .");
  CHECK(contains(one.out, "./legacy/generated/Dockerfile:2:"));
  CHECK_FALSE(contains(one.out, "tmp/Dockerfile"));
  CHECK(one.code == 1);
  // A broken config is reported once, with its position, however many files it governs.
  write_file(dir / "legacy/.layerlint.yaml", "fail-level: sometimes\n");
  const Run broken = lint("legacy app");
  CHECK(broken.code == 2);
  const std::string where = "legacy/.layerlint.yaml:1:";
  CHECK(contains(broken.out, where));
  CHECK(broken.out.find(where) == broken.out.rfind(where));
}

TEST_CASE("the options statistics quiet exit-zero and select by id prefix", "[cli]") {
  const fs::path dir = scratch("statistics");
  write_file(dir / "a.Dockerfile", "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER root\n");
  write_file(dir / "b.Dockerfile", "FROM alpine\nARG GITHUB_TOKEN\nRUN make\n");
  const std::string files = (dir / "a.Dockerfile").string() + " " + (dir / "b.Dockerfile").string();
  const Run stats = run("--statistics " + files);
  CHECK(stats.code == 1);
  CHECK(stats.out.find("    2  LL1001  secret-arg") == 0);  // the most frequent rule first
  CHECK(stats.out.find("LL2001  root-user") != std::string::npos);
  CHECK(stats.out.find("GITHUB_TOKEN") == std::string::npos);  // counts, not findings
  CHECK(run("--exit-zero " + files).code == 0);
  CHECK(run("--exit-zero " + (dir / "missing").string()).code == 2);
  CHECK(run("-q --fail-level none " + (dir / "a.Dockerfile").string()).out.find(" in 1 file") ==
        std::string::npos);
  CHECK(run("--fail-level none " + (dir / "a.Dockerfile").string()).out.find(" in 1 file") !=
        std::string::npos);
  const Run secrets_only = run("-f gcc --select LL1 " + files);
  CHECK(secrets_only.out.find("LL1001") != std::string::npos);
  CHECK(secrets_only.out.find("LL2001") == std::string::npos);
  CHECK(run("-f gcc --select ll2 " + files).out.find("LL1001") == std::string::npos);
  CHECK(run("--select LL7 " + files).code == 2);
  CHECK(run("--help").out.find("comma-separated") != std::string::npos);
  const Run no_context = run("--context " + (dir / "nonexistent").string() + " " + files);
  CHECK(no_context.code == 2);
  CHECK(no_context.out.find("not a directory") != std::string::npos);
}

TEST_CASE("colour: only when asked or on a terminal, never with NO_COLOR", "[cli]") {
  const fs::path dir = scratch("color");
  write_file(dir / "Dockerfile", "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER 1000\n");
  const std::string file = (dir / "Dockerfile").string();
  CHECK(run(file).out.find("\x1b[") == std::string::npos);  // a pipe is not a terminal
  CHECK(run("--color always " + file).out.find("\x1b[") != std::string::npos);
  CHECK(run("--color never " + file).out.find("\x1b[") == std::string::npos);
  CHECK(run("--color bogus " + file).code == 2);
}

TEST_CASE("suppressions and baselines from the command line", "[cli]") {
  const fs::path dir = scratch("baseline");
  write_file(dir / "Dockerfile",
             "FROM alpine\n# layerlint ignore=secret-arg reason=\"mirror token\"\nARG NPM_TOKEN\n"
             "# layerlint ignore=LL1002\nRUN npm ci\nUSER 1000\n");
  const std::string file = (dir / "Dockerfile").string();
  CHECK(run(file).code == 0);
  const Run unused = run("-f gcc --warn-unused-ignores " + file);
  CHECK(unused.code == 1);
  CHECK(unused.out.find("Dockerfile:4:1: warning: unused suppression of LL1002") != std::string::npos);

  write_file(dir / "old.Dockerfile", "FROM alpine\nARG GITHUB_TOKEN\nRUN make\nUSER 1000\n");
  const std::string old_file = (dir / "old.Dockerfile").string();
  const std::string baseline = (dir / "baseline.json").string();
  const Run recorded = run("--write-baseline " + baseline + " " + old_file);
  CHECK(recorded.code == 0);
  CHECK(recorded.out == "layerlint: recorded 1 finding of 1 file in " + baseline + "\n");
  CHECK(run("--baseline " + baseline + " " + old_file).code == 0);
  // Lines moved: still known. A new leak: reported.
  write_file(dir / "old.Dockerfile",
             "# a comment\nFROM alpine\nARG GITHUB_TOKEN\nRUN make\nARG DB_PASSWORD\nRUN x\nUSER 1000\n");
  const Run next = run("-f gcc --baseline " + baseline + " " + old_file);
  CHECK(next.code == 1);
  CHECK(next.out.find("GITHUB_TOKEN") == std::string::npos);
  CHECK(next.out.find("DB_PASSWORD") != std::string::npos);
  CHECK(run("--baseline " + (dir / "missing.json").string() + " " + old_file).code == 2);
}

TEST_CASE("the nearest .layerlint.yaml applies, --config overrides, errors are exit 2", "[cli]") {
  const fs::path dir = scratch("config");
  fs::create_directories(dir / ".git");
  fs::create_directories(dir / "svc");
  write_file(dir / "svc/Dockerfile",
             "FROM alpine\nARG NPM_TOKEN\nARG MY_API_TOKEN\nENV DB_PASSWORD=test-1234\nRUN npm ci\n"
             "RUN curl -H \"X-Acme: acme_0123456789abcdef0123456789abcdef\" https://x\n");
  const std::string file = (dir / "svc/Dockerfile").string();
  const Run plain = run("-f gcc " + file);
  CHECK(plain.out.find("[LL2001]") != std::string::npos);
  CHECK(plain.out.find("MY_API_TOKEN") != std::string::npos);
  CHECK(plain.out.find("acme_") == std::string::npos);
  write_file(dir / ".layerlint.yaml",
             "ignore: [root-user]\nseverity: { secret-arg: error }\nallow:\n  names: [MY_API_TOKEN]\n"
             "  values: ['test-[0-9]+']\npatterns:\n  - id: acme-api-key\n    description: ACME API key\n"
             "    regex: 'acme_[A-Za-z0-9]{32}'\nfail-level: error\n");
  const Run configured = run("-f gcc " + file);
  CHECK(configured.code == 1);
  CHECK(configured.out.find("[LL2001]") == std::string::npos);
  CHECK(configured.out.find("MY_API_TOKEN") == std::string::npos);
  CHECK(configured.out.find("DB_PASSWORD") == std::string::npos);
  CHECK(configured.out.find("svc/Dockerfile:2:5: error: build argument NPM_TOKEN") != std::string::npos);
  CHECK(configured.out.find("hardcoded ACME API key") != std::string::npos);
  // Command-line options override the file.
  CHECK(run("--fail-level none " + file).code == 0);
  CHECK(run("-f gcc --select LL2001 " + file).out.find("[LL2001]") != std::string::npos);
  write_file(dir / "bad.yaml", "ignore: [nope]\nbogus: 1\npatterns:\n  - id: x\n    regex: '(unclosed'\n");
  const Run bad = run("--config " + (dir / "bad.yaml").string() + " " + file);
  CHECK(bad.code == 2);
  CHECK(bad.out.find("bad.yaml:1:10: unknown rule 'nope'") != std::string::npos);
  CHECK(bad.out.find("bad.yaml:2:1: unknown key 'bogus'") != std::string::npos);
  CHECK(bad.out.find("bad.yaml:5:") != std::string::npos);
}

TEST_CASE("a config in a subfolder extends the root config", "[cli][config]") {
  const fs::path dir = scratch("extend");
  fs::create_directories(dir / ".git");
  fs::create_directories(dir / "svc/skip");
  const std::string dockerfile = "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\n";  // no USER: root-user fires
  write_file(dir / "svc/Dockerfile", dockerfile);
  write_file(dir / "svc/skip/Dockerfile", dockerfile);
  write_file(dir / ".layerlint.yaml", "ignore: [root-user]\nexclude: ['svc/skip/**']\n");
  const std::string file = (dir / "svc/Dockerfile").string();

  // Without extend, the subfolder's config alone governs its Dockerfile.
  write_file(dir / "svc/.layerlint.yaml", "severity: { secret-arg: error }\n");
  const Run alone = run("-f gcc " + file);
  CHECK(alone.out.find("[LL2001]") != std::string::npos);
  CHECK(alone.out.find("svc/Dockerfile:2:5: error: build argument NPM_TOKEN") != std::string::npos);

  // With it, the root's ignore applies too, and the subfolder's severity still does.
  write_file(dir / "svc/.layerlint.yaml", "extend: ../.layerlint.yaml\nseverity: { secret-arg: error }\n");
  const Run extended = run("-f gcc " + file);
  CHECK(extended.code == 1);
  CHECK(extended.out.find("[LL2001]") == std::string::npos);
  CHECK(extended.out.find("svc/Dockerfile:2:5: error: build argument NPM_TOKEN") != std::string::npos);

  // Run from the subfolder, its config is the run's: the root's exclude glob is relative to the root.
  const std::string in_svc =
      "cd " + (dir / "svc").string() + " && " + std::string(LAYERLINT_BINARY) + " -f gcc ";
  const Run walked = layerlint::testing::run_command(in_svc + ". 2>&1");
  CHECK(walked.code == 1);
  CHECK(walked.out.find("./Dockerfile:2:5:") != std::string::npos);
  CHECK(walked.out.find("skip/Dockerfile") == std::string::npos);

  // A base with an error fails the run at the extend value, then in the base.
  write_file(dir / ".layerlint.yaml", "ignore: [root-usr]\n");
  const Run broken = run("-f gcc " + file);
  CHECK(broken.code == 2);
  CHECK(
      broken.out.find("svc/.layerlint.yaml:1:9: cannot extend '../.layerlint.yaml': the config has errors") !=
      std::string::npos);
  CHECK(broken.out.find(".layerlint.yaml:1:10: unknown rule 'root-usr' in 'ignore'") != std::string::npos);
}

TEST_CASE("a Compose build network is the network of every RUN of the Dockerfile it builds", "[cli]") {
  const fs::path dir = scratch("compose-network");
  // A bare host name is a container beside the build only on a RUN that joins a named network: here
  // every RUN does through `build.network`, except the one that asks for no network at all.
  write_file(dir / "Dockerfile",
             "FROM alpine:3.20\n"
             "RUN wget -q -O /tmp/token http://tokens/deploy && test -s /tmp/token\n"
             "RUN --network=none wget -q -O /tmp/app.tgz http://mirror/app.tgz || true\n");
  write_file(dir / "compose.yaml",
             "services:\n  app:\n    build:\n      context: .\n      network: container:secrets\n");
  const std::string cd = "cd " + dir.string() + " && " + std::string(LAYERLINT_BINARY) +
                         " -f gcc --select LL1010 --fail-level none ";
  const Run through_compose = layerlint::testing::run_command(cd + "compose.yaml 2>&1");
  CHECK(through_compose.code == 0);
  CHECK(through_compose.out.find(
            "Dockerfile:2:16: error: wget writes a secret fetched from http://tokens/deploy") !=
        std::string::npos);
  CHECK(through_compose.out.find("Dockerfile:3:") == std::string::npos);
  // Alone, the Dockerfile joins no network: the host is just a host.
  const Run alone = layerlint::testing::run_command(cd + "Dockerfile 2>&1");
  CHECK(alone.out.find("[LL1010]") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("Compose files lint the Dockerfiles they build and the files they include once each", "[cli]") {
  const fs::path dir = scratch("compose");
  fs::create_directories(dir / "sub");
  write_file(dir / "Dockerfile", "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\n");
  write_file(dir / "sub/Dockerfile",
             "FROM alpine AS build\nARG GITHUB_TOKEN\nRUN git clone x\nFROM alpine\nRUN true\n");
  write_file(dir / "docker-compose.yml", "include:\n  - sub/compose.yaml\nservices:\n  app:\n    build: .\n");
  // The include comes back to the first file: a cycle, followed once.
  write_file(dir / "sub/compose.yaml",
             "include:\n  - path: ../docker-compose.yml\nservices:\n  tool:\n    build:\n      context: .\n"
             "      target: build\n");
  const auto count = [](const std::string& out, const std::string& what) {
    size_t n = 0;
    for (size_t at = out.find(what); at != std::string::npos; at = out.find(what, at + 1)) ++n;
    return n;
  };
  const std::string cd =
      "cd " + dir.string() + " && " + std::string(LAYERLINT_BINARY) + " -f gcc --fail-level none ";
  for (const std::string args :
       {"docker-compose.yml", ".", "./docker-compose.yml sub/compose.yaml Dockerfile"}) {
    INFO(args);
    const Run r = layerlint::testing::run_command(cd + args + " 2>&1");
    CHECK(r.code == 0);
    // The root Dockerfile, through the app service; sub/Dockerfile through the included file, with its
    // target: the build stage is the final one, so its ARG is a warning, not a note.
    CHECK(count(r.out, "NPM_TOKEN is recorded") == 1);
    CHECK(count(r.out, "GITHUB_TOKEN is recorded") == 1);
    CHECK(r.out.find("sub/Dockerfile:2:5: warning: build argument GITHUB_TOKEN") != std::string::npos);
  }
  // An included file that is missing is named, and the rest is linted.
  write_file(dir / "broken.yaml", "include:\n  - missing.yaml\nservices:\n  app:\n    build: .\n");
  const Run r = layerlint::testing::run_command(cd + "broken.yaml 2>&1");
  CHECK(r.code == 2);
  CHECK(r.out.find("missing.yaml: No such file or directory") != std::string::npos);
  CHECK(count(r.out, "NPM_TOKEN is recorded") == 1);
  fs::remove_all(dir);
}
