#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <exception>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "layerlint/compose.hpp"

namespace layerlint {
namespace {

using Entry = std::pair<YAML::Node, YAML::Node>;

// SourceFile::position_at counts columns from the start of the line, so calling it for every item
// of a long flow sequence (`[a, b, c, ...]` on one line) would be quadratic. This cache walks on from
// a recent position on the same line instead, and remembers every offset it resolved (aliases
// resolve the same offsets again).
class PositionCache {
 public:
  explicit PositionCache(const SourceFile& source) : m_source(source), m_text(source.text()) {}

  Position at(uint32_t offset) {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(m_text.size()));
    if (const auto it = m_memo.find(offset); it != m_memo.end()) return it->second;
    const Position* base = nullptr;
    for (const Position& p : m_recent) {
      if (p.line > 0 && p.offset <= offset && (!base || p.offset > base->offset)) base = &p;
    }
    std::optional<Position> found;
    if (base) {
      uint32_t column = base->column;
      bool same_line = true;
      for (uint32_t i = base->offset; i < offset; ++i) {
        if (m_text[i] == '\n') {
          same_line = false;
          break;
        }
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++column;
      }
      if (same_line) found = Position{base->line, column, offset};
    }
    const Position p = found ? *found : m_source.position_at(offset);
    m_memo.emplace(offset, p);
    m_recent[m_next] = p;
    m_next = (m_next + 1) % m_recent.size();
    return p;
  }

  Range range(uint32_t begin, uint32_t end) { return {at(begin), at(std::max(begin, end))}; }

 private:
  const SourceFile& m_source;
  std::string_view m_text;
  std::unordered_map<uint32_t, Position> m_memo;
  std::array<Position, 4> m_recent{};
  size_t m_next = 0;
};

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_line_end(char c) { return c == '\n' || c == '\r'; }

// Walks the yaml-cpp tree of one file and fills a ComposeFile. Aliases let a small document name
// the same subtree many times, so every visited entry is charged to a budget linear in the input.
class ComposeReader {
 public:
  ComposeReader(const SourceFile& source, ComposeFile& out)
      : m_source(source),
        m_positions(source),
        m_text(source.text()),
        m_out(out),
        m_budget(4 * static_cast<uint64_t>(m_text.size()) + 10000) {
    if (m_text.size() >= 3 && m_text.substr(0, 3) == "\xEF\xBB\xBF") m_bom = 3;
  }

  void read(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull()) return;  // empty file: nothing to check
    if (!root.IsMap()) {
      error("the top level of a compose file must be a mapping", root);
      return;
    }
    for (const auto& [key, value] : entries(root)) {
      const std::string_view name = key_name(key);
      if (name == "services") {
        read_services(value);
      } else if (name == "secrets") {
        read_top_secrets(value);
      } else if (name == "include") {
        read_includes(value);
      }
    }
  }

  // Byte offset in the source of a yaml-cpp mark (yaml-cpp does not count a BOM).
  [[nodiscard]] uint32_t offset_of(const YAML::Mark& mark) const {
    if (mark.pos < 0) return static_cast<uint32_t>(m_text.size());
    const uint64_t off = static_cast<uint64_t>(mark.pos) + m_bom;
    return static_cast<uint32_t>(std::min<uint64_t>(off, m_text.size()));
  }

 private:
  const SourceFile& m_source;
  PositionCache m_positions;
  std::string_view m_text;
  ComposeFile& m_out;
  uint64_t m_budget;
  uint32_t m_bom = 0;
  bool m_exhausted = false;

  bool charge(uint64_t n = 1) {
    if (m_exhausted) return false;
    if (n > m_budget) {
      m_exhausted = true;
      m_out.errors.push_back(
          {"the document's aliases expand too far; the rest is not checked", m_source.range(0, 0)});
      return false;
    }
    m_budget -= n;
    return true;
  }

  void error(std::string message, const YAML::Node& at) {
    const Range r = node_range(at);
    m_out.errors.push_back({std::move(message), r});
  }

