// Word expansion following BuildKit's frontend/dockerfile/shell lexer.
//
// The expansion writes into one output buffer: a `${NAME<op>word}` construct expands its word in
// place and then keeps it, replaces it with the variable's value, or consumes it as a pattern. So
// nested constructs never copy their text up through every level, and the work stays linear.
// Glob patterns (`*`, `?`, literals; BuildKit has no bracket expressions) are matched segment by
// segment between stars, each segment found with KMP or bit-parallel search, never by backtracking.
#include "layerlint/expand.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace layerlint {
namespace {

constexpr std::size_t k_max_depth = 256;
constexpr int k_eof = -1;
constexpr std::size_t k_npos = static_cast<std::size_t>(-1);
// Output and replacement work are bounded by this many bytes plus a multiple of the input size.
constexpr std::size_t k_base_budget = std::size_t{64} << 20;
// Largest bit-parallel mask table (in 64-bit words) before falling back to direct comparison.
constexpr std::size_t k_max_mask_words = std::size_t{1} << 20;
// Marks a byte that is not part of valid UTF-8; it then counts as one character of its own.
constexpr char32_t k_invalid_base = 0x110000;

struct Decoded {
  char32_t cp;
  std::size_t len;
};

Decoded decode_at(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {k_invalid_base + b0, 1};
  }
  if (i + len > s.size()) return {k_invalid_base + b0, 1};
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {k_invalid_base + b0, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {k_invalid_base + b0, 1};
  return {cp, len};
}

// Non-ASCII letters for names: an approximation of Unicode's letter class that excludes the
// Latin-1 and general punctuation, symbols and spaces.
bool is_name_code_point(char32_t cp) {
  if (cp >= k_invalid_base) return false;
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows, box drawing
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFF00 && cp <= 0xFF20) return false;  // full-width punctuation
  return true;
}

bool is_special_param(char c) {
  switch (c) {
    case '@':
    case '*':
    case '#':
    case '?':
    case '-':
    case '$':
    case '!':
    case '0': return true;
    default: return false;
  }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// A text as characters (code points, invalid bytes standing alone) with their byte offsets.
struct Text {
  std::vector<char32_t> chars;
  std::vector<std::size_t> offsets;  // offsets[k] is where chars[k] starts; offsets.back() == bytes
};

Text decode(std::string_view s) {
  Text t;
  t.chars.reserve(s.size());
  t.offsets.reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_at(s, i);
    t.chars.push_back(d.cp);
    t.offsets.push_back(i);
    i += d.len;
  }
  t.offsets.push_back(s.size());
  return t;
}

struct GlobToken {
  bool any = false;  // `?`
  char32_t cp = 0;
};
using Segment = std::vector<GlobToken>;

// Finds one star-free segment (literals and `?`) in a text.
class SegmentSearcher {
 public:
  explicit SegmentSearcher(Segment segment) : m_segment(std::move(segment)) {
    if (m_segment.empty()) return;
    const bool has_any =
        std::any_of(m_segment.begin(), m_segment.end(), [](const GlobToken& t) { return t.any; });
    if (!has_any) {
      m_mode = Mode::Kmp;
      build_kmp();
      return;
    }
    std::unordered_set<char32_t> distinct;
    for (const GlobToken& t : m_segment)
      if (!t.any) distinct.insert(t.cp);
    m_words = (m_segment.size() + 63) / 64;
    if ((distinct.size() + 1) * m_words > k_max_mask_words) {
      m_mode = Mode::Direct;
      return;
    }
    m_mode = Mode::Bitap;
    build_bitap();
  }

  [[nodiscard]] std::size_t size() const { return m_segment.size(); }

  [[nodiscard]] bool matches_at(const std::vector<char32_t>& text, std::size_t pos) const {
    if (pos > text.size() || text.size() - pos < m_segment.size()) return false;
    for (std::size_t k = 0; k < m_segment.size(); ++k)
      if (!m_segment[k].any && m_segment[k].cp != text[pos + k]) return false;
    return true;
  }

  // The first start >= from where the segment matches, or k_npos.
  [[nodiscard]] std::size_t find_first(const std::vector<char32_t>& text, std::size_t from) const {
    return scan(text, from, true);
  }
  // The last start >= from where the segment matches, or k_npos.
  [[nodiscard]] std::size_t find_last(const std::vector<char32_t>& text, std::size_t from) const {
    return scan(text, from, false);
  }

