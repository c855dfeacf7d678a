// Reporters: findings of a run to text, SARIF, and the CI/editor formats.
//
// Contract: a reporter is given every file's findings (sorted by position) and writes one document.
// It never prints more of a secret than the findings hold (they hold redacted values only).
// Thread-compatible: call from one thread.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/source.hpp"

namespace layerlint {

struct RuleInfo;

struct FileReport {
  std::shared_ptr<const SourceFile> source;  // may be null for a file that could not be read
  std::string path;                          // as shown to the user
  std::vector<Finding> findings;
};

struct ReportOptions {
  bool color = false;
  // Text format: also print each fix's Compose snippet and alternatives in full (by default a
  // one-line pointer to them, so that a file with many findings stays readable).
  bool fix_details = false;
  // Text format: close with the summary line ("2 errors, 1 warning, 0 info in 3 files").
  bool summary = true;
  std::string tool_version = LAYERLINT_VERSION;
  // Rules described by formats that carry rule metadata (SARIF `rules[]`), in order; empty means
  // all_rule_infos(). Rules of findings missing from the list are appended, described by their
  // findings. The pointers must outlive the write_report() call.
  std::vector<const RuleInfo*> rules;
  // What kept the run from linting everything it was given ("nope/Dockerfile: no such file or
  // directory"), each naming its path: JSON `errors`, SARIF `invocations[0]` (not successful, one
  // notification each). The other formats leave them to standard error.
  std::vector<std::string> errors;
  // SARIF: the absolute folder (the repository root) that relative uris are relative to, given as
  // %SRCROOT% in originalUriBaseIds; paths outside it are file:// uris. Empty: uris are the paths as
  // shown, relative to an unnamed %SRCROOT%.
  std::string source_root;
};

// Known formats, in this order: "text" (the default, for people), "gcc", "json" (schema in
// docs/json-schema.md), "sarif" (2.1.0, for GitHub code scanning), "github" (workflow commands),
// "checkstyle", "gitlab" (Code Quality). Every format is deterministic: files in the given order,
// findings as given. Formats that need a position report a finding without one (line 0) at 1:1.
std::vector<std::string_view> report_formats();
// Writes `files` in `format` to `out`; returns false for an unknown format.
bool write_report(std::string_view format, const std::vector<FileReport>& files, const ReportOptions& options,
                  std::ostream& out);

}  // namespace layerlint
