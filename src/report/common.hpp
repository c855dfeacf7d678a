// Shared pieces of the reporters: one writer per format, text escaping, a small JSON writer,
// positions as the output formats want them, and stable fingerprints.
#pragma once

#include "core/utf8.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layerlint/report.hpp"
#include "layerlint/rule.hpp"

namespace layerlint::report {

using Files = std::vector<FileReport>;

void write_text(const Files& files, const ReportOptions& options, std::ostream& out);
void write_gcc(const Files& files, const ReportOptions& options, std::ostream& out);
void write_json(const Files& files, const ReportOptions& options, std::ostream& out);
void write_sarif(const Files& files, const ReportOptions& options, std::ostream& out);
void write_github(const Files& files, const ReportOptions& options, std::ostream& out);
void write_checkstyle(const Files& files, const ReportOptions& options, std::ostream& out);
void write_gitlab(const Files& files, const ReportOptions& options, std::ostream& out);

inline constexpr std::string_view k_tool_name = "layerlint";
inline constexpr std::string_view k_information_uri = "https://github.com/layerlint/layerlint";

// --- UTF-8 ---

struct CodePoint {
  uint32_t value = 0;
  uint32_t length = 0;  // bytes of a well-formed sequence; 0 when the bytes at `i` are not one
};
// Decodes the well-formed UTF-8 sequence at `i` (no overlongs, surrogates or values past U+10FFFF).
CodePoint decode_utf8(std::string_view s, size_t i);
inline constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD
// Appends the UTF-8 encoding of `cp`.
inline void append_utf8(std::string& out, uint32_t cp) { utf8::append(out, cp); }
inline bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Text safe for a terminal, with one output code point per source column (as SourceFile counts
// them: every byte that is not a UTF-8 continuation byte): a malformed sequence becomes U+FFFD and
// control characters become their Control Pictures (U+2400 block). Tabs are kept; line breaks too
// unless `single_line`, which turns CR and LF into spaces.
std::string terminal_text(std::string_view s, bool single_line);

// --- JSON ---

// Appends `s` as a JSON string literal (quotes included); malformed UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view s);

// Writes pretty-printed JSON (two-space indent) into a string. The caller keeps the calls
// balanced; keys are only written inside objects.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : m_out(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view k);
  void string(std::string_view s);
  void number(uint64_t n);
  void boolean(bool b);
  void null();
  // A string, or null when `s` is empty.
  void string_or_null(std::string_view s);

  // key + value shorthands
  void field(std::string_view k, std::string_view s) {
    key(k);
    string(s);
  }
  void field(std::string_view k, const char* s) { field(k, std::string_view(s)); }
  void field(std::string_view k, uint64_t n) {
    key(k);
    number(n);
  }

 private:
  void before_value();
  void newline_indent();
  void open(char c);
  void close(char c);

  struct Level {
    bool empty = true;
  };
  std::string& m_out;
  std::vector<Level> m_levels;
  bool m_after_key = false;
};

// --- positions ---

// A finding's range as formats that need a real position want it: 1-based, line 0 (no position)
// becomes 1:1, and an end before the begin becomes the begin. `end_column` is exclusive.
struct DisplayRange {
  uint32_t start_line = 1;
  uint32_t start_column = 1;
  uint32_t end_line = 1;
  uint32_t end_column = 1;
};
DisplayRange display_range(const Range& r);

// --- summaries, names ---

struct Counts {
  size_t errors = 0;
  size_t warnings = 0;
  size_t info = 0;
  [[nodiscard]] size_t total() const { return errors + warnings + info; }
};
Counts count_findings(const Files& files);

// "parse-error" -> "ParseError".
std::string pascal_case(std::string_view slug);
// "security, secrets" -> {"security", "secrets"}; empty items dropped.
std::vector<std::string_view> split_tags(std::string_view tags);
// "./a/b" -> "a/b", "a\\b" -> "a/b": the path as a forward-slash relative path when it is one.
std::string normalized_path(std::string_view path);

// --- fingerprints ---

inline constexpr uint64_t k_fnv_offset_basis = 0xcbf29ce484222325ULL;
uint64_t fnv1a64(std::string_view data, uint64_t hash = k_fnv_offset_basis);

// Fingerprints of one file's findings that survive unrelated edits: a hash of the rule id and the
// finding's source line with whitespace removed, plus how many earlier findings of the file had
// the same hash (so identical lines stay distinct). Feed findings in report order.
class LineFingerprints {
 public:
  explicit LineFingerprints(const FileReport& file) : m_file(file) {}
  struct Value {
    uint64_t hash = 0;
    uint32_t occurrence = 0;  // 1-based
  };
  Value next(const Finding& f);

 private:
  uint64_t line_hash(uint32_t line);

  const FileReport& m_file;
  std::unordered_map<uint32_t, uint64_t> m_line_hashes;
  std::unordered_map<uint64_t, uint32_t> m_seen;
};

// The source line of a finding, or "" when the source is missing.
std::string_view finding_line_text(const FileReport& file, const Finding& f);

}  // namespace layerlint::report
