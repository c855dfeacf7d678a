// The Dockerfile parser. It follows BuildKit's frontend parser step by step (directives, line
// continuations, comment and blank lines inside continuations, builder flags, per-instruction
// argument parsing, heredocs) and records where every piece came from.

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "core/text.hpp"
#include "layerlint/parser.hpp"
#include "parse/parse_internal.hpp"

namespace layerlint {
namespace {

using parse_detail::decode_rune;
using parse_detail::FlagWord;
using parse_detail::go_quote;
using parse_detail::go_runes;
using parse_detail::is_go_space;
using parse_detail::is_separator;

// BuildKit nests ONBUILD without a limit; deeper than this the trigger is dropped with an error, which
// keeps the recursion of the parser and of everything that walks the tree bounded.
constexpr int k_max_onbuild_depth = 256;
constexpr int k_max_json_depth = 10000;
constexpr uint32_t k_max_line_bytes = 65535;

InstructionKind kind_of(std::string_view lower) {
  static constexpr std::pair<std::string_view, InstructionKind> k_kinds[] = {
      {"from", InstructionKind::From},
      {"run", InstructionKind::Run},
      {"cmd", InstructionKind::Cmd},
      {"entrypoint", InstructionKind::Entrypoint},
      {"shell", InstructionKind::Shell},
      {"arg", InstructionKind::Arg},
      {"env", InstructionKind::Env},
      {"label", InstructionKind::Label},
      {"copy", InstructionKind::Copy},
      {"add", InstructionKind::Add},
      {"workdir", InstructionKind::Workdir},
      {"user", InstructionKind::User},
      {"expose", InstructionKind::Expose},
      {"volume", InstructionKind::Volume},
      {"stopsignal", InstructionKind::Stopsignal},
      {"healthcheck", InstructionKind::Healthcheck},
      {"onbuild", InstructionKind::Onbuild},
      {"maintainer", InstructionKind::Maintainer},
  };
  for (const auto& [name, kind] : k_kinds) {
    if (name == lower) return kind;
  }
  return InstructionKind::Unknown;
}

// Flags BuildKit's instructions accept; anything else is reported.
bool flag_known(InstructionKind kind, std::string_view name) {
  const auto in = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  switch (kind) {
    case InstructionKind::From: return in({"platform"});
    case InstructionKind::Run: return in({"mount", "network", "security", "device"});
    case InstructionKind::Copy: return in({"from", "chown", "chmod", "link", "parents", "exclude"});
    case InstructionKind::Add:
      return in({"chown", "chmod", "link", "keep-git-dir", "checksum", "exclude", "unpack"});
    case InstructionKind::Healthcheck:
      return in({"interval", "timeout", "start-period", "start-interval", "retries"});
    default: return false;
  }
}

// Converts byte offsets to positions. Positions are asked for mostly in increasing order, so the
// column count continues from the previous answer when it can (linear on very long lines).
class Locator {
 public:
  explicit Locator(const SourceFile& source) : m_source(source), m_text(source.text()) {
    if (m_text.size() >= 3 && static_cast<unsigned char>(m_text[0]) == 0xEF &&
        static_cast<unsigned char>(m_text[1]) == 0xBB && static_cast<unsigned char>(m_text[2]) == 0xBF) {
      m_bom = 3;
    }
    m_line_starts.push_back(0);
    const char* data = m_text.data();
    const size_t n = m_text.size();
    for (size_t i = 0; i < n;) {
      const void* hit = std::memchr(data + i, '\n', n - i);
      if (hit == nullptr) break;
      i = static_cast<size_t>(static_cast<const char*>(hit) - data) + 1;
      m_line_starts.push_back(static_cast<uint32_t>(i));
    }
  }

  [[nodiscard]] const std::vector<uint32_t>& line_starts() const { return m_line_starts; }
  [[nodiscard]] uint32_t bom() const { return m_bom; }

  // Short steps forward on the same line are counted from the last answer; anything else asks the
  // source, whose checkpoints keep every answer bounded however long the line is.
  Position at(uint32_t offset) {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(m_text.size()));
    if (m_cached_line > 0 && offset >= m_cached.offset && offset < m_cached_line_end &&
        offset - m_cached.offset <= k_step) {
      uint32_t column = m_cached.column;
      for (uint32_t i = m_cached.offset; i < offset; ++i) {
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++column;
      }
      m_cached = {m_cached_line, column, offset};
      return m_cached;
    }
    m_cached = m_source.position_at(offset);
    m_cached_line = m_cached.line;
    m_cached_line_end = m_cached_line < m_line_starts.size() ? m_line_starts[m_cached_line]
                                                             : static_cast<uint32_t>(m_text.size()) + 1;
    return m_cached;
  }

  Range range(uint32_t begin, uint32_t end) {
    const Position b = at(begin);
    return {b, at(std::max(begin, end))};
  }

 private:
  const SourceFile& m_source;
  std::string_view m_text;
  std::vector<uint32_t> m_line_starts;
  uint32_t m_bom = 0;
  static constexpr uint32_t k_step = 256;
  uint32_t m_cached_line = 0;
  uint32_t m_cached_line_end = 0;
  Position m_cached;
};

// A logical line: physical pieces joined, with where each piece came from.
struct Logical {
  struct Piece {
    uint32_t derived;
    uint32_t source;
  };
  std::string text;
  std::vector<Piece> pieces;
  uint32_t last_line_end = 0;  // source offset: end of the last physical line that contributed

  void append(std::string_view src, uint32_t begin, uint32_t end) {
    const auto derived = static_cast<uint32_t>(text.size());
    if (!pieces.empty() && pieces.back().derived == derived) {
      pieces.back().source = begin;
    } else {
      pieces.push_back({derived, begin});
    }
    text.append(src.substr(begin, end - begin));
  }

  [[nodiscard]] size_t piece_index(uint32_t derived) const {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), derived,
                               [](uint32_t d, const Piece& p) { return d < p.derived; });
    return it == pieces.begin() ? 0 : static_cast<size_t>(it - pieces.begin()) - 1;
  }

  [[nodiscard]] uint32_t to_source(uint32_t derived) const {
    if (pieces.empty()) return derived;
    const Piece& p = pieces[piece_index(derived)];
    return derived < p.derived ? p.source : p.source + (derived - p.derived);
  }

  [[nodiscard]] uint32_t to_source_end(uint32_t begin, uint32_t end) const {
    if (end <= begin) return to_source(begin);
    return to_source(end - 1) + 1;
  }

  // The map of text[begin, end) taken as a text of its own.
  [[nodiscard]] SourceMap sub_map(uint32_t begin, uint32_t end) const {
    SourceMap map;
    if (pieces.empty()) return map;
    map.add_run(0, to_source(begin));
    for (size_t i = piece_index(begin) + 1; i < pieces.size() && pieces[i].derived < end; ++i) {
      map.add_run(pieces[i].derived - begin, pieces[i].source);
    }
    return map;
  }
};

