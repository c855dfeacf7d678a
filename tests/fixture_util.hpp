// Shared by the fixture-driven tests: reading files and running one rule over a Dockerfile.
#pragma once

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

}  // namespace layerlint::testing
