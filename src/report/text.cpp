// text format: for people. Each finding as `path:line:col: severity: message [LL1234]`, the source
// line with a marker under the range, the fix when there is one, and a one-line summary.
#include <algorithm>
#include <string>

#include "layerlint/secrets.hpp"
#include "report/common.hpp"

namespace layerlint::report {
namespace {

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_red = "\x1b[1;31m";
constexpr std::string_view k_yellow = "\x1b[1;33m";
constexpr std::string_view k_cyan = "\x1b[1;36m";
constexpr std::string_view k_green = "\x1b[1;32m";

constexpr std::string_view k_source_indent = "    ";

class TextWriter {
 public:
  TextWriter(std::string& out, bool color) : m_out(out), m_color(color) {}

  void styled(std::string_view style, std::string_view text) {
    if (m_color) m_out += style;
    m_out += text;
    if (m_color) m_out += k_reset;
  }

  void finding(const FileReport& file, const Finding& f) {
    std::string location = terminal_text(file.path, true);
    if (f.range.begin.line > 0) {
      location +=
          ':' + std::to_string(f.range.begin.line) + ':' + std::to_string(std::max(f.range.begin.column, 1u));
    }
    location += ':';
    styled(k_bold, location);
    m_out += ' ';
    switch (f.severity) {
      case Severity::Error: styled(k_red, "error:"); break;
      case Severity::Warning: styled(k_yellow, "warning:"); break;
      case Severity::Info: styled(k_cyan, "info:"); break;
    }
    m_out += ' ';
    m_out += terminal_text(f.message, true);
    m_out += " [";
    m_out += terminal_text(f.rule_id, true);
    m_out += "]\n";

    const std::string line = masked_line(file, f.range.begin.line, finding_line_text(file, f));
    if (f.range.begin.line > 0 && file.source && f.range.begin.line <= file.source->line_count()) {
      m_out += k_source_indent;
      m_out += terminal_text(line, true);
      m_out += '\n';
      m_out += k_source_indent;
      marker(line, f.range);
      m_out += '\n';
    }
    if (f.fix) fix(*f.fix);
  }

  void summary(const Files& files) {
    const Counts c = count_findings(files);
    const auto plural = [](size_t n, std::string_view one, std::string_view many) {
      return std::to_string(n) + ' ' + std::string(n == 1 ? one : many);
    };
    if (c.total() == 0) {
      m_out += "no findings in " + plural(files.size(), "file", "files") + '\n';
      return;
    }
    m_out += plural(c.errors, "error", "errors") + ", " + plural(c.warnings, "warning", "warnings") + ", " +
             std::to_string(c.info) + " info in " + plural(files.size(), "file", "files") + '\n';
  }

 private:
  // The source line with every secret value of the file's findings masked ('*' per code point, so
  // the marker still lines up), and any token format the recognisers know masked as well.
  static std::string masked_line(const FileReport& file, uint32_t line_number, std::string_view line) {
    std::string out(line);
    if (!file.source || line_number == 0) return out;
    const SourceFile& src = *file.source;
    // Byte offset of the shown line's first byte.
    const std::string_view text = src.text();
    const auto begin = static_cast<uint32_t>(line.data() - text.data());
    auto mask = [&](uint32_t from, uint32_t to) {
      for (uint32_t i = std::max(from, begin); i < to && i - begin < out.size(); ++i) {
        if (!is_continuation(out[i - begin])) out[i - begin] = '*';
        else out[i - begin] = '\x01';
      }
    };
    for (const Finding& other : file.findings) {
      for (const Range& r : other.sensitive) {
        if (r.end.offset > begin && r.begin.offset < begin + line.size()) mask(r.begin.offset, r.end.offset);
      }
    }
    for (const ValueMatch& m : find_secret_values(out)) mask(begin + m.begin, begin + m.end);
    for (const ValueMatch& m : find_url_credentials(out)) {
      if (m.kind == "url-credentials") mask(begin + m.begin, begin + m.end);
    }
    std::erase(out, '\x01');
    return out;
  }

  // `^~~~` under the range; columns count code points as SourceFile does, tabs before the range
  // are repeated so the marker lines up whatever the tab width.
  void marker(std::string_view line, const Range& r) {
    uint32_t columns = 0;
    for (char c : line) columns += is_continuation(c) ? 0 : 1;
    const uint32_t start = std::min(std::max(r.begin.column, 1u), columns + 1);
    uint32_t end = columns + 1;
    if (r.end.line == r.begin.line) end = std::min(std::max(r.end.column, start), columns + 1);
    uint32_t column = 1;
    for (size_t i = 0; i < line.size() && column < start; ++i) {
      if (is_continuation(line[i])) continue;
      m_out += line[i] == '\t' ? '\t' : ' ';
      ++column;
    }
    std::string mark = "^";
    if (end > start + 1) mark.append(end - start - 1, '~');
    styled(k_green, mark);
  }

  void block(std::string_view label, std::string_view text) {
    const std::string safe = terminal_text(text, false);
    std::string_view rest = safe;
    bool first = true;
    while (first || !rest.empty()) {
      const size_t nl = rest.find('\n');
      std::string_view piece = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
      m_out += k_source_indent;
      if (first) {
        m_out += label;
      } else if (!label.empty()) {
        m_out += "  ";
      }
      m_out += piece;
      m_out += '\n';
      first = false;
    }
  }

  void fix(const Fix& fix) {
    m_out += "  ";
    styled(k_green, "fix:");
    m_out += ' ';
    m_out += terminal_text(fix.title, true);
    m_out += '\n';
    if (!fix.rewritten.empty()) block("", fix.rewritten);
    if (!fix.build_command.empty()) block("build with: ", fix.build_command);
    if (!fix.compose.empty()) {
      if (fix.compose.find('\n') == std::string::npos) {
        block("compose: ", fix.compose);
      } else {
        m_out += k_source_indent;
        m_out += "compose:\n";
        block("  ", fix.compose);
      }
    }
    for (const std::string& alternative : fix.alternatives) block("alternative: ", alternative);
  }

  std::string& m_out;
  bool m_color;
};

}  // namespace

void write_text(const Files& files, const ReportOptions& options, std::ostream& out) {
  std::string buffer;
  TextWriter writer(buffer, options.color);
  for (const FileReport& file : files) {
    for (const Finding& f : file.findings) {
      writer.finding(file, f);
      buffer += '\n';
    }
  }
  writer.summary(files);
  out << buffer;
}

}  // namespace layerlint::report
