// Baselines: adopt layerlint on an existing repository and block only new findings.
//
// A baseline is a JSON file listing known findings by path, rule and fingerprint:
//   {"version": 1, "tool": "layerlint", "findings": [
//     {"path": "Dockerfile", "rule": "LL1001", "fingerprint": "0123456789abcdef:1", "message": "..."}]}
// The fingerprint is the one SARIF reports as `partialFingerprints.primaryLocationLineHash`: a hash
// of the rule id and the finding's source line with whitespace removed, then `:` and the finding's
// occurrence among the findings of the file with the same hash. It survives lines moving and
// re-indentation, changes when the offending line changes, and holds no source text (so no secret;
// messages are already redacted). `message` is for people reading the file and is not matched.
//
// Errors are values: nothing here throws. Thread-compatible.
#pragma once

#include <compare>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/report.hpp"

namespace layerlint {

struct BaselineEntry {
  std::string path;  // forward-slash relative path as reported (normalized: "./a" -> "a")
  std::string rule;  // "LL1001"
  std::string fingerprint;

  friend auto operator<=>(const BaselineEntry&, const BaselineEntry&) = default;
  friend bool operator==(const BaselineEntry&, const BaselineEntry&) = default;
};

struct Baseline {
  std::vector<BaselineEntry> entries;  // sorted, without duplicates

  [[nodiscard]] bool contains(const BaselineEntry& e) const;
};

// The fingerprints of `file`'s findings, one per finding in the given order (report order: sorted
// by position), e.g. "0123456789abcdef:1".
std::vector<std::string> baseline_fingerprints(const FileReport& file);

// Writes every finding of `files` as a baseline, sorted by path, rule and fingerprint (so that
// lines moving do not reorder it), pretty-printed, ending with a newline. Returns out.good().
bool write_baseline(const std::vector<FileReport>& files, std::ostream& out);

// Parses a baseline document; nullopt with a one-line `error` when it is not valid JSON or not a
// layerlint baseline (wrong version or tool, an entry without path, rule or fingerprint).
std::optional<Baseline> parse_baseline(std::string_view text, std::string& error);
// Reads and parses the file at `path`; errors (missing, unreadable, malformed) start with the path.
std::optional<Baseline> load_baseline(const std::string& path, std::string& error);

// Removes from `files` the findings the baseline lists; returns how many were removed. The
// fingerprints are computed before anything is removed, as when the baseline was written.
size_t apply_baseline(std::vector<FileReport>& files, const Baseline& baseline);

}  // namespace layerlint
