// unified_diff: Myers' O(ND) line diff in linear space, printed in `diff -u` layout.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "layerlint/fix.hpp"

namespace layerlint {

namespace {

constexpr size_t k_context = 3;

// Lines with their terminator: "a" and "a\n" differ, as they do for diff.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < text.size();) {
    const size_t nl = text.find('\n', at);
    const size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

// Myers' linear-space refinement: find the middle snake of a[a0,a1) x b[b0,b1), recurse on both
// sides. Lines are compared as numbers; `keep_a[i]` / `keep_b[j]` end up true for the common lines.
class LineDiff {
 public:
  LineDiff(const std::vector<int>& a, const std::vector<int>& b)
      : m_a(a), m_b(b), m_keep_a(a.size(), false), m_keep_b(b.size(), false) {
    const size_t max = a.size() + b.size() + 2;
    m_forward.assign(2 * max + 1, 0);
    m_backward.assign(2 * max + 1, 0);
    m_offset = static_cast<long>(max);
    compare(0, static_cast<long>(a.size()), 0, static_cast<long>(b.size()));
  }

  [[nodiscard]] const std::vector<bool>& keep_a() const { return m_keep_a; }
  [[nodiscard]] const std::vector<bool>& keep_b() const { return m_keep_b; }

 private:
  void compare(long a0, long a1, long b0, long b1) {
    // Common prefix and suffix are kept without searching.
    while (a0 < a1 && b0 < b1 && m_a[a0] == m_b[b0]) m_keep_a[a0++] = m_keep_b[b0++] = true;
    while (a0 < a1 && b0 < b1 && m_a[a1 - 1] == m_b[b1 - 1]) m_keep_a[--a1] = m_keep_b[--b1] = true;
    if (a0 == a1 || b0 == b1) return;  // only deletions or only insertions left
    long x = 0, y = 0;
    middle_snake(a0, a1, b0, b1, x, y);
    compare(a0, x, b0, y);
    compare(x, a1, y, b1);
  }

  // A point (x, y) on an optimal path that splits the problem in two smaller ones.
  void middle_snake(long a0, long a1, long b0, long b1, long& out_x, long& out_y) {
    const long n = a1 - a0, m = b1 - b0, delta = n - m;
    const bool odd = (delta & 1) != 0;
    auto fwd = [&](long k) -> long& { return m_forward[static_cast<size_t>(k + m_offset)]; };
    auto bwd = [&](long k) -> long& { return m_backward[static_cast<size_t>(k + m_offset)]; };
    fwd(1) = 0;
    bwd(1) = 0;
    for (long d = 0; d <= (n + m + 1) / 2; ++d) {
      for (long k = -d; k <= d; k += 2) {
        long x = (k == -d || (k != d && fwd(k - 1) < fwd(k + 1))) ? fwd(k + 1) : fwd(k - 1) + 1;
        long y = x - k;
        while (x < n && y < m && m_a[a0 + x] == m_b[b0 + y]) ++x, ++y;
        fwd(k) = x;
        // The reverse path on diagonal delta - k has met this one.
        if (odd && k - delta >= -(d - 1) && k - delta <= d - 1 && x + bwd(delta - k) >= n) {
          out_x = a0 + x;
          out_y = b0 + y;
          return;
        }
      }
      for (long k = -d; k <= d; k += 2) {
        long x = (k == -d || (k != d && bwd(k - 1) < bwd(k + 1))) ? bwd(k + 1) : bwd(k - 1) + 1;
        long y = x - k;
        while (x < n && y < m && m_a[a1 - 1 - x] == m_b[b1 - 1 - y]) ++x, ++y;
        bwd(k) = x;
        if (!odd && delta - k >= -d && delta - k <= d && x + fwd(delta - k) >= n) {
          out_x = a1 - x;
          out_y = b1 - y;
          return;
        }
      }
    }
    out_x = a1;  // not reached: an optimal path always meets within (n + m + 1) / 2 steps
    out_y = b1;
  }

  const std::vector<int>& m_a;
  const std::vector<int>& m_b;
  std::vector<bool> m_keep_a, m_keep_b;
  std::vector<long> m_forward, m_backward;
  long m_offset = 0;
};

// "l,n" of a hunk side, as diff writes it: "l" when n is 1, the line before the hunk when n is 0.
std::string hunk_range(size_t first, size_t count) {
  if (count == 1) return fmt::format("{}", first + 1);
  return fmt::format("{},{}", count == 0 ? first : first + 1, count);
}

void write_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out += line;
  if (!line.ends_with('\n')) out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(const std::string& path, std::string_view before, std::string_view after) {
  if (before == after) return {};
  const std::vector<std::string_view> a = split_lines(before), b = split_lines(after);
  std::unordered_map<std::string_view, int> ids;
  auto numbered = [&](const std::vector<std::string_view>& lines) {
    std::vector<int> out;
    out.reserve(lines.size());
    for (std::string_view l : lines)
      out.push_back(ids.try_emplace(l, static_cast<int>(ids.size())).first->second);
    return out;
  };
  const std::vector<int> na = numbered(a), nb = numbered(b);
  const LineDiff diff(na, nb);
  const std::vector<bool>& keep_a = diff.keep_a();
  const std::vector<bool>& keep_b = diff.keep_b();

  // The changes as blocks: a[i0,i1) replaced by b[j0,j1), in order, separated by common lines.
  struct Change {
    size_t i0, i1, j0, j1;
  };
  std::vector<Change> changes;
  for (size_t i = 0, j = 0; i < a.size() || j < b.size();) {
    if (i < a.size() && j < b.size() && keep_a[i] && keep_b[j]) {
      ++i, ++j;
      continue;
    }
    Change c{i, i, j, j};
    while (c.i1 < a.size() && !keep_a[c.i1]) ++c.i1;
    while (c.j1 < b.size() && !keep_b[c.j1]) ++c.j1;
    changes.push_back(c);
    i = c.i1;
    j = c.j1;
  }

  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  for (size_t first = 0; first < changes.size();) {
    // Changes at most two contexts apart share a hunk.
    size_t last = first;
    while (last + 1 < changes.size() && changes[last + 1].i0 - changes[last].i1 <= 2 * k_context) ++last;
    const size_t i0 = changes[first].i0 - std::min(changes[first].i0, k_context);
    const size_t j0 = changes[first].j0 - (changes[first].i0 - i0);
    const size_t i1 = std::min(a.size(), changes[last].i1 + k_context);
    const size_t j1 = changes[last].j1 + (i1 - changes[last].i1);
    out += fmt::format("@@ -{} +{} @@\n", hunk_range(i0, i1 - i0), hunk_range(j0, j1 - j0));
    size_t i = i0;
    for (size_t c = first; c <= last; ++c) {
      for (; i < changes[c].i0; ++i) write_line(out, ' ', a[i]);
      for (; i < changes[c].i1; ++i) write_line(out, '-', a[i]);
      for (size_t j = changes[c].j0; j < changes[c].j1; ++j) write_line(out, '+', b[j]);
    }
    for (; i < i1; ++i) write_line(out, ' ', a[i]);
    first = last + 1;
  }
  return out;
}

}  // namespace layerlint
