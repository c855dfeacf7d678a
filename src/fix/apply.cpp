// Applying fixes with ruff's semantics, and the lint-and-apply loop.
#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

#include "layerlint/fix.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/parser.hpp"

namespace layerlint {

namespace {

constexpr std::string_view k_parse_error = "LL0001";

// A text edit taken into a pass, as byte offsets.
struct TakenEdit {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string_view replacement;  // points into the findings, which outlive the pass

  friend bool operator<(const TakenEdit& a, const TakenEdit& b) {
    return std::tie(a.begin, a.end, a.replacement) < std::tie(b.begin, b.end, b.replacement);
  }
  friend bool operator==(const TakenEdit&, const TakenEdit&) = default;
};

// Whether two different edits touch the same bytes. Two insertions at one place overlap (their order
// would be a guess); an insertion at either end of a replaced range does not.
bool overlaps(const TakenEdit& a, const TakenEdit& b) {
  const bool a_inserts = a.begin == a.end, b_inserts = b.begin == b.end;
  if (a_inserts && b_inserts) return a.begin == b.begin;
  if (a_inserts) return b.begin < a.begin && a.begin < b.end;
  if (b_inserts) return a.begin < b.begin && b.begin < a.end;
  return a.begin < b.end && b.begin < a.end;
}

// The taken edits are pairwise non-overlapping, so sorted by start their ends are sorted too: only the
// nearest edit before `e` can reach into it, and the ones after it that start no later than its end.
bool overlaps_any(const std::set<TakenEdit>& taken, const TakenEdit& e) {
  auto it = taken.lower_bound(TakenEdit{e.begin, e.begin, {}});
  if (it != taken.begin() && overlaps(*std::prev(it), e)) return true;
  for (; it != taken.end() && it->begin <= e.end; ++it) {
    if (overlaps(*it, e)) return true;
  }
  return false;
}

bool valid_edit(const Edit& e, size_t text_size) {
  return e.range.valid() && e.range.begin.offset <= e.range.end.offset && e.range.end.offset <= text_size;
}

// A file whose first line ends with CRLF gets CRLF in its replacements too.
bool uses_crlf(std::string_view text) {
  const size_t nl = text.find('\n');
  return nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r';
}

void append_replacement(std::string& out, std::string_view replacement, bool crlf) {
  if (!crlf) {
    out += replacement;
    return;
  }
  for (size_t i = 0; i < replacement.size(); ++i) {
    if (replacement[i] == '\n' && (i == 0 || replacement[i - 1] != '\r')) out += '\r';
    out += replacement[i];
  }
}

}  // namespace

void guard_parse_errors(std::vector<Finding>& findings, const SourceFile& source) {
  if (std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.rule_id == "LL0001"; }))
    return;
  std::vector<Finding> problems;
  if (check_encoding(source, problems) && problems.empty() && parse_dockerfile(source).errors.empty()) return;
  Finding guard;
  guard.rule_id = "LL0001";
  guard.slug = "parse-error";
  guard.severity = Severity::Error;
  guard.message = std::string(k_parse_guard_message);
  findings.push_back(std::move(guard));
}

std::string with_line_breaks_of(std::string_view text, std::string_view replacement) {
  std::string out;
  append_replacement(out, replacement, uses_crlf(text));
  return out;
}

namespace {

bool same_external(const Edit& a, const Edit& b) {
  return a.file == b.file && a.replacement == b.replacement;
}

void add_external(std::vector<Edit>& externals, const Edit& e) {
  if (std::none_of(externals.begin(), externals.end(), [&](const Edit& x) { return same_external(x, e); }))
    externals.push_back(e);
}

bool has_parse_error(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.rule_id == k_parse_error; });
}

// A fix that only appends to other files, all of them already collected by an earlier pass: applying
// it again would count it twice (the other files are written after the loop, so the finding stays).
bool only_collected_externals(const Finding& f, const std::vector<Edit>& externals) {
  if (!f.fix || f.fix->edits.empty()) return false;
  return std::all_of(f.fix->edits.begin(), f.fix->edits.end(), [&](const Edit& e) {
    return !e.file.empty() && std::any_of(externals.begin(), externals.end(),
                                          [&](const Edit& x) { return same_external(x, e); });
  });
}

}  // namespace

