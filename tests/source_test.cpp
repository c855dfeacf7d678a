#include "catch.hpp"

#include "layerlint/finding.hpp"
#include "layerlint/source.hpp"

using namespace layerlint;

TEST_CASE("positions are 1-based lines and code-point columns", "[source]") {
  SourceFile f("x", "ab\n\xC3\xA9z\r\nlast");
  CHECK(f.line_count() == 3);
  CHECK(f.position_at(0) == Position{1, 1, 0});
  CHECK(f.position_at(2) == Position{1, 3, 2});
  CHECK(f.position_at(3) == Position{2, 1, 3});
  CHECK(f.position_at(5) == Position{2, 2, 5});  // after the two-byte é
  CHECK(f.position_at(100).offset == f.text().size());
  CHECK(f.line_text(2) == "\xC3\xA9z");
  CHECK(f.line_text(3) == "last");
  CHECK(f.line_text(4).empty());
}

TEST_CASE("a BOM is not counted in columns", "[source]") {
  SourceFile f("x",
               "\xEF\xBB\xBF"
               "FROM x");
  CHECK(f.position_at(3).column == 1);
  CHECK(f.position_at(8).column == 6);
  CHECK(f.line_text(1) == "FROM x");
}

TEST_CASE("a source map follows runs of a joined text", "[source]") {
  // "RUN a \\\n  b" joined as "a   b": run 0 at source 4, run 3 ("  b") at source 8.
  SourceMap map;
  map.add_run(0, 4);
  map.add_run(3, 8);
  CHECK(map.to_source(0) == 4);
  CHECK(map.to_source(2) == 6);
  CHECK(map.to_source(4) == 9);
  CHECK(map.to_source_end(3, 5) == 10);
}

TEST_CASE("redaction never shows most of a secret", "[finding]") {
  CHECK(redact("ghp_0123456789abcdefghij0123456789abcdef") == "ghp_… (40 chars)");
  CHECK(redact("hunter22") == "hu… (8 chars)");
  CHECK(redact("pw") == "… (2 chars)");
}

TEST_CASE("columns stay exact on lines much longer than a counting block", "[source]") {
  // 3,000 two-byte characters, then ASCII: the line crosses several 4 KiB blocks.
  std::string text = "x\n";
  for (int i = 0; i < 3000; ++i) text += "\xC3\xA9";
  text += std::string(10000, 'a') + "\nend";
  SourceFile f("x", text);
  const auto line2 = static_cast<uint32_t>(2);
  CHECK(f.position_at(2 + 6000) == Position{line2, 3001, 6002});
  CHECK(f.position_at(2 + 6000 + 9999).column == 3000 + 10000);
  CHECK(f.position_at(static_cast<uint32_t>(text.size())) ==
        Position{3, 4, static_cast<uint32_t>(text.size())});
  for (uint32_t offset = 4090; offset < 4100; offset += 2) {
    CHECK(f.position_at(offset).column == 1 + (offset - 2) / 2);
  }
}
