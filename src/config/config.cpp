#include "layerlint/config.hpp"

#include <fmt/format.h>
#include <re2/re2.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <exception>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "core/text.hpp"
#include "layerlint/rule.hpp"

namespace layerlint {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 10> k_top_keys = {"select",   "ignore",       "severity",   "allow",
                                                         "patterns", "fix-strategy", "fail-level", "exclude",
                                                         "builder",  "extend"};
constexpr std::array<std::string_view, 8> k_builders = {"docker",  "buildx",         "compose",   "podman",
                                                        "buildah", "github-actions", "gitlab-ci", "classic"};
constexpr std::array<std::string_view, 2> k_allow_keys = {"names", "values"};
constexpr std::array<std::string_view, 3> k_pattern_keys = {"id", "description", "regex"};

// Longest piece of user text echoed in a message.
constexpr size_t k_max_echo = 64;

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// User text for a message: cut short, control characters escaped.
std::string echo(std::string_view text) {
  std::string out;
  const size_t n = std::min(text.size(), k_max_echo);
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > n) {
    // Do not cut a UTF-8 sequence in half.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80) != 0) out.pop_back();
    out += "…";
  }
  return out;
}

template <size_t N>
std::string unknown_key_message(std::string_view key, const std::array<std::string_view, N>& known,
                                std::string_view where) {
  const std::string_view best = key.size() <= 2 * k_max_echo ? nearest_name(key, known) : std::string_view();
  std::string message = fmt::format("unknown key '{}'{}", echo(key), where);
  if (!best.empty()) return message + fmt::format(" (did you mean '{}'?)", best);
  std::string list;
  for (const std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
  return message + fmt::format(" (expected {})", list);
}

std::string_view type_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: break;
  }
  return "null";
}

// Records where each document of a YAML stream starts, and nothing else.
class DocumentStarts final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;

  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
  }
  void OnMapEnd() override {}
};

// The folder of the config file at `path`, "." for a bare file name.
std::string folder_of_config(const std::string& path) {
  const fs::path folder = fs::path(path).parent_path();
  return folder.empty() ? std::string(".") : folder.string();
}