 private:
  enum class Mode { Empty, Kmp, Bitap, Direct };

  void build_kmp() {
    m_failure.assign(m_segment.size(), 0);
    std::size_t k = 0;
    for (std::size_t i = 1; i < m_segment.size(); ++i) {
      while (k > 0 && m_segment[i].cp != m_segment[k].cp) k = m_failure[k - 1];
      if (m_segment[i].cp == m_segment[k].cp) ++k;
      m_failure[i] = k;
    }
  }

  void build_bitap() {
    std::vector<uint64_t> any(m_words, 0);
    for (std::size_t j = 0; j < m_segment.size(); ++j) {
      if (m_segment[j].any) any[j / 64] |= uint64_t{1} << (j % 64);
    }
    m_masks = any;  // row 0: characters absent from the segment
    for (std::size_t j = 0; j < m_segment.size(); ++j) {
      if (m_segment[j].any) continue;
      auto [it, inserted] = m_rows.try_emplace(m_segment[j].cp, m_rows.size() + 1);
      if (inserted) m_masks.insert(m_masks.end(), any.begin(), any.end());
      m_masks[it->second * m_words + j / 64] |= uint64_t{1} << (j % 64);
    }
  }

  [[nodiscard]] std::size_t scan(const std::vector<char32_t>& text, std::size_t from, bool first) const {
    const std::size_t n = text.size();
    const std::size_t m = m_segment.size();
    if (from > n) return k_npos;
    if (m == 0) return first ? from : n;
    if (n - from < m) return k_npos;
    std::size_t found = k_npos;
    switch (m_mode) {
      case Mode::Empty: break;
      case Mode::Kmp: {
        std::size_t k = 0;
        for (std::size_t i = from; i < n; ++i) {
          while (k > 0 && text[i] != m_segment[k].cp) k = m_failure[k - 1];
          if (text[i] == m_segment[k].cp) ++k;
          if (k == m) {
            found = i + 1 - m;
            if (first) return found;
            k = m_failure[k - 1];
          }
        }
        break;
      }
      case Mode::Bitap: {
        std::vector<uint64_t> state(m_words, 0);
        const std::size_t top_word = (m - 1) / 64;
        const uint64_t top_bit = uint64_t{1} << ((m - 1) % 64);
        for (std::size_t i = from; i < n; ++i) {
          const auto row_it = m_rows.find(text[i]);
          const std::size_t row = row_it == m_rows.end() ? 0 : row_it->second;
          const uint64_t* mask = &m_masks[row * m_words];
          uint64_t carry = 1;
          for (std::size_t w = 0; w < m_words; ++w) {
            const uint64_t next_carry = state[w] >> 63;
            state[w] = ((state[w] << 1) | carry) & mask[w];
            carry = next_carry;
          }
          if ((state[top_word] & top_bit) != 0) {
            found = i + 1 - m;
            if (first) return found;
          }
        }
        break;
      }
      case Mode::Direct: {
        if (first) {
          for (std::size_t s = from; s + m <= n; ++s)
            if (matches_at(text, s)) return s;
        } else {
          for (std::size_t s = n - m + 1; s-- > from;)
            if (matches_at(text, s)) return s;
        }
        break;
      }
    }
    return found;
  }

  Segment m_segment;
  Mode m_mode = Mode::Empty;
  std::vector<std::size_t> m_failure;
  std::size_t m_words = 0;
  std::unordered_map<char32_t, std::size_t> m_rows;
  std::vector<uint64_t> m_masks;
};

