// Path helpers for the image filesystem (always '/'-separated, POSIX semantics).
#pragma once

#include <string>
#include <string_view>

namespace layerlint::paths {

// Resolves `path` against `cwd` (absolute) and `home` ("~"), removing ".", ".." and duplicate '/'.
// A trailing '/' is kept (it marks a directory).
std::string resolve(std::string_view path, std::string_view cwd, std::string_view home = "/root");
std::string_view basename(std::string_view path);  // "id_rsa" for "/root/.ssh/id_rsa/"
std::string join(std::string_view dir, std::string_view name);
// Whether `path` is `dir` itself or lies below it.
bool is_within(std::string_view path, std::string_view dir);
// Shell glob match (`*`, `?`, `[...]`) where `*` does not cross '/'; linear-time backtracking-free.
bool glob_match(std::string_view pattern, std::string_view text);
bool has_glob(std::string_view path);

}  // namespace layerlint::paths