  // Start of a node's own text: its mark, past any anchor (`&a`) or tag (`!t`) before it.
  [[nodiscard]] uint32_t content_begin(const YAML::Node& n) const {
    uint32_t i = offset_of(n.Mark());
    while (i < m_text.size() && (m_text[i] == '&' || m_text[i] == '!')) {
      while (i < m_text.size() && !is_space(m_text[i]) && !is_line_end(m_text[i])) ++i;
      while (i < m_text.size() && is_space(m_text[i])) ++i;
    }
    return i;
  }

  [[nodiscard]] uint32_t line_end(uint32_t i) const {
    while (i < m_text.size() && !is_line_end(m_text[i])) ++i;
    return i;
  }

  // End of the scalar starting at `begin`, whose parsed value is `value`.
  [[nodiscard]] uint32_t scalar_end(uint32_t begin, std::string_view value) const {
    const auto n = static_cast<uint32_t>(m_text.size());
    if (begin >= n) return begin;
    const char c = m_text[begin];
    if (c == '"') {
      for (uint32_t i = begin + 1; i < n; ++i) {
        if (m_text[i] == '\\') {
          ++i;
        } else if (m_text[i] == '"') {
          return i + 1;
        }
      }
      return n;
    }
    if (c == '\'') {
      for (uint32_t i = begin + 1; i < n; ++i) {
        if (m_text[i] != '\'') continue;
        if (i + 1 < n && m_text[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
      return n;
    }
    if (c == '|' || c == '>') return line_end(begin);
    if (m_text.substr(begin, value.size()) == value) return begin + static_cast<uint32_t>(value.size());
    // A plain scalar folded over several lines: its first line, up to a comment.
    uint32_t end = begin;
    for (uint32_t i = begin; i < n && !is_line_end(m_text[i]); ++i) {
      if (m_text[i] == '#' && i > begin && is_space(m_text[i - 1])) break;
      end = i + 1;
    }
    while (end > begin && is_space(m_text[end - 1])) --end;
    return end;
  }

  [[nodiscard]] Range node_range(const YAML::Node& n) {
    if (n.Mark().is_null()) return m_positions.range(0, 0);
    const uint32_t begin = content_begin(n);
    if (!n.IsScalar()) return m_positions.range(begin, begin);
    return m_positions.range(begin, scalar_end(begin, n.Scalar()));
  }

  // Range of value[from, to) of a scalar when its source text is the value verbatim (plain, or
  // quoted without escapes), else the whole scalar.
  [[nodiscard]] Range sub_range(const YAML::Node& n, size_t from, size_t to) {
    const uint32_t begin = content_begin(n);
    const std::string& value = n.Scalar();
    uint32_t verbatim = begin;
    if (begin < m_text.size() && (m_text[begin] == '"' || m_text[begin] == '\'')) ++verbatim;
    if (m_text.substr(verbatim, value.size()) != value) return node_range(n);
    return m_positions.range(verbatim + static_cast<uint32_t>(from), verbatim + static_cast<uint32_t>(to));
  }

  // Copying a scalar is charged by its size: an alias may name a long scalar many times.
  [[nodiscard]] Word word(const YAML::Node& n) {
    charge(1 + n.Scalar().size() / 8);
    return Word{n.Scalar(), node_range(n)};
  }

  static std::string_view key_name(const YAML::Node& key) {
    return key.IsScalar() ? std::string_view(key.Scalar()) : std::string_view{};
  }

  // A mapping's entries, with `<<` merge keys resolved (the mapping's own keys win, then the
  // merged mappings in order).
  std::vector<Entry> entries(const YAML::Node& map, int depth = 0) {
    std::vector<Entry> out;
    std::vector<YAML::Node> merges;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!charge()) return out;
      if (key_name(it->first) == "<<") {
        if (it->second.IsMap()) merges.push_back(it->second);
        if (it->second.IsSequence()) {
          for (auto m = it->second.begin(); m != it->second.end(); ++m) {
            if (!charge()) return out;
            if (m->IsMap()) merges.push_back(*m);
          }
        }
        continue;
      }
      out.emplace_back(it->first, it->second);
    }
    if (depth >= 8) return out;
    for (const YAML::Node& m : merges) {
      for (auto& entry : entries(m, depth + 1)) {
        const std::string_view name = key_name(entry.first);
        bool present = false;
        for (const Entry& e : out) {
          if (!charge()) return out;
          if (key_name(e.first) == name) {
            present = true;
            break;
          }
        }
        if (!present) out.push_back(std::move(entry));
      }
    }
    return out;
  }

  bool expect_map(const YAML::Node& n, std::string_view what) {
    if (n.IsMap()) return true;
    if (!n.IsNull()) error(fmt::format("'{}' must be a mapping", what), n);
    return false;
  }

  bool expect_sequence(const YAML::Node& n, std::string_view what) {
    if (n.IsSequence()) return true;
    if (!n.IsNull()) error(fmt::format("'{}' must be a list", what), n);
    return false;
  }

  std::optional<Word> scalar(const YAML::Node& n, std::string_view what) {
    if (n.IsScalar()) return word(n);
    if (!n.IsNull()) error(fmt::format("'{}' must be a string", what), n);
    return std::nullopt;
  }

  std::vector<Word> scalars(const YAML::Node& n, std::string_view what) {
    std::vector<Word> out;
    if (!expect_sequence(n, what)) return out;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!charge()) break;
      if (auto w = scalar(*it, what)) out.push_back(std::move(*w));
    }
    return out;
  }

  // `include:` items: a path, or a mapping whose `path` is a path or a list of them.
  void read_includes(const YAML::Node& includes) {
    if (!expect_sequence(includes, "include")) return;
    for (auto it = includes.begin(); it != includes.end(); ++it) {
      if (!charge()) return;
      const YAML::Node& item = *it;
      if (item.IsScalar()) {
        m_out.includes.push_back(word(item));
        continue;
      }
      if (!expect_map(item, "include")) continue;
      for (const auto& [key, value] : entries(item)) {
        if (key_name(key) != "path") continue;
        if (value.IsSequence()) {
          for (Word& w : scalars(value, "include.path")) m_out.includes.push_back(std::move(w));
        } else if (auto w = scalar(value, "include.path")) {
          m_out.includes.push_back(std::move(*w));
        }
      }
    }
  }

  void read_services(const YAML::Node& services) {
    if (!expect_map(services, "services")) return;
    for (const auto& [key, value] : entries(services)) {
      if (m_exhausted) return;
      if (!key.IsScalar()) {
        error("a service name must be a string", key);
        continue;
      }
      ComposeService service;
      service.name = word(key);
      if (expect_map(value, service.name.value)) read_service(value, service);
      m_out.services.push_back(std::move(service));
    }
  }

  void read_service(const YAML::Node& node, ComposeService& service) {
    for (const auto& [key, value] : entries(node)) {
      if (m_exhausted) return;
      const std::string_view name = key_name(key);
      if (name == "build") {
        service.build = read_build(key, value);
      } else if (name == "image") {
        service.image = scalar(value, name);
      } else if (name == "privileged") {
        service.privileged = scalar(value, name);
      } else if (name == "cap_add") {
        service.cap_add = scalars(value, name);
      } else if (name == "security_opt") {
        service.security_opt = scalars(value, name);
      } else if (name == "volumes") {
        read_volumes(value, service.volumes);
      } else if (name == "pid") {
        service.pid = scalar(value, name);
      } else if (name == "network_mode") {
        service.network_mode = scalar(value, name);
      } else if (name == "user") {
        service.user = scalar(value, name);
      } else if (name == "environment") {
        read_args(value, service.environment, "an environment variable");
      } else if (name == "env_file") {
        read_env_files(value, service.env_files);
      }
    }
  }

  ServiceBuild read_build(const YAML::Node& key, const YAML::Node& value) {
    ServiceBuild build;
    build.range = node_range(key);
    if (value.IsScalar()) {
      build.context = word(value);
      return build;
    }
    if (!expect_map(value, "build")) return build;
    for (const auto& [k, v] : entries(value)) {
      if (m_exhausted) break;
      const std::string_view name = key_name(k);
      if (name == "context") {
        build.context = scalar(v, name);
      } else if (name == "dockerfile") {
        build.dockerfile = scalar(v, name);
      } else if (name == "dockerfile_inline") {
        build.dockerfile_inline = scalar(v, name);
      } else if (name == "target") {
        build.target = scalar(v, name);
      } else if (name == "network") {
        build.network = scalar(v, name);
      } else if (name == "args") {
        read_args(v, build.args, "a build arg");
      } else if (name == "secrets") {
        read_secret_refs(v, build.secrets);
      }
    }
    return build;
  }

  // `build.args` and `environment`: `what` names an entry in errors ("a build arg").
  void read_args(const YAML::Node& args, std::vector<ComposeBuildArg>& out, std::string_view what) {
    if (args.IsMap()) {
      for (const auto& [k, v] : entries(args)) {
        if (m_exhausted) return;
        if (!k.IsScalar()) {
          error(fmt::format("{} name must be a string", what), k);
          continue;
        }
        ComposeBuildArg arg{word(k), std::nullopt};
        if (v.IsScalar()) {
          arg.value = word(v);
        } else if (!v.IsNull()) {
          error(fmt::format("{} '{}' must have a string value", what.substr(what.find(' ') + 1), k.Scalar()),
                v);
        }
        out.push_back(std::move(arg));
      }
      return;
    }
    if (!expect_sequence(args, what == "a build arg" ? "args" : "environment")) return;
    for (auto it = args.begin(); it != args.end(); ++it) {
      if (!charge()) return;
      const YAML::Node item = *it;
      if (!item.IsScalar()) {
        error(fmt::format("{} must be a string 'NAME=value' or 'NAME'", what), item);
        continue;
      }
      const std::string& text = item.Scalar();
      const size_t eq = text.find('=');
      if (eq == std::string::npos) {
        out.push_back({word(item), std::nullopt});
        continue;
      }
      ComposeBuildArg arg;
      arg.name = Word{text.substr(0, eq), sub_range(item, 0, eq)};
      arg.value = Word{text.substr(eq + 1), sub_range(item, eq + 1, text.size())};
      out.push_back(std::move(arg));
    }
  }

  void read_env_files(const YAML::Node& value, std::vector<Word>& out) {
    if (value.IsScalar()) {
      out.push_back(word(value));
      return;
    }
    if (!expect_sequence(value, "env_file")) return;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!charge()) return;
      const YAML::Node item = *it;
      if (item.IsScalar()) {
        out.push_back(word(item));
      } else if (item.IsMap()) {
        for (const auto& [k, v] : entries(item)) {
          if (key_name(k) == "path") {
            if (std::optional<Word> path = scalar(v, "path")) out.push_back(std::move(*path));
          }
        }
      } else {
        error("an env_file entry must be a path or a mapping with `path`", item);
      }
    }
  }

  void read_secret_refs(const YAML::Node& secrets, std::vector<ComposeSecretRef>& out) {
    if (!expect_sequence(secrets, "secrets")) return;
    for (auto it = secrets.begin(); it != secrets.end(); ++it) {
      if (!charge()) return;
      const YAML::Node item = *it;
      if (item.IsScalar()) {
        out.push_back({word(item), std::nullopt, node_range(item)});
        continue;
      }
      if (!expect_map(item, "secrets")) continue;
      ComposeSecretRef ref;
      ref.range = node_range(item);
      bool has_source = false;
      for (const auto& [k, v] : entries(item)) {
        const std::string_view name = key_name(k);
        if (name == "source") {
          if (auto w = scalar(v, name)) {
            ref.source = std::move(*w);
            has_source = true;
          }
        } else if (name == "target") {
          ref.target = scalar(v, name);
        }
      }
      if (has_source) {
        out.push_back(std::move(ref));
      } else {
        error("a build secret needs a 'source'", item);
      }
    }
  }

  void read_volumes(const YAML::Node& volumes, std::vector<ComposeVolume>& out) {
    if (!expect_sequence(volumes, "volumes")) return;
    for (auto it = volumes.begin(); it != volumes.end(); ++it) {
      if (!charge()) return;
      const YAML::Node item = *it;
      ComposeVolume volume;
      volume.range = node_range(item);
      if (item.IsScalar()) {
        const std::string& text = item.Scalar();
        const size_t colon = text.find(':');
        if (colon == std::string::npos) {
          volume.source = Word{"", volume.range};
          volume.target = word(item);
        } else {
          volume.source = Word{text.substr(0, colon), volume.range};
          const size_t next = text.find(':', colon + 1);
          const size_t end = next == std::string::npos ? text.size() : next;
          volume.target = Word{text.substr(colon + 1, end - colon - 1), sub_range(item, colon + 1, end)};
        }
        out.push_back(std::move(volume));
        continue;
      }
      if (!expect_map(item, "volumes")) continue;
      volume.long_syntax = true;
      volume.source = Word{"", volume.range};
      for (const auto& [k, v] : entries(item)) {
        const std::string_view name = key_name(k);
        if (name == "source") {
          if (auto w = scalar(v, name)) volume.source = std::move(*w);
        } else if (name == "target") {
          volume.target = scalar(v, name);
        }
      }
      out.push_back(std::move(volume));
    }
  }

  void read_top_secrets(const YAML::Node& secrets) {
    if (!expect_map(secrets, "secrets")) return;
    for (const auto& [k, v] : entries(secrets)) {
      if (m_exhausted) return;
      if (!k.IsScalar()) {
        error("a secret name must be a string", k);
        continue;
      }
      ComposeSecret secret;
      secret.name = word(k);
      if (expect_map(v, secret.name.value)) {
        for (const auto& [field, value] : entries(v)) {
          const std::string_view name = key_name(field);
          if (name == "file") {
            secret.file = scalar(value, name);
          } else if (name == "environment") {
            secret.environment = scalar(value, name);
          }
        }
      }
      m_out.secrets.push_back(std::move(secret));
    }
  }
};

}  // namespace

