// text format: for people. Each finding as `path:line:col: severity: message [LL1234]`, the source
// line with a marker under the range, the fix when there is one, and a one-line summary.
#include <algorithm>
#include <string>
#include <unordered_map>

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
  TextWriter(std::string& out, bool color, bool fix_details)
      : m_out(out), m_color(color), m_fix_details(fix_details) {}

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

    if (f.range.begin.line > 0 && file.source && f.range.begin.line <= file.source->line_count()) {
      const MaskedLine& line = masked_line(file, f.range.begin.line, finding_line_text(file, f));
      const Window w = window(line, f.range);
      m_out += k_source_indent;
      m_out += terminal_text(w.text, true);
      m_out += '\n';
      m_out += k_source_indent;
      marker(w.text, w.range);
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
  // the marker still lines up), and any token format the recognisers know masked as well. Each line
  // is masked once per file, however many findings it has.
  struct MaskedLine {
    std::string text;
    std::vector<uint32_t> column_starts;  // byte offset of each code point; only for a long line
  };

  const MaskedLine& masked_line(const FileReport& file, uint32_t line_number, std::string_view line) {
    if (m_masked_file != &file) {
      m_masked_file = &file;
      m_masked.clear();
      m_sensitive.clear();
      for (const Finding& other : file.findings) {
        for (const Range& r : other.sensitive) {
          for (uint32_t l = r.begin.line; l <= r.end.line && l < r.begin.line + 64; ++l)
            m_sensitive[l].push_back(r);
        }
      }
    }
    auto cached = m_masked.find(line_number);
    if (cached != m_masked.end()) return cached->second;
    std::string out(line);
    const std::string_view text = file.source->text();
    const auto begin = static_cast<uint32_t>(line.data() - text.data());
    auto mask = [&](uint32_t from, uint32_t to) {
      for (uint32_t i = std::max(from, begin); i < to && i - begin < out.size(); ++i) {
        out[i - begin] = is_continuation(out[i - begin]) ? '\x01' : '*';
      }
    };
    if (auto it = m_sensitive.find(line_number); it != m_sensitive.end()) {
      for (const Range& r : it->second) mask(r.begin.offset, r.end.offset);
    }
    for (const ValueMatch& m : find_secret_values(out)) mask(begin + m.begin, begin + m.end);
    for (const ValueMatch& m : find_url_credentials(out)) {
      if (m.kind == "url-credentials") mask(begin + m.begin, begin + m.end);
    }
    std::erase(out, '\x01');
    MaskedLine masked{std::move(out), {}};
    if (masked.text.size() > k_window) {
      for (uint32_t i = 0; i < masked.text.size(); ++i) {
        if (!is_continuation(masked.text[i])) masked.column_starts.push_back(i);
      }
    }
    return m_masked.emplace(line_number, std::move(masked)).first->second;
  }

  // A long line is shown as a window of k_window code points around the range, with '…' where it
  // is cut, so that output stays proportional to the findings, not to findings times line length.
  struct Window {
    std::string text;
    Range range;  // the finding's range in the window's columns
  };
  static constexpr uint32_t k_window = 160;
  static constexpr uint32_t k_lead = 40;

  static Window window(const MaskedLine& line, const Range& r) {
    const auto columns = static_cast<uint32_t>(line.column_starts.size());
    if (columns <= k_window) return {line.text, r};
    const uint32_t first =
        r.begin.column > k_lead ? std::min(r.begin.column - k_lead, columns - k_window + 1) : 1;
    const uint32_t last = first + k_window;  // exclusive
    const uint32_t from = line.column_starts[first - 1];
    const auto to = last <= columns ? line.column_starts[last - 1] : static_cast<uint32_t>(line.text.size());
    Window w;
    if (first > 1) w.text = "\u2026";
    w.text.append(line.text, from, to - from);
    if (last <= columns) w.text += "\u2026";
    const uint32_t shift = first - 1 - (first > 1 ? 1 : 0);
    w.range = r;
    w.range.begin.column = std::max(r.begin.column, first) - shift;
    if (r.end.line == r.begin.line)
      w.range.end.column = std::min(std::max(r.end.column, first), last) - shift;
    return w;
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
    const Advice& advice = fix.advice;
    m_out += "  ";
    styled(k_green, "fix:");
    m_out += ' ';
    m_out += terminal_text(fix.title, true);
    if (!fix.edits.empty()) {
      m_out += fix.applicability == Applicability::Safe     ? " (safe: --fix)"
               : fix.applicability == Applicability::Unsafe ? " (unsafe: --fix --unsafe-fixes)"
                                                            : "";
    }
    m_out += '\n';
    if (!advice.rewritten.empty()) block("", advice.rewritten);
    // The preferred builder's recipe; the others with --fix-details.
    if (!advice.builds.empty()) block(build_label(advice.builds.front()), advice.builds.front().text);
    for (const std::string& note : advice.notes) block("note: ", note);
    if (!m_fix_details) {
      // One line that says what else there is: the other builders, the strategies, and how to see them.
      std::string more;
      for (size_t i = 1; i < advice.builds.size(); ++i)
        more += (more.empty() ? "" : ", ") + advice.builds[i].builder;
      for (const std::string& alternative : advice.alternatives) {
        more += (more.empty() ? "" : ", ") + alternative.substr(0, alternative.find(':'));
      }
      if (!more.empty()) block("also: ", more + " (--fix-details)");
      return;
    }
    for (size_t i = 1; i < advice.builds.size(); ++i) {
      const BuildRecipe& b = advice.builds[i];
      if (b.text.find('\n') == std::string::npos) {
        block(build_label(b), b.text);
      } else {
        m_out += k_source_indent;
        m_out += build_label(b);
        m_out += '\n';
        block("  ", b.text);
      }
    }
    for (const std::string& alternative : advice.alternatives) block("alternative: ", alternative);
  }

  static std::string build_label(const BuildRecipe& b) {
    return b.builder == "docker" ? "build with: " : b.builder == "run" ? "run with: " : b.builder + ": ";
  }

  std::string& m_out;
  bool m_color;
  bool m_fix_details;
  const FileReport* m_masked_file = nullptr;
  std::unordered_map<uint32_t, MaskedLine> m_masked;
  std::unordered_map<uint32_t, std::vector<Range>> m_sensitive;
};

}  // namespace

void write_text(const Files& files, const ReportOptions& options, std::ostream& out) {
  std::string buffer;
  TextWriter writer(buffer, options.color, options.fix_details);
  for (const FileReport& file : files) {
    for (const Finding& f : file.findings) {
      writer.finding(file, f);
      buffer += '\n';
    }
  }
  if (options.summary) writer.summary(files);
  out << buffer;
}

}  // namespace layerlint::report