re2::RE2::Options regex_options() {
  re2::RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// Walks the yaml-cpp tree of one config and fills a Config.
class ConfigReader {
 public:
  ConfigReader(std::string_view text, const std::string& path, std::vector<ConfigError>& errors)
      : m_text(text),
        m_path(path),
        m_folder(folder_of_config(path)),
        m_errors(errors),
        m_budget(4 * static_cast<uint64_t>(text.size()) + 10000) {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_bom = 3;
  }

  void read(const YAML::Node& root, Config& out) {
    if (!root.IsDefined() || root.IsNull()) return;
    if (!root.IsMap()) {
      error(root.Mark(), fmt::format("the config must be a map of keys, found {}", type_name(root)));
      return;
    }
    for_each_key(root, [&](const std::string& name, const YAML::Node& key, const YAML::Node& value,
                           const YAML::Mark& at) {
      if (name == "select") {
        read_rules(value, at, "select", out.select);
        m_select_given = !value.IsNull();
      } else if (name == "ignore") {
        read_rules(value, at, "ignore", out.ignore);
      } else if (name == "severity") {
        read_severity(value, at, out.severity);
      } else if (name == "allow") {
        read_allow(value, at, out);
      } else if (name == "patterns") {
        read_patterns(value, at, out.patterns);
      } else if (name == "fix-strategy") {
        if (const auto s = scalar(value, at, "'fix-strategy'")) {
          out.fallback = parse_fallback_strategy(*s);
          if (!out.fallback) {
            error(at, fmt::format("unknown fix strategy '{}' (expected multi-stage, network or host-side)",
                                  echo(*s)));
          }
        }
      } else if (name == "builder") {
        if (const auto s = scalar(value, at, "'builder'")) {
          if (std::find(k_builders.begin(), k_builders.end(), *s) == k_builders.end()) {
            error(at, fmt::format("unknown builder '{}' (expected docker, buildx, compose, podman, buildah, "
                                  "github-actions, gitlab-ci or classic)",
                                  echo(*s)));
          } else {
            out.builder = *s;
          }
        }
      } else if (name == "fail-level") {
        if (const auto s = scalar(value, at, "'fail-level'")) {
          out.fail_level = parse_fail_level(*s);
          if (!out.fail_level) {
            error(at,
                  fmt::format("unknown fail level '{}' (expected error, warning, info or none)", echo(*s)));
          }
        }
      } else if (name == "exclude") {
        read_exclude(value, at, out.exclude);
      } else if (name == "extend") {
        if (const auto s = scalar(value, at, "'extend'")) {
          if (s->empty()) {
            error(at, "empty path in 'extend'");
          } else {
            const auto [line, column] = position(at);
            out.extend = ConfigExtend{*s, line, column};
          }
        }
      } else {
        error(key.Mark(), unknown_key_message(name, k_top_keys, ""));
      }
    });
  }

  // An alias repeats its anchor's errors at the anchor's position: each is reported once.
  void error(const YAML::Mark& mark, std::string message) {
    const auto [line, column] = position(mark);
    if (!m_reported.insert(fmt::format("{}:{}:{}", line, column, message)).second) return;
    m_errors.push_back({m_path, line, column, std::move(message)});
  }

  // Whether `select` was given a value (a list, even an empty one).
  [[nodiscard]] bool select_given() const { return m_select_given; }

 private:
  std::string_view m_text;
  const std::string& m_path;
  std::string m_folder;  // the base of the `exclude` globs
  bool m_select_given = false;
  std::vector<ConfigError>& m_errors;
  uint64_t m_budget;
  size_t m_bom = 0;
  bool m_exhausted = false;
  std::unordered_set<std::string> m_reported;
  // The last position resolved: errors come in document order, so counting columns on one long
  // line (a big flow list) goes on from there instead of from the line's start.
  size_t m_cursor_line_start = 0;
  size_t m_cursor_offset = 0;
  uint32_t m_cursor_column = 0;
  bool m_cursor_valid = false;

  // Aliases let a small document name the same subtree many times: every visited node is charged.
  bool charge() {
    if (m_exhausted) return false;
    if (m_budget == 0) {
      m_exhausted = true;
      m_errors.push_back({m_path, 1, 1, "the config's aliases expand too far"});
      return false;
    }
    --m_budget;
    return true;
  }

  // 1-based line and code-point column of a yaml-cpp mark (0-based, columns in bytes, BOM not counted).
  std::pair<uint32_t, uint32_t> position(const YAML::Mark& mark) {
    if (mark.pos < 0 || mark.line < 0 || mark.column < 0) return {1, 1};
    const auto line = static_cast<uint32_t>(mark.line) + 1;
    const size_t offset = std::min(static_cast<size_t>(mark.pos) + m_bom, m_text.size());
    const auto byte_column = static_cast<size_t>(mark.column);
    if (byte_column > offset) return {line, static_cast<uint32_t>(byte_column) + 1};
    const size_t line_start = offset - byte_column;
    size_t from = line_start;
    uint32_t column = 0;
    if (m_cursor_valid && m_cursor_line_start == line_start && m_cursor_offset <= offset) {
      from = m_cursor_offset;
      column = m_cursor_column;
    }
    for (size_t i = from; i < offset; ++i) {
      if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) ++column;
    }
    m_cursor_valid = true;
    m_cursor_line_start = line_start;
    m_cursor_offset = offset;
    m_cursor_column = column;
    return {line, column + 1};
  }

  // A null value has the mark of whatever follows it: point at its key instead.
  static YAML::Mark mark_of(const YAML::Node& value, const YAML::Node& key) {
    if (value.IsNull() || value.Mark().pos < 0) return key.Mark();
    return value.Mark();
  }

  // The name of a map key; reports non-scalar and duplicate keys.
  std::optional<std::string> key_name(const YAML::Node& key, std::set<std::string, std::less<>>& seen) {
    if (!key.IsScalar()) {
      error(key.Mark(), fmt::format("expected a key name, found {}", type_name(key)));
      return std::nullopt;
    }
    std::string name = key.Scalar();
    if (!seen.insert(name).second) {
      error(key.Mark(), fmt::format("duplicate key '{}'", echo(name)));
      return std::nullopt;
    }
    return name;
  }

  // Calls fn(name, key, value, where the value is) for each entry of the map `n` whose key is a name
  // not seen before in it; a key that is not is reported, and sets `*all_named` false. Returns false
  // when the budget ran out before the end.
  template <typename Fn>
  bool for_each_key(const YAML::Node& n, Fn fn, bool* all_named = nullptr) {
    std::set<std::string, std::less<>> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!charge()) return false;
      const YAML::Node key = it->first;
      const YAML::Node value = it->second;
      const std::optional<std::string> name = key_name(key, seen);
      if (!name) {
        if (all_named) *all_named = false;
        continue;
      }
      fn(*name, key, value, mark_of(value, key));
    }
    return true;
  }

  std::optional<std::string> scalar(const YAML::Node& n, const YAML::Mark& at, std::string_view what) {
    if (n.IsNull()) return std::nullopt;
    if (!n.IsScalar()) {
      error(at, fmt::format("expected a string for {}, found {}", what, type_name(n)));
      return std::nullopt;
    }
    return n.Scalar();
  }

  // The scalar items of a list; reports every item that is not one. Null: no items.
  std::vector<std::pair<std::string, YAML::Mark>> scalars(const YAML::Node& n, const YAML::Mark& at,
                                                          std::string_view what, std::string_view item) {
    std::vector<std::pair<std::string, YAML::Mark>> out;
    if (n.IsNull()) return out;
    if (!n.IsSequence()) {
      error(at, fmt::format("expected a list for {}, found {}", what, type_name(n)));
      return out;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!charge()) break;
      const YAML::Node element = *it;
      if (element.IsScalar()) {
        out.emplace_back(element.Scalar(), element.Mark());
      } else {
        const YAML::Mark element_at = element.IsNull() ? at : element.Mark();
        error(element_at, fmt::format("expected {} in {}, found {}", item, what, type_name(element)));
      }
    }
    return out;
  }

  std::optional<std::string> rule_id(const std::string& name, const YAML::Mark& at, std::string_view what) {
    const RuleInfo* info = find_rule_info(name);
    if (!info) {
      error(at, fmt::format("unknown rule '{}' in {}", echo(name), what));
      return std::nullopt;
    }
    return std::string(info->id);
  }

  void read_rules(const YAML::Node& n, const YAML::Mark& at, std::string_view key,
                  std::vector<std::string>& out) {
    const std::string what = fmt::format("'{}'", key);
    for (const auto& [name, mark] : scalars(n, at, what, "a rule id or slug")) {
      const auto id = rule_id(name, mark, what);
      if (id && std::find(out.begin(), out.end(), *id) == out.end()) out.push_back(*id);
    }
  }

  void read_severity(const YAML::Node& n, const YAML::Mark& at, std::map<std::string, Severity>& out) {
    if (n.IsNull()) return;
    if (!n.IsMap()) {
      error(at, fmt::format("expected a map of rule to severity for 'severity', found {}", type_name(n)));
      return;
    }
    for_each_key(n, [&](const std::string& name, const YAML::Node& key, const YAML::Node& value,
                        const YAML::Mark& value_at) {
      const auto id = rule_id(name, key.Mark(), "'severity'");
      if (value.IsNull()) {
        error(value_at,
              fmt::format("missing severity for '{}' (expected error, warning or info)", echo(name)));
        return;
      }
      const auto text = scalar(value, value_at, fmt::format("the severity of '{}'", echo(name)));
      if (!text) return;
      const auto severity = parse_severity(*text);
      if (!severity) {
        error(value_at, fmt::format("unknown severity '{}' for '{}' (expected error, warning or info)",
                                    echo(*text), echo(name)));
        return;
      }
      if (id) out[*id] = *severity;
    });
  }

  // Reports an invalid RE2 pattern at `at`; `what` names where it was found.
  bool check_regex(const std::string& regex, const YAML::Mark& at, std::string_view what) {
    if (regex.empty()) {
      error(at, fmt::format("empty regex in {}", what));
      return false;
    }
    const re2::RE2 re(regex, regex_options());
    if (!re.ok()) {
      error(at, fmt::format("invalid regex in {}: {}", what, echo(re.error())));
      return false;
    }
    return true;
  }

  void read_allow(const YAML::Node& n, const YAML::Mark& at, Config& out) {
    if (n.IsNull()) return;
    if (!n.IsMap()) {
      error(at, fmt::format("expected a map with names and values for 'allow', found {}", type_name(n)));
      return;
    }
    for_each_key(n, [&](const std::string& name, const YAML::Node& key, const YAML::Node& value,
                        const YAML::Mark& value_at) {
      if (name == "names") {
        for (auto& [item, mark] : scalars(value, value_at, "'allow.names'", "a variable name")) {
          if (item.empty()) {
            error(mark, "empty variable name in 'allow.names'");
          } else {
            out.allow_names.push_back(std::move(item));
          }
        }
      } else if (name == "values") {
        for (auto& [item, mark] : scalars(value, value_at, "'allow.values'", "a regex")) {
          if (check_regex(item, mark, "'allow.values'")) out.allow_values.push_back(std::move(item));
        }
      } else {
        error(key.Mark(), unknown_key_message(name, k_allow_keys, " in 'allow'"));
      }
    });
  }

  void read_patterns(const YAML::Node& n, const YAML::Mark& at, std::vector<SecretPattern>& out) {
    if (n.IsNull()) return;
    if (!n.IsSequence()) {
      error(at, fmt::format("expected a list of patterns for 'patterns', found {}", type_name(n)));
      return;
    }
    std::set<std::string, std::less<>> ids;
    // An alias has its anchor's mark: a pattern named again through an alias is read once.
    std::unordered_set<int> read;
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!charge()) return;
      const YAML::Node item = *it;
      if (item.IsMap() && item.Mark().pos >= 0 && !read.insert(item.Mark().pos).second) continue;
      if (!item.IsMap()) {
        error(item.IsNull() ? at : item.Mark(),
              fmt::format("expected a pattern (a map with id, description and regex) in 'patterns', found {}",
                          type_name(item)));
        continue;
      }
      read_pattern(item, ids, out);
    }
  }

  void read_pattern(const YAML::Node& item, std::set<std::string, std::less<>>& ids,
                    std::vector<SecretPattern>& out) {
    SecretPattern pattern;
    pattern.line = position(item.Mark()).first;
    std::optional<YAML::Mark> id_at;
    std::optional<YAML::Mark> regex_at;
    bool ok = true;
    const bool read_all = for_each_key(
        item,
        [&](const std::string& name, const YAML::Node& key, const YAML::Node& value,
            const YAML::Mark& value_at) {
          if (name == "id" || name == "description" || name == "regex") {
            const auto text = scalar(value, value_at, fmt::format("the pattern's '{}'", name));
            if (!text) {
              ok = ok && value.IsNull();
              return;
            }
            if (name == "id") {
              pattern.id = *text;
              id_at = value_at;
            } else if (name == "description") {
              pattern.description = *text;
            } else {
              pattern.regex = *text;
              regex_at = value_at;
            }
          } else {
            error(key.Mark(), unknown_key_message(name, k_pattern_keys, " in a pattern"));
            ok = false;
          }
        },
        &ok);
    if (!read_all) return;
    if (!id_at || pattern.id.empty()) {
      error(id_at.value_or(item.Mark()), "a pattern needs a non-empty 'id'");
      ok = false;
    } else if (!ids.insert(pattern.id).second) {
      error(*id_at, fmt::format("duplicate pattern id '{}'", echo(pattern.id)));
      ok = false;
    }
    const std::string what =
        pattern.id.empty() ? std::string("a pattern") : fmt::format("pattern '{}'", echo(pattern.id));
    if (!regex_at) {
      error(item.Mark(), fmt::format("{} needs a 'regex'", what));
      ok = false;
    } else if (!check_regex(pattern.regex, *regex_at, what)) {
      ok = false;
    } else if (re2::RE2::FullMatch("", re2::RE2(pattern.regex, regex_options()))) {
      error(*regex_at, fmt::format("the regex of {} matches the empty string", what));
      ok = false;
    }
    if (pattern.description.empty()) pattern.description = pattern.id;
    if (ok) out.push_back(std::move(pattern));
  }

  void read_exclude(const YAML::Node& n, const YAML::Mark& at, std::vector<ExcludeEntry>& out) {
    for (auto& [glob, mark] : scalars(n, at, "'exclude'", "a path glob")) {
      if (glob.empty()) {
        error(mark, "empty path glob in 'exclude'");
      } else {
        out.push_back({std::move(glob), m_folder});
      }
    }
  }
};

