// The build context: which files a `COPY`/`ADD` from the context can see after `.dockerignore`.
//
// Contract: matching follows BuildKit (moby/patternmatcher and its ignorefile reader):
//  - the ignore file is read line by line (a UTF-8 BOM on the first line and a trailing '\r' are
//    dropped); a line whose first byte is '#' is a comment; lines are trimmed and blank ones skipped;
//  - a leading '!' makes an exception (re-include); the rest is cleaned like Go's filepath.Clean
//    ("./a/" -> "a", "a//b/../c" -> "a/c") and one leading '/' is dropped;
//  - `*` matches any run of characters but '/', `?` one character but '/', `[...]` a class ('^'
//    negates, ranges, '\' escapes), `\` escapes the next character, `**/` (or `**` inside a
//    pattern) any number of directories including none, and a trailing `**` anything; a pattern
//    that starts with `**` and has no other wildcard is a suffix match, as in BuildKit ("**.env"
//    matches "a/x.env");
//  - a pattern matches a path when it matches the path or any of its parent directories, and the
//    LAST matching pattern decides: an exclusion excludes, an exception re-includes.
// Paths are relative to the context root and '/'-separated ("src/app.js"); they are cleaned before
// matching, and "" or "." (the root itself) is never excluded.
//
// Bad input is data: a bad pattern is reported (1-based line) and skipped, an unreadable entry is
// reported and skipped; nothing here throws. Both classes are immutable after construction and
// safe to share across threads. Matching is linear in the path length times the pattern length.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace layerlint {

struct IgnoreError {
  std::string path;     // the ignore file as given to parse()
  uint32_t line = 0;    // 1-based
  std::string message;  // "unterminated character class in pattern \"[abc\""

  // "path:line: message"
  [[nodiscard]] std::string to_string() const;
};

// A compiled `.dockerignore`. A default-constructed one excludes nothing.
class DockerIgnore {
 public:
  DockerIgnore();

  // Compiles the text of an ignore file. Bad lines are appended to `errors` and skipped: an
  // unterminated or empty `[` class, a backwards class range, a trailing `\`, a bare `!`, and a
  // line longer than 64 KiB (BuildKit refuses those too).
  static DockerIgnore parse(std::string_view text, std::string path, std::vector<IgnoreError>& errors);

  // Whether `relative_path` (a file or a directory) is excluded from the context.
  [[nodiscard]] bool excluded(std::string_view relative_path) const;

  // False when `dir` and everything below it is excluded and no exception pattern could match a
  // path below it, so a walker may skip the whole tree. Conservative: true when unsure.
  [[nodiscard]] bool may_include_below(std::string_view dir) const;

  // Incremental form of excluded() for walkers, avoiding re-matching every parent directory.
  // `parent_matches` is what this call stored in `matches` for the parent directory (empty for an
  // entry at the root); `relative_path` must be clean. On return `matches` holds, per pattern,
  // whether it matches the path or one of its parents.
  [[nodiscard]] bool excluded_below(std::string_view relative_path, std::span<const uint8_t> parent_matches,
                                    std::vector<uint8_t>& matches) const;

  [[nodiscard]] const std::string& path() const;
  [[nodiscard]] size_t pattern_count() const;
  [[nodiscard]] bool has_exceptions() const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> m_compiled;
};

struct ContextFile {
  std::string path;  // relative to the context root, '/'-separated, clean
  bool directory = false;
  bool symlink = false;  // a symlink is listed as itself and never followed
  uint64_t size = 0;     // bytes for a regular file, 0 otherwise

  friend bool operator==(const ContextFile&, const ContextFile&) = default;
};

struct ContextLimits {
  size_t max_entries = 200'000;  // entries visited (files and directories) before truncating
  size_t max_depth = 256;        // directory nesting below the root
};

// A build context directory as the builder would receive it.
class BuildContext {
 public:
  BuildContext() = default;

  // Reads the ignore file and walks `dir`. The ignore file is `<dockerfile>.dockerignore` next to
  // the Dockerfile when `dockerfile` is not empty and that file exists (BuildKit's per-Dockerfile
  // ignore file, which takes precedence), else `dir/.dockerignore`. A relative `dockerfile` is
  // taken relative to the working directory, like `docker build -f`. Symlinks are listed and not
  // followed; excluded directories are skipped when no exception could re-include anything below.
  static BuildContext load(const std::filesystem::path& dir, const std::filesystem::path& dockerfile,
                           const ContextLimits& limits = {});

  // The files (every entry that is not a directory: regular files, symlinks, others) a COPY or
  // ADD source would send, excluded ones left out, sorted by path. `source` is as written in the
  // instruction: ".", "./", "/" or "" is the whole context; a directory is everything below it; a
  // single file is itself; a source with `*`, `?` or `[` is a Go filepath.Match glob (no `**`)
  // matched component by component, and a matching directory brings everything below it.
  // `..` cannot leave the context. A bad glob matches nothing.
  [[nodiscard]] std::vector<ContextFile> files_under(std::string_view source) const;

  // Whether the ignore file excludes `relative_path`.
  [[nodiscard]] bool is_excluded(std::string_view relative_path) const;

  // Every entry the ignore file does not exclude (directories included), sorted by path. An
  // excluded directory is absent even when an exception re-includes a file below it.
  [[nodiscard]] const std::vector<ContextFile>& entries() const { return m_entries; }
  [[nodiscard]] const std::filesystem::path& root() const { return m_root; }
  [[nodiscard]] const DockerIgnore& ignore() const { return m_ignore; }
  // The ignore file that was used, or "" when there was none.
  [[nodiscard]] const std::string& ignore_file() const { return m_ignore_file; }
  // "path:line: message" for bad patterns, "path: message" for unreadable entries.
  [[nodiscard]] const std::vector<std::string>& errors() const { return m_errors; }
  // Whether the walk stopped at a limit, so the entries are incomplete.
  [[nodiscard]] bool truncated() const { return m_truncated; }

 private:
  std::filesystem::path m_root;
  DockerIgnore m_ignore;
  std::string m_ignore_file;
  std::vector<ContextFile> m_entries;
  std::vector<std::string> m_errors;
  bool m_truncated = false;
};

// Go's filepath.Clean on a '/'-separated path: "a//b/./c/.." -> "a/b", "" -> ".", "/../a" -> "/a".
[[nodiscard]] std::string clean_path(std::string_view path);

}  // namespace layerlint