// A shell pattern as BuildKit reads it: `*` any run, `?` any one character, `\` escapes `*`, `?`
// and `\`, and is dropped before `}` and `/`; every other character is literal.
class GlobPattern {
 public:
  // Returns nullopt and sets `error` for an invalid escape.
  static std::optional<GlobPattern> compile(std::string_view pattern, bool reversed, std::string* error) {
    std::vector<Segment> segments(1);
    for (std::size_t i = 0; i < pattern.size();) {
      const char c = pattern[i];
      if (c == '*') {
        segments.emplace_back();
        ++i;
        continue;
      }
      if (c == '?') {
        segments.back().push_back({true, 0});
        ++i;
        continue;
      }
      if (c == '\\') {
        if (i + 1 < pattern.size() && (pattern[i + 1] == '}' || pattern[i + 1] == '/')) {
          ++i;  // the next character is taken literally below
        } else if (i + 1 < pattern.size() &&
                   (pattern[i + 1] == '*' || pattern[i + 1] == '?' || pattern[i + 1] == '\\')) {
          segments.back().push_back({false, static_cast<char32_t>(pattern[i + 1])});
          i += 2;
          continue;
        } else {
          *error = i + 1 < pattern.size() ? "invalid escape '\\" + std::string(1, pattern[i + 1]) + "'"
                                          : std::string("invalid escape '\\'");
          return std::nullopt;
        }
      }
      const Decoded d = decode_at(pattern, i);
      segments.back().push_back({false, d.cp});
      i += d.len;
    }
    if (reversed) {
      std::reverse(segments.begin(), segments.end());
      for (Segment& s : segments) std::reverse(s.begin(), s.end());
    }
    GlobPattern glob;
    for (Segment& s : segments) glob.m_segments.emplace_back(std::move(s));
    return glob;
  }

  // End of the shortest or longest match anchored at `start`, or k_npos.
  [[nodiscard]] std::size_t match_prefix(const std::vector<char32_t>& text, std::size_t start,
                                         bool longest) const {
    const SegmentSearcher& head = m_segments.front();
    if (!head.matches_at(text, start)) return k_npos;
    std::size_t pos = start + head.size();
    if (m_segments.size() == 1) return pos;
    // Placing every middle segment as early as possible leaves the most room for the rest.
    for (std::size_t i = 1; i + 1 < m_segments.size(); ++i) {
      const std::size_t found = m_segments[i].find_first(text, pos);
      if (found == k_npos) return k_npos;
      pos = found + m_segments[i].size();
    }
    const SegmentSearcher& last = m_segments.back();
    const std::size_t found = longest ? last.find_last(text, pos) : last.find_first(text, pos);
    if (found == k_npos) return k_npos;
    return found + last.size();
  }