// A config's own keys, and what merging them over a base needs beyond them.
struct ParsedConfig {
  Config config;  // filled as far as the text allowed, also when it has errors
  bool select_given = false;
  bool ok = false;
};

ParsedConfig parse_text(std::string_view text, const std::string& path, std::vector<ConfigError>& errors) {
  ParsedConfig parsed;
  parsed.config.path = path;
  if (text.size() > k_max_config_bytes) {
    errors.push_back({path, 0, 0, fmt::format("the config is larger than {} bytes", k_max_config_bytes)});
    return parsed;
  }
  const size_t errors_before = errors.size();
  ConfigReader reader(text, path, errors);
  try {
    // Not YAML::LoadAll: on a token no document can start with (a stray ',') yaml-cpp 0.7 returns
    // an empty document without consuming it, and LoadAll loops, allocating, forever (yaml-cpp
    // issue #1040). One pass looks at the first two documents only, then the first is loaded.
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    DocumentStarts starts;
    if (parser.HandleNextDocument(starts) && parser.HandleNextDocument(starts) && starts.marks.size() >= 2) {
      const YAML::Mark& second = starts.marks[1];
      if (second.pos == starts.marks[0].pos) {
        const size_t at =
            static_cast<size_t>(std::max(second.pos, 0)) + (text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
        const char c = at < text.size() ? text[at] : '\0';
        reader.error(second, c > 0x20 && c < 0x7F ? fmt::format("invalid YAML: unexpected '{}'", c)
                                                  : std::string("invalid YAML: unexpected token"));
      } else {
        reader.error(second, "the config must be a single YAML document");
      }
    } else {
      reader.read(YAML::Load(std::string(text)), parsed.config);
    }
  } catch (const YAML::DeepRecursion& e) {
    reader.error(e.mark, "the config is nested too deeply");
  } catch (const YAML::Exception& e) {
    reader.error(e.mark,
                 fmt::format("invalid YAML: {}", e.msg.empty() ? std::string("syntax error") : e.msg));
  } catch (const std::exception& e) {
    errors.push_back({path, 0, 0, fmt::format("the config could not be read: {}", e.what())});
  } catch (...) {
    errors.push_back({path, 0, 0, "the config could not be read"});
  }
  parsed.select_given = reader.select_given();
  parsed.ok = errors.size() == errors_before;
  return parsed;
}

// Reads a config file into `text`; returns why it cannot, when it cannot.
std::optional<std::string> read_config_file(const fs::path& file, std::string& text) {
  try {
    std::error_code ec;
    const fs::file_status status = fs::status(file, ec);
    if (ec || !fs::exists(status)) {
      return ec ? ec.message() : std::make_error_code(std::errc::no_such_file_or_directory).message();
    }
    if (fs::is_directory(status)) return "it is a directory";
    const uintmax_t size = fs::file_size(file, ec);
    if (!ec && size > k_max_config_bytes)
      return fmt::format("it is larger than {} bytes", k_max_config_bytes);
    std::ifstream in(file, std::ios::binary);
    if (!in) return "the file cannot be opened";
    // Bounded: a device or a pipe has no size to check beforehand (`extend: /dev/zero`).
    std::string content;
    std::array<char, 64 * 1024> chunk{};
    while (in && content.size() <= k_max_config_bytes) {
      in.read(chunk.data(), chunk.size());
      content.append(chunk.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) return "read error";
    if (content.size() > k_max_config_bytes) {
      return fmt::format("it is larger than {} bytes", k_max_config_bytes);
    }
    text = std::move(content);
    return std::nullopt;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "read error";
  }
}

// Adds the items of `from` whose key is not in `to` yet, in order; with `replace`, an item whose
// key is there takes that item's place instead. Linear in the sizes.
template <typename T, typename KeyFn>
void add_new(std::vector<T>& to, std::vector<T>&& from, KeyFn key, bool replace = false) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < to.size(); ++i) index.emplace(key(to[i]), i);
  for (T& item : from) {
    const auto [at, added] = index.emplace(key(item), to.size());
    if (added) {
      to.push_back(std::move(item));
    } else if (replace) {
      to[at->second] = std::move(item);
    }
  }
}

