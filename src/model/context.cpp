// The build context and `.dockerignore`, with BuildKit's matching rules (see context.hpp).
#include "layerlint/context.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace layerlint {
namespace {

// BuildKit reads the ignore file with a line scanner that refuses longer lines.
constexpr size_t k_max_line_bytes = 64 * 1024;
constexpr size_t k_max_ignore_file_bytes = 16 * 1024 * 1024;
constexpr char32_t k_rune_error = 0xFFFD;

// Decodes the code point at `i` and advances past it; an invalid byte is U+FFFD, one byte long
// (as Go decodes it).
char32_t next_code_point(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return k_rune_error;
  }
  if (s.size() - i < len) {
    ++i;
    return k_rune_error;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return k_rune_error;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return k_rune_error;
  }
  i += len;
  return cp;
}

// Go's unicode.IsSpace, as used by strings.TrimSpace.
bool is_space(char32_t c) { return utf8::is_go_space(static_cast<uint32_t>(c)); }

std::string_view trim_space(std::string_view s) {
  size_t begin = s.size();
  size_t end = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t at = i;
    if (!is_space(next_code_point(s, i))) {
      begin = std::min(begin, at);
      end = i;
    }
  }
  return begin >= end ? std::string_view{} : s.substr(begin, end - begin);
}

// A relative path that clean_path() would leave unchanged and that is not the root.
bool is_clean_relative(std::string_view p) {
  if (p.empty() || p.front() == '/' || p.back() == '/') return false;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    const auto part = p.substr(i, j - i);
    if (part.empty() || part == "." || part == "..") return false;
    i = j + 1;
  }
  return true;
}

// A relative path as the matcher wants it: clean, without a leading '/'; "" for the root.
std::string normalize_relative(std::string_view p) {
  std::string cleaned = clean_path(p);
  if (!cleaned.empty() && cleaned.front() == '/') cleaned.erase(0, 1);
  if (cleaned == ".") cleaned.clear();
  return cleaned;
}

enum class TokenKind : uint8_t {
  Literal,  // one code point
  Any,      // `*`: any run of code points but '/'
  One,      // `?`: one code point but '/'
  Class,    // `[...]`
  AnyDirs,  // `**` or `**/` inside a pattern: `(.*/)?`
  AnyTail,  // `**` at the end: `.*`
};

struct Token {
  TokenKind kind;
  char32_t value;  // the literal, or the class index
};

struct CharClass {
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;
};

enum class GlobFlavor {
  Ignore,  // .dockerignore: `**` spans directories; classes may match '/', as in BuildKit's regexp
  Match,   // Go's filepath.Match (COPY sources): `**` is `*`; nothing matches '/' but '/'
};

// A compiled pattern. Literal, prefix and suffix patterns compare bytes, as BuildKit's fast paths
// do; the rest runs a Thompson simulation, linear in the input times the pattern.
class Glob {
 public:
  static std::optional<Glob> compile(std::string_view pattern, GlobFlavor flavor, std::string& error);

  [[nodiscard]] bool matches(std::string_view path) const;
  // Whether some path that starts with `prefix` could match (conservative: true when unsure).
  [[nodiscard]] bool may_match_after(std::string_view prefix) const;

 private:
  enum class Mode : uint8_t { Exact, Prefix, Suffix, Tokens };

  [[nodiscard]] bool class_matches(const CharClass& cls, char32_t c) const;
  [[nodiscard]] bool run(std::string_view input, bool prefix_only) const;

  Mode m_mode = Mode::Exact;
  std::string m_text;  // Exact: the pattern; Prefix: before the `**`; Suffix: after the `**`
  std::vector<Token> m_tokens;
  std::vector<CharClass> m_classes;
  size_t m_min_length = 0;  // code points every match needs
  bool m_class_excludes_slash = false;
};

