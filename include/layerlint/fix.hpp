// Applying fixes, with ruff's semantics.
//
// Contract: the functions here never throw on any input and never touch the filesystem: they map a
// text and its findings to a new text (and the edits of other files, for the caller to write).
// Thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/source.hpp"

namespace layerlint {

// Which fixes are applied: Safe ones only (`--fix`), or Safe and Unsafe (`--fix --unsafe-fixes`).
// DisplayOnly fixes are never applied.
enum class FixLevel { Safe, Unsafe };

// Whether a fix of this applicability is applied at `level`.
bool applies_at(Applicability applicability, FixLevel level);

// A fix left out of a pass because one of its edits overlaps an edit already taken.
struct SkippedFix {
  std::string rule_id;
  Range range;  // the finding's range
  std::string title;
};

struct AppliedFixes {
  std::string text;                 // the new text (the input when nothing applied)
  size_t applied = 0;               // fixes applied; a fix counts once, whatever its edits
  std::vector<SkippedFix> skipped;  // fixes left for a later pass
  std::vector<Edit> external;       // edits of other files (Edit::file), each once
};

// Applies the fixes of `findings` that `level` allows to `text`, the text the findings were made
// on. The fixes are taken in finding order; a fix's edits apply all together or not at all:
// - an edit identical to one already taken (same range and replacement) is applied once;
// - a fix with an edit that overlaps one already taken is skipped (two different insertions at one
//   place overlap; an insertion at the boundary of a replaced range does not);
// - an edit whose range lies outside `text`, or is not a valid range, skips its fix.
// Replacements are written with '\n': in a file whose first line ends with "\r\n", every '\n' of a
// replacement that is not already preceded by '\r' becomes "\r\n".
AppliedFixes apply_fixes(std::string_view text, const std::vector<Finding>& findings, FixLevel level);

// `replacement` (written with '\n') as apply_fixes() writes it into `text`: with "\r\n" for every
// '\n' not already preceded by '\r' when the first line of `text` ends with "\r\n".
std::string with_line_breaks_of(std::string_view text, std::string_view replacement);

// Makes `findings` (a Dockerfile's, from a lint whose rule filter or suppressions may have left out
// LL0001) safe to fix from: when `source` cannot be decoded or does not parse and no LL0001 finding
// is there, adds one ("the file does not parse"), so that fix_until_stable never rewrites the file
// and drops a pass that would break it.
void guard_parse_errors(std::vector<Finding>& findings, const SourceFile& source);
// The message of the LL0001 that guard_parse_errors() adds (a caller drops it before reporting).
inline constexpr std::string_view k_parse_guard_message = "the file does not parse";

// The lint of one text, as the caller configures it (rules, options, severities, suppressions).
using Linter = std::function<std::vector<Finding>(const SourceFile&)>;

struct FixOutcome {
  std::string text;                 // the fixed text (the input when nothing applied)
  size_t fixed = 0;                 // fixes applied over all passes
  int passes = 0;                   // lint-and-apply passes that changed the text
  bool converged = true;            // false when the pass limit was reached with fixes still applying
  bool refused = false;             // the input has a parse error (LL0001): never rewritten
  std::vector<Edit> external;       // edits of other files, each once
  std::vector<SkippedFix> skipped;  // fixes still skipped in the last pass
  std::vector<Finding> remaining;   // the findings of the final text
};

// Lints, applies, and lints again until a pass applies nothing, at most `max_passes` times. A text
// with LL0001 is never rewritten: when the input has one, `refused` is set and the text is kept;
// when a pass would introduce one, that pass is dropped and the loop stops. `path` names the text
// for the SourceFiles handed to `lint`.
FixOutcome fix_until_stable(const std::string& path, std::string text, const Linter& lint, FixLevel level,
                            int max_passes = 8);

// A unified diff (`diff -u` layout, 3 lines of context) of `before` and `after`, with the headers
// `--- a/<path>` and `+++ b/<path>`; "" when the texts are equal. A text that does not end with a
// line break is marked "\ No newline at end of file", as diff does.
std::string unified_diff(const std::string& path, std::string_view before, std::string_view after);

}  // namespace layerlint
