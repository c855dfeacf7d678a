// How instructions add, write and remove files: the layer model behind LL1004-LL1009.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layerlint/model.hpp"

namespace layerlint {

// Every file event of the model's Dockerfile, in instruction order (and command order in a RUN).
std::vector<FileEvent> compute_file_events(const BuildModel& model);

// Whether a later event `removal` takes away what `added` put in (same path, a parent directory
// removed recursively, or a glob over it), judged on the image paths.
bool removes(const FileEvent& removal, const FileEvent& added);

// The removal events of an event list, indexed by path, so that "is this file removed later?" costs
// a lookup per directory of the file's path rather than a scan of every later event. A removal is
// filed under its path, a glob under the literal directory before its first wildcard.
class RemovalIndex {
 public:
  // Files events[index] when it is a removal; indices must come in increasing order.
  void add(const std::vector<FileEvent>& events, size_t index);
  // The first removal after events[i] that removes it (see removes()) and satisfies `accept(j)`;
  // SIZE_MAX when there is none.
  template <typename Accept>
  [[nodiscard]] size_t first_after(const std::vector<FileEvent>& events, size_t i, Accept accept) const {
    size_t best = SIZE_MAX;
    for_each_key(events[i].path, [&](const std::vector<size_t>& filed) {
      for (auto j = std::upper_bound(filed.begin(), filed.end(), i); j != filed.end() && *j < best; ++j) {
        if (removes(events[*j], events[i]) && accept(*j)) {
          best = *j;
          break;
        }
      }
    });
    return best;
  }

 private:
  template <typename Fn>
  void for_each_key(std::string_view path, Fn fn) const;
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<size_t>, KeyHash, std::equal_to<>> m_by_key;
};

// Names of the variables referenced as $NAME or ${NAME...} in `text` (each once, in order).
std::vector<std::string> referenced_variables(std::string_view text);

namespace removal_detail {
// The path without trailing slashes ("/" stays).
std::string_view trimmed(std::string_view path);
}  // namespace removal_detail

// Keys under which a removal of `path` may be filed: the path, then each directory above it.
template <typename Fn>
void RemovalIndex::for_each_key(std::string_view path, Fn fn) const {
  if (m_by_key.empty()) return;
  path = removal_detail::trimmed(path);
  while (true) {
    if (auto it = m_by_key.find(path); it != m_by_key.end()) fn(it->second);
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos || path.size() <= 1) break;
    path = slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
  }
}

}  // namespace layerlint