// Go's filepath.Match class syntax: `[` [`^`] { lo [`-` hi] } `]`, at least one range, `\` escapes.
// `pos` is just after the `[`.
std::optional<CharClass> parse_class(std::string_view p, size_t& pos, std::string& error) {
  CharClass cls;
  if (pos < p.size() && p[pos] == '^') {
    cls.negated = true;
    ++pos;
  }
  auto get_char = [&](char32_t& out) {
    if (pos >= p.size()) {
      error = "unterminated character class";
      return false;
    }
    if (p[pos] == '-' || p[pos] == ']') {
      error = "malformed character class";
      return false;
    }
    if (p[pos] == '\\') {
      ++pos;
      if (pos >= p.size()) {
        error = "unterminated character class";
        return false;
      }
    }
    out = next_code_point(p, pos);
    return true;
  };
  for (;;) {
    if (pos < p.size() && p[pos] == ']' && !cls.ranges.empty()) {
      ++pos;
      return cls;
    }
    char32_t lo = 0;
    if (!get_char(lo)) return std::nullopt;
    char32_t hi = lo;
    if (pos < p.size() && p[pos] == '-') {
      ++pos;
      if (!get_char(hi)) return std::nullopt;
      if (hi < lo) {
        error = "character class range is out of order";
        return std::nullopt;
      }
    }
    cls.ranges.emplace_back(lo, hi);
  }
}

std::optional<Glob> Glob::compile(std::string_view pattern, GlobFlavor flavor, std::string& error) {
  Glob g;
  g.m_class_excludes_slash = flavor == GlobFlavor::Match;
  // The match type follows BuildKit: exact until a wildcard, prefix for a trailing `**` after
  // literals, suffix when the pattern starts with `**` and nothing else is a wildcard.
  Mode mode = Mode::Exact;
  auto push_star = [&](TokenKind kind) {
    if (!g.m_tokens.empty() && g.m_tokens.back().kind == kind) return;  // `**/**/` is `**/`
    g.m_tokens.push_back({kind, 0});
  };
  size_t pos = 0;
  for (size_t i = 0; pos < pattern.size(); ++i) {
    const char32_t ch = next_code_point(pattern, pos);
    if (ch == '*') {
      if (flavor == GlobFlavor::Ignore && pos < pattern.size() && pattern[pos] == '*') {
        ++pos;
        if (pos < pattern.size() && pattern[pos] == '/') ++pos;
        if (pos == pattern.size()) {
          mode = mode == Mode::Exact ? Mode::Prefix : Mode::Tokens;
          push_star(TokenKind::AnyTail);
        } else {
          mode = Mode::Tokens;
          push_star(TokenKind::AnyDirs);
        }
        if (i == 0) mode = Mode::Suffix;
      } else {
        mode = Mode::Tokens;
        push_star(TokenKind::Any);
      }
    } else if (ch == '?') {
      mode = Mode::Tokens;
      g.m_tokens.push_back({TokenKind::One, 0});
    } else if (ch == '\\') {
      if (pos >= pattern.size()) {
        error = "trailing backslash";
        return std::nullopt;
      }
      mode = Mode::Tokens;
      g.m_tokens.push_back({TokenKind::Literal, next_code_point(pattern, pos)});
    } else if (ch == '[') {
      auto cls = parse_class(pattern, pos, error);
      if (!cls) return std::nullopt;
      mode = Mode::Tokens;
      g.m_tokens.push_back({TokenKind::Class, static_cast<char32_t>(g.m_classes.size())});
      g.m_classes.push_back(std::move(*cls));
    } else {
      g.m_tokens.push_back({TokenKind::Literal, ch});
    }
  }
  g.m_mode = mode;
  switch (mode) {
    case Mode::Exact: g.m_text = pattern; break;
    case Mode::Prefix: g.m_text = pattern.substr(0, pattern.size() - 2); break;
    case Mode::Suffix: g.m_text = pattern.substr(2); break;
    case Mode::Tokens: break;
  }
  for (const Token& t : g.m_tokens) {
    if (t.kind == TokenKind::Literal || t.kind == TokenKind::One || t.kind == TokenKind::Class)
      ++g.m_min_length;
  }
  return g;
}

