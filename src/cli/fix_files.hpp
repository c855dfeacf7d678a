// Writing fixed files: atomic replacement, and the lines that fixes append to other files.
#pragma once

#include <string>
#include <string_view>

namespace layerlint {

// Replaces `path` with `content` atomically: a temporary file in the same directory, flushed to disk,
// renamed over the original (or over the file a symbolic link points to). An existing file keeps its
// permission bits; a new one gets 0666 less the umask. Returns "" or what went wrong.
std::string write_atomically(const std::string& path, std::string_view content);

// `content` with each line of `lines` that it lacks appended, one per line, after a line break when
// `content` does not end with one. Lines are compared without a trailing '\r'; a file that uses CRLF
// gets CRLF.
std::string append_missing_lines(std::string_view content, std::string_view lines);

}  // namespace layerlint