// `own`, a config's keys, applied on top of its base (the rules are in config.hpp).
Config merge(Config base, Config own, bool select_given) {
  Config out = std::move(base);
  out.path = std::move(own.path);
  out.extend = std::move(own.extend);
  std::erase_if(out.ignore, [&](const std::string& id) {
    return std::find(own.select.begin(), own.select.end(), id) != own.select.end();
  });
  if (select_given) out.select = std::move(own.select);
  const auto same = [](const std::string& s) { return s; };
  add_new(out.ignore, std::move(own.ignore), same);
  for (auto& [id, severity] : own.severity) out.severity[id] = severity;
  add_new(out.allow_names, std::move(own.allow_names), [](const std::string& name) {
    std::string key = name;
    std::transform(key.begin(), key.end(), key.begin(), ascii_lower);
    return key;
  });
  add_new(out.allow_values, std::move(own.allow_values), same);
  const auto pattern_id = [](const SecretPattern& p) { return p.id; };
  add_new(out.patterns, std::move(own.patterns), pattern_id, /*replace=*/true);
  add_new(out.exclude, std::move(own.exclude), [](const ExcludeEntry& e) { return e.glob + '\0' + e.base; });
  if (own.fallback) out.fallback = own.fallback;
  if (own.builder) out.builder = std::move(own.builder);
  if (own.fail_level) out.fail_level = own.fail_level;
  return out;
}

