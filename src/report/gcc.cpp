// gcc format: `path:line:col: error|warning|note: message [LL1234]`, one line per finding, the shape
// editors/problem-matcher.json and editors/vscode-tasks.json parse.
#include <string>

#include "report/common.hpp"

namespace layerlint::report {
namespace {

std::string_view gcc_severity(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "warning";
}

}  // namespace

void write_gcc(const Files& files, const ReportOptions& /*options*/, std::ostream& out) {
  std::string buffer;
  for (const FileReport& file : files) {
    const std::string path = terminal_text(file.path, true);
    for (const Finding& f : file.findings) {
      const DisplayRange r = display_range(f.range);
      buffer += path;
      buffer += ':';
      buffer += std::to_string(r.start_line);
      buffer += ':';
      buffer += std::to_string(r.start_column);
      buffer += ": ";
      buffer += gcc_severity(f.severity);
      buffer += ": ";
      buffer += terminal_text(f.message, true);
      buffer += " [";
      buffer += terminal_text(f.rule_id, true);
      buffer += "]\n";
    }
  }
  out << buffer;
}

}  // namespace layerlint::report