bool Glob::class_matches(const CharClass& cls, char32_t c) const {
  if (c == '/' && m_class_excludes_slash) return false;
  bool in = false;
  for (const auto& [lo, hi] : cls.ranges) {
    if (c >= lo && c <= hi) {
      in = true;
      break;
    }
  }
  return in != cls.negated;
}

bool Glob::matches(std::string_view path) const {
  switch (m_mode) {
    case Mode::Exact: return path == m_text;
    case Mode::Prefix: return path.starts_with(m_text);
    case Mode::Suffix:
      return path.ends_with(m_text) ||
             (!m_text.empty() && m_text.front() == '/' && path == std::string_view(m_text).substr(1));
    case Mode::Tokens:
      // Code points never outnumber bytes: a pattern needing more cannot match.
      return m_min_length <= path.size() && run(path, false);
  }
  return false;
}

bool Glob::may_match_after(std::string_view prefix) const {
  switch (m_mode) {
    case Mode::Exact: return m_text.size() > prefix.size() && std::string_view(m_text).starts_with(prefix);
    case Mode::Prefix: return prefix.starts_with(m_text) || std::string_view(m_text).starts_with(prefix);
    case Mode::Suffix: return true;
    case Mode::Tokens: return run(prefix, true);
  }
  return true;
}

// Thompson simulation over code points. State i is "before token i"; state n accepts. An AnyDirs
// token has a second state, inside its `.*/` loop, left only right after a '/'.
bool Glob::run(std::string_view input, bool prefix_only) const {
  const size_t n = m_tokens.size();
  // Four state sets; short patterns (the usual case) keep them on the stack.
  constexpr size_t k_small = 64;
  std::array<uint8_t, 4 * (k_small + 1)> small{};
  std::vector<uint8_t> big;
  uint8_t* base = small.data();
  if (n > k_small) {
    big.assign(4 * (n + 1), 0);
    base = big.data();
  }
  uint8_t* cur = base;
  uint8_t* next = base + (n + 1);
  uint8_t* loop = base + 2 * (n + 1);
  uint8_t* next_loop = base + 3 * (n + 1);
  auto close = [&](uint8_t* set) {
    for (size_t i = 0; i < n; ++i) {
      const TokenKind k = m_tokens[i].kind;
      if (set[i] && (k == TokenKind::Any || k == TokenKind::AnyDirs || k == TokenKind::AnyTail))
        set[i + 1] = 1;
    }
  };
  cur[0] = 1;
  close(cur);
  for (size_t pos = 0; pos < input.size();) {
    const char32_t c = next_code_point(input, pos);
    std::fill(next, next + n + 1, uint8_t{0});
    std::fill(next_loop, next_loop + n + 1, uint8_t{0});
    bool alive = false;
    for (size_t i = 0; i < n; ++i) {
      if (!cur[i] && !loop[i]) continue;
      const Token& t = m_tokens[i];
      switch (t.kind) {
        case TokenKind::Literal:
          if (c == t.value) next[i + 1] = 1, alive = true;
          break;
        case TokenKind::One:
          if (c != '/') next[i + 1] = 1, alive = true;
          break;
        case TokenKind::Class:
          if (class_matches(m_classes[t.value], c)) next[i + 1] = 1, alive = true;
          break;
        case TokenKind::Any:
          if (c != '/') next[i] = 1, alive = true;
          break;
        case TokenKind::AnyTail: next[i] = 1, alive = true; break;
        case TokenKind::AnyDirs:
          next_loop[i] = 1, alive = true;
          if (c == '/') next[i + 1] = 1;
          break;
      }
    }
    if (!alive) return false;
    close(next);
    std::swap(cur, next);
    std::swap(loop, next_loop);
  }
  if (!prefix_only) return cur[n] != 0;
  for (size_t i = 0; i < n; ++i) {
    if (cur[i] || loop[i]) return true;
  }
  return false;
}

