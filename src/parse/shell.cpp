// POSIX shell tokenizer for RUN commands. One pass over the text with an explicit stack of frames
// (top level, `$(...)`, backticks) and, per word, an explicit stack of quoting contexts, so nesting
// depth costs memory, never native stack.
#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "layerlint/shell.hpp"

#include "core/utf8.hpp"

namespace layerlint {
namespace {

constexpr size_t k_max_inline_expansion = 4096;
constexpr size_t k_no_var = std::numeric_limits<size_t>::max();

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_special_param(char c) { return std::strchr("@*#?$!-", c) != nullptr && c != '\0'; }

// Characters that end an unquoted word.
bool is_meta(char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case ';':
    case '&':
    case '|':
    case '<':
    case '>':
    case '(':
    case ')': return true;
    default: return false;
  }
}

// Characters that need attention inside an unquoted word.
constexpr std::array<bool, 256> make_plain_special() {
  std::array<bool, 256> t{};
  for (const char c : std::string_view(" \t\r\n;&|<>()\\'\"$`")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> k_plain_special = make_plain_special();

constexpr std::array<bool, 256> make_dquote_special() {
  std::array<bool, 256> t{};
  for (const char c : std::string_view("\\\"$`")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> k_dquote_special = make_dquote_special();

bool is_reserved_word(std::string_view w) {
  static constexpr std::array<std::string_view, 17> k_words = {
      "if",  "then",   "else", "elif", "fi", "do", "done", "while",   "until",
      "for", "select", "case", "esac", "{",  "}",  "!",    "function"};
  return std::find(k_words.begin(), k_words.end(), w) != k_words.end();
}

// `NAME=` or `NAME+=` at the start of an unquoted word.
bool is_assignment(std::string_view raw) {
  if (raw.empty() || !is_name_start(raw[0])) return false;
  size_t i = 1;
  while (i < raw.size() && is_name_char(raw[i])) ++i;
  if (i < raw.size() && raw[i] == '+') ++i;
  return i < raw.size() && raw[i] == '=';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

enum class CtxKind : uint8_t { DQuote, Brace, Arith, Array };

struct WordCtx {
  CtxKind kind;
  uint32_t begin;
  uint32_t parens = 0;          // Arith: open '(' inside
  size_t var_index = k_no_var;  // Brace: the VarRef to close
};

struct Elision {
  uint32_t begin;
  uint32_t end;
  std::string_view text;
};

struct WordState {
  bool active = false;
  bool arith_command = false;  // `(( ... ))` in command position
  ShellWord word;
  std::vector<WordCtx> ctx;
  uint32_t verbatim_depth = 0;  // open contexts whose source text is copied as is
  uint32_t verbatim_begin = 0;
  std::vector<Elision> elided;
};

enum class FrameKind : uint8_t { Top, Dollar, Backtick };
enum class Mode : uint8_t { Command, ForName, ForIn, ForWords, CaseSubject, CaseIn, CasePattern, FuncName };
enum class Construct : uint8_t { Subshell, Case };

struct Frame {
  FrameKind kind = FrameKind::Top;
  uint32_t begin = 0;  // the `$(` or backtick
  uint32_t depth = 0;
  SimpleCommand cmd;
  bool cmd_started = false;
  WordState word;
  std::optional<Redirect> redirect;  // operator seen, target word pending
  std::vector<Construct> constructs;
  Mode mode = Mode::Command;
  bool dbracket = false;     // inside `[[ ... ]]`
  bool func_parens = false;  // after `function NAME`: `()` may follow
  bool has_pipeline = false;
  uint32_t pipeline = 0;
  // Compound commands (`{ }`, `( )`, if/for/while/until/case) open in this frame: the index of the
  // first command of each. `closed_group` is the one just closed, for a redirect that follows it.
  std::vector<uint32_t> groups;
  uint32_t closed_group = UINT32_MAX;
};

struct PendingHeredoc {
  std::string delimiter;
  bool strip_tabs = false;
};

struct HeredocBody {
  std::string text;
  uint32_t begin = 0;
  uint32_t end = 0;
  bool terminated = true;
};

// Parameter expansions of an expanded heredoc body: $NAME, $1, ${NAME...} (braces balanced).
std::vector<VarRef> heredoc_vars(std::string_view text, uint32_t begin, uint32_t end) {
  std::vector<VarRef> vars;
  uint32_t i = begin;
  while (i < end) {
    const char c = text[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c != '$' || i + 1 >= end) {
      ++i;
      continue;
    }
    const char n = text[i + 1];
    if (n == '{') {
      uint32_t j = i + 2;
      if (j < end && (text[j] == '#' || text[j] == '!') && j + 1 < end && is_name_start(text[j + 1])) ++j;
      const uint32_t name_begin = j;
      while (j < end && is_name_char(text[j])) ++j;
      const uint32_t name_end = j;
      uint32_t depth = 1;
      while (j < end && depth > 0) {
        if (text[j] == '{') ++depth;
        if (text[j] == '}') --depth;
        if (text[j] == '\n') break;
        ++j;
      }
      if (depth == 0 && name_end > name_begin) {
        vars.push_back({std::string(text.substr(name_begin, name_end - name_begin)), i, j});
      }
      i = std::max(j, i + 2);
    } else if (is_name_start(n)) {
      uint32_t j = i + 1;
      while (j < end && is_name_char(text[j])) ++j;
      vars.push_back({std::string(text.substr(i + 1, j - i - 1)), i, j});
      i = j;
    } else if (is_digit(n) || is_special_param(n)) {
      vars.push_back({std::string(1, n), i, i + 2});
      i += 2;
    } else {
      ++i;
    }
  }
  return vars;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text), m_size(static_cast<uint32_t>(text.size())) {}

  ShellScript run() {
    m_frames.emplace_back();
    for (;;) {
      if (m_frames.back().word.active) {
        scan_word();
      } else if (!command_level_step()) {
        break;
      }
    }
    attach_heredocs();
    return std::move(m_out);
  }

 private:
  // ---- helpers -------------------------------------------------------------------------------

  char at(uint32_t i) const { return i < m_size ? m_text[i] : '\0'; }

  void error(std::string message, uint32_t begin, uint32_t end) {
    m_out.errors.push_back({std::move(message), begin, std::max(begin, end)});
  }

  void append(WordState& w, char c) {
    if (w.verbatim_depth == 0) w.word.value += c;
  }
  void append(WordState& w, std::string_view s) {
    if (w.verbatim_depth == 0) w.word.value += s;
  }

  // Adds the source text of an expansion [begin, end) to the word's value, abbreviated when long.
  void append_expansion(WordState& w, uint32_t begin, uint32_t end, std::string_view abbreviation) {
    if (w.verbatim_depth > 0) return;
    if (end - begin <= k_max_inline_expansion) {
      w.word.value += m_text.substr(begin, end - begin);
      return;
    }
    w.word.value += abbreviation;
    while (!w.elided.empty() && w.elided.back().begin >= begin) w.elided.pop_back();
    w.elided.push_back({begin, end, abbreviation});
  }

  void open_verbatim(WordState& w, CtxKind kind, uint32_t begin, size_t var_index = k_no_var) {
    if (w.verbatim_depth == 0) w.verbatim_begin = begin;
    ++w.verbatim_depth;
    w.ctx.push_back({kind, begin, 0, var_index});
  }

  void close_verbatim(WordState& w, uint32_t end) {
    const WordCtx ctx = w.ctx.back();
    w.ctx.pop_back();
    if (ctx.kind == CtxKind::Brace && ctx.var_index != k_no_var) w.word.vars[ctx.var_index].end = end;
    if (--w.verbatim_depth > 0) return;
    std::string_view abbreviation = "${…}";
    if (ctx.kind == CtxKind::Arith) abbreviation = "$((…))";
    if (ctx.kind == CtxKind::Array) abbreviation = "(…)";
    append_expansion(w, w.verbatim_begin, end, abbreviation);
  }

  void note_token(Frame& f, uint32_t begin, uint32_t end) {
    if (!f.cmd_started) {
      f.cmd_started = true;
      f.cmd.begin = begin;
    }
    f.cmd.end = std::max(f.cmd.end, end);
  }

  bool command_position(const Frame& f) const {
    return f.cmd.words.empty() && f.cmd.assignments.empty() && f.cmd.redirects.empty() && !f.redirect;
  }

  // ---- frames --------------------------------------------------------------------------------

  void push_frame(FrameKind kind, uint32_t begin) {
    Frame nf;
    nf.kind = kind;
    nf.begin = begin;
    nf.depth = m_frames.back().depth + 1;
    m_frames.push_back(std::move(nf));
  }

  // Ends the innermost substitution; `end` is just past its closing `)` or backtick.
  void pop_frame(uint32_t end) {
    Frame& f = m_frames.back();
    finish_command(f, Separator::None);
    const uint32_t begin = f.begin;
    const std::string_view abbreviation = f.kind == FrameKind::Dollar ? "$(…)" : "`…`";
    m_frames.pop_back();
    append_expansion(m_frames.back().word, begin, end, abbreviation);
  }

  // ---- commands ------------------------------------------------------------------------------

  // At command position, so the commands before it are finished.
  void open_group(Frame& f) { f.groups.push_back(static_cast<uint32_t>(m_out.commands.size())); }

  void close_group(Frame& f) {
    if (f.groups.empty()) return;
    f.closed_group = f.groups.back();
    f.groups.pop_back();
  }

  void finish_command(Frame& f, Separator sep) {
    if (f.redirect) {
      error("missing redirect target", f.redirect->begin, f.redirect->end);
      f.cmd.redirects.push_back(std::move(*f.redirect));
      f.redirect.reset();
    }
    f.dbracket = false;
    f.func_parens = false;
    if (f.cmd_started) {
      SimpleCommand cmd = std::move(f.cmd);
      // The words stay as long as the model: no room left over from growing (up to half the buffer).
      if (cmd.words.capacity() > cmd.words.size() + 2) cmd.words.shrink_to_fit();
      cmd.separator = sep;
      cmd.depth = f.depth;
      if (!f.has_pipeline) {
        f.has_pipeline = true;
        f.pipeline = m_next_pipeline++;
      }
      cmd.pipeline = f.pipeline;
      // Redirects right after a compound command (`{ …; } > f`) are the compound's.
      if (f.closed_group != UINT32_MAX && cmd.words.empty() && !cmd.redirects.empty())
        cmd.group_begin = f.closed_group;
      m_out.commands.push_back(std::move(cmd));
    }
    f.closed_group = UINT32_MAX;
    f.cmd = SimpleCommand{};
    f.cmd_started = false;
    if (sep != Separator::Pipe) f.has_pipeline = false;
  }

  // Drops the words seen so far (a function name before `()`).
  void discard_command(Frame& f) {
    f.cmd = SimpleCommand{};
    f.cmd_started = false;
  }

  void complete_word(Frame& f, ShellWord word) {
    if (f.redirect) {
      Redirect r = std::move(*f.redirect);
      f.redirect.reset();
      r.end = word.end;
      note_token(f, r.begin, r.end);
      if (r.is_heredoc()) {
        r.heredoc_expand = !word.quoted;
        m_pending.push_back({word.value, r.base_op() == "<<-"});
      }
      r.target = std::move(word);
      f.cmd.redirects.push_back(std::move(r));
      return;
    }
    const bool plain = !word.quoted && !word.has_substitution && word.vars.empty();
    f.func_parens = false;
    switch (f.mode) {
      case Mode::ForName: f.mode = Mode::ForIn; return;
      case Mode::ForIn: f.mode = plain && word.value == "do" ? Mode::Command : Mode::ForWords; return;
      case Mode::ForWords: return;
      case Mode::CaseSubject: f.mode = Mode::CaseIn; return;
      case Mode::CaseIn:
        f.mode = Mode::CasePattern;
        f.constructs.push_back(Construct::Case);
        return;
      case Mode::CasePattern:
        if (plain && word.value == "esac") {
          if (!f.constructs.empty() && f.constructs.back() == Construct::Case) f.constructs.pop_back();
          close_group(f);
          f.mode = Mode::Command;
        }
        return;
      case Mode::FuncName:
        f.mode = Mode::Command;
        f.func_parens = true;
        return;
      case Mode::Command: break;
    }
    if (f.dbracket) {
      note_token(f, word.begin, word.end);
      if (plain && word.value == "]]") f.dbracket = false;
      f.cmd.words.push_back(std::move(word));
      return;
    }
    if (command_position(f) && plain && is_reserved_word(word.value)) {
      const std::string_view w = word.value;
      if (w == "{" || w == "if" || w == "for" || w == "select" || w == "while" || w == "until" || w == "case")
        open_group(f);
      if (w == "}" || w == "fi" || w == "done" || w == "esac") close_group(f);
      if (w == "for" || w == "select") f.mode = Mode::ForName;
      if (w == "case") f.mode = Mode::CaseSubject;
      if (w == "function") f.mode = Mode::FuncName;
      if (w == "esac" && !f.constructs.empty() && f.constructs.back() == Construct::Case)
        f.constructs.pop_back();
      return;
    }
    note_token(f, word.begin, word.end);
    if (command_position(f) && plain && word.value == "[[") f.dbracket = true;
    if (f.cmd.words.empty() && is_assignment(word.raw)) {
      f.cmd.assignments.push_back(std::move(word));
    } else {
      f.cmd.words.push_back(std::move(word));
    }
  }

  // ---- command level -------------------------------------------------------------------------

  void start_word(Frame& f) {
    WordState& w = f.word;
    w.active = true;
    w.arith_command = false;
    w.word = ShellWord{};
    w.word.begin = m_pos;
    w.ctx.clear();
    w.elided.clear();
    w.verbatim_depth = 0;
  }

  void add_operator_word(Frame& f, uint32_t len) {
    ShellWord word;
    word.begin = m_pos;
    word.end = m_pos + len;
    word.raw = std::string(m_text.substr(m_pos, len));
    word.value = word.raw;
    m_pos += len;
    note_token(f, word.begin, word.end);
    f.cmd.words.push_back(std::move(word));
  }

  void end_header_modes(Frame& f) {
    if (f.mode == Mode::ForName || f.mode == Mode::ForIn || f.mode == Mode::ForWords ||
        f.mode == Mode::FuncName) {
      f.mode = Mode::Command;
    }
  }

  // Handles one token when no word is open. Returns false at the end of the input.
  bool command_level_step() {
    Frame& f = m_frames.back();
    while (m_pos < m_size) {
      const char c = m_text[m_pos];
      if (is_blank(c)) {
        ++m_pos;
      } else if (c == '\\' && at(m_pos + 1) == '\n') {
        m_pos += 2;
      } else {
        break;
      }
    }
    if (m_pos >= m_size) {
      if (f.kind == FrameKind::Top) {
        finish_command(f, Separator::None);
        return false;
      }
      error(f.kind == FrameKind::Dollar ? "unterminated command substitution" : "unterminated backquote",
            f.begin, m_size);
      pop_frame(m_size);
      return true;
    }
    const char c = m_text[m_pos];
    const char c1 = at(m_pos + 1);
    const char c2 = at(m_pos + 2);
    if (f.dbracket && (c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')')) {
      add_operator_word(f, (c == '&' || c == '|') && c1 == c ? 2 : 1);
      return true;
    }
    switch (c) {
      case '#':
        while (m_pos < m_size && m_text[m_pos] != '\n') ++m_pos;
        return true;
      case '\n':
        ++m_pos;
        end_header_modes(f);
        finish_command(f, Separator::Newline);
        read_heredocs();
        return true;
      case ';':
        if (c1 == ';' || c1 == '&') {
          m_pos += (c1 == ';' && c2 == '&') ? 3 : 2;
          finish_command(f, Separator::Semicolon);
          if (!f.constructs.empty() && f.constructs.back() == Construct::Case) f.mode = Mode::CasePattern;
          return true;
        }
        ++m_pos;
        end_header_modes(f);
        finish_command(f, Separator::Semicolon);
        return true;
      case '&':
        if (c1 == '&') {
          m_pos += 2;
          finish_command(f, Separator::And);
          return true;
        }
        if (c1 == '>') {
          start_redirect(f, m_pos, -1, c2 == '>' ? 3 : 2);
          return true;
        }
        ++m_pos;
        end_header_modes(f);
        finish_command(f, Separator::Background);
        return true;
      case '|':
        if (f.mode == Mode::CasePattern) {
          ++m_pos;
          return true;
        }
        if (c1 == '|') {
          m_pos += 2;
          finish_command(f, Separator::Or);
          return true;
        }
        m_pos += c1 == '&' ? 2 : 1;
        finish_command(f, Separator::Pipe);
        return true;
      case '(': open_paren(f); return true;
      case ')': close_paren(f); return true;
      case '<':
      case '>': start_redirect(f, m_pos, -1, redirect_length(m_pos)); return true;
      case '`':
        if (f.kind == FrameKind::Backtick) {
          ++m_pos;
          pop_frame(m_pos);
          return true;
        }
        break;
      default: break;
    }
    if (is_digit(c)) {
      uint32_t j = m_pos;
      while (j < m_size && is_digit(m_text[j])) ++j;
      if (j < m_size && (m_text[j] == '<' || m_text[j] == '>') && j - m_pos <= 9) {
        int fd = 0;
        for (uint32_t k = m_pos; k < j; ++k) fd = fd * 10 + (m_text[k] - '0');
        const uint32_t begin = m_pos;
        m_pos = j;
        start_redirect(f, begin, fd, redirect_length(j));
        return true;
      }
    }
    start_word(f);
    return true;
  }

  // Length of the redirect operator at `i` (which holds '<' or '>').
  uint32_t redirect_length(uint32_t i) const {
    const char a = at(i);
    const char b = at(i + 1);
    const char c = at(i + 2);
    if (a == '<') {
      if (b == '<') return (c == '<' || c == '-') ? 3 : 2;
      if (b == '>' || b == '&') return 2;
      return 1;
    }
    if (b == '>' || b == '|' || b == '&') return 2;
    return 1;
  }

  void start_redirect(Frame& f, uint32_t begin, int fd, uint32_t op_length) {
    if (f.redirect) finish_pending_redirect_without_target(f);
    const uint32_t op_end = m_pos + op_length;
    Redirect r;
    r.op = std::string(m_text.substr(begin, op_end - begin));
    r.fd = fd;
    r.begin = begin;
    r.end = op_end;
    m_pos = op_end;
    note_token(f, begin, op_end);
    f.redirect = std::move(r);
  }

  void finish_pending_redirect_without_target(Frame& f) {
    error("missing redirect target", f.redirect->begin, f.redirect->end);
    f.cmd.redirects.push_back(std::move(*f.redirect));
    f.redirect.reset();
  }

  void open_paren(Frame& f) {
    if (at(m_pos + 1) == '(' &&
        ((f.mode == Mode::Command && command_position(f)) || f.mode == Mode::ForName)) {
      start_word(f);
      f.word.arith_command = true;
      open_verbatim(f.word, CtxKind::Arith, m_pos);
      m_pos += 2;
      return;
    }
    if (f.mode == Mode::CasePattern) {
      ++m_pos;
      return;
    }
    const bool may_define = f.func_parens || (f.mode == Mode::Command && f.cmd.words.size() == 1 &&
                                              f.cmd.assignments.empty() && f.cmd.redirects.empty());
    if (may_define) {
      uint32_t j = m_pos + 1;
      while (j < m_size && is_blank(m_text[j])) ++j;
      if (at(j) == ')') {
        m_pos = j + 1;
        f.func_parens = false;
        discard_command(f);
        return;
      }
    }
    if (f.mode == Mode::Command && command_position(f)) {
      f.constructs.push_back(Construct::Subshell);
      open_group(f);
      ++m_pos;
      return;
    }
    error("unexpected '('", m_pos, m_pos + 1);
    ++m_pos;
  }

  void close_paren(Frame& f) {
    if (f.mode == Mode::CasePattern) {
      ++m_pos;
      f.mode = Mode::Command;
      return;
    }
    if (!f.constructs.empty() && f.constructs.back() == Construct::Subshell) {
      f.constructs.pop_back();
      finish_command(f, Separator::None);
      close_group(f);
      ++m_pos;
      return;
    }
    if (f.kind == FrameKind::Dollar) {
      ++m_pos;
      pop_frame(m_pos);
      return;
    }
    error("unbalanced ')'", m_pos, m_pos + 1);
    ++m_pos;
    finish_command(f, Separator::None);
  }

  // ---- heredocs ------------------------------------------------------------------------------

  // Reads the bodies of the heredocs opened on the line that just ended (m_pos is past its '\n').
  void read_heredocs() {
    for (PendingHeredoc& p : m_pending) {
      HeredocBody body;
      body.begin = m_pos;
      bool found = false;
      while (m_pos < m_size) {
        const uint32_t line_begin = m_pos;
        const void* nl = std::memchr(m_text.data() + m_pos, '\n', m_size - m_pos);
        const uint32_t line_end =
            nl ? static_cast<uint32_t>(static_cast<const char*>(nl) - m_text.data()) : m_size;
        uint32_t content = line_begin;
        if (p.strip_tabs) {
          while (content < line_end && m_text[content] == '\t') ++content;
        }
        std::string_view line = m_text.substr(content, line_end - content);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        m_pos = nl ? line_end + 1 : line_end;
        if (line == p.delimiter) {
          body.end = line_begin;
          found = true;
          break;
        }
        body.text += m_text.substr(content, m_pos - content);
      }
      if (!found) {
        body.end = m_size;
        body.terminated = false;
        error("unterminated heredoc (missing '" + p.delimiter + "')", body.begin, m_size);
      }
      m_bodies.push_back(std::move(body));
    }
    m_pending.clear();
  }

  void attach_heredocs() {
    for (const PendingHeredoc& p : m_pending) {
      error("heredoc '" + p.delimiter + "' has no body", m_size, m_size);
      HeredocBody body;
      body.begin = body.end = m_size;
      body.terminated = false;
      m_bodies.push_back(std::move(body));
    }
    m_pending.clear();
    std::vector<Redirect*> heredocs;
    for (SimpleCommand& cmd : m_out.commands) {
      for (Redirect& r : cmd.redirects) {
        if (r.is_heredoc() && !r.target.raw.empty()) heredocs.push_back(&r);
      }
    }
    std::stable_sort(heredocs.begin(), heredocs.end(),
                     [](const Redirect* a, const Redirect* b) { return a->begin < b->begin; });
    const size_t n = std::min(heredocs.size(), m_bodies.size());
    for (size_t i = 0; i < n; ++i) {
      Redirect& r = *heredocs[i];
      HeredocBody& body = m_bodies[i];
      r.heredoc_body = std::move(body.text);
      r.heredoc_begin = body.begin;
      r.heredoc_end = body.end;
      r.heredoc_terminated = body.terminated;
      if (r.heredoc_expand) r.heredoc_vars = heredoc_vars(m_text, body.begin, body.end);
    }
  }

  // ---- words ---------------------------------------------------------------------------------

  void finish_word() {
    Frame& f = m_frames.back();
    WordState& w = f.word;
    w.active = false;
    ShellWord word = std::move(w.word);
    word.end = m_pos;
    if (w.elided.empty()) {
      word.raw = std::string(m_text.substr(word.begin, word.end - word.begin));
    } else {
      uint32_t from = word.begin;
      for (const Elision& e : w.elided) {
        word.raw += m_text.substr(from, e.begin - from);
        word.raw += e.text;
        from = e.end;
      }
      word.raw += m_text.substr(from, word.end - from);
    }
    if (w.arith_command) {
      if (f.mode == Mode::ForName) f.mode = Mode::ForWords;
      return;
    }
    complete_word(f, std::move(word));
  }

  // Closes every open quoting context of the word at the end of the input (or at the backtick that
  // ends the enclosing substitution), reporting each one.
  void abandon_contexts(WordState& w) {
    while (!w.ctx.empty()) {
      const WordCtx& ctx = w.ctx.back();
      switch (ctx.kind) {
        case CtxKind::DQuote: error("unterminated double quote", ctx.begin, m_pos); break;
        case CtxKind::Brace: error("unterminated parameter expansion", ctx.begin, m_pos); break;
        case CtxKind::Arith: error("unterminated arithmetic expansion", ctx.begin, m_pos); break;
        case CtxKind::Array: error("unterminated array assignment", ctx.begin, m_pos); break;
      }
      if (ctx.kind == CtxKind::DQuote) {
        w.ctx.pop_back();
      } else {
        close_verbatim(w, m_pos);
      }
    }
  }

  // Handles a '$' at m_pos. Returns true when it opened a substitution frame.
  bool scan_dollar(WordState& w, bool in_dquote) {
    const uint32_t begin = m_pos;
    const char n = at(m_pos + 1);
    if (n == '(') {
      if (at(m_pos + 2) == '(') {
        open_verbatim(w, CtxKind::Arith, begin);
        m_pos += 3;
        return false;
      }
      w.word.has_substitution = true;
      m_pos += 2;
      push_frame(FrameKind::Dollar, begin);
      return true;
    }
    if (n == '{') {
      uint32_t j = m_pos + 2;
      if ((at(j) == '#' || at(j) == '!') && (is_name_char(at(j + 1)) || is_special_param(at(j + 1)))) ++j;
      const uint32_t name_begin = j;
      if (is_name_start(at(j))) {
        while (j < m_size && is_name_char(m_text[j])) ++j;
      } else if (is_digit(at(j))) {
        while (j < m_size && is_digit(m_text[j])) ++j;
      } else if (is_special_param(at(j))) {
        ++j;
      }
      size_t var_index = k_no_var;
      if (j > name_begin) {
        var_index = w.word.vars.size();
        w.word.vars.push_back({std::string(m_text.substr(name_begin, j - name_begin)), begin, m_size});
      }
      open_verbatim(w, CtxKind::Brace, begin, var_index);
      m_pos = j;
      return false;
    }
    if (is_name_start(n)) {
      uint32_t j = m_pos + 1;
      while (j < m_size && is_name_char(m_text[j])) ++j;
      w.word.vars.push_back({std::string(m_text.substr(m_pos + 1, j - m_pos - 1)), begin, j});
      append(w, m_text.substr(begin, j - begin));
      m_pos = j;
      return false;
    }
    if (is_digit(n) || is_special_param(n)) {
      w.word.vars.push_back({std::string(1, n), begin, begin + 2});
      append(w, m_text.substr(begin, 2));
      m_pos += 2;
      return false;
    }
    if (n == '\'' && !in_dquote) {
      scan_ansi_c(w);
      return false;
    }
    if (n == '"' && !in_dquote) {
      ++m_pos;  // $"..." is a double-quoted string
      return false;
    }
    append(w, '$');
    ++m_pos;
    return false;
  }

  // $'...' with C escapes; m_pos is at the '$'.
  void scan_ansi_c(WordState& w) {
    const uint32_t begin = m_pos;
    w.word.quoted = true;
    m_pos += 2;
    std::string out;
    while (m_pos < m_size && m_text[m_pos] != '\'') {
      const char c = m_text[m_pos];
      if (c != '\\' || m_pos + 1 >= m_size) {
        out += c;
        ++m_pos;
        continue;
      }
      const char e = m_text[m_pos + 1];
      m_pos += 2;
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case 'e':
        case 'E': out += '\x1b'; break;
        case '\\':
        case '\'':
        case '"':
        case '?': out += e; break;
        case 'c':
          if (m_pos < m_size) out += static_cast<char>(m_text[m_pos++] & 0x1F);
          break;
        case 'x':
        case 'u':
        case 'U': {
          const uint32_t max_digits = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
          uint32_t value = 0;
          uint32_t digits = 0;
          while (digits < max_digits && m_pos < m_size && hex_value(m_text[m_pos]) >= 0) {
            value = value * 16 + static_cast<uint32_t>(hex_value(m_text[m_pos++]));
            ++digits;
          }
          if (digits == 0) {
            out += '\\';
            out += e;
          } else if (e == 'x') {
            out += static_cast<char>(value);
          } else {
            utf8::append(out, value);
          }
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            uint32_t value = static_cast<uint32_t>(e - '0');
            for (int k = 0; k < 2 && m_pos < m_size && m_text[m_pos] >= '0' && m_text[m_pos] <= '7'; ++k) {
              value = value * 8 + static_cast<uint32_t>(m_text[m_pos++] - '0');
            }
            out += static_cast<char>(value & 0xFF);
          } else {
            out += '\\';
            out += e;
          }
      }
    }
    if (m_pos >= m_size) {
      error("unterminated ANSI-C quote", begin, m_size);
    } else {
      ++m_pos;
    }
    append(w, out);
  }

  void scan_single_quote(WordState& w, bool keep_quotes) {
    const uint32_t begin = m_pos;
    w.word.quoted = true;
    const void* q =
        m_pos + 1 < m_size ? std::memchr(m_text.data() + m_pos + 1, '\'', m_size - m_pos - 1) : nullptr;
    const uint32_t close = q ? static_cast<uint32_t>(static_cast<const char*>(q) - m_text.data()) : m_size;
    if (!keep_quotes) append(w, m_text.substr(begin + 1, close - begin - 1));
    if (!q) {
      error("unterminated single quote", begin, m_size);
      m_pos = m_size;
    } else {
      m_pos = close + 1;
    }
  }

  void open_backtick(WordState& w) {
    w.word.has_substitution = true;
    push_frame(FrameKind::Backtick, m_pos);
    ++m_pos;
  }

  // Continues the open word of the innermost frame until it ends or a substitution opens.
  void scan_word() {
    Frame& f = m_frames.back();
    WordState& w = f.word;
    const bool in_backtick = f.kind == FrameKind::Backtick;
    for (;;) {
      if (m_pos >= m_size) {
        abandon_contexts(w);
        finish_word();
        return;
      }
      const char c = m_text[m_pos];
      if (c == '`' && in_backtick) {
        abandon_contexts(w);
        finish_word();
        return;
      }
      if (w.ctx.empty()) {
        if (!k_plain_special[static_cast<unsigned char>(c)]) {
          const uint32_t from = m_pos;
          while (m_pos < m_size && !k_plain_special[static_cast<unsigned char>(m_text[m_pos])]) ++m_pos;
          append(w, m_text.substr(from, m_pos - from));
          continue;
        }
        if (is_meta(c)) {
          if (c == '(' && f.mode == Mode::Command && f.cmd.words.empty() && !f.redirect &&
              !w.word.value.empty() && w.word.value.back() == '=' && is_assignment(w.word.value) &&
              !w.word.quoted) {
            open_verbatim(w, CtxKind::Array, m_pos);
            ++m_pos;
            continue;
          }
          finish_word();
          return;
        }
        switch (c) {
          case '\\':
            if (at(m_pos + 1) == '\n') {
              m_pos += 2;
            } else if (m_pos + 1 < m_size) {
              w.word.quoted = true;
              append(w, m_text[m_pos + 1]);
              m_pos += 2;
            } else {
              append(w, '\\');
              ++m_pos;
            }
            break;
          case '\'': scan_single_quote(w, false); break;
          case '"':
            w.word.quoted = true;
            w.ctx.push_back({CtxKind::DQuote, m_pos});
            ++m_pos;
            break;
          case '$':
            if (scan_dollar(w, false)) return;
            break;
          case '`': open_backtick(w); return;
          default: append(w, c); ++m_pos;
        }
        continue;
      }
      WordCtx& ctx = w.ctx.back();
      switch (ctx.kind) {
        case CtxKind::DQuote:
          if (!k_dquote_special[static_cast<unsigned char>(c)]) {
            const uint32_t from = m_pos;
            while (m_pos < m_size && !k_dquote_special[static_cast<unsigned char>(m_text[m_pos])]) ++m_pos;
            append(w, m_text.substr(from, m_pos - from));
            break;
          }
          if (c == '"') {
            w.ctx.pop_back();
            ++m_pos;
          } else if (c == '\\') {
            const char n = at(m_pos + 1);
            if (n == '\n') {
              m_pos += 2;
            } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
              append(w, n);
              m_pos += 2;
            } else {
              append(w, '\\');
              ++m_pos;
            }
          } else if (c == '$') {
            if (scan_dollar(w, true)) return;
          } else {  // '`'
            open_backtick(w);
            return;
          }
          break;
        case CtxKind::Brace:
        case CtxKind::Array:
          if ((c == '}' && ctx.kind == CtxKind::Brace) || (c == ')' && ctx.kind == CtxKind::Array)) {
            ++m_pos;
            close_verbatim(w, m_pos);
          } else if (c == '\\') {
            m_pos = std::min(m_pos + 2, m_size);
          } else if (c == '\'') {
            const bool literal = w.ctx.size() >= 2 && w.ctx[w.ctx.size() - 2].kind == CtxKind::DQuote;
            if (literal) {
              ++m_pos;
            } else {
              scan_single_quote(w, true);
            }
          } else if (c == '"') {
            w.word.quoted = true;
            w.ctx.push_back({CtxKind::DQuote, m_pos});
            ++m_pos;
          } else if (c == '$') {
            if (scan_dollar(w, false)) return;
          } else if (c == '`') {
            open_backtick(w);
            return;
          } else {
            ++m_pos;
          }
          break;
        case CtxKind::Arith:
          if (c == '(') {
            ++ctx.parens;
            ++m_pos;
          } else if (c == ')') {
            if (ctx.parens > 0) {
              --ctx.parens;
              ++m_pos;
            } else if (at(m_pos + 1) == ')') {
              m_pos += 2;
              close_verbatim(w, m_pos);
            } else {
              error("expected '))'", ctx.begin, m_pos + 1);
              ++m_pos;
              close_verbatim(w, m_pos);
            }
          } else if (c == '\\') {
            m_pos = std::min(m_pos + 2, m_size);
          } else if (c == '$') {
            if (scan_dollar(w, false)) return;
          } else if (c == '`') {
            open_backtick(w);
            return;
          } else {
            ++m_pos;
          }
          break;
      }
    }
  }

  std::string_view m_text;
  uint32_t m_size;
  uint32_t m_pos = 0;
  ShellScript m_out;
  std::vector<Frame> m_frames;
  uint32_t m_next_pipeline = 0;
  std::vector<PendingHeredoc> m_pending;
  std::vector<HeredocBody> m_bodies;
};

}  // namespace

ShellScript parse_shell(std::string_view text) {
  constexpr size_t k_max_size = std::numeric_limits<uint32_t>::max() - 16;
  const bool too_large = text.size() > k_max_size;
  if (too_large) text = text.substr(0, k_max_size);
  ShellScript script = Parser(text).run();
  if (too_large) {
    script.errors.push_back({"input too large: parsed the first 4 GiB only",
                             static_cast<uint32_t>(k_max_size), static_cast<uint32_t>(k_max_size)});
  }
  return script;
}

}  // namespace layerlint
