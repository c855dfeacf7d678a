// Positions as the Language Server Protocol counts them: 0-based lines and 0-based characters in
// the negotiated encoding (UTF-8 bytes, UTF-16 code units, or code points), over a text's bytes.
//
// Lines end at "\n", "\r\n" or a lone "\r" (the protocol's definition); a character past the end of
// its line means the end of the line, and a line past the last means the end of the text. A text
// the client sent is counted as sent: a U+FEFF at its start is a character like any other (editors
// hide a file's BOM and do not send it). A file read from disk is counted as an editor shows it:
// without its BOM (`skip_bom`). Bytes that are not valid UTF-8 count as one U+FFFD each.
//
// Contract: a LineIndex holds a view of the text it indexes (the caller keeps the text alive), is
// immutable after construction and safe to share across threads. Conversions never throw and
// clamp out-of-range input. A conversion costs O(log lines) plus the length of the line up to the
// position (O(1) on a line of ASCII, or in UTF-8).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace layerlint::lsp {

enum class PositionEncoding { Utf8, Utf16, Utf32 };

// "utf-8", "utf-16", "utf-32"; and back (nullopt for any other name).
std::string_view encoding_name(PositionEncoding encoding);
std::optional<PositionEncoding> parse_encoding(std::string_view name);

struct LspPosition {
  uint32_t line = 0;
  uint32_t character = 0;
  friend auto operator<=>(const LspPosition&, const LspPosition&) = default;
};

struct LspRange {
  LspPosition start;
  LspPosition end;
  friend bool operator==(const LspRange&, const LspRange&) = default;
};

class LineIndex {
 public:
  LineIndex(std::string_view text, PositionEncoding encoding, bool skip_bom = false);

  // The position of a byte offset (clamped to the text; an offset inside a line break or inside a
  // character counts as the line's end or the character's start).
  [[nodiscard]] LspPosition position(uint32_t offset) const;
  // The byte offset of a position (clamped as described above; a character inside a surrogate pair
  // counts as the start of that code point).
  [[nodiscard]] uint32_t offset(LspPosition position) const;
  // The byte offset of a 1-based line and 1-based column in code points (layerlint's and the
  // config errors' positions), clamped the same way; line 0 is offset 0.
  [[nodiscard]] uint32_t offset_of_column(uint32_t line, uint32_t column) const;
  // The position just after the last byte of the text.
  [[nodiscard]] LspPosition end() const { return position(static_cast<uint32_t>(m_text.size())); }
  [[nodiscard]] PositionEncoding encoding() const { return m_encoding; }

 private:
  // The byte offset where line `line`'s content ends (its line break, or the end of the text).
  [[nodiscard]] uint32_t content_end(uint32_t line) const;

  std::string_view m_text;
  PositionEncoding m_encoding;
  uint32_t m_bom = 0;
  std::vector<uint32_t> m_line_starts;
  std::vector<bool> m_ascii;  // per line: only ASCII bytes, so a character is a byte
};

}  // namespace layerlint::lsp