bool is_space_at(std::string_view text, uint32_t pos, uint32_t& width) {
  const auto r = decode_rune(text, pos);
  width = r.width;
  return is_go_space(r.cp);
}

uint32_t skip_space(std::string_view text, uint32_t pos, uint32_t end) {
  uint32_t width = 0;
  while (pos < end && is_space_at(text, pos, width)) pos += width;
  return pos;
}

// End of text[begin, end) with Go-space trimmed on the right.
uint32_t trim_space_right(std::string_view text, uint32_t begin, uint32_t end) {
  uint32_t last_non_space = begin;
  uint32_t width = 0;
  for (uint32_t pos = begin; pos < end; pos += width) {
    if (!is_space_at(text, pos, width)) last_non_space = pos + width;
  }
  return last_non_space;
}

// Fast right trim: checks from the end, falls back to a forward scan for multi-byte spaces.
uint32_t trim_right(std::string_view text, uint32_t begin, uint32_t end) {
  while (end > begin) {
    const auto c = static_cast<unsigned char>(text[end - 1]);
    if (c < 0x80) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
        --end;
        continue;
      }
      return end;
    }
    // A multi-byte sequence: find its start (at most 4 bytes back) and decode it.
    uint32_t start = end - 1;
    while (start > begin && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
      --start;
    const auto r = decode_rune(text, start);
    if (start + r.width == end && is_go_space(r.cp)) {
      end = start;
      continue;
    }
    if (start + r.width != end) return trim_space_right(text, begin, end);
    return end;
  }
  return end;
}

struct JsonElement {
  std::string value;
  uint32_t begin;
  uint32_t end;
};

enum class JsonResult { Ok, NotStringArray, Invalid };

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

uint32_t hex_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint32_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<uint32_t>(c - 'A' + 10);
  return 16;
}

// Scans a JSON string literal at text[pos] == '"'; decodes it into `out` when given.
bool scan_json_string(std::string_view text, uint32_t& pos, uint32_t end, std::string* out) {
  ++pos;
  const auto read_u4 = [&](uint32_t at, uint32_t& cp) {
    if (at + 4 > end) return false;
    cp = 0;
    for (uint32_t i = 0; i < 4; ++i) {
      const uint32_t h = hex_value(text[at + i]);
      if (h > 15) return false;
      cp = cp * 16 + h;
    }
    return true;
  };
  while (pos < end) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c == '"') {
      ++pos;
      return true;
    }
    if (c < 0x20) return false;
    if (c == '\\') {
      if (pos + 1 >= end) return false;
      const char e = text[pos + 1];
      char simple = 0;
      switch (e) {
        case '"': simple = '"'; break;
        case '\\': simple = '\\'; break;
        case '/': simple = '/'; break;
        case 'b': simple = '\b'; break;
        case 'f': simple = '\f'; break;
        case 'n': simple = '\n'; break;
        case 'r': simple = '\r'; break;
        case 't': simple = '\t'; break;
        case 'u': break;
        default: return false;
      }
      if (simple != 0) {
        if (out != nullptr) out->push_back(simple);
        pos += 2;
        continue;
      }
      uint32_t cp = 0;
      if (!read_u4(pos + 2, cp)) return false;
      pos += 6;
      if (cp >= 0xD800 && cp < 0xE000) {
        uint32_t low = 0;
        if (cp < 0xDC00 && pos + 1 < end && text[pos] == '\\' && text[pos + 1] == 'u' &&
            read_u4(pos + 2, low) && low >= 0xDC00 && low < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          pos += 6;
        } else {
          cp = 0xFFFD;
        }
      }
      if (out != nullptr) parse_detail::append_utf8(*out, cp);
      continue;
    }
    if (c < 0x80) {
      if (out != nullptr) out->push_back(static_cast<char>(c));
      ++pos;
      continue;
    }
    const auto r = decode_rune(text, pos);
    if (out != nullptr) {
      if (r.cp == 0xFFFD && r.width == 1) {
        parse_detail::append_utf8(*out, 0xFFFD);
      } else {
        out->append(text.substr(pos, r.width));
      }
    }
    pos += r.width;
  }
  return false;
}

// True when the JSON number is past the range of a float64: Go's decoder then fails (underflow
// just rounds to zero).
bool json_number_overflows(std::string_view number) {
  double value = 0;
  if (std::from_chars(number.data(), number.data() + number.size(), value).ec !=
      std::errc::result_out_of_range)
    return false;
  // Out of range one way or the other: the decimal exponent of the leading digit tells which.
  const size_t e = std::min(number.find_first_of("eE"), number.size());
  const std::string_view mantissa = number.substr(0, e);
  const size_t dot = std::min(mantissa.find('.'), mantissa.size());
  const size_t first = mantissa.find_first_of("123456789");
  if (first == std::string_view::npos) return false;
  // 0.d * 10^magnitude: digits before the point from the first non-zero one, or minus the zeros after it.
  int64_t magnitude =
      first < dot ? static_cast<int64_t>(dot - first) : -static_cast<int64_t>(first - dot - 1);
  int64_t exponent = 0;
  for (size_t k = e + 1; k < number.size(); ++k) {
    if (number[k] >= '0' && number[k] <= '9')
      exponent = std::min<int64_t>(exponent * 10 + (number[k] - '0'), 1 << 30);
  }
  if (e + 1 < number.size() && number[e + 1] == '-') exponent = -exponent;
  return magnitude + exponent > 0;
}

bool scan_json_number(std::string_view text, uint32_t& pos, uint32_t end, bool& overflow) {
  const uint32_t start = pos;
  const auto digit = [&](uint32_t at) { return at < end && text[at] >= '0' && text[at] <= '9'; };
  if (pos < end && text[pos] == '-') ++pos;
  if (!digit(pos)) return false;
  if (text[pos] == '0') {
    ++pos;
  } else {
    while (digit(pos)) ++pos;
  }
  if (pos < end && text[pos] == '.') {
    ++pos;
    if (!digit(pos)) return false;
    while (digit(pos)) ++pos;
  }
  if (pos < end && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < end && (text[pos] == '+' || text[pos] == '-')) ++pos;
    if (!digit(pos)) return false;
    while (digit(pos)) ++pos;
  }
  if (json_number_overflows(text.substr(start, pos - start))) overflow = true;
  return true;
}

