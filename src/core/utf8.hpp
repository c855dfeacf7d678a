// UTF-8 helpers shared by the parser, the shell model, the build context and the reporters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace layerlint::utf8 {

struct Rune {
  uint32_t cp;     // U+FFFD for an invalid byte
  uint32_t width;  // bytes consumed (1 for an invalid byte)
};

// Decodes one UTF-8 code point the way Go's utf8.DecodeRuneInString does. Precondition: pos < size.
Rune decode_rune(std::string_view text, size_t pos);

// Appends code point `cp` encoded as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
void append(std::string& out, uint32_t cp);

// Go's unicode.IsSpace (what BuildKit trims and splits on).
bool is_go_space(uint32_t cp);

// Go's unicode.IsPrint (what strconv.Quote prints as it is): letters, marks, numbers, punctuation,
// symbols and U+0020, as of Unicode 15.0.0 (Go 1.21 and later).
bool is_go_print(uint32_t cp);

// Go's unicode.ToLower: the simple lower-case mapping ("K" KELVIN SIGN to "k", "İ" to "i").
uint32_t go_to_lower(uint32_t cp);

// Go's strings.ToLower: every code point lower-cased, each invalid UTF-8 byte becomes U+FFFD.
std::string go_lower(std::string_view text);

}  // namespace layerlint::utf8
