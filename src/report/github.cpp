// github format: workflow commands that GitHub Actions turns into annotations on the run and the
// pull request, e.g. `::error file=Dockerfile,line=3,endLine=3,col=5,endColumn=9,title=LL1001 secret-arg::…`,
// the message followed by the fix title on a line of its own.
#include <algorithm>
#include <string>

#include "report/common.hpp"

namespace layerlint::report {
namespace {

std::string_view command_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "notice";
  }
  return "warning";
}

// The runner's escaping: data escapes %, CR and LF; property values also : and ,.
void append_escaped(std::string& out, std::string_view text, bool property) {
  for (char c : terminal_text(text, false)) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':':
        if (property) {
          out += "%3A";
        } else {
          out += c;
        }
        break;
      case ',':
        if (property) {
          out += "%2C";
        } else {
          out += c;
        }
        break;
      default: out += c;
    }
  }
}

}  // namespace

void write_github(const Files& files, const ReportOptions& /*options*/, std::ostream& out) {
  std::string buffer;
  for (const FileReport& file : files) {
    const std::string path = normalized_path(file.path);
    for (const Finding& f : file.findings) {
      const DisplayRange r = display_range(f.range);
      // Annotations take an inclusive end column; ours is exclusive.
      const uint32_t end_column = r.end_line == r.start_line ? std::max(r.start_column, r.end_column - 1)
                                                             : std::max(1u, r.end_column - 1);
      buffer += "::";
      buffer += command_name(f.severity);
      buffer += " file=";
      append_escaped(buffer, path, true);
      buffer += ",line=" + std::to_string(r.start_line);
      buffer += ",endLine=" + std::to_string(r.end_line);
      buffer += ",col=" + std::to_string(r.start_column);
      buffer += ",endColumn=" + std::to_string(end_column);
      buffer += ",title=";
      append_escaped(buffer, f.slug.empty() ? f.rule_id : f.rule_id + ' ' + f.slug, true);
      buffer += "::";
      append_escaped(buffer, f.message, false);
      // The annotation carries what to do: the fix title, on its own line.
      if (f.fix && !f.fix->title.empty()) append_escaped(buffer, "\nfix: " + f.fix->title, false);
      buffer += '\n';
    }
  }
  out << buffer;
}

}  // namespace layerlint::report
