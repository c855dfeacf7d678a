// Internal helpers of the Dockerfile parser: Go-compatible text primitives, builder flags and
// mount values. Not part of the public contract.
#pragma once

#include "core/utf8.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/ast.hpp"

namespace layerlint::parse_detail {

using utf8::decode_rune;
using utf8::Rune;
// Go's unicode.IsSpace.
using utf8::is_go_space;
// BuildKit's `[\t\v\f\r ]` separator class.
inline bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }
// Appends the UTF-8 encoding of a code point.
inline void append_utf8(std::string& out, uint32_t cp) { utf8::append(out, cp); }
// Replaces invalid UTF-8 bytes by U+FFFD, as Go does when a string is built rune by rune.
std::string go_runes(std::string_view text);
// Go's strconv.Quote (the `%q` verb).
std::string go_quote(std::string_view text);

// One word of BuildKit's builder-flag scan (`--name=value` before the arguments).
struct FlagWord {
  std::string original;           // as BuildKit lists it (quotes and escapes removed)
  std::string plain;              // the same with bytes kept as they are
  std::vector<uint32_t> offsets;  // derived offset of each byte of `plain`
  uint32_t begin = 0;             // derived range of the whole flag word
  uint32_t end = 0;
};

// Scans builder flags in text[begin, end), unescaping with the file's escape character. Returns the
// offset where the arguments start.
uint32_t extract_builder_flags(std::string_view text, uint32_t begin, uint32_t end, char escape,
                               std::vector<FlagWord>& out);

// A field of a comma-separated flag value, with offsets into that value.
struct CsvField {
  std::string text;
  uint32_t begin = 0;
  uint32_t end = 0;
};

// Splits a flag value like Go's encoding/csv (one record). Returns false with `error` on bad quoting;
// `fields` then holds what could be read.
bool split_csv(std::string_view value, std::vector<CsvField>& fields, std::string& error);

// Fills a Mount from a `--mount` value; returns false with `error` when BuildKit would reject it.
// `fields` ranges are left empty; the caller positions them.
bool parse_mount_value(std::string_view value, Mount& mount,
                       std::vector<std::pair<uint32_t, uint32_t>>& spans, std::string& error);

}  // namespace layerlint::parse_detail
