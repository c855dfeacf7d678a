// The text format shows a window of a long line, with the marker still under the range.
#include <catch2/catch.hpp>

#include <sstream>

#include "layerlint/report.hpp"

using namespace layerlint;

TEST_CASE("a long source line is shown as a window around the range", "[report]") {
  const std::string line = "RUN echo " + std::string(5000, 'a') + " TARGET " + std::string(5000, 'b');
  auto src = std::make_shared<const SourceFile>("Dockerfile", line + "\n");
  const auto at = static_cast<uint32_t>(line.find("TARGET"));
  Finding f{"LL0001", "parse-error", Severity::Error, src->range(at, at + 6), "m", std::nullopt};
  std::ostringstream out;
  REQUIRE(write_report("text", {{src, "Dockerfile", {f}}}, {}, out));
  std::istringstream lines(out.str());
  std::string header, shown, marker;
  std::getline(lines, header);
  std::getline(lines, shown);
  std::getline(lines, marker);
  CHECK(shown.size() < 200 + 8);
  CHECK(shown.find("\xE2\x80\xA6") != std::string::npos);  // cut on both sides
  // The marker's first '^' sits under the 'T' of TARGET (both lines share the indent; the window
  // starts with a 3-byte, 1-column ellipsis).
  const size_t caret = marker.find('^');
  REQUIRE(caret != std::string::npos);
  const size_t target = shown.find("TARGET");
  REQUIRE(target != std::string::npos);
  CHECK(caret == target - 2);
  CHECK(marker.substr(caret) == "^~~~~~");
}
