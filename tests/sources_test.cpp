// Promises about the test sources themselves: they build against Catch2 v2 and v3 alike.
#include "catch.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

TEST_CASE("the tests include Catch2 only through tests/catch.hpp and use no Approx", "[sources]") {
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(LAYERLINT_SOURCE_DIR) / "tests")) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".cpp") && !name.ends_with(".hpp")) continue;
    if (name == "catch.hpp" || name == "main.cpp") continue;  // where the two versions are told apart
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    INFO(name);
    CHECK(text.str().find(std::string("#include <") + "catch2/") == std::string::npos);
    CHECK(text.str().find(std::string("Approx") + "(") == std::string::npos);
    ++files;
  }
  CHECK(files > 10);
}