  // Leftmost match starting at or after `from`, longest at that start (a greedy regex's choice).
  [[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>> find(const std::vector<char32_t>& text,
                                                                        std::size_t from) const {
    const SegmentSearcher& head = m_segments.front();
    const std::size_t start = head.find_first(text, from);
    if (start == k_npos) return std::nullopt;
    if (m_segments.size() == 1) return std::make_pair(start, start + head.size());
    // If the rest does not fit after the earliest head, it fits after no later one.
    const std::size_t end = match_prefix(text, start, true);
    if (end == k_npos) return std::nullopt;
    return std::make_pair(start, end);
  }

 private:
  std::vector<SegmentSearcher> m_segments;
};

// Go's regexp template expansion of a replacement: `$0`/`${0}` is the match, `$$` a dollar, other
// group references are empty, and a malformed reference leaves the `$` as it is.
std::string expand_replacement(std::string_view repl, std::string_view match) {
  std::string out;
  std::size_t i = 0;
  while (i < repl.size()) {
    const std::size_t dollar = repl.find('$', i);
    if (dollar == std::string_view::npos) break;
    out.append(repl.substr(i, dollar - i));
    i = dollar + 1;
    if (i < repl.size() && repl[i] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string_view name;
    std::size_t rest = i;
    const auto is_word = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    if (i < repl.size() && repl[i] == '{') {
      std::size_t k = i + 1;
      while (k < repl.size() && is_word(repl[k])) ++k;
      if (k < repl.size() && repl[k] == '}' && k > i + 1) {
        name = repl.substr(i + 1, k - i - 1);
        rest = k + 1;
      }
    } else {
      std::size_t k = i;
      while (k < repl.size() && is_word(repl[k])) ++k;
      name = repl.substr(i, k - i);
      rest = k;
    }
    if (name.empty()) {
      out += '$';
      continue;
    }
    i = rest;
    if (name == "0") out.append(match);
  }
  out.append(repl.substr(std::min(i, repl.size())));
  return out;
}

class WordSplitter {
 public:
  void add_char(char c) {
    if (is_space(c)) {
      if (m_in_word && !m_word.empty()) flush();
    } else {
      add_raw_char(c);
    }
  }
  void add_raw_char(char c) {
    m_word += c;
    m_in_word = true;
  }
  void add_string(std::string_view s) {
    for (char c : s) add_char(c);
  }
  void add_raw_string(std::string_view s) {
    m_word.append(s);
    m_in_word = true;
  }
  std::vector<std::string> finish() {
    if (!m_word.empty()) flush();
    return std::move(m_words);
  }

 private:
  void flush() {
    m_words.push_back(std::move(m_word));
    m_word.clear();
    m_in_word = false;
  }
  std::vector<std::string> m_words;
  std::string m_word;
  bool m_in_word = false;
};

class Expander {
 public:
  Expander(std::string_view input, const VariableLookup& lookup, char escape, WordSplitter* words)
      : m_in(input),
        m_lookup(lookup),
        m_escape(escape),
        m_words(words),
        m_budget(k_base_budget + 4 * input.size()) {}

  ExpandResult run() {
    scan(k_eof, false, 0, true);
    ExpandResult r;
    r.value = std::move(m_out);
    r.used = std::move(m_used);
    r.unresolved = std::move(m_unresolved);
    r.ok = m_error.empty();
    r.error = std::move(m_error);
    return r;
  }

 private:
  [[nodiscard]] int peek() const {
    return m_pos < m_in.size() ? static_cast<unsigned char>(m_in[m_pos]) : k_eof;
  }

  void fail(std::string message) {
    if (m_error.empty()) m_error = std::move(message);
  }
  void abort(std::string message) {
    fail(std::move(message));
    m_aborted = true;
  }
  bool spend(std::size_t bytes) {
    if (bytes > m_budget) {
      abort("expansion is too large");
      return false;
    }
    m_budget -= bytes;
    return true;
  }

  // Expands up to `stop` (consumed) or the end, appending to m_out. Returns whether `stop` was seen.
  bool scan(int stop, bool raw_escapes, std::size_t depth, bool live) {
    while (!m_aborted && m_pos < m_in.size()) {
      const char c = m_in[m_pos];
      if (stop != k_eof && static_cast<unsigned char>(c) == stop) {
        ++m_pos;
        return true;
      }
      if (c == '$' || c == '\'' || c == '"') {
        const std::size_t start = m_pos;
        const std::size_t mark = m_out.size();
        if (c == '$') {
          dollar(depth, live);
        } else if (c == '\'') {
          single_quote();
        } else {
          double_quote(raw_escapes, depth, live);
        }
        if (m_aborted) {
          if (depth == 0) keep_rest_literally(start, mark);
          return false;
        }
        if (depth == 0 && m_words != nullptr) {
          const std::string_view piece = std::string_view(m_out).substr(mark);
          // Values of variables are split on whitespace; quoted text is not.
          if (c == '$') {
            m_words->add_string(piece);
          } else {
            m_words->add_raw_string(piece);
          }
        }
        continue;
      }
      ++m_pos;
      if (c == m_escape) {
        if (raw_escapes) append_raw(c, depth);
        if (m_pos >= m_in.size()) break;  // a trailing escape is dropped
        append_raw(m_in[m_pos++], depth);
      } else {
        m_out += c;
        if (depth == 0 && m_words != nullptr) m_words->add_char(c);
      }
    }
    return false;
  }

  void append_raw(char c, std::size_t depth) {
    m_out += c;
    if (depth == 0 && m_words != nullptr) m_words->add_raw_char(c);
  }

  // After a syntax error, the construct that failed and everything after it are kept as written.
  void keep_rest_literally(std::size_t start, std::size_t mark) {
    m_out.resize(mark);
    const std::string_view rest = m_in.substr(start);
    m_out.append(rest);
    if (m_words != nullptr) m_words->add_string(rest);
    m_pos = m_in.size();
  }

  void single_quote() {
    ++m_pos;
    const std::size_t close = m_in.find('\'', m_pos);
    if (close == std::string_view::npos) {
      abort("unexpected end of statement while looking for matching single-quote");
      return;
    }
    m_out.append(m_in.substr(m_pos, close - m_pos));
    m_pos = close + 1;
  }

  void double_quote(bool raw_escapes, std::size_t depth, bool live) {
    ++m_pos;
    while (!m_aborted) {
      const int c = peek();
      if (c == k_eof) {
        abort("unexpected end of statement while looking for matching double-quote");
        return;
      }
      if (c == '"') {
        ++m_pos;
        return;
      }
      if (c == '$') {
        dollar(depth, live);
        continue;
      }
      const char ch = m_in[m_pos++];
      if (ch == m_escape) {
        if (raw_escapes) m_out += ch;
        const int next = peek();
        if (next == k_eof) continue;  // reported as the missing closing quote
        if (next == '"' || next == '$' || next == static_cast<unsigned char>(m_escape)) {
          m_out += m_in[m_pos++];
          continue;
        }
      }
      m_out += ch;
    }
  }

  // A name after `$`: a run of digits, one special parameter, or letters, digits and `_`.
  std::string read_name() {
    const std::size_t start = m_pos;
    if (m_pos < m_in.size() && m_in[m_pos] >= '0' && m_in[m_pos] <= '9') {
      while (m_pos < m_in.size() && m_in[m_pos] >= '0' && m_in[m_pos] <= '9') ++m_pos;
      return std::string(m_in.substr(start, m_pos - start));
    }
    if (m_pos < m_in.size() && is_special_param(m_in[m_pos])) {
      ++m_pos;
      return std::string(m_in.substr(start, 1));
    }
    while (m_pos < m_in.size()) {
      const Decoded d = decode_at(m_in, m_pos);
      if (!is_name_code_point(d.cp)) break;
      m_pos += d.len;
    }
    return std::string(m_in.substr(start, m_pos - start));
  }

  // Looks a variable up, recording it as used, and as unresolved when unset and `counts_unset`.
  std::optional<std::string> get(const std::string& name, bool counts_unset) {
    if (name.empty()) return std::nullopt;
    if (m_seen_used.insert(name).second) m_used.push_back(name);
    std::optional<std::string> value = m_lookup ? m_lookup(name) : std::nullopt;
    if (!value && counts_unset && m_seen_unresolved.insert(name).second) m_unresolved.push_back(name);
    return value;
  }

  void append_value(const std::string& value) {
    if (spend(value.size())) m_out += value;
  }

  void dollar(std::size_t depth, bool live) {
    ++m_pos;  // '$'
    if (peek() != '{') {
      const std::string name = read_name();
      if (name.empty()) {
        m_out += '$';
        return;
      }
      if (auto value = get(name, live)) append_value(*value);
      return;
    }
    ++m_pos;  // '{'
    const int first = peek();
    if (first == k_eof) {
      abort("syntax error: missing '}'");
      return;
    }
    if (first == '{' || first == '}' || first == ':') {
      abort("syntax error: bad substitution");
      return;
    }
    const std::string name = read_name();
    int op = peek();
    if (op == k_eof) {
      abort("syntax error: missing '}'");
      return;
    }
    ++m_pos;
    if (op == '}') {
      if (auto value = get(name, live)) append_value(*value);
      return;
    }
    if (depth + 1 > k_max_depth) {
      abort("nesting too deep in substitution");
      return;
    }
    if (op == '/') {
      substitute(name, depth, live);
      return;
    }
    std::string modifier(1, static_cast<char>(op));
    bool null_is_unset = false;
    if (op == ':') {
      null_is_unset = true;
      op = peek();
      if (op == k_eof) {
        abort("syntax error: missing '}'");
        return;
      }
      ++m_pos;
      modifier += static_cast<char>(op);
    }
    const bool pattern_op = op == '#' || op == '%';
    const bool known = op == '-' || op == '+' || op == '?' || pattern_op;
    // The variable is looked up first so that the word knows whether its value will be used.
    const std::optional<std::string> value =
        name.empty() ? std::nullopt : get(name, live && (!known || pattern_op || op == '?'));
    const bool empty_or_unset = !value || (null_is_unset && value->empty());
    bool word_live = live;
    if (op == '-') word_live = live && empty_or_unset;
    if (op == '+') word_live = live && !empty_or_unset;
    if (op == '?') word_live = live && empty_or_unset;
    const std::size_t mark = m_out.size();
    const bool closed = scan('}', pattern_op, depth + 1, word_live);
    if (m_aborted) return;
    if (!closed) {
      abort("syntax error: missing '}'");
      return;
    }
    switch (op) {
      case '-':
        if (!empty_or_unset) {
          m_out.resize(mark);
          append_value(*value);
        }
        return;
      case '+':
        if (empty_or_unset) m_out.resize(mark);
        return;
      case '?': {
        if (!empty_or_unset) {
          m_out.resize(mark);
          append_value(*value);
          return;
        }
        std::string message = m_out.substr(mark);
        m_out.resize(mark);
        if (message.empty()) message = value ? "is not allowed to be empty" : "is not allowed to be unset";
        fail(name + ": " + message);
        return;
      }
      case '#':
      case '%': {
        std::string pattern = m_out.substr(mark);
        m_out.resize(mark);
        bool greedy = false;
        if (!pattern.empty() && pattern[0] == static_cast<char>(op)) {
          greedy = true;
          pattern.erase(0, 1);
        }
        trim(value.value_or(std::string()), pattern, op == '%', greedy);
        return;
      }
      default:
        m_out.resize(mark);
        fail("unsupported modifier (" + modifier + ") in substitution");
        return;
    }
  }

  void trim(const std::string& value, const std::string& pattern, bool suffix, bool greedy) {
    std::string error;
    const auto glob = GlobPattern::compile(pattern, suffix, &error);
    if (!glob) {
      fail("invalid pattern (" + pattern + ") in substitution: " + error);
      append_value(value);
      return;
    }
    Text text = decode(value);
    if (suffix) std::reverse(text.chars.begin(), text.chars.end());
    const std::size_t end = glob->match_prefix(text.chars, 0, greedy);
    if (end == k_npos) {
      append_value(value);
    } else if (suffix) {
      const std::size_t keep = text.offsets[text.chars.size() - end];
      if (spend(keep)) m_out.append(value, 0, keep);
    } else {
      if (spend(value.size() - text.offsets[end])) m_out.append(value, text.offsets[end], std::string::npos);
    }
  }

  // ${NAME/pattern/replacement} and ${NAME//pattern/replacement}.
  void substitute(const std::string& name, std::size_t depth, bool live) {
    const bool replace_all = peek() == '/';
    if (replace_all) ++m_pos;
    const std::optional<std::string> value = get(name, live);
    const std::size_t mark = m_out.size();
    if (!scan('/', true, depth + 1, live)) {
      if (!m_aborted) abort("syntax error: missing '/' in ${}");
      return;
    }
    const std::string pattern = m_out.substr(mark);
    m_out.resize(mark);
    if (!scan('}', true, depth + 1, live)) {
      if (!m_aborted) abort("syntax error: missing '}'");
      return;
    }
    const std::string replacement = m_out.substr(mark);
    m_out.resize(mark);
    const std::string subject = value.value_or(std::string());
    std::string error;
    const auto glob = GlobPattern::compile(pattern, false, &error);
    if (!glob) {
      fail("invalid pattern (" + pattern + ") in substitution: " + error);
      return;
    }
    const Text text = decode(subject);
    const std::size_t n = text.chars.size();
    std::size_t last = 0;    // characters copied so far
    std::size_t search = 0;  // where the next match may start
    while (search <= n && !m_aborted) {
      const auto match = glob->find(text.chars, search);
      if (!match) break;
      const auto [begin, end] = *match;
      const std::size_t from_byte = text.offsets[last];
      const std::size_t begin_byte = text.offsets[begin];
      if (!spend(begin_byte - from_byte)) return;
      m_out.append(subject, from_byte, begin_byte - from_byte);
      // An empty match right after a match is not replaced (Go's ReplaceAll).
      if (end > last || begin == 0) {
        const std::string_view matched =
            std::string_view(subject).substr(begin_byte, text.offsets[end] - begin_byte);
        const std::string expanded = expand_replacement(replacement, matched);
        if (!spend(expanded.size() + 1)) return;
        m_out += expanded;
      }
      last = end;
      if (!replace_all) break;
      search = search + 1 > end ? search + 1 : end;
    }
    if (spend(subject.size() - text.offsets[last]))
      m_out.append(subject, text.offsets[last], std::string::npos);
  }

  std::string_view m_in;
  const VariableLookup& m_lookup;
  char m_escape;
  WordSplitter* m_words;
  std::size_t m_budget;
  std::size_t m_pos = 0;
  std::string m_out;
  std::vector<std::string> m_used;
  std::vector<std::string> m_unresolved;
  std::unordered_set<std::string> m_seen_used;
  std::unordered_set<std::string> m_seen_unresolved;
  std::string m_error;
  bool m_aborted = false;
};

}  // namespace

ExpandResult expand_word(std::string_view word, const VariableLookup& lookup, char escape) {
  return Expander(word, lookup, escape, nullptr).run();
}

std::vector<std::string> expand_words(std::string_view text, const VariableLookup& lookup, char escape) {
  WordSplitter words;
  (void)Expander(text, lookup, escape, &words).run();
  return words.finish();
}

}  // namespace layerlint