const ComposeService* ComposeFile::find_service(std::string_view name) const {
  for (const ComposeService& s : services) {
    if (s.name.value == name) return &s;
  }
  return nullptr;
}

const ComposeSecret* ComposeFile::find_secret(std::string_view name) const {
  for (const ComposeSecret& s : secrets) {
    if (s.name.value == name) return &s;
  }
  return nullptr;
}

bool has_interpolation(std::string_view value) {
  for (size_t i = 0; i + 1 < value.size(); ++i) {
    if (value[i] != '$') continue;
    const char next = value[i + 1];
    if (next == '$') {
      ++i;
      continue;
    }
    if (next == '{' || next == '_' || (next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z')) {
      return true;
    }
  }
  return false;
}

ComposeFile parse_compose(const SourceFile& source) {
  ComposeFile out;
  out.source = &source;
  if (source.text().size() > k_max_compose_bytes) {
    out.errors.push_back(
        {fmt::format("the compose file is larger than {} bytes and is not checked", k_max_compose_bytes),
         source.range(0, 0)});
    return out;
  }
  ComposeReader reader(source, out);
  try {
    const YAML::Node root = YAML::Load(std::string(source.text()));
    reader.read(root);
  } catch (const YAML::DeepRecursion& e) {
    const uint32_t at = reader.offset_of(e.mark);
    out.errors.push_back({"the document is nested too deeply", source.range(at, at)});
  } catch (const YAML::Exception& e) {
    const uint32_t at = reader.offset_of(e.mark);
    out.errors.push_back({e.msg.empty() ? std::string("invalid YAML") : e.msg, source.range(at, at)});
  } catch (const std::exception& e) {
    out.errors.push_back(
        {fmt::format("the compose file could not be read: {}", e.what()), source.range(0, 0)});
  }
  return out;
}

}  // namespace layerlint
