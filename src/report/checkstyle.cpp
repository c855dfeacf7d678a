// checkstyle format: the Checkstyle XML that hadolint and ESLint write, read by Jenkins' Warnings
// plugin, reviewdog and most CI dashboards.
#include <string>

#include "report/common.hpp"

namespace layerlint::report {
namespace {

// XML attribute text: markup characters as entities, line breaks and tabs as character
// references (so attribute normalisation keeps them), other characters XML 1.0 forbids dropped,
// malformed UTF-8 as U+FFFD.
void append_xml_attribute(std::string& out, std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const CodePoint cp = decode_utf8(s, i);
    if (cp.length == 0) {
      out += k_replacement;
      ++i;
      continue;
    }
    switch (cp.value) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (cp.value >= 0x20 && cp.value != 0xFFFE && cp.value != 0xFFFF) out.append(s.substr(i, cp.length));
    }
    i += cp.length;
  }
}

std::string_view checkstyle_severity(Severity s) { return severity_name(s); }

}  // namespace

void write_checkstyle(const Files& files, const ReportOptions& /*options*/, std::ostream& out) {
  std::string buffer = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  for (const FileReport& file : files) {
    buffer += "  <file name=\"";
    append_xml_attribute(buffer, file.path);
    buffer += "\">\n";
    for (const Finding& f : file.findings) {
      const DisplayRange r = display_range(f.range);
      buffer += "    <error line=\"" + std::to_string(r.start_line) + "\" column=\"" +
                std::to_string(r.start_column) + "\" severity=\"";
      buffer += checkstyle_severity(f.severity);
      buffer += "\" message=\"";
      append_xml_attribute(buffer, f.message);
      buffer += "\" source=\"layerlint.";
      append_xml_attribute(buffer, f.rule_id);
      buffer += "\"/>\n";
    }
    buffer += "  </file>\n";
  }
  buffer += "</checkstyle>\n";
  out << buffer;
}

}  // namespace layerlint::report
