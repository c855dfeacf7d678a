#include "report/common.hpp"

#include "core/utf8.hpp"

#include <algorithm>

namespace layerlint::report {

CodePoint decode_utf8(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  uint32_t length = 0;
  uint32_t value = 0;
  uint32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1Fu;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0Fu;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07u;
    minimum = 0x10000;
  } else {
    return {};
  }
  if (s.size() - i < length) return {};
  for (uint32_t k = 1; k < length; ++k) {
    if (!is_continuation(s[i + k])) return {};
    value = (value << 6) | (byte(i + k) & 0x3Fu);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

std::string terminal_text(std::string_view s, bool single_line) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    // One unit per column: a lead byte and the continuation bytes that follow it.
    size_t unit_end = i + 1;
    while (unit_end < s.size() && is_continuation(s[unit_end])) ++unit_end;
    const CodePoint cp = decode_utf8(s, i);
    if (is_continuation(s[i])) {
      // Stray continuation bytes at the start do not count as a column; drop them.
    } else if (cp.length == 0 || cp.length != unit_end - i) {
      out += k_replacement;
    } else if (cp.value == '\t') {
      out += '\t';
    } else if (cp.value == '\n' || cp.value == '\r') {
      if (single_line) {
        out += ' ';
      } else {
        out += static_cast<char>(cp.value);
      }
    } else if (cp.value < 0x20) {
      append_utf8(out, 0x2400 + cp.value);
    } else if (cp.value == 0x7F) {
      append_utf8(out, 0x2421);
    } else {
      out.append(s.substr(i, cp.length));
    }
    i = unit_end;
  }
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char k_hex[] = "0123456789abcdef";
  out += '"';
  out.reserve(out.size() + s.size() + 2);
  size_t i = 0;
  while (i < s.size()) {
    // Fast path: a run of printable ASCII that needs no escaping is copied whole.
    size_t run = i;
    while (run < s.size()) {
      const auto c = static_cast<unsigned char>(s[run]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++run;
    }
    if (run > i) {
      out.append(s.substr(i, run - i));
      i = run;
      continue;
    }
    const CodePoint cp = decode_utf8(s, i);
    if (cp.length == 0) {
      out += k_replacement;
      ++i;
      continue;
    }
    switch (cp.value) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (cp.value < 0x20) {
          out += "\\u00";
          out += k_hex[cp.value >> 4];
          out += k_hex[cp.value & 0xF];
        } else {
          out.append(s.substr(i, cp.length));
        }
    }
    i += cp.length;
  }
  out += '"';
}

void JsonWriter::newline_indent() {
  m_out += '\n';
  m_out.append(m_levels.size() * 2, ' ');
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_levels.empty()) return;
  if (!m_levels.back().empty) m_out += ',';
  m_levels.back().empty = false;
  newline_indent();
}

void JsonWriter::open(char c) {
  before_value();
  m_out += c;
  m_levels.push_back({});
}

void JsonWriter::close(char c) {
  if (m_levels.empty()) return;
  const bool empty = m_levels.back().empty;
  m_levels.pop_back();
  if (!empty) newline_indent();
  m_out += c;
  if (m_levels.empty()) m_out += '\n';
}

void JsonWriter::begin_object() { open('{'); }
void JsonWriter::end_object() { close('}'); }
void JsonWriter::begin_array() { open('['); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::key(std::string_view k) {
  before_value();
  append_json_string(m_out, k);
  m_out += ": ";
  m_after_key = true;
}

void JsonWriter::string(std::string_view s) {
  before_value();
  append_json_string(m_out, s);
}

void JsonWriter::number(uint64_t n) {
  before_value();
  m_out += std::to_string(n);
}

void JsonWriter::boolean(bool b) {
  before_value();
  m_out += b ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  m_out += "null";
}

void JsonWriter::string_or_null(std::string_view s) {
  if (s.empty()) {
    null();
  } else {
    string(s);
  }
}

DisplayRange display_range(const Range& r) {
  DisplayRange d;
  if (r.begin.line == 0) return d;
  d.start_line = r.begin.line;
  d.start_column = std::max<uint32_t>(r.begin.column, 1);
  if (r.end.line < r.begin.line || (r.end.line == r.begin.line && r.end.column < d.start_column)) {
    d.end_line = d.start_line;
    d.end_column = d.start_column;
  } else {
    d.end_line = r.end.line;
    d.end_column = std::max<uint32_t>(r.end.column, 1);
  }
  return d;
}

Counts count_findings(const Files& files) {
  Counts c;
  for (const FileReport& file : files) {
    for (const Finding& f : file.findings) {
      switch (f.severity) {
        case Severity::Error: ++c.errors; break;
        case Severity::Warning: ++c.warnings; break;
        case Severity::Info: ++c.info; break;
      }
    }
  }
  return c;
}

std::string pascal_case(std::string_view slug) {
  std::string out;
  bool upper = true;
  for (char c : slug) {
    if (c == '-' || c == '_' || c == ' ') {
      upper = true;
      continue;
    }
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out += c;
    upper = false;
  }
  return out;
}

std::vector<std::string_view> split_tags(std::string_view tags) {
  std::vector<std::string_view> out;
  while (!tags.empty()) {
    const size_t comma = tags.find(',');
    std::string_view item = tags.substr(0, comma);
    tags = comma == std::string_view::npos ? std::string_view{} : tags.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string normalized_path(std::string_view path) {
  std::string out(path);
  std::replace(out.begin(), out.end(), '\\', '/');
  std::string_view view = out;
  while (view.size() > 2 && view.substr(0, 2) == "./") view.remove_prefix(2);
  return std::string(view);
}

uint64_t fnv1a64(std::string_view data, uint64_t hash) {
  for (char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string_view finding_line_text(const FileReport& file, const Finding& f) {
  if (!file.source || f.range.begin.line == 0) return {};
  return file.source->line_text(f.range.begin.line);
}

uint64_t LineFingerprints::line_hash(uint32_t line) {
  auto it = m_line_hashes.find(line);
  if (it != m_line_hashes.end()) return it->second;
  uint64_t hash = k_fnv_offset_basis;
  if (m_file.source && line > 0) {
    for (char c : m_file.source->line_text(line)) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') continue;
      hash = fnv1a64(std::string_view(&c, 1), hash);
    }
  }
  m_line_hashes.emplace(line, hash);
  return hash;
}

LineFingerprints::Value LineFingerprints::next(const Finding& f) {
  uint64_t hash = line_hash(f.range.begin.line);
  hash = fnv1a64(std::string_view("\0", 1), hash);
  hash = fnv1a64(f.rule_id, hash);
  const uint32_t occurrence = ++m_seen[hash];
  return {hash, occurrence};
}

}  // namespace layerlint::report
