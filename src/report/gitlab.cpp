// gitlab format: a GitLab Code Quality report (a subset of the Code Climate issue format).
#include <fmt/format.h>

#include <string>

#include "report/common.hpp"

namespace layerlint::report {
namespace {

std::string_view gitlab_severity(Severity s) {
  switch (s) {
    case Severity::Error: return "critical";
    case Severity::Warning: return "major";
    case Severity::Info: return "info";
  }
  return "major";
}

// 128 bits from two FNV-1a chains: stable across runs and edits elsewhere in the file, unique per
// path, rule, line text and occurrence.
std::string fingerprint(std::string_view path, const LineFingerprints::Value& line) {
  std::string key(path);
  key += '\0';
  key += fmt::format("{:016x}:{}", line.hash, line.occurrence);
  const uint64_t first = fnv1a64(key);
  const uint64_t second = fnv1a64(key, first ^ 0x9e3779b97f4a7c15ULL);
  return fmt::format("{:016x}{:016x}", first, second);
}

}  // namespace

void write_gitlab(const Files& files, const ReportOptions& /*options*/, std::ostream& out) {
  std::string buffer;
  JsonWriter w(buffer);
  w.begin_array();
  for (const FileReport& file : files) {
    const std::string path = normalized_path(file.path);
    LineFingerprints lines(file);
    for (const Finding& f : file.findings) {
      const DisplayRange r = display_range(f.range);
      w.begin_object();
      w.field("description", f.message);
      w.field("check_name", f.rule_id);
      w.field("fingerprint", fingerprint(path, lines.next(f)));
      w.field("severity", gitlab_severity(f.severity));
      w.key("location");
      w.begin_object();
      w.field("path", path);
      w.key("lines");
      w.begin_object();
      w.field("begin", uint64_t{r.start_line});
      w.end_object();
      w.end_object();
      w.end_object();
    }
  }
  w.end_array();
  out << buffer;
}

}  // namespace layerlint::report
