// Inline suppressions: `# layerlint ignore=...` comments in Dockerfiles and Compose files.
//
// Syntax (one directive per comment line, the comment on its own line):
//   # layerlint ignore=LL1001,secret-env reason="we rotate it"   the next instruction
//   # layerlint global ignore=LL2001 reason=legacy                the whole file
//   # layerlint ignore=all                                         every rule
// Rules are named by id or slug, case-insensitively. `reason=` is optional: a quoted string or a
// bare word. A line-scoped directive covers the next line that is neither blank nor a comment,
// through the end of the instruction that starts there (its continuation lines and heredocs).
// Only a comment whose first word is `layerlint`, followed by `global`, `ignore` or a `key=value`
// option, is a directive: prose that mentions layerlint is left alone. A malformed directive
// (unknown option, unknown rule, no rule, a directive inside an instruction) is never ignored
// silently: it is reported as a finding of LL0002 bad-suppression.
//
// Thread-safe: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/rule.hpp"
#include "layerlint/source.hpp"

namespace layerlint {

// The lines of one instruction, 1-based and inclusive: from its keyword to its last continuation
// (or heredoc) line. For a Dockerfile, one per instruction of the parsed tree; for a YAML file,
// pass none (a directive then covers just the next line that is not blank or a comment).
struct LineSpan {
  uint32_t first_line = 0;
  uint32_t last_line = 0;
};

struct Suppression {
  std::vector<std::string> rules;  // canonical rule ids ("LL1001"), deduplicated, in the order given
  bool all = false;                // ignore=all
  bool global = false;             // the whole file
  std::string reason;              // "" when not given
  Range range;                     // the directive comment, from its '#' to the end of the line
  // Lines covered, inclusive (0, 0 when nothing follows the directive). Ignored when `global`.
  uint32_t first_line = 0;
  uint32_t last_line = 0;
};

// The directives of `source`, in line order. `instruction_spans` need not be sorted; spans that
// overlap are tolerated. Malformed directives are appended to `problems` as LL0002 findings with
// the range of the offending text; the well-formed part of a directive (its known rules) still
// applies. Linear in the size of the source plus the number of spans (after sorting them).
std::vector<Suppression> find_suppressions(const SourceFile& source,
                                           std::span<const LineSpan> instruction_spans,
                                           std::vector<Finding>& problems);

// Removes the findings that a suppression covers (a finding is covered when it starts on a covered
// line, or anywhere for a global one, and its rule is listed or the suppression says `all`). The
// order of the remaining findings is kept. When `warn_unused`, appends to `unused_reports` one
// LL0003 finding per suppression that has rules which matched nothing, at the directive's range,
// naming those rules. Findings without a position (line 0) are covered by global suppressions only.
void apply_suppressions(std::vector<Finding>& findings, const std::vector<Suppression>& suppressions,
                        bool warn_unused, std::vector<Finding>& unused_reports);

// Metadata of the meta rules LL0002 bad-suppression and LL0003 unused-suppression.
const RuleInfo& bad_suppression_info();
const RuleInfo& unused_suppression_info();

}  // namespace layerlint