// The path that `extend: <value>` names in the config at `config_file`.
fs::path extend_target(const fs::path& config_file, std::string_view value) {
  const fs::path named{std::string(value)};
  if (named.is_absolute()) return named.lexically_normal();
  return (config_file.parent_path() / named).lexically_normal();
}

// A config of an `extend` chain.
struct ChainLink {
  fs::path identity;  // the same for one file however it is named
  std::string path;   // as reported
};

fs::path identity_of(const fs::path& file) {
  std::error_code ec;
  fs::path identity = fs::weakly_canonical(file, ec);
  if (ec) identity = fs::absolute(file, ec).lexically_normal();
  return identity;
}

// The config in `text`, read from `file`, merged over the configs its `extend` chain names. `chain`
// holds the configs that extend this one, leaf first.
std::optional<Config> load_chain(const fs::path& file, std::string text, std::vector<ChainLink>& chain,
                                 std::vector<ConfigError>& errors) {
  const std::string path = file.string();
  ParsedConfig own = parse_text(text, path, errors);
  std::string().swap(text);  // a long chain holds one text at a time
  if (!own.config.extend) return own.ok ? std::optional<Config>(std::move(own.config)) : std::nullopt;
  const ConfigExtend extend = *own.config.extend;
  const auto fail = [&](std::string message) {
    errors.push_back({path, extend.line, extend.column, std::move(message)});
    return std::optional<Config>();
  };
  chain.push_back({identity_of(file), path});
  const fs::path base_file = extend_target(file, extend.path);
  const fs::path base_identity = identity_of(base_file);
  if (std::any_of(chain.begin(), chain.end(),
                  [&](const ChainLink& l) { return l.identity == base_identity; })) {
    std::string cycle;
    for (const ChainLink& link : chain) cycle += link.path + " -> ";
    return fail(fmt::format("'extend' makes a cycle: {}{}", cycle, base_file.string()));
  }
  if (chain.size() > k_max_extend_depth) {
    return fail(fmt::format("too many nested 'extend' (a chain holds at most {} bases)", k_max_extend_depth));
  }
  std::string base_text;
  if (const auto why = read_config_file(base_file, base_text)) {
    return fail(fmt::format("cannot extend '{}': {}", echo(extend.path), *why));
  }
  std::vector<ConfigError> base_errors;
  std::optional<Config> base = load_chain(base_file, std::move(base_text), chain, base_errors);
  if (!base) {
    fail(fmt::format("cannot extend '{}': the config has errors", echo(extend.path)));
    errors.insert(errors.end(), std::make_move_iterator(base_errors.begin()),
                  std::make_move_iterator(base_errors.end()));
    return std::nullopt;
  }
  if (!own.ok) return std::nullopt;
  std::vector<std::string> extends = std::move(base->extends);
  extends.insert(extends.begin(), base_file.string());
  Config merged = merge(std::move(*base), std::move(own.config), own.select_given);
  merged.extends = std::move(extends);
  return merged;
}

}  // namespace

