// Format registry: names to writers.
#include "layerlint/report.hpp"

#include <array>

#include "report/common.hpp"

namespace layerlint {
namespace {

using Writer = void (*)(const report::Files&, const ReportOptions&, std::ostream&);

struct Format {
  std::string_view name;
  Writer write;
};

constexpr std::array k_formats = {
    Format{"text", &report::write_text},     Format{"gcc", &report::write_gcc},
    Format{"json", &report::write_json},     Format{"sarif", &report::write_sarif},
    Format{"github", &report::write_github}, Format{"checkstyle", &report::write_checkstyle},
    Format{"gitlab", &report::write_gitlab},
};

}  // namespace

std::vector<std::string_view> report_formats() {
  std::vector<std::string_view> out;
  for (const Format& f : k_formats) out.push_back(f.name);
  return out;
}

bool write_report(std::string_view format, const std::vector<FileReport>& files, const ReportOptions& options,
                  std::ostream& out) {
  for (const Format& f : k_formats) {
    if (f.name == format) {
      f.write(files, options, out);
      return true;
    }
  }
  return false;
}

}  // namespace layerlint
