// Source text and positions.
//
// Contract: a SourceFile owns the bytes of one input exactly as read (BOM, CRLF and invalid UTF-8
// included). Positions are 1-based lines and 1-based columns counted in Unicode code points (a
// leading UTF-8 BOM is not counted); `offset` is the 0-based byte offset. Ranges are half-open.
// A SourceFile is immutable after construction and safe to share across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace layerlint {

struct Position {
  uint32_t line = 0;    // 1-based; 0 means "no position"
  uint32_t column = 0;  // 1-based, in code points
  uint32_t offset = 0;  // 0-based byte offset into SourceFile::text()

  friend bool operator==(const Position&, const Position&) = default;
};

struct Range {
  Position begin;
  Position end;  // exclusive

  [[nodiscard]] bool valid() const { return begin.line > 0 && end.line > 0; }
  friend bool operator==(const Range&, const Range&) = default;
};

// Maps offsets of a derived text (e.g. an instruction with its line continuations joined, or a
// heredoc body with leading tabs stripped) back to byte offsets in the source. The derived text is
// made of runs copied verbatim from the source; each run is recorded by where it starts in both.
class SourceMap {
 public:
  // Appends a run: derived offset `derived` corresponds to source offset `source`, and the
  // following bytes correspond one to one until the next run.
  void add_run(uint32_t derived, uint32_t source);
  // Source byte offset of derived offset `derived` (clamped to the last run). Precondition: at
  // least one run was added; otherwise returns `derived` unchanged.
  [[nodiscard]] uint32_t to_source(uint32_t derived) const;
  // For a half-open derived range: the source offset just after the last byte of the range.
  [[nodiscard]] uint32_t to_source_end(uint32_t derived_begin, uint32_t derived_end) const;
  [[nodiscard]] bool empty() const { return m_runs.empty(); }

 private:
  struct Run {
    uint32_t derived;
    uint32_t source;
  };
  std::vector<Run> m_runs;
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string content);

  [[nodiscard]] const std::string& path() const { return m_path; }
  [[nodiscard]] std::string_view text() const { return m_text; }
  [[nodiscard]] uint32_t line_count() const { return static_cast<uint32_t>(m_line_starts.size()); }

  // Position of a byte offset (clamped to the end of the text).
  [[nodiscard]] Position position_at(uint32_t offset) const;
  [[nodiscard]] Range range(uint32_t begin_offset, uint32_t end_offset) const;
  // Range in the source of a derived text's half-open range.
  [[nodiscard]] Range range(const SourceMap& map, uint32_t derived_begin, uint32_t derived_end) const;
  // Text of a 1-based line without its line terminator ("" when out of range).
  [[nodiscard]] std::string_view line_text(uint32_t line) const;

 private:
  std::string m_path;
  std::string m_text;
  // Code points before every k_block-th byte, so a column costs at most one block of counting
  // however long the line is.
  static constexpr uint32_t k_block = 4096;
  [[nodiscard]] uint32_t code_points_before(uint32_t offset) const;
  std::vector<uint32_t> m_line_starts;
  std::vector<uint32_t> m_block_code_points;
  uint32_t m_bom = 0;
};

}  // namespace layerlint
