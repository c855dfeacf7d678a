// End to end: --fix, --unsafe-fixes and --diff through the real binary, and the file writing they use.
#include "catch.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "cli/fix_files.hpp"
#include "fixture_util.hpp"

namespace fs = std::filesystem;
using layerlint::testing::CommandRun;
using layerlint::testing::read_text;
using layerlint::testing::TempDir;

namespace {

// Runs the binary in `dir` with `args`; `streams` says where stdout and stderr go.
CommandRun run_in(const TempDir& dir, const std::string& args, const std::string& streams = "2>&1") {
  CommandRun r = layerlint::testing::run_command("cd " + dir.path.string() + " && " +
                                                 std::string(LAYERLINT_BINARY) + " " + args + " " + streams);
  REQUIRE(r.code >= 0);
  return r;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// LL2002's sudo fix is Safe (the RUN runs as root), LL2004's chmod fix and LL2003's flag removal Unsafe.
const std::string k_dockerfile =
    "FROM alpine\nRUN sudo apt-get update\nRUN chmod 777 /app\nRUN --security=insecure make\nUSER 1000\n";

}  // namespace

TEST_CASE("fix: --fix applies the safe fixes in place and keeps the file's mode", "[cli][fix]") {
  const TempDir dir("cli-fix");
  dir.write("Dockerfile", k_dockerfile);
  REQUIRE(::chmod((dir.path / "Dockerfile").c_str(), 0640) == 0);
  const CommandRun r = run_in(dir, "-f gcc --fix Dockerfile");
  CHECK(r.code == 1);  // LL2004 and LL2003 remain
  CHECK(read_text(dir.path / "Dockerfile") ==
        "FROM alpine\nRUN apt-get update\nRUN chmod 777 /app\nRUN --security=insecure make\nUSER 1000\n");
  CHECK(mode_of(dir.path / "Dockerfile") == 0640);
  // The report is of the fixed text, then the count.
  CHECK(r.out.find("[LL2002]") == std::string::npos);
  CHECK(r.out.find("Dockerfile:3:11: warning: chmod 777") != std::string::npos);
  CHECK(r.out.find("layerlint: fixed 1 issue in 1 file (2 left for review: run with --unsafe-fixes)") !=
        std::string::npos);
  // No temporary file is left behind.
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);

  const CommandRun all = run_in(dir, "-f gcc --fix --unsafe-fixes Dockerfile");
  CHECK(all.code == 0);
  CHECK(read_text(dir.path / "Dockerfile") ==
        "FROM alpine\nRUN apt-get update\nRUN chmod 755 /app\nRUN make\nUSER 1000\n");
  CHECK(all.out.find("layerlint: fixed 2 issues in 1 file\n") != std::string::npos);
  CHECK(mode_of(dir.path / "Dockerfile") == 0640);
  // Nothing left to fix: the file is not written again.
  const auto written = fs::last_write_time(dir.path / "Dockerfile");
  CHECK(run_in(dir, "--fix --unsafe-fixes Dockerfile").out.find("fixed 0 issues in 0 files") !=
        std::string::npos);
  CHECK(fs::last_write_time(dir.path / "Dockerfile") == written);
}

TEST_CASE("fix: --diff prints what --fix would change and writes nothing", "[cli][fix]") {
  const TempDir dir("cli-diff");
  dir.write("Dockerfile", k_dockerfile);
  const CommandRun r = run_in(dir, "--diff Dockerfile", "2>/dev/null");
  CHECK(r.code == 1);
  CHECK(r.out ==
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,5 +1,5 @@\n FROM alpine\n-RUN sudo apt-get update\n"
        "+RUN apt-get update\n RUN chmod 777 /app\n RUN --security=insecure make\n USER 1000\n");
  CHECK(read_text(dir.path / "Dockerfile") == k_dockerfile);
  const CommandRun unsafe = run_in(dir, "--diff --unsafe-fixes Dockerfile", "2>/dev/null");
  CHECK(unsafe.code == 1);
  CHECK(unsafe.out.find("+RUN chmod 755 /app\n") != std::string::npos);
  CHECK(unsafe.out.find("+RUN make\n") != std::string::npos);
  CHECK(read_text(dir.path / "Dockerfile") == k_dockerfile);
  // Nothing to fix: no diff, exit 0 whatever the findings.
  dir.write("clean.Dockerfile", "FROM alpine\nRUN chmod 700 /app\n");
  const CommandRun clean = run_in(dir, "--diff clean.Dockerfile", "2>/dev/null");
  CHECK(clean.code == 0);
  CHECK(clean.out.empty());
}