// BuildKit's test for a COPY source glob: `*`, `?` or `[` not escaped by `\`.
bool has_wildcards(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '*' || s[i] == '?' || s[i] == '[') {
      return true;
    }
  }
  return false;
}

// Calls `fn` with the path and each of its parent directories, longest first, until it returns true.
template <class Fn>
bool any_self_or_parent(std::string_view path, Fn&& fn) {
  if (fn(path)) return true;
  for (size_t slash = path.rfind('/'); slash != std::string_view::npos && slash > 0;
       slash = path.rfind('/', slash - 1)) {
    if (fn(path.substr(0, slash))) return true;
  }
  return false;
}

}  // namespace

struct DockerIgnore::Compiled {
  struct Pattern {
    Glob glob;
    bool exception = false;
  };
  std::string path;
  std::vector<Pattern> patterns;
  bool has_exceptions = false;
};

std::string IgnoreError::to_string() const { return fmt::format("{}:{}: {}", path, line, message); }

std::string clean_path(std::string_view path) {
  if (path.empty()) return ".";
  const bool rooted = path.front() == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const auto part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out += '/';
    out += parts[k];
  }
  if (out.empty()) out = ".";
  return out;
}

DockerIgnore::DockerIgnore() : m_compiled(std::make_shared<const Compiled>()) {}

DockerIgnore DockerIgnore::parse(std::string_view text, std::string path, std::vector<IgnoreError>& errors) {
  auto compiled = std::make_shared<Compiled>();
  compiled->path = std::move(path);
  uint32_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    auto report = [&](std::string message) {
      errors.push_back({compiled->path, line_no, std::move(message)});
    };
    if (line.size() > k_max_line_bytes) {
      report(fmt::format("line longer than {} KiB", k_max_line_bytes / 1024));
      continue;
    }
    // A comment starts in column 1; "  # x" is a pattern.
    if (line.starts_with('#')) continue;
    std::string_view pattern = trim_space(line);
    if (pattern.empty()) continue;
    const bool exception = pattern.front() == '!';
    if (exception) pattern = trim_space(pattern.substr(1));
    std::string cleaned;
    if (!pattern.empty()) {
      cleaned = clean_path(pattern);
      if (cleaned.size() > 1 && cleaned.front() == '/') cleaned.erase(0, 1);
    }
    // "!" and "!/" leave nothing to re-include.
    if (exception && (cleaned.empty() || cleaned == "/")) {
      report("illegal exclusion pattern \"!\"");
      continue;
    }
    std::string error;
    auto glob = Glob::compile(cleaned, GlobFlavor::Ignore, error);
    if (!glob) {
      report(fmt::format("bad pattern \"{}{}\": {}", exception ? "!" : "", cleaned, error));
      continue;
    }
    compiled->patterns.push_back({std::move(*glob), exception});
    compiled->has_exceptions = compiled->has_exceptions || exception;
  }
  DockerIgnore ignore;
  ignore.m_compiled = std::move(compiled);
  return ignore;
}

bool DockerIgnore::excluded(std::string_view relative_path) const {
  std::string normalized;
  if (!is_clean_relative(relative_path)) {
    normalized = normalize_relative(relative_path);
    if (normalized.empty()) return false;  // the root itself
    relative_path = normalized;
  }
  bool matched = false;
  for (const auto& p : m_compiled->patterns) {
    // A pattern that cannot change the verdict so far need not be matched.
    if (p.exception != matched) continue;
    if (any_self_or_parent(relative_path, [&](std::string_view s) { return p.glob.matches(s); })) {
      matched = !p.exception;
    }
  }
  return matched;
}

bool DockerIgnore::excluded_below(std::string_view relative_path, std::span<const uint8_t> parent_matches,
                                  std::vector<uint8_t>& matches) const {
  const auto& patterns = m_compiled->patterns;
  matches.assign(patterns.size(), 0);
  bool matched = false;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const bool m =
        (i < parent_matches.size() && parent_matches[i]) || patterns[i].glob.matches(relative_path);
    matches[i] = m ? 1 : 0;
    if (m) matched = !patterns[i].exception;
  }
  return matched;
}

