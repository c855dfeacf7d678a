#include "lsp/positions.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace layerlint::lsp {

std::string_view encoding_name(PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::Utf8: return "utf-8";
    case PositionEncoding::Utf16: return "utf-16";
    case PositionEncoding::Utf32: return "utf-32";
  }
  return "utf-16";
}

std::optional<PositionEncoding> parse_encoding(std::string_view name) {
  if (name == "utf-8") return PositionEncoding::Utf8;
  if (name == "utf-16") return PositionEncoding::Utf16;
  if (name == "utf-32") return PositionEncoding::Utf32;
  return std::nullopt;
}

namespace {

// Units of one code point in `encoding`.
uint32_t units(uint32_t cp, uint32_t bytes, PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::Utf8: return bytes;
    case PositionEncoding::Utf16: return cp >= 0x10000 ? 2 : 1;
    case PositionEncoding::Utf32: return 1;
  }
  return 1;
}

}  // namespace

LineIndex::LineIndex(std::string_view text, PositionEncoding encoding, bool skip_bom)
    : m_text(text), m_encoding(encoding) {
  if (skip_bom && text.starts_with("\xEF\xBB\xBF")) m_bom = 3;
  m_line_starts.push_back(m_bom);
  bool ascii = true;
  for (size_t i = m_bom; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\n' && c != '\r') {
      ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    m_ascii.push_back(ascii);
    ascii = true;
    m_line_starts.push_back(static_cast<uint32_t>(i + 1));
  }
  m_ascii.push_back(ascii);
}

uint32_t LineIndex::content_end(uint32_t line) const {
  if (line + 1 >= m_line_starts.size()) return static_cast<uint32_t>(m_text.size());
  uint32_t end = m_line_starts[line + 1] - 1;  // the '\n' or the lone '\r'
  if (m_text[end] == '\n' && end > m_line_starts[line] && m_text[end - 1] == '\r') --end;
  return end;
}

LspPosition LineIndex::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(m_text.size()));
  const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  const uint32_t line =
      it == m_line_starts.begin() ? 0 : static_cast<uint32_t>(it - m_line_starts.begin() - 1);
  const uint32_t start = m_line_starts[line];
  const uint32_t stop = std::max(start, std::min(offset, content_end(line)));
  if (m_encoding == PositionEncoding::Utf8 || m_ascii[line]) return {line, stop - start};
  uint32_t character = 0;
  for (uint32_t at = start; at < stop;) {
    const utf8::Rune r = utf8::decode_rune(m_text, at);
    if (at + r.width > stop) break;  // `offset` falls inside this character: count up to its start
    character += units(r.cp, r.width, m_encoding);
    at += r.width;
  }
  return {line, character};
}

uint32_t LineIndex::offset(LspPosition position) const {
  if (position.line >= m_line_starts.size()) return static_cast<uint32_t>(m_text.size());
  const uint32_t start = m_line_starts[position.line];
  const uint32_t stop = content_end(position.line);
  if (m_encoding == PositionEncoding::Utf8 || m_ascii[position.line]) {
    // A UTF-8 character may point inside a code point: no client should, and the bytes are kept.
    return start + std::min(position.character, stop - start);
  }
  uint32_t at = start;
  for (uint32_t character = 0; at < stop;) {
    const utf8::Rune r = utf8::decode_rune(m_text, at);
    character += units(r.cp, r.width, m_encoding);
    if (character > position.character) break;
    at += r.width;
  }
  return at;
}

uint32_t LineIndex::offset_of_column(uint32_t line, uint32_t column) const {
  if (line == 0) return m_bom;
  if (line > m_line_starts.size()) return static_cast<uint32_t>(m_text.size());
  const uint32_t stop = content_end(line - 1);
  uint32_t at = m_line_starts[line - 1];
  for (uint32_t c = 1; c < column && at < stop; ++c) at += utf8::decode_rune(m_text, at).width;
  return std::min(at, stop);
}

}  // namespace layerlint::lsp