TEST_CASE("fix: --unsafe-fixes needs --fix or --diff", "[cli][fix]") {
  const TempDir dir("cli-unsafe");
  dir.write("Dockerfile", k_dockerfile);
  const CommandRun r = run_in(dir, "--unsafe-fixes Dockerfile");
  CHECK(r.code == 2);
  CHECK(r.out.find("--unsafe-fixes") != std::string::npos);
  CHECK(read_text(dir.path / "Dockerfile") == k_dockerfile);
}

TEST_CASE("fix: --fix on standard input prints the fixed text, not the report", "[cli][fix]") {
  const TempDir dir("cli-stdin");
  dir.write("in", k_dockerfile);
  const CommandRun r = run_in(dir, "--fix --stdin-filename app/Dockerfile - < in", "2>/dev/null");
  CHECK(r.code == 1);
  CHECK(r.out ==
        "FROM alpine\nRUN apt-get update\nRUN chmod 777 /app\nRUN --security=insecure make\nUSER 1000\n");
  const CommandRun diff = run_in(dir, "--diff --stdin-filename app/Dockerfile - < in", "2>/dev/null");
  CHECK(diff.code == 1);
  CHECK(diff.out.starts_with("--- a/app/Dockerfile\n+++ b/app/Dockerfile\n@@ -1,5 +1,5 @@\n"));
  // Nothing to fix: the text as it came.
  dir.write("clean", "FROM alpine\nUSER 1000\n");
  CHECK(run_in(dir, "--fix - < clean", "2>/dev/null").out == "FROM alpine\nUSER 1000\n");
}

TEST_CASE("fix: --fix never rewrites a file with a parse error, and keeps CRLF and BOM elsewhere",
          "[cli][fix]") {
  const TempDir dir("cli-ll0001");
  const std::string broken = "FROM alpine\nRUN sudo apt-get update\nRUN <<EOF\nnever ends\n";
  dir.write("broken.Dockerfile", broken);
  const std::string crlf =
      "\xEF\xBB\xBF"
      "FROM alpine\r\nRUN\tsudo   apt-get update\r\nUSER 1000";
  dir.write("crlf.Dockerfile", crlf);
  const CommandRun r = run_in(dir, "-f gcc --fix broken.Dockerfile crlf.Dockerfile");
  CHECK(r.code == 1);
  CHECK(r.out.find("[LL0001]") != std::string::npos);
  CHECK(read_text(dir.path / "broken.Dockerfile") == broken);
  CHECK(read_text(dir.path / "crlf.Dockerfile") ==
        "\xEF\xBB\xBF"
        "FROM alpine\r\nRUN\tapt-get update\r\nUSER 1000");
  // Ignoring LL0001 hides the finding, not the parse error: the file is still left alone.
  CHECK(run_in(dir, "--fix --ignore LL0001 broken.Dockerfile").code == 1);
  CHECK(read_text(dir.path / "broken.Dockerfile") == broken);
}

TEST_CASE("lines for another file are appended once, atomically, after a line break", "[cli][fix]") {
  const TempDir dir("cli-append");
  CHECK(layerlint::append_missing_lines("", ".env\nid_rsa\n") == ".env\nid_rsa\n");
  CHECK(layerlint::append_missing_lines("node_modules", ".env\n") == "node_modules\n.env\n");
  CHECK(layerlint::append_missing_lines(".env\r\nx\r\n", ".env\ny\ny\n") == ".env\r\nx\r\ny\r\n");
  CHECK(layerlint::append_missing_lines(".env\n", ".env") == ".env\n");

  const fs::path ignore = dir.path / ".dockerignore";
  CHECK(layerlint::write_atomically(ignore.string(), ".git\n").empty());
  const unsigned new_mode = mode_of(ignore);
  CHECK((new_mode & 0600) == 0600);
  CHECK((new_mode & 0111) == 0);
  REQUIRE(::chmod(ignore.c_str(), 0604) == 0);
  for (int run = 0; run < 2; ++run) {
    const std::string before = read_text(ignore);
    const std::string after = layerlint::append_missing_lines(before, ".env\n");
    if (after != before) CHECK(layerlint::write_atomically(ignore.string(), after).empty());
  }
  CHECK(read_text(ignore) == ".git\n.env\n");
  CHECK(mode_of(ignore) == 0604);
  // Through a symbolic link the target is replaced and the link kept.
  fs::create_symlink(".dockerignore", dir.path / "link");
  CHECK(layerlint::write_atomically((dir.path / "link").string(), "x\n").empty());
  CHECK(fs::is_symlink(dir.path / "link"));
  CHECK(read_text(ignore) == "x\n");
  CHECK_FALSE(layerlint::write_atomically((dir.path / "missing/dir/file").string(), "x\n").empty());
}

