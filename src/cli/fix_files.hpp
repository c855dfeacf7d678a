// Writing fixed files: atomic replacement, and the lines that fixes append to other files.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace layerlint {

// Replaces `path` with `content` atomically: a temporary file in the same directory, flushed to disk,
// renamed over the original (or over the file a symbolic link points to). An existing file keeps its
// permission bits; a new one gets 0666 less the umask. Returns "" or what went wrong.
std::string write_atomically(const std::string& path, std::string_view content);

// Several files, each replaced atomically as by write_atomically(), with one flush to disk per
// filesystem for all of them (syncfs) instead of two fsyncs per file: `--fix` over a tree rewrites
// thousands. Nothing is visible under a real name before commit(); a batch destroyed without commit()
// leaves no temporary file behind. Not thread-safe.
class FileBatch {
 public:
  FileBatch();
  ~FileBatch();
  FileBatch(const FileBatch&) = delete;
  FileBatch& operator=(const FileBatch&) = delete;

  // Writes `content` to a temporary file beside `path` (its permission bits kept). "" or the error.
  std::string stage(const std::string& path, std::string_view content);
  // Flushes the staged files, renames each over its target, flushes the renames. The paths that
  // failed, with the error.
  std::vector<std::pair<std::string, std::string>> commit();

 private:
  struct Staged;
  std::vector<Staged> m_staged;
};

// `content` with each line of `lines` that it lacks appended, one per line, after a line break when
// `content` does not end with one. Lines are compared without a trailing '\r'; a file that uses CRLF
// gets CRLF.
std::string append_missing_lines(std::string_view content, std::string_view lines);

}  // namespace layerlint
