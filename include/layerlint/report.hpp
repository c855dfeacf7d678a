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

struct FileReport {
  std::shared_ptr<const SourceFile> source;  // may be null for a file that could not be read
  std::string path;                          // as shown to the user
  std::vector<Finding> findings;
};

struct ReportOptions {
  bool color = false;
  std::string tool_version = LAYERLINT_VERSION;
};

// Known formats: "text", "sarif" (and those listed by report_formats()).
std::vector<std::string_view> report_formats();
// Writes `files` in `format` to `out`; returns false for an unknown format.
bool write_report(std::string_view format, const std::vector<FileReport>& files, const ReportOptions& options,
                  std::ostream& out);

}  // namespace layerlint
