// UTF-8 helpers shared by the parser, the shell model, the build context and the reporters.
#pragma once

#include <cstdint>
#include <string>

namespace layerlint::utf8 {

// Appends code point `cp` encoded as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
void append(std::string& out, uint32_t cp);

// Go's unicode.IsSpace (what BuildKit trims and splits on).
bool is_go_space(uint32_t cp);

}  // namespace layerlint::utf8