std::string_view fail_level_name(FailLevel level) {
  switch (level) {
    case FailLevel::Error: return "error";
    case FailLevel::Warning: return "warning";
    case FailLevel::Info: return "info";
    case FailLevel::None: break;
  }
  return "none";
}

std::optional<FailLevel> parse_fail_level(std::string_view text) {
  for (const FailLevel level : {FailLevel::Error, FailLevel::Warning, FailLevel::Info, FailLevel::None}) {
    if (iequals(text, fail_level_name(level))) return level;
  }
  return std::nullopt;
}

std::string_view fallback_strategy_name(FallbackStrategy s) {
  switch (s) {
    case FallbackStrategy::MultiStage: return "multi-stage";
    case FallbackStrategy::Network: return "network";
    case FallbackStrategy::HostSide: break;
  }
  return "host-side";
}

std::optional<FallbackStrategy> parse_fallback_strategy(std::string_view text) {
  for (const FallbackStrategy s :
       {FallbackStrategy::MultiStage, FallbackStrategy::Network, FallbackStrategy::HostSide}) {
    if (iequals(text, fallback_strategy_name(s))) return s;
  }
  return std::nullopt;
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (const Severity s : {Severity::Error, Severity::Warning, Severity::Info}) {
    if (iequals(text, severity_name(s))) return s;
  }
  return std::nullopt;
}

