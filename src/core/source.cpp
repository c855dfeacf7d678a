#include "layerlint/source.hpp"

#include <algorithm>

namespace layerlint {

void SourceMap::add_run(uint32_t derived, uint32_t source) {
  if (!m_runs.empty() && m_runs.back().derived == derived) {
    m_runs.back().source = source;
    return;
  }
  m_runs.push_back({derived, source});
}

uint32_t SourceMap::to_source(uint32_t derived) const {
  if (m_runs.empty()) return derived;
  auto it = std::upper_bound(m_runs.begin(), m_runs.end(), derived,
                             [](uint32_t d, const Run& r) { return d < r.derived; });
  if (it == m_runs.begin()) return m_runs.front().source;
  --it;
  return it->source + (derived - it->derived);
}

uint32_t SourceMap::to_source_end(uint32_t derived_begin, uint32_t derived_end) const {
  if (derived_end <= derived_begin) return to_source(derived_begin);
  return to_source(derived_end - 1) + 1;
}

SourceFile::SourceFile(std::string path, std::string content)
    : m_path(std::move(path)), m_text(std::move(content)) {
  if (m_text.size() >= 3 && static_cast<unsigned char>(m_text[0]) == 0xEF &&
      static_cast<unsigned char>(m_text[1]) == 0xBB && static_cast<unsigned char>(m_text[2]) == 0xBF) {
    m_bom = 3;
  }
  m_line_starts.push_back(0);
  m_block_code_points.reserve(m_text.size() / k_block + 1);
  uint32_t code_points = 0;
  for (uint32_t i = 0; i < m_text.size(); ++i) {
    if (i % k_block == 0) m_block_code_points.push_back(code_points);
    if (m_text[i] == '\n') m_line_starts.push_back(i + 1);
    if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++code_points;
  }
}

uint32_t SourceFile::code_points_before(uint32_t offset) const {
  const uint32_t block = offset / k_block;
  if (block >= m_block_code_points.size()) {
    // Only reachable for offset == size() at an exact block boundary (or an empty text).
    uint32_t n = m_block_code_points.empty() ? 0 : m_block_code_points.back();
    for (uint32_t i = static_cast<uint32_t>(
             m_block_code_points.size() ? (m_block_code_points.size() - 1) * k_block : 0);
         i < offset; ++i) {
      if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++n;
    }
    return n;
  }
  uint32_t n = m_block_code_points[block];
  for (uint32_t i = block * k_block; i < offset; ++i) {
    if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

Position SourceFile::position_at(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(m_text.size()));
  auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  const auto line_index = static_cast<uint32_t>(it - m_line_starts.begin()) - 1;
  uint32_t start = m_line_starts[line_index];
  if (line_index == 0) start = std::min(std::max(start, m_bom), offset);
  // Count code points (bytes that are not UTF-8 continuation bytes) between the line start and
  // offset: directly on a short span, through the block checkpoints on a long one.
  uint32_t column = 1;
  if (offset - start <= k_block / 4) {
    for (uint32_t i = start; i < offset; ++i)
      column += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80;
  } else {
    column += code_points_before(offset) - code_points_before(start);
  }
  return {line_index + 1, column, offset};
}

Range SourceFile::range(uint32_t begin_offset, uint32_t end_offset) const {
  return {position_at(begin_offset), position_at(std::max(begin_offset, end_offset))};
}

Range SourceFile::range(const SourceMap& map, uint32_t derived_begin, uint32_t derived_end) const {
  return range(map.to_source(derived_begin), map.to_source_end(derived_begin, derived_end));
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > m_line_starts.size()) return {};
  uint32_t begin = m_line_starts[line - 1];
  if (line == 1) begin = std::max(begin, std::min<uint32_t>(m_bom, m_text.size()));
  uint32_t end = line < m_line_starts.size() ? m_line_starts[line] - 1 : static_cast<uint32_t>(m_text.size());
  if (end > begin && m_text[end - 1] == '\r') --end;
  return std::string_view(m_text).substr(begin, end - begin);
}

}  // namespace layerlint
