#include "core/utf8.hpp"

#include <algorithm>
#include <iterator>

namespace layerlint::utf8 {
namespace {

struct PrintRange {
  uint32_t lo;
  uint32_t hi;
};

// Code points lo, lo + stride, ... hi map to themselves plus delta.
struct LowerRun {
  uint32_t lo;
  uint32_t hi;
  int32_t delta;
  uint32_t stride;
};

#include "core/unicode_tables.inc"

// Go's utf8.DecodeRuneInString: {code point, width}; an invalid byte is {U+FFFD, 1}.
std::pair<uint32_t, size_t> decode(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) return {b0, 1};
  const size_t left = s.size() - i;
  const auto cont = [&](size_t k) { return k < left && (byte(k) & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) return {(uint32_t(b0 & 0x1F) << 6) | (byte(1) & 0x3F), 2};
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    const uint32_t cp = (uint32_t(b0 & 0x0F) << 12) | (uint32_t(byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) return {cp, 3};
  } else if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    const uint32_t cp = (uint32_t(b0 & 0x07) << 18) | (uint32_t(byte(1) & 0x3F) << 12) |
                        (uint32_t(byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
    if (cp >= 0x10000 && cp <= 0x10FFFF) return {cp, 4};
  }
  return {0xFFFD, 1};
}

}  // namespace

Rune decode_rune(std::string_view text, size_t pos) {
  const auto [cp, width] = decode(text, pos);
  return {cp, static_cast<uint32_t>(width)};
}

bool is_go_print(uint32_t cp) {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
  const auto* it = std::upper_bound(std::begin(k_print_ranges), std::end(k_print_ranges), cp,
                                    [](uint32_t c, const PrintRange& r) { return c < r.lo; });
  return it != std::begin(k_print_ranges) && cp <= std::prev(it)->hi;
}

uint32_t go_to_lower(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
  const auto* it = std::upper_bound(std::begin(k_lower_runs), std::end(k_lower_runs), cp,
                                    [](uint32_t c, const LowerRun& r) { return c < r.lo; });
  if (it == std::begin(k_lower_runs)) return cp;
  const LowerRun& run = *std::prev(it);
  if (cp > run.hi || (cp - run.lo) % run.stride != 0) return cp;
  return static_cast<uint32_t>(static_cast<int64_t>(cp) + run.delta);
}

std::string go_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
      ++i;
      continue;
    }
    const auto [cp, width] = decode(text, i);
    append(out, go_to_lower(cp));
    i += width;
  }
  return out;
}

void append(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_go_space(uint32_t cp) {
  switch (cp) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000: return true;
    default: return cp >= 0x2000 && cp <= 0x200A;
  }
}

}  // namespace layerlint::utf8
