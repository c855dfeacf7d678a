#include "model/paths.hpp"

#include <vector>

namespace layerlint::paths {

std::string resolve(std::string_view path, std::string_view cwd, std::string_view home) {
  std::string full;
  if (path == "~" || path.starts_with("~/")) {
    full = std::string(home) + "/" + std::string(path.substr(path.size() > 1 ? 2 : 1));
  } else if (path.starts_with("/")) {
    full = std::string(path);
  } else {
    full = std::string(cwd) + "/" + std::string(path);
  }
  const bool directory = full.ends_with('/') || path == "." || path.ends_with("/.");
  std::vector<std::string_view> parts;
  std::string_view rest = full;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (auto p : parts) {
    out += '/';
    out += p;
  }
  if (out.empty()) return "/";
  if (directory) out += '/';
  return out;
}

std::string_view basename(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string join(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

bool is_within(std::string_view path, std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (dir == "/") return true;
  return path == dir || (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
}

bool has_glob(std::string_view path) { return path.find_first_of("*?[") != std::string_view::npos; }

namespace {

// Matches one glob element at pattern[p] against c; advances p past it. Returns false on no match.
bool match_one(std::string_view pattern, size_t& p, char c) {
  if (pattern[p] == '?') {
    ++p;
    return c != '/';
  }
  if (pattern[p] == '[') {
    size_t q = p + 1;
    bool negate = q < pattern.size() && (pattern[q] == '!' || pattern[q] == '^');
    if (negate) ++q;
    bool matched = false;
    const size_t first = q;
    while (q < pattern.size() && (pattern[q] != ']' || q == first)) {
      if (q + 2 < pattern.size() && pattern[q + 1] == '-' && pattern[q + 2] != ']') {
        if (c >= pattern[q] && c <= pattern[q + 2]) matched = true;
        q += 3;
      } else {
        if (pattern[q] == c) matched = true;
        ++q;
      }
    }
    if (q >= pattern.size()) {  // unterminated class: a literal '['
      ++p;
      return c == '[';
    }
    p = q + 1;
    return matched != negate && c != '/';
  }
  if (pattern[p] == '\\' && p + 1 < pattern.size()) ++p;
  return pattern[p++] == c;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Classic greedy matching with one backtrack point per '*': O(pattern * text) worst case, and a
  // '*' cannot cross '/', which bounds the backtracking to one path component.
  size_t p = 0, t = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_t = t;
      continue;
    }
    if (p < pattern.size()) {
      size_t q = p;
      if (match_one(pattern, q, text[t])) {
        p = q;
        ++t;
        continue;
      }
    }
    if (star_p != std::string_view::npos && text[star_t] != '/') {
      p = star_p;
      t = ++star_t;
      continue;
    }
    return false;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace layerlint::paths
