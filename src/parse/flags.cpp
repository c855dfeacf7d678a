#include <algorithm>
#include <array>
#include <cstdio>

#include "core/text.hpp"
#include "core/utf8.hpp"
#include "parse/parse_internal.hpp"

namespace layerlint {

std::string_view keyword_name(InstructionKind kind) {
  switch (kind) {
    case InstructionKind::From: return "from";
    case InstructionKind::Run: return "run";
    case InstructionKind::Cmd: return "cmd";
    case InstructionKind::Entrypoint: return "entrypoint";
    case InstructionKind::Shell: return "shell";
    case InstructionKind::Arg: return "arg";
    case InstructionKind::Env: return "env";
    case InstructionKind::Label: return "label";
    case InstructionKind::Copy: return "copy";
    case InstructionKind::Add: return "add";
    case InstructionKind::Workdir: return "workdir";
    case InstructionKind::User: return "user";
    case InstructionKind::Expose: return "expose";
    case InstructionKind::Volume: return "volume";
    case InstructionKind::Stopsignal: return "stopsignal";
    case InstructionKind::Healthcheck: return "healthcheck";
    case InstructionKind::Onbuild: return "onbuild";
    case InstructionKind::Maintainer: return "maintainer";
    case InstructionKind::Unknown: return "";
  }
  return "";
}

std::string Mount::effective_target() const {
  if (!target.empty()) return target;
  // A secret exposed only as an environment variable is not written to a file.
  if (type == MountType::Secret && env.empty() && !id.empty()) return "/run/secrets/" + id;
  return {};
}

namespace parse_detail {

std::string go_runes(std::string_view text) {
  // ASCII (nearly every Dockerfile) is valid as it is.
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const Rune r = decode_rune(text, i);
    if (r.cp == 0xFFFD && r.width == 1) {
      append_utf8(out, 0xFFFD);
    } else {
      out.append(text.substr(i, r.width));
    }
    i += r.width;
  }
  return out;
}

std::string go_quote(std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (size_t i = 0; i < text.size();) {
    const Rune r = decode_rune(text, i);
    if (r.cp == 0xFFFD && r.width == 1) {
      const auto b = static_cast<unsigned char>(text[i]);
      out += "\\x";
      out.push_back(k_hex[b >> 4]);
      out.push_back(k_hex[b & 0xF]);
      i += 1;
      continue;
    }
    const uint32_t cp = r.cp;
    if (cp == '"' || cp == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(cp));
    } else if (utf8::is_go_print(cp)) {
      out.append(text.substr(i, r.width));
    } else {
      switch (cp) {
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default:
          if (cp < ' ' || cp == 0x7F) {
            out += "\\x";
            out.push_back(k_hex[cp >> 4]);
            out.push_back(k_hex[cp & 0xF]);
          } else if (cp < 0x10000) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out.push_back(k_hex[(cp >> shift) & 0xF]);
          } else {
            out += "\\U";
            for (int shift = 28; shift >= 0; shift -= 4) out.push_back(k_hex[(cp >> shift) & 0xF]);
          }
      }
    }
    i += r.width;
  }
  out.push_back('"');
  return out;
}

namespace {

// BuildKit scans flags byte by byte and tests each byte as a rune.
bool is_byte_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x85 || c == 0xA0;
}

void append_flag_byte(FlagWord& word, std::string_view text, uint32_t pos) {
  const auto c = static_cast<unsigned char>(text[pos]);
  // Each byte becomes a rune of its own in BuildKit's list (bytes >= 0x80 read as Latin-1).
  append_utf8(word.original, c);
  word.plain.push_back(static_cast<char>(c));
  word.offsets.push_back(pos);
}

}  // namespace

uint32_t extract_builder_flags(std::string_view text, uint32_t begin, uint32_t end, char escape,
                               std::vector<FlagWord>& out) {
  enum class Phase { Spaces, Word, Quote };
  Phase phase = Phase::Spaces;
  FlagWord word;
  char quote = 0;
  bool blank_ok = false;
  const auto flush = [&](uint32_t pos) {
    word.end = pos;
    if (blank_ok || !word.plain.empty()) out.push_back(std::move(word));
    word = FlagWord{};
    blank_ok = false;
  };
  for (uint32_t pos = begin; pos <= end; ++pos) {
    const auto ch = pos < end ? static_cast<unsigned char>(text[pos]) : 0;
    if (phase == Phase::Spaces) {
      if (pos == end) break;
      if (is_byte_space(ch)) continue;
      if (ch != '-' || pos + 1 == end || text[pos + 1] != '-') return pos;
      phase = Phase::Word;
      word = FlagWord{};
      word.begin = pos;
    }
    if (pos == end) {
      if (word.plain != "--") flush(pos);
      break;
    }
    if (phase == Phase::Word) {
      if (is_byte_space(ch)) {
        phase = Phase::Spaces;
        if (word.plain == "--") return pos;
        flush(pos);
        continue;
      }
      if (ch == '\'' || ch == '"') {
        quote = static_cast<char>(ch);
        blank_ok = true;
        phase = Phase::Quote;
        continue;
      }
      if (ch == static_cast<unsigned char>(escape)) {
        if (pos + 1 == end) continue;
        ++pos;
      }
      append_flag_byte(word, text, pos);
      continue;
    }
    // Phase::Quote
    if (static_cast<char>(ch) == quote) {
      phase = Phase::Word;
      continue;
    }
    if (ch == static_cast<unsigned char>(escape)) {
      if (pos + 1 == end) {
        phase = Phase::Word;
        continue;
      }
      ++pos;
    }
    append_flag_byte(word, text, pos);
  }
  return end;
}