bool DockerIgnore::may_include_below(std::string_view dir) const {
  const std::string normalized = normalize_relative(dir);
  if (normalized.empty() || !excluded(normalized)) return true;
  const std::string prefix = normalized + "/";
  return std::any_of(
      m_compiled->patterns.begin(), m_compiled->patterns.end(),
      [&](const Compiled::Pattern& p) { return p.exception && p.glob.may_match_after(prefix); });
}

const std::string& DockerIgnore::path() const { return m_compiled->path; }
size_t DockerIgnore::pattern_count() const { return m_compiled->patterns.size(); }
bool DockerIgnore::has_exceptions() const { return m_compiled->has_exceptions; }

namespace {

// Reads at most k_max_ignore_file_bytes of a file; false (with `error` set) when unreadable.
bool read_ignore_file(const std::filesystem::path& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open the file";
    return false;
  }
  std::array<char, 64 * 1024> chunk;
  while (in && out.size() <= k_max_ignore_file_bytes) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    out.append(chunk.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    error = "cannot read the file";
    return false;
  }
  if (out.size() > k_max_ignore_file_bytes) {
    out.resize(k_max_ignore_file_bytes);
    error = fmt::format("larger than {} MiB; the rest is ignored", k_max_ignore_file_bytes / (1024 * 1024));
  }
  return true;
}

std::filesystem::path choose_ignore_file(const std::filesystem::path& dir,
                                         const std::filesystem::path& dockerfile) {
  std::error_code ec;
  if (!dockerfile.empty()) {
    std::filesystem::path own = dockerfile;
    own += ".dockerignore";
    if (std::filesystem::exists(own, ec)) return own;
  }
  std::filesystem::path shared = dir / ".dockerignore";
  if (std::filesystem::exists(shared, ec)) return shared;
  return {};
}

}  // namespace