bool Config::allowed_name(std::string_view name) const {
  return std::any_of(allow_names.begin(), allow_names.end(),
                     [&](const std::string& allowed) { return iequals(allowed, name); });
}

std::string ConfigError::to_string() const {
  if (line == 0) return fmt::format("{}: {}", path, message);
  return fmt::format("{}:{}:{}: {}", path, line, column, message);
}

std::optional<Config> parse_config(std::string_view text, const std::string& path,
                                   std::vector<ConfigError>& errors) {
  ParsedConfig parsed = parse_text(text, path, errors);
  if (!parsed.ok) return std::nullopt;
  return std::move(parsed.config);
}

std::optional<Config> load_config(const fs::path& file, std::vector<ConfigError>& errors) {
  const std::string path = file.string();
  try {
    std::string text;
    if (const auto why = read_config_file(file, text)) {
      errors.push_back({path, 0, 0, fmt::format("cannot read the config: {}", *why)});
      return std::nullopt;
    }
    std::vector<ChainLink> chain;
    return load_chain(file, std::move(text), chain, errors);
  } catch (const std::exception& e) {
    errors.push_back({path, 0, 0, fmt::format("cannot read the config: {}", e.what())});
  } catch (...) {
    errors.push_back({path, 0, 0, "cannot read the config"});
  }
  return std::nullopt;
}

std::optional<fs::path> find_config(const fs::path& start) { return ConfigLocator().find(start); }

