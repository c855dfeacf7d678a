// Shared by the fixture-driven tests: reading files and running one rule over a Dockerfile.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace layerlint::testing {

inline std::filesystem::path source_dir() { return LAYERLINT_SOURCE_DIR; }
inline std::filesystem::path corpus_dir() { return source_dir().parent_path() / "shared" / "corpus"; }

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct CommandRun {
  int code = -1;    // exit status, -1 when the command did not exit normally
  std::string out;  // what it printed (stderr too when the command redirects it)
};

// Runs a shell command line and collects its output.
inline CommandRun run_command(const std::string& command) {
  CommandRun r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), pipe)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace layerlint::testing