// Validates any JSON value at text[pos] without recursion.
bool scan_json_value(std::string_view text, uint32_t& pos, uint32_t end, int depth, bool& overflow) {
  std::vector<char> stack;
  const auto skip_ws = [&] {
    while (pos < end && is_json_space(text[pos])) ++pos;
  };
  while (true) {
    skip_ws();
    if (pos >= end) return false;
    const char c = text[pos];
    bool value_done = false;
    if (c == '"') {
      if (!scan_json_string(text, pos, end, nullptr)) return false;
      value_done = true;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      if (!scan_json_number(text, pos, end, overflow)) return false;
      value_done = true;
    } else if (c == 't' || c == 'f' || c == 'n') {
      const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      if (text.substr(pos, word.size()) != word) return false;
      pos += static_cast<uint32_t>(word.size());
      value_done = true;
    } else if (c == '[' || c == '{') {
      if (depth + static_cast<int>(stack.size()) + 1 > k_max_json_depth) return false;
      stack.push_back(c == '[' ? ']' : '}');
      ++pos;
      skip_ws();
      if (pos < end && text[pos] == stack.back()) {
        ++pos;
        stack.pop_back();
        value_done = true;
      } else if (c == '{') {
        if (pos >= end || text[pos] != '"' || !scan_json_string(text, pos, end, nullptr)) return false;
        skip_ws();
        if (pos >= end || text[pos] != ':') return false;
        ++pos;
        continue;
      } else {
        continue;
      }
    } else {
      return false;
    }
    // After a complete value: close containers or move on to the next element.
    while (value_done) {
      if (stack.empty()) return true;
      skip_ws();
      if (pos >= end) return false;
      if (text[pos] == stack.back()) {
        ++pos;
        stack.pop_back();
        continue;
      }
      if (text[pos] != ',') return false;
      ++pos;
      if (stack.back() == '}') {
        skip_ws();
        if (pos >= end || text[pos] != '"' || !scan_json_string(text, pos, end, nullptr)) return false;
        skip_ws();
        if (pos >= end || text[pos] != ':') return false;
        ++pos;
      }
      value_done = false;
    }
  }
}

// BuildKit decodes the arguments as one JSON value (Go's json.Unmarshal): text after the array, or a
// number a float64 cannot hold, makes them shell form.
JsonResult parse_json_array(std::string_view text, uint32_t begin, uint32_t end,
                            std::vector<JsonElement>& out) {
  uint32_t pos = skip_space(text, begin, end);
  if (pos >= end || text[pos] != '[') return JsonResult::Invalid;
  ++pos;
  bool not_string = false;
  bool overflow = false;
  const auto skip_ws = [&] {
    while (pos < end && is_json_space(text[pos])) ++pos;
  };
  skip_ws();
  if (pos < end && text[pos] == ']') {
    pos = static_cast<uint32_t>(std::find_if_not(text.begin() + pos + 1, text.begin() + end, is_json_space) -
                                text.begin());
    return pos < end ? JsonResult::Invalid : JsonResult::Ok;
  }
  while (true) {
    skip_ws();
    if (pos >= end) return JsonResult::Invalid;
    if (text[pos] == '"') {
      JsonElement element;
      element.begin = pos;
      if (!scan_json_string(text, pos, end, &element.value)) return JsonResult::Invalid;
      element.end = pos;
      out.push_back(std::move(element));
    } else {
      if (!scan_json_value(text, pos, end, 1, overflow)) return JsonResult::Invalid;
      not_string = true;
    }
    skip_ws();
    if (pos >= end) return JsonResult::Invalid;
    if (text[pos] == ']') break;
    if (text[pos] != ',') return JsonResult::Invalid;
    ++pos;
  }
  ++pos;
  skip_ws();
  if (pos < end || overflow) return JsonResult::Invalid;
  return not_string ? JsonResult::NotStringArray : JsonResult::Ok;
}

