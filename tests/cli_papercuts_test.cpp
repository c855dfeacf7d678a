// End to end: the command line's small promises. A stage that does not exist, a mistyped option,
// a missing path in machine-readable reports, standard input's name, SARIF paths from the root.
#include "catch.hpp"

#include <unistd.h>

#include <fstream>

#include "fixture_util.hpp"

namespace fs = std::filesystem;

namespace {

using Run = layerlint::testing::CommandRun;

// Standard output and standard error together.
Run run(const std::string& args) {
  Run r = layerlint::testing::run_command(std::string(LAYERLINT_BINARY) + " " + args + " 2>&1");
  REQUIRE(r.code >= 0);
  return r;
}

fs::path scratch(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("layerlint-papercut-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

using layerlint::testing::contains;
using layerlint::testing::write_file;

}  // namespace

TEST_CASE("a --target that names no stage is exit 2 naming the file and the target", "[cli]") {
  const fs::path dir = scratch("target");
  const fs::path file = dir / "Dockerfile";
  write_file(file, "FROM alpine AS Build\nRUN true\nFROM alpine\nUSER 1000\n");
  const Run r = run("-f gcc --target nope " + file.string());
  CHECK(r.code == 2);
  CHECK(contains(r.out, file.string() + ": --target nope: no stage of that name (stages: Build)"));
  // Stage names match case-insensitively, as BuildKit's do.
  CHECK(run("-f gcc --target BUILD " + file.string()).code == 1);
  CHECK(run("--context /nonexistent " + file.string()).code == 2);
}

TEST_CASE("a mistyped option gets the nearest long option, only when it is close", "[cli]") {
  const Run typo = run("--fromat json Dockerfile");
  CHECK(typo.code == 2);
  CHECK(contains(typo.out, "unknown option --fromat: did you mean --format?"));
  CHECK(contains(run("--stdin-filname=x -").out, "did you mean --stdin-filename?"));
  CHECK(contains(run("image --fromat json image.tar").out, "did you mean --format?"));
  // Nothing close: CLI11's own message.
  const Run far = run("--xyzzy Dockerfile");
  CHECK(far.code == 2);
  CHECK_FALSE(contains(far.out, "did you mean"));
  CHECK(contains(far.out, "--xyzzy"));
}

TEST_CASE("a missing path is in the JSON errors and the SARIF invocation, and still exit 2", "[cli]") {
  const fs::path dir = scratch("missing");
  write_file(dir / "Dockerfile", "FROM alpine\nUSER 1000\n");
  const std::string args = (dir / "nope" / "Dockerfile").string() + " " + (dir / "Dockerfile").string();
  const Run json =
      layerlint::testing::run_command(std::string(LAYERLINT_BINARY) + " -f json " + args + " 2>/dev/null");
  CHECK(json.code == 2);
  CHECK(contains(json.out, "\"errors\": [\n    {\n      \"message\": \"" +
                               (dir / "nope" / "Dockerfile").string() + ": no such file or directory\""));
  const Run sarif =
      layerlint::testing::run_command(std::string(LAYERLINT_BINARY) + " -f sarif " + args + " 2>/dev/null");
  CHECK(sarif.code == 2);
  CHECK(contains(sarif.out, "\"executionSuccessful\": false"));
  CHECK(contains(sarif.out, "\"toolExecutionNotifications\""));
  CHECK(contains(sarif.out, "nope/Dockerfile: no such file or directory"));
  // Standard error still says it.
  CHECK(contains(run("-f json " + args).out, "layerlint: " + (dir / "nope" / "Dockerfile").string()));
  // A clean run's SARIF invocation succeeded; its JSON errors are empty.
  const std::string clean = std::string(LAYERLINT_BINARY) + " " + (dir / "Dockerfile").string();
  CHECK(contains(layerlint::testing::run_command(clean + " -f sarif").out, "\"executionSuccessful\": true"));
  CHECK(contains(layerlint::testing::run_command(clean + " -f json").out, "\"errors\": []"));
}

TEST_CASE("an image that cannot be read is in the JSON errors and the SARIF invocation, and exit 2",
          "[cli][image]") {
  const fs::path dir = scratch("image-missing");
  write_file(dir / "broken.tar", "not a tar archive at all");
  for (const fs::path& image : {dir / "nope.tar", dir / "broken.tar"}) {
    const std::string cmd = std::string(LAYERLINT_BINARY) + " image " + image.string();
    const Run sarif = layerlint::testing::run_command(cmd + " -f sarif 2>/dev/null");
    CHECK(sarif.code == 2);
    CHECK(contains(sarif.out, "\"executionSuccessful\": false"));
    CHECK(contains(sarif.out, image.string()));
    const Run json = layerlint::testing::run_command(cmd + " -f json 2>/dev/null");
    CHECK(json.code == 2);
    CHECK(contains(json.out, "\"errors\": [\n    {\n      \"message\": \"" + image.string()));
    // Standard error says it too; the text report adds nothing to standard output.
    const Run text = layerlint::testing::run_command(cmd + " 2>&1 >/dev/null");
    CHECK(contains(text.out, "layerlint image: " + image.string()));
  }
}

TEST_CASE("the --stdin-filename places standard input: its nearest config and its build context", "[cli]") {
  const fs::path dir = scratch("stdin");
  fs::create_directories(dir / ".git");
  write_file(dir / "app/.env", "DB_PASSWORD=Xy7-very-real-passw0rd\n");
  write_file(dir / "app/in", "FROM alpine\nCOPY . /app\nUSER 1000\n");
  const std::string lint = "cd '" + dir.string() + "' && " + std::string(LAYERLINT_BINARY) + " -f gcc ";
  // The context is the named file's folder: its .env is sent into the image.
  const Run named = layerlint::testing::run_command(lint + "--stdin-filename app/Dockerfile - < app/in");
  CHECK(named.code == 1);
  CHECK(contains(named.out, "app/Dockerfile:2:6: warning: COPY . sends .env"));
  CHECK_FALSE(contains(named.out, "Xy7-very-real-passw0rd"));
  // Without a name there is no context to read.
  CHECK(layerlint::testing::run_command(lint + "- < app/in").code == 0);
  // The config nearest to the named file applies.
  write_file(dir / "app/.layerlint.yaml", "ignore: [LL1008]\n");
  CHECK(layerlint::testing::run_command(lint + "--stdin-filename app/Dockerfile - < app/in").code == 0);
}

TEST_CASE("SARIF uris are relative to the repository root, named in originalUriBaseIds", "[cli]") {
  const fs::path dir = scratch("srcroot");
  fs::create_directories(dir / "repo/.git");
  write_file(dir / "repo/svc/Dockerfile", "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER 1000\n");
  write_file(dir / "elsewhere/Dockerfile", "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER 1000\n");
  // Run from inside the work tree's svc folder: the uri still starts at the root.
  const Run in_repo = layerlint::testing::run_command("cd '" + (dir / "repo/svc").string() + "' && " +
                                                      std::string(LAYERLINT_BINARY) + " -f sarif Dockerfile");
  CHECK(in_repo.code == 1);
  CHECK(
      contains(in_repo.out, "\"uri\": \"svc/Dockerfile\",\n                  \"uriBaseId\": \"%SRCROOT%\""));
  CHECK(contains(in_repo.out,
                 "\"%SRCROOT%\": {\n          \"uri\": \"file://" + (dir / "repo").string() + "/\""));
  // A file outside the root is an absolute file uri.
  const Run both = layerlint::testing::run_command(std::string(LAYERLINT_BINARY) + " -f sarif " +
                                                   (dir / "repo/svc/Dockerfile").string() + " " +
                                                   (dir / "elsewhere/Dockerfile").string());
  CHECK(contains(both.out, "\"uri\": \"file://" + (dir / "elsewhere/Dockerfile").string() + "\""));
  CHECK(contains(both.out, "\"uri\": \"svc/Dockerfile\""));
  // Outside any work tree the root is the working directory.
  const Run outside = layerlint::testing::run_command("cd '" + (dir / "elsewhere").string() + "' && " +
                                                      std::string(LAYERLINT_BINARY) + " -f sarif Dockerfile");
  CHECK(contains(outside.out, "\"uri\": \"Dockerfile\""));
  CHECK(contains(outside.out, "\"uri\": \"file://" + (dir / "elsewhere").string() + "/\""));
}