TEST_CASE("fix: --fix --unsafe-fixes on the example leaves no secret finding, keeps the app, and is stable",
          "[cli][fix]") {
  const TempDir dir("cli-fix-example");
  const fs::path examples = layerlint::testing::source_dir() / "examples";
  for (const auto& entry : fs::directory_iterator(examples)) {
    if (entry.is_regular_file()) fs::copy_file(entry.path(), dir.path / entry.path().filename());
  }
  const std::string before = read_text(dir.path / "Dockerfile");
  const CommandRun first = run_in(dir, "-f gcc --fix --unsafe-fixes Dockerfile");
  const std::string fixed = read_text(dir.path / "Dockerfile");
  INFO(first.out << "\n--- fixed:\n" << fixed);
  CHECK(fixed != before);
  // No secret finding at warning or error is left, and nothing fails to parse.
  for (std::string_view rule :
       {"LL0001", "LL1001", "LL1002", "LL1003", "LL1004", "LL1005", "LL1006", "LL1007", "LL1008", "LL1009"}) {
    CHECK(first.out.find(fmt::format("[{}]", rule)) == std::string::npos);
  }
  // The application's COPY stays; the runtime secret gets a runtime fix, not a build mount.
  CHECK(fixed.find("COPY --from=build /app /app\n") != std::string::npos);
  CHECK(fixed.find("COPY . .\n") != std::string::npos);
  CHECK(fixed.find("DATABASE_PASSWORD") == std::string::npos);
  CHECK(fixed.find("id=database_password") == std::string::npos);
  // The SSH key is forwarded, not copied; the token is mounted on the RUN that reads it.
  CHECK(fixed.find("COPY id_ed25519") == std::string::npos);
  CHECK(fixed.find("RUN --mount=type=ssh,required=true mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com") !=
        std::string::npos);
  CHECK(fixed.find("--mount=type=secret,id=npm_token,required=true export NPM_TOKEN=") != std::string::npos);
  CHECK(fixed.find("&& rm -f /root/.npmrc\n") != std::string::npos);
  // The context's secrets are excluded.
  const std::string ignore = read_text(dir.path / ".dockerignore");
  CHECK(ignore.find("/.env\n") != std::string::npos);
  CHECK(ignore.find("/id_ed25519\n") != std::string::npos);
  // A second run changes nothing.
  const CommandRun second = run_in(dir, "-f gcc --fix --unsafe-fixes Dockerfile");
  CHECK(read_text(dir.path / "Dockerfile") == fixed);
  CHECK(read_text(dir.path / ".dockerignore") == ignore);
  CHECK(second.out.find("layerlint: fixed 0 issues in 0 files") != std::string::npos);
}

TEST_CASE("fix: the configured builder's recipe comes first", "[cli][fix]") {
  const TempDir dir("cli-fix-builder");
  dir.write("Dockerfile", "FROM node:20\nARG NPM_TOKEN\nRUN npm ci\nUSER node\n");
  const CommandRun docker = run_in(dir, "Dockerfile");
  CHECK(docker.out.find(
            "    build with: DOCKER_BUILDKIT=1 docker build --secret id=npm_token,env=NPM_TOKEN .\n") !=
        std::string::npos);
  const CommandRun podman = run_in(dir, "--builder podman Dockerfile");
  CHECK(podman.out.find("    podman: podman build --secret id=npm_token,env=NPM_TOKEN .\n") !=
        std::string::npos);
  dir.write(".layerlint.yaml", "builder: github-actions\n");
  const CommandRun gha = run_in(dir, "--fix-details Dockerfile");
  const size_t first = gha.out.find("github-actions:");
  CHECK(first != std::string::npos);
  CHECK(first < gha.out.find("build with:"));
  CHECK(gha.out.find("secret-envs: |") != std::string::npos);
}