// `["...` or `['...`: meant as an exec-form array (unlike the shell test `[ -e x ]`).
bool looks_like_json(std::string_view text, uint32_t begin, uint32_t end) {
  if (begin >= end || text[begin] != '[') return false;
  uint32_t pos = begin + 1;
  while (pos < end && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  return pos < end && (text[pos] == '"' || text[pos] == '\'');
}

// Removes shell quotes and escapes the way the builder does for ENV/LABEL/ARG values.
std::string unquote_value(std::string_view v, char escape) {
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '\'') {
      size_t j = i + 1;
      while (j < v.size() && v[j] != '\'') out.push_back(v[j++]);
      i = j;
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < v.size() && v[j] != '"') {
        if (v[j] == escape && j + 1 < v.size() &&
            (v[j + 1] == '"' || v[j + 1] == '$' || v[j + 1] == escape)) {
          ++j;
        } else if (v[j] == escape && j + 1 == v.size()) {
          ++j;
          continue;
        }
        out.push_back(v[j++]);
      }
      i = j;
    } else if (c == escape) {
      if (i + 1 < v.size()) out.push_back(v[++i]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

struct Span {
  uint32_t begin;
  uint32_t end;
};

// BuildKit's parseWords: whitespace-separated words, quotes and escapes kept.
std::vector<Span> parse_words(std::string_view text, uint32_t begin, uint32_t end, char escape) {
  enum class Phase { Spaces, Word, Quote };
  std::vector<Span> words;
  Phase phase = Phase::Spaces;
  uint32_t word_begin = begin;
  uint32_t word_end = begin;
  uint32_t quote = 0;
  bool blank_ok = false;
  const auto escape_cp = static_cast<uint32_t>(static_cast<unsigned char>(escape));
  uint32_t width = 0;
  for (uint32_t pos = begin; pos <= end; pos += width) {
    uint32_t ch = 0;
    width = 1;
    if (pos < end) {
      const auto r = decode_rune(text, pos);
      ch = r.cp;
      width = r.width;
    }
    if (phase == Phase::Spaces) {
      if (pos == end) break;
      if (is_go_space(ch)) continue;
      phase = Phase::Word;
      word_begin = word_end = pos;
    }
    if (pos == end) {
      if (blank_ok || word_end > word_begin) words.push_back({word_begin, word_end});
      break;
    }
    if (phase == Phase::Word) {
      if (is_go_space(ch)) {
        phase = Phase::Spaces;
        if (blank_ok || word_end > word_begin) words.push_back({word_begin, word_end});
        blank_ok = false;
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
        blank_ok = true;
        phase = Phase::Quote;
      }
      if (ch == escape_cp) {
        if (pos + width == end) continue;
        pos += width;
        width = decode_rune(text, pos).width;
      }
      word_end = pos + width;
      continue;
    }
    // Phase::Quote
    if (ch == quote) phase = Phase::Word;
    if (ch == escape_cp && quote != '\'') {
      if (pos + width == end) {
        phase = Phase::Word;
        continue;
      }
      pos += width;
      width = decode_rune(text, pos).width;
    }
    word_end = pos + width;
  }
  return words;
}

// Splits text[begin, end) on runs of BuildKit's separator class.
std::vector<Span> split_separated(std::string_view text, uint32_t begin, uint32_t end, size_t limit) {
  std::vector<Span> out;
  uint32_t start = begin;
  for (uint32_t pos = begin; pos < end; ++pos) {
    if (!is_separator(text[pos])) continue;
    if (limit != 0 && out.size() + 1 == limit) break;
    out.push_back({start, pos});
    while (pos < end && is_separator(text[pos])) ++pos;
    start = pos;
    --pos;
  }
  out.push_back({start, end});
  return out;
}

struct DirectiveState {
  bool done = false;
  bool seen_syntax = false;
  bool seen_escape = false;
  bool seen_check = false;
};

bool is_re_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// BuildKit's shell lexer (frontend/dockerfile/shell) as its parser runs it to find heredocs: the
// escape character is always a backslash, no variable is set and unset ones stay as written
// (SkipUnsetEnv). Words split on any Go space, and `<<` takes the blanks after it into its word.
class HeredocLexer {
 public:
  struct LexedWord {
    std::string text;
    uint32_t begin = 0;
    uint32_t end = 0;
    bool substituted = false;  // holds a `${name<modifier>...}`
  };

  // `raw_quotes` and `raw_escapes` keep quote and escape characters in the words (RawQuotes,
  // RawEscapes).
  HeredocLexer(std::string_view text, bool raw_quotes, bool raw_escapes)
      : m_text(text), m_raw_quotes(raw_quotes), m_raw_escapes(raw_escapes) {}

  // ProcessWords. False where BuildKit's lexer fails (an unterminated quote, a bad substitution);
  // nesting deeper than BuildKit's inputs ever need counts as a failure too.
  bool split(std::vector<LexedWord>& out) {
    Words words;
    std::string result;
    if (!stop_on(k_eof, m_raw_escapes, result, &words)) return false;
    words.flush();
    out = std::move(words.list);
    return true;
  }

 private:
  static constexpr int32_t k_eof = -1;
  static constexpr int k_max_depth = 256;

  struct Words {
    std::vector<LexedWord> list;
    LexedWord word;
    bool in_word = false;

    void flush() {
      if (!word.text.empty()) list.push_back(std::move(word));
      word = LexedWord{};
      in_word = false;
    }
    void add_raw(std::string_view text, uint32_t begin, uint32_t end) {
      if (!in_word) word.begin = begin;
      word.text.append(text);
      word.end = end;
      in_word = true;
    }
    // A character outside quotes: a Go space ends a word that has text.
    void add_char(uint32_t cp, uint32_t begin, uint32_t end) {
      if (is_go_space(cp)) {
        if (in_word && !word.text.empty()) flush();
        return;
      }
      std::string piece;
      parse_detail::append_utf8(piece, cp);
      add_raw(piece, begin, end);
    }
  };

  [[nodiscard]] int32_t peek() const {
    return m_pos < m_text.size() ? static_cast<int32_t>(decode_rune(m_text, m_pos).cp) : k_eof;
  }
  int32_t next() {
    if (m_pos >= m_text.size()) return k_eof;
    const auto r = decode_rune(m_text, m_pos);
    m_pos += r.width;
    return static_cast<int32_t>(r.cp);
  }
  static void put(std::string& out, int32_t cp) {
    if (cp != k_eof) parse_detail::append_utf8(out, static_cast<uint32_t>(cp));
  }

  bool stop_on(int32_t stop, bool raw_escapes, std::string& result, Words* words) {
    if (++m_depth > k_max_depth) return false;
    while (peek() != k_eof) {
      const int32_t ch = peek();
      const auto begin = static_cast<uint32_t>(m_pos);
      if (stop != k_eof && ch == stop) {
        next();
        --m_depth;
        return true;
      }
      if (ch == '$' || ch == '<' || ch == '\'' || ch == '"') {
        std::string piece;
        bool substituted = false;
        const bool ok = ch == '$'    ? dollar(piece, substituted)
                        : ch == '<'  ? possible_heredoc(piece)
                        : ch == '\'' ? single_quote(piece)
                                     : double_quote(piece, substituted);
        if (!ok) return false;
        result += piece;
        if (words == nullptr) continue;
        if (ch == '$') {
          for (size_t i = 0; i < piece.size();) {
            const auto r = decode_rune(piece, i);
            words->add_char(r.cp, begin, static_cast<uint32_t>(m_pos));
            i += r.width;
          }
        } else {
          words->add_raw(piece, begin, static_cast<uint32_t>(m_pos));
        }
        if (substituted && words->in_word) words->word.substituted = true;
        continue;
      }
      int32_t c = next();
      if (c == '\\') {
        if (raw_escapes) {
          if (words != nullptr) words->add_raw("\\", begin, static_cast<uint32_t>(m_pos));
          result += '\\';
        }
        c = next();
        if (c == k_eof) break;
        std::string piece;
        put(piece, c);
        if (words != nullptr) words->add_raw(piece, begin, static_cast<uint32_t>(m_pos));
      } else if (words != nullptr) {
        words->add_char(static_cast<uint32_t>(c), begin, static_cast<uint32_t>(m_pos));
      }
      put(result, c);
    }
    --m_depth;
    return stop == k_eof;
  }

  bool possible_heredoc(std::string& out) {
    next();
    if (peek() != '<') {
      out = "<";
      return true;
    }
    next();
    out = "<<";
    while (peek() != k_eof && is_go_space(static_cast<uint32_t>(peek()))) put(out, next());
    return true;
  }

  bool single_quote(std::string& out) {
    const int32_t open = next();
    if (m_raw_quotes) put(out, open);
    while (true) {
      const int32_t ch = next();
      if (ch == k_eof) return false;
      if (ch == '\'') {
        if (m_raw_quotes) put(out, ch);
        return true;
      }
      put(out, ch);
    }
  }

  bool double_quote(std::string& out, bool& substituted) {
    const int32_t open = next();
    if (m_raw_quotes) put(out, open);
    while (true) {
      const int32_t ch = peek();
      if (ch == k_eof) return false;
      if (ch == '"') {
        next();
        if (m_raw_quotes) put(out, ch);
        return true;
      }
      if (ch == '$') {
        if (!dollar(out, substituted)) return false;
        continue;
      }
      int32_t c = next();
      if (c == '\\') {
        if (m_raw_escapes) put(out, c);
        const int32_t after = peek();
        if (after == k_eof) continue;
        if (after == '"' || after == '$' || after == '\\') c = next();
      }
      put(out, c);
    }
  }

  static bool is_name_char(int32_t ch) {
    if (ch < 0x80) return std::isalnum(ch) != 0 || ch == '_';
    return !is_go_space(static_cast<uint32_t>(ch)) && utf8::is_go_print(static_cast<uint32_t>(ch));
  }

  std::string name() {
    std::string out;
    while (peek() != k_eof) {
      const int32_t ch = peek();
      if (out.empty() && ch >= '0' && ch <= '9') {
        while (peek() >= '0' && peek() <= '9') put(out, next());
        return out;
      }
      if (out.empty() && ch < 0x80 && std::strchr("@*#?-$!0", static_cast<char>(ch)) != nullptr) {
        put(out, next());
        return out;
      }
      if (!is_name_char(ch)) break;
      put(out, next());
    }
    return out;
  }

  // `$name` and `${...}`; with no variable set every form is kept as written.
  bool dollar(std::string& out, bool& substituted) {
    next();
    if (peek() != '{') {
      out += '$';
      out += name();
      return true;
    }
    next();
    if (peek() == k_eof || peek() == '{' || peek() == '}' || peek() == ':') return false;
    const std::string var = name();
    int32_t ch = next();
    std::string modifier;
    put(modifier, ch);
    std::string word;
    if (ch == '}') {
      out += "${" + var + "}";
      return true;
    }
    if (ch == '/') {
      if (peek() == '/') next();
      std::string replacement;
      if (!stop_on('/', true, word, nullptr) || !stop_on('}', true, replacement, nullptr)) return false;
      substituted = true;
      out += "${" + var + "/" + word + "/" + replacement + "}";
      return true;
    }
    if (ch == ':') {
      ch = next();
      put(modifier, ch);
    } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
      return false;
    }
    if (!stop_on('}', ch == '#' || ch == '%', word, nullptr)) return false;
    substituted = true;
    out += "${" + var + modifier + word + "}";
    return true;
  }

  std::string_view m_text;
  size_t m_pos = 0;
  int m_depth = 0;
  bool m_raw_quotes;
  bool m_raw_escapes;
};

struct HeredocMarker {
  std::string name;
  bool chomp = false;
  bool expand = true;
};

enum class MarkerResult { None, Heredoc, Rejected };

// BuildKit's `^(\d*)<<(-?)\s*([^<]*)$` on one word of the line, then the delimiter lexed once
// without and once with its quotes: one word, quoted when the two differ in quote characters.
MarkerResult parse_heredoc_marker(std::string_view word, HeredocMarker& out) {
  size_t pos = 0;
  while (pos < word.size() && word[pos] >= '0' && word[pos] <= '9') ++pos;
  if (word.substr(pos, 2) != "<<") return MarkerResult::None;
  pos += 2;
  if (pos < word.size() && word[pos] == '-') {
    out.chomp = true;
    ++pos;
  }
  while (pos < word.size() && is_re_space(word[pos])) ++pos;
  const std::string_view rest = word.substr(pos);
  if (rest.empty() || rest.find('<') != std::string_view::npos) return MarkerResult::None;
  std::vector<HeredocLexer::LexedWord> plain;
  std::vector<HeredocLexer::LexedWord> quoted;
  if (!HeredocLexer(rest, false, false).split(plain)) return MarkerResult::Rejected;
  if (plain.size() != 1) return MarkerResult::None;
  if (!HeredocLexer(rest, true, false).split(quoted) || quoted.size() != 1) return MarkerResult::Rejected;
  const auto quotes = [](const std::string& s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return c == '\'' || c == '"'; });
  };
  out.name = std::move(plain[0].text);
  out.expand = quotes(out.name) == quotes(quoted[0].text);
  return MarkerResult::Heredoc;
}