BuildContext BuildContext::load(const std::filesystem::path& dir, const std::filesystem::path& dockerfile,
                                const ContextLimits& limits) {
  namespace fs = std::filesystem;
  BuildContext ctx;
  ctx.m_root = dir;

  if (const fs::path ignore_path = choose_ignore_file(dir, dockerfile); !ignore_path.empty()) {
    ctx.m_ignore_file = ignore_path.string();
    std::error_code ec;
    std::string text;
    std::string error;
    if (!fs::is_regular_file(ignore_path, ec)) {
      ctx.m_errors.push_back(fmt::format("{}: not a regular file", ctx.m_ignore_file));
    } else if (!read_ignore_file(ignore_path, text, error)) {
      ctx.m_errors.push_back(fmt::format("{}: {}", ctx.m_ignore_file, error));
    } else {
      if (!error.empty()) ctx.m_errors.push_back(fmt::format("{}: {}", ctx.m_ignore_file, error));
      std::vector<IgnoreError> errors;
      ctx.m_ignore = DockerIgnore::parse(text, ctx.m_ignore_file, errors);
      for (const auto& e : errors) ctx.m_errors.push_back(e.to_string());
    }
  }

  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    ctx.m_errors.push_back(fmt::format("{}: not a directory", dir.string()));
    return ctx;
  }

  struct Frame {
    fs::path path;
    std::string relative;
    std::vector<uint8_t> matches;  // per pattern: matches this directory or a parent
    size_t depth = 0;
  };
  struct Child {
    std::string name;
    fs::file_type type;
    uint64_t size;
  };
  std::vector<Frame> stack;
  stack.push_back({dir, "", {}, 0});
  std::vector<Child> children;
  std::vector<uint8_t> matches;
  size_t visited = 0;
  bool stop = false;
  while (!stack.empty() && !stop) {
    Frame frame = std::move(stack.back());
    stack.pop_back();
    children.clear();
    fs::directory_iterator it(frame.path, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code entry_ec;
      const fs::file_status status = it->symlink_status(entry_ec);
      if (entry_ec) {
        ctx.m_errors.push_back(fmt::format("{}: {}", it->path().string(), entry_ec.message()));
        continue;
      }
      uint64_t size = 0;
      if (status.type() == fs::file_type::regular) {
        const auto s = it->file_size(entry_ec);
        if (!entry_ec) size = s;
      }
      children.push_back({it->path().filename().string(), status.type(), size});
    }
    if (ec) {
      ctx.m_errors.push_back(fmt::format("{}: cannot read directory: {}", frame.path.string(), ec.message()));
      ec.clear();
    }
    std::sort(children.begin(), children.end(),
              [](const Child& a, const Child& b) { return a.name < b.name; });
    for (Child& child : children) {
      if (++visited > limits.max_entries) {
        ctx.m_truncated = true;
        stop = true;
        break;
      }
      std::string relative = frame.relative.empty() ? child.name : frame.relative + "/" + child.name;
      const bool excluded = ctx.m_ignore.excluded_below(relative, frame.matches, matches);
      if (child.type != fs::file_type::directory) {
        if (!excluded) {
          ctx.m_entries.push_back(
              {std::move(relative), false, child.type == fs::file_type::symlink, child.size});
        }
        continue;
      }
      if (!excluded) ctx.m_entries.push_back({relative, true, false, 0});
      if (excluded && !ctx.m_ignore.may_include_below(relative)) continue;
      if (frame.depth + 1 > limits.max_depth) {
        ctx.m_truncated = true;
        ctx.m_errors.push_back(
            fmt::format("{}: nested deeper than {} directories", relative, limits.max_depth));
        continue;
      }
      stack.push_back({frame.path / child.name, std::move(relative), matches, frame.depth + 1});
    }
  }
  std::sort(ctx.m_entries.begin(), ctx.m_entries.end(),
            [](const ContextFile& a, const ContextFile& b) { return a.path < b.path; });
  return ctx;
}

bool BuildContext::is_excluded(std::string_view relative_path) const {
  return m_ignore.excluded(relative_path);
}

std::vector<ContextFile> BuildContext::files_under(std::string_view source) const {
  // Rooted cleaning keeps `..` inside the context, as the builder does.
  std::string path = clean_path("/" + std::string(source));
  path.erase(0, 1);
  std::vector<ContextFile> out;
  auto range_from = [&](std::string_view prefix) {
    return std::lower_bound(m_entries.begin(), m_entries.end(), prefix,
                            [](const ContextFile& f, std::string_view p) { return f.path < p; });
  };
  if (path.empty()) {
    for (const auto& f : m_entries) {
      if (!f.directory) out.push_back(f);
    }
    return out;
  }
  if (!has_wildcards(path)) {
    const std::string below = path + "/";
    for (auto it = range_from(path); it != m_entries.end() && std::string_view(it->path).starts_with(path);
         ++it) {
      if (!it->directory && (it->path == path || std::string_view(it->path).starts_with(below)))
        out.push_back(*it);
    }
    return out;
  }
  std::string error;
  const auto glob = Glob::compile(path, GlobFlavor::Match, error);
  if (!glob) return out;
  // Only entries below the literal leading directories can match.
  std::string prefix;
  for (size_t start = 0;;) {
    const size_t slash = path.find('/', start);
    if (slash == std::string::npos || has_wildcards(std::string_view(path).substr(start, slash - start)))
      break;
    prefix = path.substr(0, slash + 1);
    start = slash + 1;
  }
  for (auto it = range_from(prefix); it != m_entries.end() && std::string_view(it->path).starts_with(prefix);
       ++it) {
    if (it->directory) continue;
    if (any_self_or_parent(it->path, [&](std::string_view s) { return glob->matches(s); }))
      out.push_back(*it);
  }
  return out;
}

}  // namespace layerlint