bool applies_at(Applicability applicability, FixLevel level) {
  switch (applicability) {
    case Applicability::Safe: return true;
    case Applicability::Unsafe: return level == FixLevel::Unsafe;
    case Applicability::DisplayOnly: return false;
  }
  return false;
}

AppliedFixes apply_fixes(std::string_view text, const std::vector<Finding>& findings, FixLevel level) {
  AppliedFixes result;
  std::set<TakenEdit> taken;
  std::vector<TakenEdit> fresh;  // the current fix's edits not taken before
  for (const Finding& f : findings) {
    if (!f.fix || f.fix->edits.empty() || !applies_at(f.fix->applicability, level)) continue;
    fresh.clear();
    bool valid = true, clashes = false;
    for (const Edit& e : f.fix->edits) {
      if (!e.file.empty()) continue;
      if (!valid_edit(e, text.size())) {
        valid = false;
        break;
      }
      const TakenEdit t{e.range.begin.offset, e.range.end.offset, e.replacement};
      if (taken.contains(t) || std::find(fresh.begin(), fresh.end(), t) != fresh.end()) continue;
      if (overlaps_any(taken, t) ||
          std::any_of(fresh.begin(), fresh.end(), [&](const TakenEdit& x) { return overlaps(x, t); })) {
        clashes = true;
      }
      fresh.push_back(t);
    }
    if (!valid) continue;  // never applicable: not a fix for a later pass either
    if (clashes) {
      result.skipped.push_back(SkippedFix{f.rule_id, f.range, f.fix->title});
      continue;
    }
    taken.insert(fresh.begin(), fresh.end());
    for (const Edit& e : f.fix->edits) {
      if (!e.file.empty()) add_external(result.external, e);
    }
    ++result.applied;
  }
  if (taken.empty()) {
    result.text = std::string(text);
    return result;
  }
  const bool crlf = uses_crlf(text);
  uint32_t at = 0;
  for (const TakenEdit& e : taken) {
    result.text.append(text.substr(at, e.begin - at));
    append_replacement(result.text, e.replacement, crlf);
    at = e.end;
  }
  result.text.append(text.substr(at));
  return result;
}

FixOutcome fix_until_stable(const std::string& path, std::string text, const Linter& lint, FixLevel level,
                            int max_passes) {
  FixOutcome outcome;
  std::vector<Finding> findings = lint(SourceFile(path, text));
  if (has_parse_error(findings)) {
    outcome.refused = true;
    outcome.text = std::move(text);
    outcome.remaining = std::move(findings);
    return outcome;
  }
  // The findings handed to a pass: those of the current text, less fixes already fully collected.
  auto pending = [&] {
    std::vector<Finding> out = findings;
    std::erase_if(out, [&](const Finding& f) { return only_collected_externals(f, outcome.external); });
    return out;
  };
  bool stopped = false;  // a pass applied nothing, changed nothing, or was dropped
  for (int pass = 0; pass < max_passes && !stopped; ++pass) {
    AppliedFixes applied = apply_fixes(text, pending(), level);
    outcome.skipped = std::move(applied.skipped);
    if (applied.applied == 0) {
      stopped = true;
      break;
    }
    if (applied.text == text) {
      // Only other files change (or edits rewrite bytes with themselves): nothing to lint again.
      outcome.fixed += applied.applied;
      for (const Edit& e : applied.external) add_external(outcome.external, e);
      stopped = true;
      break;
    }
    std::vector<Finding> next = lint(SourceFile(path, applied.text));
    if (has_parse_error(next)) {
      stopped = true;  // the pass would break the file: keep the text as it was before it
      break;
    }
    outcome.fixed += applied.applied;
    ++outcome.passes;
    for (const Edit& e : applied.external) add_external(outcome.external, e);
    text = std::move(applied.text);
    findings = std::move(next);
  }
  if (!stopped) {
    // The limit was reached: one more pass, not kept, tells whether fixes were still applying.
    AppliedFixes probe = apply_fixes(text, pending(), level);
    outcome.converged = probe.applied == 0 || probe.text == text;
    outcome.skipped = std::move(probe.skipped);
  }
  outcome.text = std::move(text);
  outcome.remaining = std::move(findings);
  return outcome;
}

}  // namespace layerlint
