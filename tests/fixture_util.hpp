// Shared by the fixture-driven tests: reading files and running one rule over a Dockerfile.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace layerlint::testing {

inline std::filesystem::path source_dir() { return LAYERLINT_SOURCE_DIR; }
inline std::filesystem::path corpus_dir() { return source_dir().parent_path() / "shared" / "corpus"; }

// Writes `content` to `p`, creating its folders.
inline void write_file(const std::filesystem::path& p, const std::string& content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A scratch directory, removed at the end of the test. The process id keeps the test cases that
// ctest runs in parallel processes apart.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() /
             ("layerlint-" + std::to_string(::getpid()) + "-" + name)) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  void write(const std::string& relative, const std::string& content) const {
    write_file(path / relative, content);
  }
  void mkdir(const std::string& relative) const { std::filesystem::create_directories(path / relative); }
};

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
