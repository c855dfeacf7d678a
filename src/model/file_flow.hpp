// How instructions add, write and remove files: the layer model behind LL1004-LL1009.
#pragma once

#include <algorithm>
#include <atomic>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text.hpp"
#include "layerlint/model.hpp"
#include "model/commands.hpp"

namespace layerlint {

// Every file event of the model's Dockerfile, in instruction order (and command order in a RUN).
std::vector<FileEvent> compute_file_events(const BuildModel& model);

// Whether a later event `removal` takes away what `added` put in (same path, a parent directory
// removed recursively, or a glob over it), judged on the image paths.
bool removes(const FileEvent& removal, const FileEvent& added);

// The removal events of an event list, indexed by path, so that "is this file removed later?" costs
// a lookup per directory of the file's path rather than a scan of every later event. A removal is
// filed under its path, a glob under the literal directory before its first wildcard. Built either
// event by event while the events are made (add, then first_after), or at once over finished events
// with each removal's stage numbered (index, then first_in_subtree).
class RemovalIndex {
 public:
  // Files events[index] when it is a removal; indices must come in increasing order.
  void add(const std::vector<FileEvent>& events, size_t index) { file(events, index, 0); }
  // Files every removal of `events`, each with the number `order_of(stage)` of its stage.
  template <typename OrderOf>
  void index(const std::vector<FileEvent>& events, OrderOf order_of) {
    m_by_key.clear();
    for (size_t i = 0; i < events.size(); ++i) file(events, i, order_of(events[i].stage));
    for (auto& [key, filed] : m_by_key) std::sort(filed.begin(), filed.end());
  }

  // Removals looked at by all queries together before they stop looking: a directory with
  // thousands of globs that never match (`rm -rf /root/.ssh/*.bak1`, …) would otherwise make each
  // query scan them all. Past the budget a file counts as not removed, which reports rather than
  // hides. Set it linear in the file's size.
  void limit(size_t removals_looked_at) { m_budget.store(removals_looked_at, std::memory_order_relaxed); }

  // The first removal after events[i], among those whose stage number is in [first, last), that
  // removes it (see removes()) and satisfies `accept(j)`; SIZE_MAX when there is none.
  template <typename Accept>
  [[nodiscard]] size_t first_in_subtree(const std::vector<FileEvent>& events, size_t i, uint32_t first,
                                        uint32_t last, Accept accept) const {
    size_t best = SIZE_MAX;
    for_each_key(events[i].path, [&](const std::vector<Filed>& filed) {
      auto it = std::lower_bound(filed.begin(), filed.end(), Filed{first, 0});
      while (it != filed.end() && it->order < last) {
        // One stage's removals, in event order: the first after i that qualifies.
        const auto stage_end = std::upper_bound(it, filed.end(), Filed{it->order, SIZE_MAX});
        for (it = std::upper_bound(it, stage_end, Filed{it->order, i}); it != stage_end && it->index < best;
             ++it) {
          if (!spend()) return;
          if (removes(events[it->index], events[i]) && accept(it->index)) {
            best = it->index;
            break;
          }
        }
        it = stage_end;
      }
    });
    return best;
  }
  // first_in_subtree() over an index built with add().
  template <typename Accept>
  [[nodiscard]] size_t first_after(const std::vector<FileEvent>& events, size_t i, Accept accept) const {
    return first_in_subtree(events, i, 0, 1, accept);
  }

 private:
  struct Filed {
    uint32_t order;  // the stage's number (0 for every removal filed by add())
    size_t index;    // in the event list
    friend auto operator<=>(const Filed&, const Filed&) = default;
  };
  void file(const std::vector<FileEvent>& events, size_t index, uint32_t order);
  bool spend() const {
    size_t left = m_budget.load(std::memory_order_relaxed);
    while (left > 0 && !m_budget.compare_exchange_weak(left, left - 1, std::memory_order_relaxed)) {
    }
    return left > 0;
  }
  mutable std::atomic<size_t> m_budget{SIZE_MAX};
  template <typename Fn>
  void for_each_key(std::string_view path, Fn fn) const;
  StringMap<std::vector<Filed>> m_by_key;
};

// Names of the variables referenced as $NAME or ${NAME...} in `text` (each once, in order).
std::vector<std::string> referenced_variables(std::string_view text);

// Keys under which a removal of `path` may be filed: the path, then each directory above it.
template <typename Fn>
void RemovalIndex::for_each_key(std::string_view path, Fn fn) const {
  if (m_by_key.empty()) return;
  path = commands::trim_slashes(path);
  while (true) {
    if (auto it = m_by_key.find(path); it != m_by_key.end()) fn(it->second);
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos || path.size() <= 1) break;
    path = slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
  }
}

}  // namespace layerlint