bool split_csv(std::string_view value, std::vector<CsvField>& fields, std::string& error) {
  size_t pos = 0;
  const size_t n = value.size();
  if (n == 0) return true;
  while (true) {
    CsvField field;
    field.begin = static_cast<uint32_t>(pos);
    if (pos < n && value[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < n) {
        if (value[pos] == '"') {
          if (pos + 1 < n && value[pos + 1] == '"') {
            field.text.push_back('"');
            pos += 2;
            continue;
          }
          ++pos;
          closed = true;
          break;
        }
        field.text.push_back(value[pos++]);
      }
      if (!closed) {
        error = "extraneous or missing \" in quoted-field";
        field.end = static_cast<uint32_t>(pos);
        fields.push_back(std::move(field));
        return false;
      }
      if (pos < n && value[pos] != ',') {
        error = "extraneous or missing \" in quoted-field";
        field.end = static_cast<uint32_t>(pos);
        fields.push_back(std::move(field));
        return false;
      }
    } else {
      while (pos < n && value[pos] != ',') {
        if (value[pos] == '"') {
          error = "bare \" in non-quoted-field";
          field.end = static_cast<uint32_t>(pos);
          fields.push_back(std::move(field));
          return false;
        }
        field.text.push_back(value[pos++]);
      }
    }
    field.end = static_cast<uint32_t>(pos);
    fields.push_back(std::move(field));
    if (pos >= n) return true;
    ++pos;  // the comma
  }
}

namespace {

// Go's strconv.ParseBool.
bool parse_go_bool(std::string_view s, bool& value) {
  static constexpr std::array<std::string_view, 6> k_true = {"1", "t", "T", "TRUE", "true", "True"};
  static constexpr std::array<std::string_view, 6> k_false = {"0", "f", "F", "FALSE", "false", "False"};
  if (std::find(k_true.begin(), k_true.end(), s) != k_true.end()) {
    value = true;
    return true;
  }
  if (std::find(k_false.begin(), k_false.end(), s) != k_false.end()) {
    value = false;
    return true;
  }
  return false;
}

}  // namespace

bool parse_mount_value(std::string_view value, Mount& mount,
                       std::vector<std::pair<uint32_t, uint32_t>>& spans, std::string& error) {
  std::vector<CsvField> fields;
  bool ok = split_csv(value, fields, error);

  // The type decides the defaults, wherever it is written.
  for (const CsvField& f : fields) {
    const auto eq = f.text.find('=');
    if (eq == std::string::npos || ascii_lower(f.text.substr(0, eq)) != "type") continue;
    const std::string type = f.text.substr(eq + 1);
    if (type == "bind")
      mount.type = MountType::Bind;
    else if (type == "cache")
      mount.type = MountType::Cache;
    else if (type == "tmpfs")
      mount.type = MountType::Tmpfs;
    else if (type == "secret")
      mount.type = MountType::Secret;
    else if (type == "ssh")
      mount.type = MountType::Ssh;
    else {
      mount.type = MountType::Unknown;
      if (ok) error = "unsupported mount type \"" + type + "\"";
      ok = false;
    }
  }
  mount.readonly =
      mount.type == MountType::Bind || mount.type == MountType::Secret || mount.type == MountType::Ssh;

  for (const CsvField& f : fields) {
    spans.emplace_back(f.begin, f.end);
    FlagField field;
    const auto eq = f.text.find('=');
    const bool has_value = eq != std::string::npos;
    field.key = ascii_lower(f.text.substr(0, eq));
    field.value = has_value ? f.text.substr(eq + 1) : std::string{};
    const std::string& key = field.key;
    const std::string& v = field.value;
    const auto fail = [&](std::string message) {
      if (ok) error = std::move(message);
      ok = false;
    };
    if (!has_value) {
      if (key == "readonly" || key == "ro")
        mount.readonly = true;
      else if (key == "readwrite" || key == "rw")
        mount.readonly = false;
      else if (key == "required")
        mount.required = true;
      else
        fail("invalid field '" + f.text + "' must be a key=value pair");
    } else if (key == "type") {
      // handled above
    } else if (key == "from") {
      mount.from = v;
    } else if (key == "source" || key == "src") {
      mount.source = v;
    } else if (key == "target" || key == "dst" || key == "destination") {
      mount.target = v;
    } else if (key == "id") {
      mount.id = v;
    } else if (key == "env") {
      mount.env = v;
    } else if (key == "mode") {
      mount.mode = v;
    } else if (key == "readonly" || key == "ro" || key == "readwrite" || key == "rw" || key == "required") {
      bool b = false;
      if (!parse_go_bool(v, b)) {
        fail("invalid value for " + key + ": " + v);
      } else if (key == "required") {
        mount.required = b;
      } else {
        mount.readonly = (key == "readonly" || key == "ro") ? b : !b;
      }
    } else if (key == "sharing" || key == "uid" || key == "gid" || key == "size") {
      // Accepted; not modelled beyond `fields`.
    } else {
      fail("unexpected key '" + key + "' in '" + f.text + "'");
    }
    mount.fields.push_back(std::move(field));
  }

  if (mount.type == MountType::Secret && mount.id.empty() && !mount.target.empty()) {
    const auto slash = mount.target.find_last_of('/');
    mount.id = slash == std::string::npos ? mount.target : mount.target.substr(slash + 1);
  }
  if (mount.type == MountType::Ssh && mount.id.empty()) mount.id = "default";
  return ok;
}

}  // namespace parse_detail
}  // namespace layerlint