std::optional<fs::path> ConfigLocator::find(const fs::path& start) {
  std::vector<std::string> walked;  // directories passed through, which share the answer
  std::optional<fs::path> found;
  try {
    std::error_code ec;
    fs::path dir = fs::absolute(start, ec);
    if (ec) return std::nullopt;
    dir = dir.lexically_normal();
    if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
    // A path has finitely many components; the bound only guards against a parent_path() that
    // never reaches a fixed point.
    for (int depth = 0; depth < 4096 && !dir.empty(); ++depth) {
      std::string key = dir.string();
      if (auto known = m_by_dir.find(key); known != m_by_dir.end()) {
        found = known->second;
        break;
      }
      walked.push_back(std::move(key));
      bool here = false;
      for (const char* name : {".layerlint.yaml", ".layerlint.yml"}) {
        const fs::path candidate = dir / name;
        if (fs::is_regular_file(candidate, ec)) {
          found = candidate;
          here = true;
          break;
        }
      }
      if (here || fs::exists(dir / ".git", ec)) break;
      fs::path parent = dir.parent_path();
      if (parent == dir) break;
      if (!parent.empty() && parent.filename().empty() && parent != parent.root_path()) {
        parent = parent.parent_path();  // "a/b/" -> "a/b"
      }
      dir = std::move(parent);
    }
    for (std::string& d : walked) m_by_dir.emplace(std::move(d), found);
  } catch (...) {
    // Path allocation failures: no config rather than an exception.
    return std::nullopt;
  }
  return found;
}

CompiledConfigPatterns::CompiledConfigPatterns(const Config& config) {
  for (const std::string& value : config.allow_values) {
    auto re = std::make_unique<re2::RE2>(value, regex_options());
    if (re->ok()) m_allow.push_back(std::move(re));
  }
  for (const SecretPattern& pattern : config.patterns) {
    auto re = std::make_unique<re2::RE2>(pattern.regex, regex_options());
    if (!re->ok() || re2::RE2::FullMatch("", *re)) continue;
    m_patterns.push_back(
        {pattern.id, pattern.description.empty() ? pattern.id : pattern.description, std::move(re)});
  }
}

CompiledConfigPatterns::~CompiledConfigPatterns() = default;
CompiledConfigPatterns::CompiledConfigPatterns(CompiledConfigPatterns&&) noexcept = default;
CompiledConfigPatterns& CompiledConfigPatterns::operator=(CompiledConfigPatterns&&) noexcept = default;

bool CompiledConfigPatterns::allowed_value(std::string_view value) const {
  const re2::StringPiece piece(value.data(), value.size());
  return std::any_of(m_allow.begin(), m_allow.end(),
                     [&](const std::unique_ptr<re2::RE2>& re) { return re2::RE2::FullMatch(piece, *re); });
}

std::vector<ValueMatch> CompiledConfigPatterns::find(std::string_view text) const {
  struct Hit {
    size_t begin;
    size_t end;
    size_t pattern;
  };
  std::vector<Hit> hits;
  const re2::StringPiece piece(text.data(), text.size());
  for (size_t p = 0; p < m_patterns.size(); ++p) {
    const re2::RE2& re = *m_patterns[p].regex;
    size_t pos = 0;
    re2::StringPiece match;
    while (pos <= text.size() && re.Match(piece, pos, text.size(), re2::RE2::UNANCHORED, &match, 1)) {
      const auto begin = static_cast<size_t>(match.data() - text.data());
      const size_t end = begin + match.size();
      if (end == begin) break;  // cannot happen: empty-matching patterns are skipped
      hits.push_back({begin, end, p});
      pos = end;
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end != b.end ? a.end < b.end : a.pattern < b.pattern;
  });
  std::vector<ValueMatch> out;
  for (const Hit& h : hits) {
    if (!out.empty() && out.back().begin == h.begin && out.back().end == h.end) continue;
    if (allowed_value(text.substr(h.begin, h.end - h.begin))) continue;
    const Pattern& pattern = m_patterns[h.pattern];
    out.push_back(
        {static_cast<uint32_t>(h.begin), static_cast<uint32_t>(h.end), pattern.id, pattern.description});
  }
  return out;
}

}  // namespace layerlint