class Parser {
 public:
  explicit Parser(const SourceFile& source) : m_text(source.text()), m_loc(source) {}

  Dockerfile run() {
    const auto& starts = m_loc.line_starts();
    const auto n = static_cast<uint32_t>(starts.size());
    m_lines.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t begin =
          i == 0 ? std::min<uint32_t>(m_loc.bom(), static_cast<uint32_t>(m_text.size())) : starts[i];
      const uint32_t next = i + 1 < n ? starts[i + 1] : static_cast<uint32_t>(m_text.size());
      uint32_t end = next;
      while (end > begin && (m_text[end - 1] == '\n' || m_text[end - 1] == '\r')) --end;
      m_lines.push_back({begin, end});
    }
    // A final line without bytes is not a line.
    if (!m_lines.empty() && m_lines.back().begin == m_text.size() && n > 1) m_lines.pop_back();
    check_line_lengths();
    m_out.instructions.reserve(logical_line_starts());

    size_t li = 0;
    while (li < m_lines.size()) {
      const LineSpan line = m_lines[li++];
      const uint32_t token = skip_space(m_text, line.begin, line.end);
      check_directive(token, line.end);
      if (record_comment(line)) continue;
      uint32_t piece_end = line.end;
      bool end_of_line = !trim_continuation(token, piece_end);
      if (end_of_line && piece_end == token) continue;

      Logical logical;
      logical.append(m_text, token, piece_end);
      logical.last_line_end = line.end;
      while (!end_of_line && li < m_lines.size()) {
        const LineSpan next = m_lines[li++];
        check_directive(next.begin, next.end);
        if (record_comment(next)) continue;
        if (skip_space(m_text, next.begin, next.end) == next.end) continue;
        uint32_t end = next.end;
        end_of_line = !trim_continuation(next.begin, end);
        logical.append(m_text, next.begin, end);
        logical.last_line_end = next.end;
      }

      auto inst = parse_instruction(logical, 0, static_cast<uint32_t>(logical.text.size()), 0);
      if (!inst) continue;
      inst->original = logical.text;
      inst->range.end = m_loc.at(logical.last_line_end);
      read_heredocs(*inst, logical, li);
      m_out.instructions.push_back(std::move(*inst));
    }
    return std::move(m_out);
  }

 private:
  struct LineSpan {
    uint32_t begin;
    uint32_t end;  // without the line terminator
  };

  void error(std::string message, Range range, bool fatal) {
    m_out.errors.push_back({std::move(message), range, fatal});
  }

  // BuildKit reads lines with a bufio.Scanner, whose buffer holds 64 KiB with the line break: a longer
  // line fails the whole file. The tree is still made of every line, for the rules.
  void check_line_lengths() {
    const auto& starts = m_loc.line_starts();
    for (size_t i = 0; i < starts.size(); ++i) {
      const uint32_t next = i + 1 < starts.size() ? starts[i + 1] : static_cast<uint32_t>(m_text.size());
      const uint32_t length = next - starts[i] - (next > starts[i] && m_text[next - 1] == '\n' ? 1 : 0);
      if (length <= k_max_line_bytes) continue;
      error(fmt::format("dockerfile line greater than max allowed size of {} (this line has {} bytes)",
                        k_max_line_bytes, length),
            m_loc.range(starts[i], starts[i] + 1), true);
      return;
    }
  }

  // At most how many instructions the file holds: the lines that start a logical line (heredoc
  // bodies count too). Reserving that many spares the instruction vector its doublings, and the
  // pages of an overestimate are never written, so they cost no memory.
  [[nodiscard]] size_t logical_line_starts() const {
    size_t starts = 0;
    bool continued = false;
    for (const LineSpan& line : m_lines) {
      const uint32_t first = skip_space(m_text, line.begin, line.end);
      if (first >= line.end || m_text[first] == '#') continue;  // blank lines and comments continue
      if (!continued) ++starts;
      uint32_t end = line.end;
      while (end > first && (m_text[end - 1] == ' ' || m_text[end - 1] == '\t')) --end;
      continued = m_text[end - 1] == '\\' || m_text[end - 1] == '`';  // either escape character
    }
    return starts;
  }

  bool record_comment(const LineSpan& line) {
    const uint32_t first = skip_space(m_text, line.begin, line.end);
    if (first >= line.end || m_text[first] != '#') return false;
    m_out.comments.push_back(
        {std::string(m_text.substr(first + 1, line.end - first - 1)), m_loc.range(first, line.end)});
    return true;
  }

  // BuildKit's directive pattern `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` on text[begin, end).
  void check_directive(uint32_t begin, uint32_t end) {
    if (m_directives.done) return;
    m_directives.done = true;
    uint32_t pos = begin;
    if (pos >= end || m_text[pos] != '#') return;
    // Any Go space after the '#' (a vertical tab, U+00A0, U+0085, ...), then the regular expression.
    pos = skip_space(m_text, pos + 1, end);
    const uint32_t name_begin = pos;
    const auto alpha = [&](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (pos >= end || !alpha(m_text[pos])) return;
    while (pos < end && (alpha(m_text[pos]) || (m_text[pos] >= '0' && m_text[pos] <= '9'))) ++pos;
    const std::string name = ascii_lower(m_text.substr(name_begin, pos - name_begin));
    while (pos < end && is_re_space(m_text[pos])) ++pos;
    if (pos >= end || m_text[pos] != '=') return;
    ++pos;
    const uint32_t after_eq = pos;
    while (pos < end && is_re_space(m_text[pos])) ++pos;
    uint32_t value_begin = pos;
    uint32_t value_end = end;
    while (value_end > value_begin && is_re_space(m_text[value_end - 1])) --value_end;
    if (value_begin == value_end) {
      if (end == after_eq) return;
      value_begin = end - 1;  // the lazy `.+?` takes the last blank
      value_end = end;
    }
    if (m_text.substr(value_begin, value_end - value_begin).find('\n') != std::string_view::npos) return;
    bool* seen = name == "syntax"   ? &m_directives.seen_syntax
                 : name == "escape" ? &m_directives.seen_escape
                 : name == "check"  ? &m_directives.seen_check
                                    : nullptr;
    if (seen == nullptr) return;
    const Range range = m_loc.range(begin, end);
    if (*seen) {
      error("only one " + name + " parser directive can be used", range, true);
      return;
    }
    *seen = true;
    m_directives.done = false;
    const std::string value(m_text.substr(value_begin, value_end - value_begin));
    if (name == "escape") {
      if (value == "`" || value == "\\") {
        m_out.escape = value[0];
      } else {
        error("invalid escape token '" + value + "' does not match ` or \\", range, true);
      }
    }
    m_out.directives.push_back({name, value, range});
  }

  // If text[begin, end) ends with a line continuation, cuts it off (`end` moves) and returns true.
  bool trim_continuation(uint32_t begin, uint32_t& end) const {
    uint32_t pos = end;
    while (pos > begin && (m_text[pos - 1] == ' ' || m_text[pos - 1] == '\t')) --pos;
    if (pos == begin || m_text[pos - 1] != m_out.escape) return false;
    if (pos - 1 > begin && m_text[pos - 2] == m_out.escape) return false;  // an escaped escape
    end = pos - 1;
    return true;
  }

  // BuildKit keeps the bytes of most arguments as they are; the words of ENV, LABEL and ARG pairs
  // are built rune by rune, so an invalid byte there becomes U+FFFD (`runes`).
  Word make_word(const Logical& lg, uint32_t begin, uint32_t end, bool runes = false) {
    const std::string_view piece = std::string_view(lg.text).substr(begin, end - begin);
    return {runes ? go_runes(piece) : std::string(piece), range_of(lg, begin, end)};
  }

  Range range_of(const Logical& lg, uint32_t begin, uint32_t end) {
    return m_loc.range(lg.to_source(begin), lg.to_source_end(begin, end));
  }

  std::optional<Instruction> parse_instruction(const Logical& lg, uint32_t begin, uint32_t end, int depth) {
    const std::string_view text = lg.text;
    const uint32_t tb = skip_space(text, begin, end);
    const uint32_t te = trim_right(text, tb, end);
    if (tb >= te) {
      // A line continuation with nothing after it: BuildKit keeps an instruction without a name.
      Instruction empty;
      empty.range = range_of(lg, begin, end);
      empty.keyword_range = empty.range;
      error("empty instruction: the line continuation has nothing to continue", empty.range, false);
      return empty;
    }
    uint32_t ke = tb;
    while (ke < te && !is_separator(text[ke])) ++ke;

    Instruction inst;
    inst.keyword = std::string(text.substr(tb, ke - tb));
    inst.kind = kind_of(utf8::go_lower(inst.keyword));
    inst.range = range_of(lg, tb, te);
    inst.keyword_range = range_of(lg, tb, ke);
    inst.original = std::string(text.substr(begin, end - begin));

    uint32_t rest = te;
    if (ke < te) {
      uint32_t after = ke;
      while (after < te && is_separator(text[after])) ++after;
      std::vector<FlagWord> words;
      rest = parse_detail::extract_builder_flags(text, after, te, m_out.escape, words);
      for (FlagWord& w : words) add_flag(inst, lg, w);
    }
    const uint32_t ab = skip_space(text, rest, te);
    const uint32_t ae = te;

    switch (inst.kind) {
      case InstructionKind::Run:
      case InstructionKind::Cmd:
      case InstructionKind::Entrypoint:
      case InstructionKind::Shell:
        if (ab < ae) parse_maybe_json(inst, lg, ab, ae, false);
        break;
      case InstructionKind::Copy:
      case InstructionKind::Add:
      case InstructionKind::Volume: parse_maybe_json(inst, lg, ab, ae, true); break;
      case InstructionKind::From:
      case InstructionKind::Expose:
        if (ab < ae) {
          for (const Span& s : split_separated(text, ab, ae, 0))
            inst.args.push_back(make_word(lg, s.begin, s.end));
        }
        break;
      case InstructionKind::Maintainer:
      case InstructionKind::Stopsignal:
      case InstructionKind::User:
      case InstructionKind::Workdir:
        if (ab < ae) inst.args.push_back(make_word(lg, ab, ae));
        break;
      case InstructionKind::Env:
      case InstructionKind::Label: parse_name_val(inst, lg, ab, ae); break;
      case InstructionKind::Arg: parse_args(inst, lg, ab, ae); break;
      case InstructionKind::Healthcheck: parse_healthcheck(inst, lg, ab, ae); break;
      case InstructionKind::Onbuild:
        if (ab < ae) {
          if (depth >= k_max_onbuild_depth) {
            error("ONBUILD nested too deeply", range_of(lg, ab, ae), false);
          } else if (auto trigger = parse_instruction(lg, ab, ae, depth + 1)) {
            if (trigger->kind == InstructionKind::Onbuild) {
              error("ONBUILD ONBUILD is not allowed", trigger->keyword_range, false);
            }
            inst.trigger.push_back(std::move(*trigger));
          }
        }
        break;
      case InstructionKind::Unknown:
        error("unknown instruction: " + go_runes(inst.keyword), inst.keyword_range, false);
        break;
    }
    check_semantics(inst, lg, ab, ae);
    return inst;
  }

  void check_semantics(Instruction& inst, const Logical& lg, uint32_t ab, uint32_t ae) {
    if (inst.kind == InstructionKind::From) {
      if (inst.args.empty()) {
        error("FROM requires the name of a base image", inst.keyword_range, false);
        return;
      }
      inst.image = inst.args[0];
      if (inst.args.size() == 3 && ascii_lower(inst.args[1].value) == "as") {
        inst.stage_name = inst.args[2];
      } else if (inst.args.size() != 1) {
        error("FROM requires either one or three arguments", range_of(lg, ab, ae), false);
      }
    } else if (inst.kind == InstructionKind::Env && ab >= ae) {
      error("ENV requires at least one argument", inst.keyword_range, false);
    }
  }

  void add_flag(Instruction& inst, const Logical& lg, FlagWord& w) {
    Flag flag;
    flag.original = std::move(w.original);
    flag.range = range_of(lg, w.begin, w.end);
    const std::string& plain = w.plain;
    const size_t name_begin = plain.rfind("--", 0) == 0 ? 2 : 0;
    const size_t eq = plain.find('=', name_begin);
    flag.name = plain.substr(name_begin, eq == std::string::npos ? std::string::npos : eq - name_begin);
    const auto byte_source = [&](size_t index) { return lg.to_source(w.offsets[index]); };
    if (eq == std::string::npos) {
      const Position at = flag.range.end;
      flag.value_range = {at, at};
    } else {
      flag.value = plain.substr(eq + 1);
      if (eq + 1 < plain.size()) {
        flag.value_range = m_loc.range(byte_source(eq + 1), byte_source(plain.size() - 1) + 1);
      } else {
        const Position at = m_loc.at(byte_source(eq) + 1);
        flag.value_range = {at, at};
      }
    }
    if (flag.name.empty()) {
      error("invalid flag syntax: " + flag.original, flag.range, false);
    } else if (inst.kind != InstructionKind::Unknown && !flag_known(inst.kind, flag.name)) {
      error("unknown flag: " + flag.name, flag.range, false);
    }
    if (inst.kind == InstructionKind::Run && flag.name == "mount") {
      Mount mount;
      mount.range = flag.range;
      std::vector<std::pair<uint32_t, uint32_t>> spans;
      std::string message;
      const std::string value = flag.value.value_or("");
      const bool ok = parse_detail::parse_mount_value(value, mount, spans, message);
      for (size_t i = 0; i < mount.fields.size() && i < spans.size(); ++i) {
        const size_t b = eq + 1 + spans[i].first;
        const size_t e = eq + 1 + spans[i].second;
        if (e > b && e <= plain.size()) {
          mount.fields[i].range = m_loc.range(byte_source(b), byte_source(e - 1) + 1);
        } else {
          mount.fields[i].range = flag.value_range;
        }
      }
      if (!ok) error("invalid mount: " + message, flag.range, false);
      inst.mounts.push_back(std::move(mount));
    }
    inst.flags.push_back(std::move(flag));
  }

  void parse_maybe_json(Instruction& inst, const Logical& lg, uint32_t ab, uint32_t ae, bool to_list) {
    std::vector<JsonElement> elements;
    const JsonResult result = parse_json_array(lg.text, ab, ae, elements);
    if (result == JsonResult::Ok) {
      inst.exec_form = true;
      for (JsonElement& e : elements) inst.args.push_back({std::move(e.value), range_of(lg, e.begin, e.end)});
      return;
    }
    if (result == JsonResult::NotStringArray) {
      inst.exec_form = true;
      error("when using JSON array syntax, arrays must be comprised of strings only", range_of(lg, ab, ae),
            true);
      return;
    }
    if (ab >= ae) return;
    if (looks_like_json(lg.text, ab, ae)) {
      // BuildKit silently runs this as a shell command; it is almost always a typo.
      error("invalid JSON array, used as shell form", range_of(lg, ab, ae), false);
    }
    if (to_list) {
      for (const Span& s : split_separated(lg.text, ab, ae, 0))
        inst.args.push_back(make_word(lg, s.begin, s.end));
      return;
    }
    inst.args.push_back(make_word(lg, ab, ae));
    inst.has_command = true;
    inst.command_map = lg.sub_map(ab, ae);
  }

  void parse_healthcheck(Instruction& inst, const Logical& lg, uint32_t ab, uint32_t ae) {
    const std::string_view text = lg.text;
    const auto byte_space = [&](uint32_t at) {
      const auto c = static_cast<unsigned char>(text[at]);
      return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x85 ||
             c == 0xA0;
    };
    uint32_t sep = ab;
    while (sep < ae && !byte_space(sep)) ++sep;
    uint32_t next = sep;
    while (next < ae && byte_space(next)) ++next;
    if (sep == ab) return;
    inst.args.push_back(make_word(lg, ab, sep));
    if (next < ae) parse_maybe_json(inst, lg, next, ae, false);
  }

  KeyValue make_pair(const Logical& lg, uint32_t key_begin, uint32_t key_end, std::optional<Span> value,
                     uint32_t end, bool legacy) {
    KeyValue kv;
    kv.key = make_word(lg, key_begin, key_end, !legacy);
    if (value) {
      kv.value = make_word(lg, value->begin, value->end, !legacy);
      kv.unquoted = unquote_value(kv.value->value, m_out.escape);
    }
    kv.legacy = legacy;
    kv.range = range_of(lg, key_begin, end);
    return kv;
  }

  void parse_name_val(Instruction& inst, const Logical& lg, uint32_t ab, uint32_t ae) {
    const std::string_view text = lg.text;
    const auto words = parse_words(text, ab, ae, m_out.escape);
    if (words.empty()) return;
    const std::string key_name = inst.kind == InstructionKind::Env ? "ENV" : "label";
    const auto has_eq = [&](const Span& s) {
      return text.substr(s.begin, s.end - s.begin).find('=') != std::string_view::npos;
    };
    if (!has_eq(words[0])) {
      const auto parts = split_separated(text, ab, ae, 2);
      if (parts.size() < 2) {
        error(key_name + " must have two arguments", range_of(lg, ab, ae), true);
        inst.pairs.push_back(make_pair(lg, ab, ae, std::nullopt, ae, true));
        return;
      }
      inst.pairs.push_back(make_pair(lg, parts[0].begin, parts[0].end, parts[1], parts[1].end, true));
      return;
    }
    for (const Span& w : words) {
      const auto eq = text.substr(w.begin, w.end - w.begin).find('=');
      if (eq == std::string_view::npos) {
        error("Syntax error - can't find = in " + go_quote(go_runes(text.substr(w.begin, w.end - w.begin))) +
                  ". Must be of the form: name=value",
              range_of(lg, w.begin, w.end), true);
        continue;
      }
      const auto key_end = w.begin + static_cast<uint32_t>(eq);
      inst.pairs.push_back(make_pair(lg, w.begin, key_end, Span{key_end + 1, w.end}, w.end, false));
    }
  }

  void parse_args(Instruction& inst, const Logical& lg, uint32_t ab, uint32_t ae) {
    const std::string_view text = lg.text;
    for (const Span& w : parse_words(text, ab, ae, m_out.escape)) {
      inst.args.push_back(make_word(lg, w.begin, w.end, true));
      const auto eq = text.substr(w.begin, w.end - w.begin).find('=');
      if (eq == std::string_view::npos) {
        inst.pairs.push_back(make_pair(lg, w.begin, w.end, std::nullopt, w.end, false));
      } else {
        const auto key_end = w.begin + static_cast<uint32_t>(eq);
        inst.pairs.push_back(make_pair(lg, w.begin, key_end, Span{key_end + 1, w.end}, w.end, false));
      }
    }
  }

  void read_heredocs(Instruction& inst, const Logical& lg, size_t& li) {
    Instruction* target = &inst;
    if (inst.kind == InstructionKind::Onbuild && !inst.trigger.empty()) target = &inst.trigger.front();
    const InstructionKind kind = target->kind;
    if (kind != InstructionKind::Run && kind != InstructionKind::Copy && kind != InstructionKind::Add) return;
    if (target->exec_form) return;
    const std::string_view text = lg.text;
    if (text.find("<<") == std::string_view::npos) return;

    // BuildKit ignores a failure of the lexer here: the line then has no heredoc.
    std::vector<HeredocLexer::LexedWord> words;
    if (!HeredocLexer(text, true, true).split(words)) return;
    for (const HeredocLexer::LexedWord& w : words) {
      // A substitution with a modifier loses the rest of its word in BuildKit's lexer.
      if (w.substituted) continue;
      HeredocMarker marker;
      const MarkerResult found = parse_heredoc_marker(w.text, marker);
      if (found == MarkerResult::None) continue;
      if (found == MarkerResult::Rejected) {
        error("invalid heredoc delimiter " + go_quote(w.text), range_of(lg, w.begin, w.end), true);
        continue;
      }
      Heredoc doc;
      doc.name = marker.name;
      doc.expand = marker.expand;
      doc.chomp = marker.chomp;
      doc.marker_range = range_of(lg, w.begin, w.end);
      doc.terminated = false;
      const uint32_t body_begin =
          li < m_lines.size() ? m_lines[li].begin : static_cast<uint32_t>(m_text.size());
      uint32_t body_end = body_begin;
      while (li < m_lines.size()) {
        const LineSpan line = m_lines[li++];
        uint32_t start = line.begin;
        if (doc.chomp) {
          while (start < line.end && m_text[start] == '\t') ++start;
        }
        if (m_text.substr(start, line.end - start) == doc.name) {
          doc.terminated = true;
          inst.range.end = m_loc.at(line.end);
          break;
        }
        doc.content_map.add_run(static_cast<uint32_t>(doc.content.size()), start);
        doc.content.append(m_text.substr(start, line.end - start));
        const uint32_t next = li < m_lines.size() ? m_lines[li].begin : static_cast<uint32_t>(m_text.size());
        if (next > line.end && m_text[next - 1] == '\n') doc.content.push_back('\n');
        body_end = line.end;
      }
      doc.range = m_loc.range(body_begin, body_end);
      if (!doc.terminated) {
        inst.range.end = m_loc.at(body_end);
        error("unterminated heredoc " + doc.name, doc.marker_range, true);
      }
      target->heredocs.push_back(std::move(doc));
    }
  }

  std::string_view m_text;
  Locator m_loc;
  std::vector<LineSpan> m_lines;
  DirectiveState m_directives;
  Dockerfile m_out;
};

}  // namespace

Dockerfile parse_dockerfile(const SourceFile& source) { return Parser(source).run(); }

}  // namespace layerlint
