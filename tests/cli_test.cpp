// End to end: the real binary, its exit codes, bad input, stdin, --dump-ast.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "fixture_util.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

// Runs the binary with `args` (shell words, already quoted) and stdout+stderr captured.
Run run(const std::string& args) {
  const std::string command = std::string(LAYERLINT_BINARY) + " " + args + " 2>&1";
  Run r;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::array<char, 4096> buf{};
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), pipe)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A folder of its own per test case: ctest runs test cases in parallel processes.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("layerlint-cli-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

}  // namespace

TEST_CASE("exit codes follow the fail level", "[cli]") {
  const fs::path dir = scratch("codes");
  write(dir / "clean.Dockerfile", "FROM alpine\nUSER 10001\n");
  write(dir / "leak.Dockerfile", "FROM alpine\nARG NPM_TOKEN\nRUN npm ci\nUSER 10001\n");
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
  write(dir / "Dockerfile", "FROM alpine\nARG GITHUB_TOKEN\nRUN make\nUSER 1000\n");
  write(dir / "binary.Dockerfile", std::string("FROM x\0\x01\x02", 9));
  write(dir / "utf16.Dockerfile", std::string("\xFF\xFE"
                                              "F\0R\0",
                                              6));
  write(dir / "heredoc.Dockerfile", "FROM alpine\nRUN <<EOF\necho never ends\n");
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
  write(dir / "long.Dockerfile", "FROM alpine\nRUN echo " + std::string(10'000'000, 'a') + "\nUSER 1000\n");
  const Run r = run("-f gcc " + (dir / "long.Dockerfile").string());
  CHECK(r.code == 0);
}

TEST_CASE("standard input with --stdin-filename", "[cli]") {
  const fs::path dir = scratch("stdin");
  write(dir / "in", "FROM alpine\nENV DB_PASSWORD=Xy7-very-real-passw0rd\nUSER 1000\n");
  const Run r = run("-f gcc --stdin-filename app/Dockerfile - < " + (dir / "in").string());
  CHECK(r.code == 1);
  CHECK(r.out.find("app/Dockerfile:2:5: error:") != std::string::npos);
  CHECK(r.out.find("Xy7-very-real-passw0rd") == std::string::npos);
}

TEST_CASE("dump-ast prints BuildKit's parse and fails where BuildKit does", "[cli]") {
  const fs::path dir = scratch("dump");
  write(dir / "ok", "FROM busybox\nRUN echo \\\n  hi\n");
  write(dir / "bad", "FROM busybox\nENV PATH\n");
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
