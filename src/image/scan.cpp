// scan_image: reads an image (a `docker save` archive, an OCI layout or archive, or a stream of one)
// and finds the secrets in its history, config and layers.
//
// A seekable archive is walked twice: once for the small JSON members (manifest, index, config),
// skipping the layers, and once for the layers, so that every layer is searched for the values the
// history and config give away. A stream is walked once: its layers are read as they come, and the
// image's layout is resolved at the end (`docker save` writes manifest.json last).
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include <fmt/format.h>
#include <re2/re2.h>

#include <nlohmann/json.hpp>

#include "image/archive.hpp"
#include "image/rules.hpp"
#include "layerlint/image.hpp"
#include "layerlint/secrets.hpp"
#include "layerlint/shell.hpp"
#include "model/commands.hpp"
#include "model/paths.hpp"
#include "secrets/command_line.hpp"

namespace layerlint {

using image::Stream;
using nlohmann::json;

namespace {

constexpr uint64_t k_json_cap = 16u << 20;    // one manifest, index or config
constexpr uint64_t k_json_total = 64u << 20;  // all of them together
constexpr size_t k_sniff = 8192;              // bytes looked at to tell text from binary
constexpr size_t k_min_known = 6;             // shorter values are not searched for in files
constexpr size_t k_leaks_per_file = 4;

bool is_metadata_name(std::string_view name) {
  const size_t slash = name.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  return base == "VERSION" || base == "json" || base == "repositories" || base == "oci-layout" ||
         base.ends_with(".json");
}

// Tokens of `RUN |2 A=1 B=2 …` / `ENV A=1 B=2`: NAME=value pairs, a value running on over spaces
// until the next NAME= (BuildKit joins the pairs with spaces, unquoted).
struct Pair {
  std::string name;
  std::string value;
};
bool is_name_token(std::string_view t, size_t& eq) {
  eq = t.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  for (size_t i = 0; i < eq; ++i) {
    const char c = t[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  }
  return !std::isdigit(static_cast<unsigned char>(t[0]));
}
// Reads `count` pairs (or all, when count is 0) from `text`; `rest` is what follows them.
std::vector<Pair> read_pairs(std::string_view text, size_t count, std::string_view& rest) {
  std::vector<Pair> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    const std::string_view token = text.substr(i, j - i);
    size_t eq = 0;
    if (is_name_token(token, eq) && (count == 0 || out.size() < count)) {
      out.push_back({std::string(token.substr(0, eq)), std::string(token.substr(eq + 1))});
    } else if (!out.empty() && (count == 0 || out.size() < count) && count == 0) {
      out.back().value += ' ';
      out.back().value += token;
    } else {
      break;
    }
    i = j;
    if (count != 0 && out.size() == count) break;
  }
  rest = i < text.size() ? text.substr(i) : std::string_view{};
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return out;
}

// Replaces every occurrence of `what` (left to right, never inside a replacement).
void replace_all(std::string& text, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

bool is_text(std::string_view head) { return head.find('\0') == std::string_view::npos; }

// Valid `alg:hex` digests only: a digest names a blob path, so nothing else may reach the file system.
bool blob_path(std::string_view digest, std::string& out) {
  const size_t colon = digest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= digest.size()) return false;
  for (size_t i = 0; i < digest.size(); ++i) {
    const char c = digest[i];
    if (i == colon) continue;
    if (!(std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'z'))) return false;
  }
  out = "blobs/" + std::string(digest.substr(0, colon)) + "/" + std::string(digest.substr(colon + 1));
  return true;
}

// --- values that history and config give away -----------------------------------------------

struct Known {
  std::string value;
  std::string what;  // "build argument TOKEN (history entry 5)"
};

// Literal credentials in free text (a RUN's command, Cmd, an ADD URL).
std::vector<ValueMatch> literal_secrets(std::string_view text) {
  std::vector<ValueMatch> out = find_secret_values(text);
  // Most text holds no URL at all: one fast search spares the URL pattern's scan.
  if (text.find("://") == std::string_view::npos) return out;
  for (ValueMatch& m : find_url_credentials(text)) {
    if (m.kind == "url-credentials") out.push_back(std::move(m));
  }
  return out;
}

// A NAME=value pair that holds a secret: a secret name with a real value, or a value of a known
// token format under any name. Returns the kind ("" when not a secret) and sets `description`.
std::string pair_secret(const Pair& p, std::string& description, std::string& value) {
  if (p.value.empty()) return {};
  const NameVerdict name = classify_secret_name(p.name);
  if (is_secret_name(name.strength) && !is_placeholder_value(p.value)) {
    value = p.value;
    description = {};
    return "secret-name";
  }
  for (const ValueMatch& m : literal_secrets(p.value)) {
    value = p.value.substr(m.begin, m.end - m.begin);
    description = m.description;
    return m.kind;
  }
  return {};
}

// --- secret files: keyword-anchored evidence ---------------------------------------------------

struct KeywordPatterns {
  RE2 assignment{R"(([A-Za-z0-9_.\-]+)["']?[ \t]*[:=][ \t]*["']?([^\s"'<>,;]+))"};
  RE2 netrc{R"((?:^|\s)password[ \t]+(\S+))"};
  RE2 xml{R"(<([A-Za-z_:]*(?:[Pp]assword|[Tt]oken|[Ss]ecret))>([^<\s]+)</)"};
};
const KeywordPatterns& keyword_patterns() {
  static const KeywordPatterns k;
  return k;
}

bool real_value(std::string_view v) {
  if (v.size() < 4) return false;
  static const std::set<std::string_view> k_not = {"true", "false", "null", "none", "True", "False", "None"};
  if (k_not.contains(v)) return false;
  return !is_placeholder_value(v);
}

// The first credential a secret-named file holds by keyword (`_authToken=…`, `password …`,
// `<password>…</password>`, `"private_key": "…"`); "" when none.
std::string keyword_secret(std::string_view text) {
  const KeywordPatterns& k = keyword_patterns();
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece key, value;
  while (RE2::FindAndConsume(&input, k.assignment, &key, &value)) {
    const NameVerdict v = classify_secret_name(std::string_view(key.data(), key.size()));
    if (v.strength != NameStrength::None && real_value(std::string_view(value.data(), value.size())))
      return std::string(value.data(), value.size());
  }
  input = re2::StringPiece(text.data(), text.size());
  if (RE2::FindAndConsume(&input, k.netrc, &value) &&
      real_value(std::string_view(value.data(), value.size())))
    return std::string(value.data(), value.size());
  input = re2::StringPiece(text.data(), text.size());
  while (RE2::FindAndConsume(&input, k.xml, &key, &value)) {
    if (real_value(std::string_view(value.data(), value.size())))
      return std::string(value.data(), value.size());
  }
  return {};
}

// The content when it is one value (token characters, at least 8 of them, not a placeholder):
// what a secret looks like once copied out of a secret mount.
std::string single_value(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (text.size() < 8 || text.size() > 4096) return {};
  // Token characters only: `root:x:0:0:…` (/etc/passwd) is a table, not a value.
  for (char c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) ||
          std::string_view("_-+/=.~").find(c) != std::string_view::npos))
      return {};
  }
  return real_value(text) ? std::string(text) : std::string();
}

// A file whose name (extension aside) is a secret name: `token`, `api_key.txt`, `aws-credentials`.
bool secret_named_file(std::string_view path) {
  std::string_view base = path.substr(path.rfind('/') + 1);
  if (const size_t dot = base.find('.'); dot != std::string_view::npos && dot > 0) base = base.substr(0, dot);
  return is_secret_name(classify_secret_name(base).strength);
}

bool key_file_kind(std::string_view kind) {
  return kind == "ssh-private-key" || kind == "private-key" || kind == "rails-master-key" ||
         kind == "pem-file";
}

// Credentials on the command lines of a config field: Cmd and Entrypoint (exec words, and the
// script of `sh -c`), Healthcheck's Test (CMD or CMD-SHELL), OnBuild's instructions.
std::vector<std::pair<std::string, std::string>> runtime_credentials(std::string_view field,
                                                                     const std::vector<std::string>& words) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto strength = [](std::string_view name) { return classify_secret_name(name).strength; };
  auto scan = [&](std::string_view script_text) {
    const ShellScript script = parse_shell(script_text);
    for (const CommandCredential& c : command_line_credentials(script, strength))
      out.emplace_back(c.what, c.secret);
  };
  auto scan_exec = [&](size_t from) {
    std::string line;
    for (size_t i = from; i < words.size(); ++i) {
      std::string q = "'";
      for (char ch : words[i]) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
      line += q + "' ";
    }
    scan(line);
    if (words.size() >= from + 3 && commands::is_shell(paths::basename(words[from])) &&
        words[from + 1] == "-c")
      scan(words[from + 2]);
  };
  if (field == "OnBuild") {
    for (const std::string& inst : words) {
      const size_t sp = inst.find(' ');
      if (sp != std::string::npos) scan(std::string_view(inst).substr(sp + 1));
    }
  } else if (field == "Healthcheck") {
    if (words.size() >= 2 && words[0] == "CMD-SHELL") scan(words[1]);
    if (!words.empty() && words[0] == "CMD") scan_exec(1);
  } else if (field == "Cmd" || field == "Entrypoint") {
    scan_exec(0);
  }
  return out;
}

// A history entry for display: the values of a RUN's build arguments (`RUN |2 A=v B=w …`) are shown
// redacted, secret or not: a value no recogniser knows may still be one.
std::string mask_build_args(std::string text) {
  size_t start = text.starts_with("RUN |") ? 5 : text.starts_with("|") ? 1 : std::string::npos;
  if (start == std::string::npos) return text;
  size_t n = 0, i = start;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && n < 100000)
    n = n * 10 + (text[i++] - '0');
  std::string_view rest;
  const std::vector<Pair> pairs = read_pairs(std::string_view(text).substr(i), n, rest);
  std::string out = text.substr(0, i);
  for (const Pair& p : pairs) out += " " + p.name + "=" + (p.value.empty() ? std::string() : redact(p.value));
  if (!rest.empty()) out += " " + std::string(rest);
  return out;
}

// What a RUN does with a weak-named variable that makes it a secret: written to a secret file's
// path, base64-decoded into a file, given to an option that takes a secret, or put in a URL's
// userinfo. "" when none.
std::string sink_evidence(const ShellScript& script, std::string_view name) {
  const std::string plain = "$" + std::string(name), braced = "${" + std::string(name) + "}";
  auto refers = [&](const ShellWord& w) {
    for (const std::string& ref : {braced, plain}) {
      for (size_t at = w.raw.find(ref); at != std::string::npos; at = w.raw.find(ref, at + 1)) {
        const size_t end = at + ref.size();
        const bool whole = ref == braced || end == w.raw.size() ||
                           !(std::isalnum(static_cast<unsigned char>(w.raw[end])) || w.raw[end] == '_');
        if (whole) return at + 1;
      }
    }
    return size_t{0};
  };
  static const std::set<std::string_view> k_options = {
      "--key-file", "--password",      "--pass",        "-p",          "--token",
      "-i",         "--key",           "--secret",      "-u",          "--user",
      "--api-key",  "--identity-file", "--private-key", "--passphrase"};
  const auto& cmds = script.commands;
  // Files the value is written to (`echo "$KEY" > /tmp/sa.json`): passing one on is passing the value.
  std::set<std::string> written;
  for (const SimpleCommand& c : cmds) {
    const bool uses =
        std::any_of(c.words.begin(), c.words.end(), [&](const ShellWord& w) { return refers(w) != 0; });
    if (!uses) continue;
    for (const Redirect& r : c.redirects) {
      if (r.writes_file() && !r.target.value.empty()) written.insert(r.target.value);
    }
  }
  auto passes_file = [&](std::string_view word) {
    const size_t eq = word.find('=');
    return written.contains(std::string(word)) ||
           (eq != std::string_view::npos && written.contains(std::string(word.substr(eq + 1))));
  };
  for (size_t i = 0; i < cmds.size(); ++i) {
    const SimpleCommand& c = cmds[i];
    for (size_t j = 1; j < c.words.size(); ++j) {
      const std::string& v = c.words[j].value;
      if (!passes_file(v)) continue;
      if (k_options.contains(c.words[j - 1].value))
        return "written to " + v + ", given to " + c.words[j - 1].value;
      const size_t eq = v.find('=');
      if (v.starts_with("--") && eq != std::string::npos &&
          k_options.contains(std::string_view(v).substr(0, eq)))
        return "written to " + v.substr(eq + 1) + ", given to " + v.substr(0, eq);
    }
  }
  for (size_t i = 0; i < cmds.size(); ++i) {
    const SimpleCommand& c = cmds[i];
    bool used = false;
    for (size_t j = 0; j < c.words.size(); ++j) {
      const ShellWord& w = c.words[j];
      const size_t at = refers(w);
      if (at == 0) continue;
      used = true;
      if (j > 0 && k_options.contains(c.words[j - 1].value)) return "given to " + c.words[j - 1].value;
      const size_t eq = w.raw.find('=');
      if (w.raw.starts_with("--") && eq != std::string::npos && eq < at &&
          k_options.contains(std::string_view(w.raw).substr(0, eq)))
        return "given to " + w.raw.substr(0, eq);
      const size_t scheme = w.raw.find("://");
      const size_t atsign = w.raw.find('@', scheme == std::string::npos ? 0 : scheme);
      if (scheme != std::string::npos && atsign != std::string::npos && scheme < at && at < atsign)
        return "in a URL's userinfo";
    }
    for (const ShellWord& a : c.assignments) used = used || refers(a) != 0;
    if (!used) continue;
    // Where its output goes: the command's own redirects, or a `base64 -d` it pipes into.
    for (size_t k = i; k < cmds.size(); ++k) {
      const SimpleCommand& d = cmds[k];
      if (k > i && d.pipeline != c.pipeline) break;
      const bool decodes = k > i && d.name() == "base64" &&
                           std::any_of(d.words.begin(), d.words.end(), [](const ShellWord& x) {
                             return x.value == "-d" || x.value == "--decode" || x.value == "-D";
                           });
      for (const Redirect& r : d.redirects) {
        if (!r.writes_file()) continue;
        if (decodes) return "base64-decoded into " + r.target.value;
        if (classify_secret_path(r.target.value).secret) return "written to " + r.target.value;
      }
      if (decodes) return "base64-decoded";
    }
  }
  return {};
}

// --- one layer --------------------------------------------------------------------------------

struct LayerScan {
  std::vector<ImageLeak> leaks;        // layer index and base flag set later
  std::vector<std::string> whiteouts;  // deleted paths
  std::vector<std::string> opaque;     // directories whose lower content is hidden
  std::vector<uint64_t> paths;         // hashes of every path, sorted
  image::LayerStats stats;
  std::string error;
  bool read = false;
};

class Scanner {
 public:
  explicit Scanner(const ImageOptions& options) : m_options(options) {}

  // --- metadata
  bool wants_json(std::string_view name) const {
    return is_metadata_name(name) || name.starts_with("blobs/");
  }
  void keep_json(const std::string& name, Stream& data, int64_t size) {
    char first = 0;
    if (data.read(&first, 1) == 1) keep_json_after(name, first, data, size);
  }
  static bool json_start(char c) { return c == '{' || c == '['; }
  // Keeps a JSON member whose first byte has been read already.
  void keep_json_after(const std::string& name, char first, Stream& data, int64_t size) {
    if (size < 0 || static_cast<uint64_t>(size) > k_json_cap || m_json_total + size > k_json_total) return;
    if (!json_start(first)) return;
    std::string rest;
    bool truncated = false;
    if (!image::read_up_to(data, k_json_cap, rest, truncated)) return;
    m_json_total += rest.size() + 1;
    m_json[name] = first + rest;
    // A stream meets the config somewhere among the layers: the values it gives away are searched
    // for in the layers that follow it.
    if (m_known.empty() && m_json[name].find("\"rootfs\"") != std::string::npos) learn_known(m_json[name]);
  }
  const std::string* json_text(const std::string& name) const {
    auto it = m_json.find(name);
    return it == m_json.end() ? nullptr : &it->second;
  }

  // --- layers
  void scan_layer(const std::string& member, Stream& data) {
    LayerScan& scan = m_layers[member];
    scan.read = true;
    image::LayerLimits limits{m_options.bomb_floor, m_options.max_ratio};
    scan.error = image::read_layer(
        data, limits, [&](const image::LayerEntry& e, Stream& content) { on_entry(scan, e, content); },
        scan.stats);
    std::sort(scan.paths.begin(), scan.paths.end());
  }
  bool has_layer(const std::string& member) const { return m_layers.contains(member); }
  LayerScan* layer(const std::string& member) {
    auto it = m_layers.find(member);
    return it == m_layers.end() ? nullptr : &it->second;
  }

  // Values from history and config, to be searched for in files (from the prefetched or real config).
  void learn_known(const std::string& config_text) {
    json config = json::parse(config_text, nullptr, false);
    if (config.is_discarded() || !config.is_object()) return;
    std::vector<ImageLeak> leaks;
    std::vector<ImageHistoryEntry> history;
    read_config(config, leaks, history, /*for_known=*/true);
  }

  // History and config leaks, the history entries (masked), and the known values.
  void read_config(const json& config, std::vector<ImageLeak>& leaks, std::vector<ImageHistoryEntry>& history,
                   bool for_known) {
    std::set<std::pair<std::string, std::string>> config_pairs;  // Env pairs of the final config
    std::vector<std::pair<size_t, Pair>> pair_leaks;             // config leaks of those pairs
    std::vector<std::pair<std::string, Pair>> quiet_pairs;       // the other pairs, by field
    const json* cfg = config.contains("config") && config["config"].is_object() ? &config["config"] : nullptr;
    if (cfg && cfg->contains("Env") && (*cfg)["Env"].is_array()) {
      size_t n = 0;
      for (const json& e : (*cfg)["Env"]) {
        if (!e.is_string()) continue;
        std::string_view rest;
        std::vector<Pair> p = read_pairs(e.get<std::string>(), 1, rest);
        if (p.empty()) continue;
        // An Env entry is one pair whose value may hold spaces.
        const std::string& whole = e.get_ref<const std::string&>();
        p[0].value = whole.substr(whole.find('=') + 1);
        config_pairs.insert({p[0].name, p[0].value});
        const size_t before = leaks.size();
        add_pair_leak(p[0], ImageChannel::Config, std::nullopt, "Env", fmt::format("Env[{}]", n++), leaks);
        if (leaks.size() > before)
          pair_leaks.emplace_back(before, p[0]);
        else
          quiet_pairs.emplace_back("Env", p[0]);
      }
    }
    if (cfg && cfg->contains("Labels") && (*cfg)["Labels"].is_object()) {
      for (const auto& [k, v] : (*cfg)["Labels"].items()) {
        if (!v.is_string()) continue;
        Pair p{k, v.get<std::string>()};
        config_pairs.insert({p.name, p.value});
        const size_t before = leaks.size();
        add_pair_leak(p, ImageChannel::Config, std::nullopt, "Labels", "label " + k, leaks);
        if (leaks.size() > before)
          pair_leaks.emplace_back(before, p);
        else
          quiet_pairs.emplace_back("Labels", p);
      }
    }
    if (cfg) {
      for (const char* field : {"Cmd", "Entrypoint", "OnBuild", "Shell", "Healthcheck"}) {
        if (!cfg->contains(field)) continue;
        const json& v = (*cfg)[field];
        const json& words =
            std::string_view(field) == "Healthcheck" && v.is_object() && v.contains("Test") ? v["Test"] : v;
        if (!words.is_array()) continue;
        std::string text;
        for (const json& w : words) {
          if (w.is_string()) text += w.get<std::string>() + " ";
        }
        std::set<std::string> seen;
        for (const ValueMatch& m : literal_secrets(text)) {
          ImageLeak l = make_leak(ImageChannel::Config, m.kind, m.description + " in " + field,
                                  text.substr(m.begin, m.end - m.begin));
          l.config_field = field;
          seen.insert(l.value_for_search);
          leaks.push_back(std::move(l));
        }
        // Passwords on the command lines the container runs, as LL1003 reads CMD and the rest.
        std::vector<std::string> elements;
        for (const json& w : words) elements.push_back(w.is_string() ? w.get<std::string>() : std::string());
        for (const auto& [what, secret] : runtime_credentials(field, elements)) {
          if (!seen.insert(secret).second) continue;
          ImageLeak l =
              make_leak(ImageChannel::Config, "command-line-credential", what + " in " + field, secret);
          l.config_field = field;
          leaks.push_back(std::move(l));
        }
      }
    }
    // History: build arguments of RUN, ENV/LABEL values the final config no longer holds, literals.
    if (config.contains("history") && config["history"].is_array()) {
      size_t index = 0;
      for (const json& h : config["history"]) {
        ImageHistoryEntry entry;
        if (h.is_object()) {
          if (h.contains("created_by") && h["created_by"].is_string())
            entry.created_by = h["created_by"].get<std::string>();
          entry.empty_layer =
              h.contains("empty_layer") && h["empty_layer"].is_boolean() && h["empty_layer"].get<bool>();
        }
        const size_t before = leaks.size();
        read_history(entry.created_by, index, config_pairs, leaks);
        std::string masked = mask_build_args(mask_secrets(entry.created_by));
        for (size_t i = before; i < leaks.size(); ++i) {
          const std::string& v = leaks[i].value_for_search;
          replace_all(masked, v, leaks[i].redacted);
        }
        entry.created_by = std::move(masked);
        history.push_back(std::move(entry));
        ++index;
      }
    }
    // A config value that holds what the history gives away: `ENV AUTH="Bearer ${NPM_TOKEN}"` with
    // NPM_TOKEN's value in a RUN's history entry.
    const size_t history_leaks = leaks.size();
    for (const auto& [field, p] : quiet_pairs) {
      for (size_t i = 0; i < history_leaks; ++i) {
        const ImageLeak& h = leaks[i];
        if (h.channel != ImageChannel::History || h.value_for_search.size() < k_min_known ||
            p.value.find(h.value_for_search) == std::string::npos)
          continue;
        ImageLeak l =
            make_leak(ImageChannel::Config, "known-value",
                      fmt::format("{} {}, the value of {} (history entry {})",
                                  field == "Env" ? "variable" : "label", p.name, h.what, *h.history + 1),
                      h.value_for_search);
        l.name = p.name;
        l.config_field = field;
        pair_leaks.emplace_back(leaks.size(), p);
        leaks.push_back(std::move(l));
        break;
      }
    }
    // BuildKit records every ARG of the stage in each RUN after it: a build argument found secret in
    // one entry leaks through every entry that records the same value.
    if (config.contains("history") && config["history"].is_array()) {
      const json& h = config["history"];
      std::vector<ImageLeak> more;
      for (const ImageLeak& l : leaks) {
        if (l.kind != "build-arg" || !l.history || l.name.empty() || l.value_for_search.empty()) continue;
        const std::string needle = " " + l.name + "=" + l.value_for_search;
        for (size_t i = 0; i < h.size(); ++i) {
          if (i == *l.history || !h[i].is_object() || !h[i].contains("created_by") ||
              !h[i]["created_by"].is_string())
            continue;
          const std::string& text = h[i]["created_by"].get_ref<const std::string&>();
          // Only a RUN's recorded build arguments (`RUN |N …`, the classic builder's `|N …`).
          if (!(text.starts_with("RUN |") || text.starts_with("|")) || text.find(needle) == std::string::npos)
            continue;
          const bool known =
              std::any_of(leaks.begin(), leaks.end(),
                          [&](const ImageLeak& x) { return x.history == i && x.name == l.name; }) ||
              std::any_of(more.begin(), more.end(),
                          [&](const ImageLeak& x) { return x.history == i && x.name == l.name; });
          if (known) continue;
          ImageLeak copy = l;
          copy.history = i;
          more.push_back(std::move(copy));
        }
      }
      for (ImageLeak& l : more) leaks.push_back(std::move(l));
    }
    for (const auto& [at, p] : pair_leaks) {
      auto it = m_config_history.find({p.name, p.value});
      if (it != m_config_history.end()) leaks[at].also_history = it->second;
    }
    // Any other config leak that a history entry (CMD, ENTRYPOINT, HEALTHCHECK, ONBUILD) records too.
    if (config.contains("history") && config["history"].is_array()) {
      const json& h = config["history"];
      for (ImageLeak& l : leaks) {
        if (l.channel != ImageChannel::Config || l.also_history || l.value_for_search.empty()) continue;
        for (size_t i = h.size(); i-- > 0;) {
          if (h[i].is_object() && h[i].contains("created_by") && h[i]["created_by"].is_string() &&
              h[i]["created_by"].get_ref<const std::string&>().find(l.value_for_search) !=
                  std::string::npos) {
            l.also_history = i;
            break;
          }
        }
      }
    }
    // Whatever any entry gives away is masked in every entry shown (an ENV entry repeats a value that
    // only the config or a RUN's build arguments reported).
    for (ImageHistoryEntry& e : history) {
      for (const ImageLeak& l : leaks) {
        const std::string& v = l.value_for_search;
        if (v.size() < 4) continue;
        replace_all(e.created_by, v, l.redacted);
      }
    }
    if (for_known) {
      for (const ImageLeak& l : leaks) {
        const bool seen = std::any_of(m_known.begin(), m_known.end(),
                                      [&](const Known& k) { return k.value == l.value_for_search; });
        if (l.value_for_search.size() >= k_min_known && !seen)
          m_known.push_back({l.value_for_search, l.what});
      }
    }
  }

  [[nodiscard]] const std::vector<Known>& known() const { return m_known; }

 private:
  ImageLeak make_leak(ImageChannel channel, std::string kind, std::string what,
                      std::string_view value) const {
    ImageLeak l;
    l.channel = channel;
    l.kind = std::move(kind);
    l.what = std::move(what);
    l.redacted = value.empty() ? std::string() : redact(value);
    l.value_for_search = std::string(value);
    const bool history = channel == ImageChannel::History;
    l.rule = &image::rule_info(history                           ? image::ImageRule::HistorySecret
                               : channel == ImageChannel::Config ? image::ImageRule::ConfigSecret
                                                                 : image::ImageRule::SecretFile);
    l.severity = Severity::Error;
    return l;
  }

  void add_pair_leak(const Pair& p, ImageChannel channel, std::optional<size_t> history,
                     std::string_view field, const std::string& where, std::vector<ImageLeak>& out) const {
    std::string description, value;
    const std::string kind = pair_secret(p, description, value);
    if (kind.empty()) return;
    std::string what = description.empty() ? where : description + " in " + where;
    if (field == "Env" || field == "Labels")
      what = description.empty() ? std::string(field == "Env" ? "variable " : "label ") + p.name
                                 : description + " in " + (field == "Env" ? "variable " : "label ") + p.name;
    ImageLeak l = make_leak(
        channel, kind == "secret-name" ? (field == "Labels" ? "secret-label" : "secret-variable") : kind,
        std::move(what), value);
    l.name = p.name;
    l.history = history;
    l.config_field = std::string(field);
    out.push_back(std::move(l));
  }

  void read_history(std::string_view created_by, size_t index,
                    const std::set<std::pair<std::string, std::string>>& config_pairs,
                    std::vector<ImageLeak>& out) {
    std::string_view text = created_by;
    // The classic builder: `/bin/sh -c #(nop)  ENV A=1`; BuildKit: `ENV A=1`, `RUN |1 A=1 /bin/sh -c …`.
    if (text.starts_with("/bin/sh -c #(nop) ")) {
      text.remove_prefix(18);
      while (text.starts_with(' ')) text.remove_prefix(1);
    }
    if (text.ends_with(" # buildkit")) text.remove_suffix(11);
    std::string_view keyword;
    if (text.starts_with("RUN ")) {
      keyword = "RUN";
      text.remove_prefix(4);
    }
    if (text.starts_with('|')) {
      size_t i = 1, n = 0;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && n < 100000)
        n = n * 10 + (text[i++] - '0');
      std::string_view rest;
      const std::vector<Pair> pairs = read_pairs(text.substr(i), n, rest);
      std::optional<ShellScript> script;  // parsed once, for weak names only
      for (const Pair& p : pairs) {
        std::string description, value;
        std::string kind = pair_secret(p, description, value);
        if (kind.empty() && classify_secret_name(p.name).strength == NameStrength::Weak &&
            real_value(p.value)) {
          // A weak name (KEY, PASS) is a secret when the RUN puts its value into a secret sink.
          std::string_view command = rest;
          if (command.starts_with("/bin/sh -c ")) command.remove_prefix(11);
          if (!script) script = parse_shell(command);
          const std::string evidence = sink_evidence(*script, p.name);
          if (!evidence.empty()) {
            kind = "secret-name";
            value = p.value;
            description = {};
            ImageLeak l = make_leak(ImageChannel::History, "build-arg",
                                    "build argument " + p.name + " (" + evidence + ")", value);
            l.name = p.name;
            l.history = index;
            out.push_back(std::move(l));
            continue;
          }
        }
        if (kind.empty()) continue;
        ImageLeak l =
            make_leak(ImageChannel::History, kind == "secret-name" ? "build-arg" : kind,
                      (description.empty() ? "" : description + " in ") + "build argument " + p.name, value);
        l.name = p.name;
        l.history = index;
        out.push_back(std::move(l));
      }
      text = rest;
      keyword = "RUN";
    }
    const bool env = text.starts_with("ENV ");
    const bool label = text.starts_with("LABEL ");
    if (env || label) {
      std::string_view rest;
      for (const Pair& p : read_pairs(text.substr(env ? 4 : 6), 0, rest)) {
        // The final config reports what it still holds (naming this entry too); the history alone
        // keeps an overridden value.
        if (config_pairs.contains({p.name, p.value})) {
          m_config_history.try_emplace({p.name, p.value}, index);
          continue;
        }
        std::vector<ImageLeak> found;
        add_pair_leak(p, ImageChannel::History, index, env ? "Env" : "Labels", p.name, found);
        for (ImageLeak& l : found) {
          l.what += env ? " (ENV, overridden later)" : " (LABEL, overridden later)";
          out.push_back(std::move(l));
        }
      }
      return;
    }
    for (const ValueMatch& m : literal_secrets(text)) {
      ImageLeak l =
          make_leak(ImageChannel::History, m.kind, m.description, text.substr(m.begin, m.end - m.begin));
      l.history = index;
      out.push_back(std::move(l));
    }
    // Credentials on the RUN's command lines, as LL1003 finds them in a Dockerfile.
    if (keyword == "RUN" || text.starts_with("/bin/sh -c ")) {
      std::string_view command = text;
      if (command.starts_with("/bin/sh -c ")) command.remove_prefix(11);
      const ShellScript script = parse_shell(command);
      const auto strength = [](std::string_view name) { return classify_secret_name(name).strength; };
      for (const CommandCredential& c : command_line_credentials(script, strength)) {
        ImageLeak l = make_leak(ImageChannel::History, "command-line-credential", c.what, c.secret);
        l.history = index;
        out.push_back(std::move(l));
      }
    }
  }

  void on_entry(LayerScan& scan, const image::LayerEntry& e, Stream& content) {
    const size_t slash = e.path.rfind('/');
    const std::string_view dir = std::string_view(e.path).substr(0, slash);
    const std::string_view base = std::string_view(e.path).substr(slash + 1);
    if (base == ".wh..wh..opq") {
      scan.opaque.emplace_back(dir.empty() ? "/" : dir);
      return;
    }
    if (base.starts_with(".wh.")) {
      scan.whiteouts.push_back(std::string(dir) + "/" + std::string(base.substr(4)));
      return;
    }
    scan.paths.push_back(std::hash<std::string>{}(e.path));
    if (e.type != image::EntryType::File || e.sparse || e.size <= 0) return;
    const FileVerdict verdict = classify_secret_path(e.path);
    // Text files only, up to the cap: the first bytes tell text from binary.
    std::string text;
    bool more = false;
    if (!image::read_up_to(content, std::min<uint64_t>(k_sniff, m_options.max_text_bytes), text, more))
      return;
    if (!is_text(text)) return;
    if (more) {
      std::string rest;
      bool truncated = false;
      if (!image::read_up_to(content, m_options.max_text_bytes - text.size(), rest, truncated)) return;
      text += rest;
    }
    scan_text(scan, e.path, verdict, text);
  }

  void scan_text(LayerScan& scan, const std::string& path, const FileVerdict& verdict,
                 std::string_view text) {
    const std::vector<ValueMatch> values = literal_secrets(text);
    auto file_leak = [&](const RuleInfo* rule, std::string kind, std::string what, std::string_view value) {
      ImageLeak l = make_leak(ImageChannel::Layer, std::move(kind), std::move(what), value);
      l.rule = rule;
      l.path = path;
      l.value_for_search.clear();
      scan.leaks.push_back(std::move(l));
    };
    const RuleInfo* secret_file = &image::rule_info(image::ImageRule::SecretFile);
    const RuleInfo* token_in_file = &image::rule_info(image::ImageRule::SecretInFile);
    if (verdict.secret) {
      std::string evidence;
      for (const ValueMatch& m : values) {
        evidence = std::string(text.substr(m.begin, m.end - m.begin));
        break;
      }
      if (evidence.empty()) evidence = keyword_secret(text);
      if (evidence.empty() && key_file_kind(verdict.kind)) {
        // A key file's content is the secret; a reference or a blank is not.
        std::string_view t = text;
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
        if (t.size() >= 16 && !is_placeholder_value(t)) evidence = std::string(t);
      }
      if (evidence.empty()) evidence = single_value(text);
      if (!evidence.empty()) {
        file_leak(secret_file, verdict.kind, verdict.description, evidence);
        return;
      }
    } else if (secret_named_file(path)) {
      // `/app/token`, `/app/aws-credentials` holding one value: a secret copied out of a mount.
      const std::string value = single_value(text);
      if (!value.empty()) {
        file_leak(secret_file, "secret-named-file", "a file named like a secret, holding one value", value);
        return;
      }
    }
    size_t emitted = 0;
    std::set<std::string> kinds;
    std::set<std::string_view> reported;  // each value once per file, whatever recognises it
    for (const ValueMatch& m : values) {
      if (emitted == k_leaks_per_file || !kinds.insert(m.kind).second) continue;
      const std::string_view v = text.substr(m.begin, m.end - m.begin);
      reported.insert(v);
      if (m.kind == "private-key")
        file_leak(secret_file, m.kind, m.description, v);
      else
        file_leak(token_in_file, m.kind, m.description, v);
      ++emitted;
    }
    for (const Known& k : m_known) {
      if (emitted == k_leaks_per_file) break;
      if (text.find(k.value) == std::string_view::npos || !reported.insert(k.value).second) continue;
      file_leak(token_in_file, "known-value", "the value of " + k.what, k.value);
      ++emitted;
    }
  }

  const ImageOptions& m_options;
  std::map<std::string, std::string> m_json;
  uint64_t m_json_total = 0;
  std::map<std::string, LayerScan> m_layers;
  std::vector<Known> m_known;
  // ENV/LABEL pairs of the final config -> the first history entry that records them.
  std::map<std::pair<std::string, std::string>, size_t> m_config_history;
};

// A stream whose first bytes were read already.
class PrefixStream final : public Stream {
 public:
  PrefixStream(std::string prefix, Stream& rest) : m_prefix(std::move(prefix)), m_rest(rest) {}
  ssize_t read(void* buf, size_t n) override {
    if (m_at < m_prefix.size()) {
      const size_t k = std::min(n, m_prefix.size() - m_at);
      std::memcpy(buf, m_prefix.data() + m_at, k);
      m_at += k;
      return static_cast<ssize_t>(k);
    }
    return m_rest.read(buf, n);
  }
  [[nodiscard]] std::string error() const override { return m_rest.error(); }

 private:
  std::string m_prefix;
  size_t m_at = 0;
  Stream& m_rest;
};

// --- layout ----------------------------------------------------------------------------------

struct Layout {
  std::string config;               // member or blob path
  std::vector<std::string> layers;  // member or blob paths, in order
  std::string format;
  std::string error;
};

// manifest.json (`docker save`, also written by newer Docker next to an OCI layout), else index.json.
Layout resolve_layout(const std::function<const std::string*(const std::string&)>& get) {
  Layout out;
  if (const std::string* text = get("manifest.json")) {
    json m = json::parse(*text, nullptr, false);
    if (m.is_discarded() || !m.is_array() || m.empty() || !m[0].is_object()) {
      out.error = "manifest.json: not a docker save manifest (invalid JSON or no image)";
      return out;
    }
    const json& first = m[0];
    out.format = "docker-save";
    if (first.contains("Config") && first["Config"].is_string())
      out.config = first["Config"].get<std::string>();
    if (first.contains("Layers") && first["Layers"].is_array()) {
      for (const json& l : first["Layers"]) {
        if (l.is_string()) out.layers.push_back(l.get<std::string>());
      }
    }
    if (out.config.empty()) out.error = "manifest.json: no Config";
    return out;
  }
  const std::string* text = get("index.json");
  if (!text) {
    out.error = "neither manifest.json nor index.json: not a docker save archive or an OCI image layout";
    return out;
  }
  out.format = "oci-layout";
  json index = json::parse(*text, nullptr, false);
  std::string where = "index.json";
  for (int depth = 0; depth < 4; ++depth) {
    if (index.is_discarded() || !index.is_object()) {
      out.error = where + ": invalid JSON";
      return out;
    }
    if (index.contains("layers") && index["layers"].is_array()) {
      // An image manifest.
      if (index.contains("config") && index["config"].is_object() && index["config"].contains("digest") &&
          index["config"]["digest"].is_string() &&
          !blob_path(index["config"]["digest"].get<std::string>(), out.config)) {
        out.error = where + ": bad config digest";
        return out;
      }
      for (const json& l : index["layers"]) {
        std::string p;
        if (l.is_object() && l.contains("digest") && l["digest"].is_string() &&
            blob_path(l["digest"].get<std::string>(), p))
          out.layers.push_back(p);
        else {
          out.error = where + ": bad layer digest";
          return out;
        }
      }
      if (out.config.empty()) out.error = where + ": no config";
      return out;
    }
    if (!index.contains("manifests") || !index["manifests"].is_array() || index["manifests"].empty()) {
      out.error = where + ": no manifests";
      return out;
    }
    // The first manifest for linux (the first of all when none says).
    const json* chosen = &index["manifests"][0];
    for (const json& d : index["manifests"]) {
      if (d.is_object() && d.contains("platform") && d["platform"].is_object() &&
          d["platform"].value("os", "") == "linux") {
        chosen = &d;
        break;
      }
    }
    std::string path;
    if (!chosen->is_object() || !chosen->contains("digest") || !(*chosen)["digest"].is_string() ||
        !blob_path((*chosen)["digest"].get<std::string>(), path)) {
      out.error = where + ": bad manifest digest";
      return out;
    }
    const std::string* next = get(path);
    if (!next) {
      out.error = where + ": manifest blob " + path + " is missing";
      return out;
    }
    where = path;
    index = json::parse(*next, nullptr, false);
  }
  out.error = "index.json: manifests nested too deeply";
  return out;
}

// --- assembling the report ---------------------------------------------------------------------

void decide_base(ImageReport& r, const json& config, const ImageOptions& options) {
  if (options.base_layers) {
    r.base_layers = std::min(*options.base_layers, r.layers.size());
    r.base_reason = "--base-layers";
  } else if (config.contains("history") && config["history"].is_array()) {
    // The run of BuildKit entries at the end is this build's; what comes before is the base image's.
    const json& h = config["history"];
    size_t first_own = h.size();
    while (first_own > 0) {
      const json& e = h[first_own - 1];
      const bool buildkit = e.is_object() && e.contains("comment") && e["comment"].is_string() &&
                            e["comment"].get<std::string>() == "buildkit.dockerfile.v0";
      if (!buildkit) break;
      --first_own;
    }
    if (first_own > 0) {
      size_t layers = 0;
      for (size_t i = 0; i < first_own; ++i) {
        if (!r.history[i].empty_layer) ++layers;
      }
      r.base_layers = std::min(layers, r.layers.size());
      r.base_reason = "history";
    } else {
      r.base_reason = "unknown (pass --base-layers N or --dockerfile)";
    }
  }
  for (size_t i = 0; i < r.layers.size(); ++i) r.layers[i].base = i < r.base_layers;
  for (ImageHistoryEntry& e : r.history) e.base = e.layer ? *e.layer < r.base_layers : false;
  // An empty-layer entry belongs to the base when the layer after it does.
  std::optional<size_t> next_layer;
  for (size_t i = r.history.size(); i-- > 0;) {
    if (r.history[i].layer)
      next_layer = r.history[i].layer;
    else if (next_layer)
      r.history[i].base = *next_layer < r.base_layers;
    else
      r.history[i].base = false;
  }
}

bool under(std::string_view path, std::string_view dir) {
  if (dir == "/") return true;
  return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

// The first later layer that deletes or replaces `path`.
std::optional<size_t> hidden_by(const std::vector<const LayerScan*>& layers, size_t index,
                                const std::string& path) {
  const uint64_t h = std::hash<std::string>{}(path);
  for (size_t j = index + 1; j < layers.size(); ++j) {
    const LayerScan* s = layers[j];
    if (!s) continue;
    if (std::binary_search(s->paths.begin(), s->paths.end(), h)) return j;
    for (const std::string& w : s->whiteouts) {
      if (w == path || under(path, w)) return j;
    }
    for (const std::string& d : s->opaque) {
      if (under(path, d)) return j;
    }
  }
  return std::nullopt;
}

// A member name through the archive's symbolic links (a bounded number of them: links may loop).
std::string follow(const std::map<std::string, std::string>& links, std::string name) {
  for (int hops = 0; hops < 8; ++hops) {
    auto it = links.find(name);
    if (it == links.end()) break;
    name = it->second;
  }
  return name;
}

std::string layer_label(const ImageReport& r, size_t i) {
  return fmt::format("layer {} ({})", i + 1, image::short_digest(r.layers[i].digest));
}

void finish(ImageReport& r, Scanner& scanner, const Layout& layout, const json& config,
            const ImageOptions& options, const std::map<std::string, std::string>& links) {
  std::vector<std::string> diff_ids;
  if (config.contains("rootfs") && config["rootfs"].is_object() && config["rootfs"].contains("diff_ids") &&
      config["rootfs"]["diff_ids"].is_array()) {
    for (const json& d : config["rootfs"]["diff_ids"])
      diff_ids.push_back(d.is_string() ? d.get<std::string>() : "");
  }
  std::vector<const LayerScan*> scans;
  for (size_t i = 0; i < layout.layers.size(); ++i) {
    ImageLayerInfo info;
    info.member = layout.layers[i];
    info.digest = i < diff_ids.size() && !diff_ids[i].empty() ? diff_ids[i] : layout.layers[i];
    const LayerScan* s = scanner.layer(follow(links, layout.layers[i]));
    scans.push_back(s);
    if (s) {
      info.read = s->read;
      info.files = s->stats.entries;
      info.bytes = s->stats.uncompressed;
    }
    r.layers.push_back(std::move(info));
  }
  if (!diff_ids.empty() && diff_ids.size() != layout.layers.size())
    r.errors.push_back({"config", fmt::format("rootfs.diff_ids lists {} layers, the manifest {}",
                                              diff_ids.size(), layout.layers.size())});
  // History entries that made a layer, in order.
  size_t next = 0;
  for (size_t i = 0; i < r.history.size(); ++i) {
    if (r.history[i].empty_layer || next >= r.layers.size()) continue;
    r.history[i].layer = next;
    r.layers[next].history = i;
    ++next;
  }
  decide_base(r, config, options);
  for (size_t i = 0; i < scans.size(); ++i) {
    const std::string where = layer_label(r, i);
    if (!scans[i]) {
      r.errors.push_back({where, "blob " + layout.layers[i] + " is missing from the image"});
      continue;
    }
    if (!scans[i]->error.empty())
      r.errors.push_back({where, scans[i]->error + " (the layer was read up to there)"});
    if (scans[i]->stats.bad_names)
      r.errors.push_back(
          {where, fmt::format("{} member name(s) leave the image root (the first: {}); skipped",
                              scans[i]->stats.bad_names, scans[i]->stats.first_bad_name)});
    for (ImageLeak l : scans[i]->leaks) {
      l.layer = i;
      l.history = r.layers[i].history;
      l.base = r.layers[i].base;
      l.hidden_by = hidden_by(scans, i, l.path);
      if (l.hidden_by) l.channel = ImageChannel::Hidden;
      r.leaks.push_back(std::move(l));
    }
  }
  for (ImageLeak& l : r.leaks) {
    if (!l.layer && l.history && *l.history < r.history.size()) l.base = r.history[*l.history].base;
    l.value_for_search.clear();
    l.value_for_search.shrink_to_fit();
    if (l.base && l.severity == Severity::Error) l.severity = Severity::Warning;
  }
  std::stable_sort(r.leaks.begin(), r.leaks.end(), [](const ImageLeak& a, const ImageLeak& b) {
    auto key = [](const ImageLeak& l) {
      return std::make_tuple(l.base, l.layer.value_or(SIZE_MAX), l.history.value_or(SIZE_MAX), l.path);
    };
    return key(a) < key(b);
  });
}

// The members of an archive under their image names ("blobs/sha256/…"); names that leave the root
// are not members of the image.
std::string walk_members(Stream& input,
                         const std::function<void(const std::string&, int64_t, Stream&)>& visit,
                         std::map<std::string, std::string>& links) {
  return image::walk_archive(
      input,
      [&](const std::string& name, int64_t size, Stream& data) {
        bool escapes = false;
        const std::string n = image::normalise_member(name, escapes);
        if (!escapes && !n.empty()) visit(n.substr(1), size, data);
      },
      [&](const std::string& name, const std::string& target) {
        // A relative target resolves against the link's folder; one that leaves the archive is ignored.
        bool escapes = false;
        const std::string n = image::normalise_member(name, escapes);
        if (escapes || n.empty()) return;
        // Resolve `..` against the link's folder; a target that climbs out of the archive is dropped.
        std::vector<std::string> parts;
        std::string_view rest = n;
        rest.remove_prefix(1);
        while (rest.find('/') != std::string_view::npos) {
          parts.emplace_back(rest.substr(0, rest.find('/')));
          rest.remove_prefix(rest.find('/') + 1);
        }
        if (target.starts_with('/')) parts.clear();
        std::string_view t = target;
        while (!t.empty()) {
          const size_t slash = t.find('/');
          const std::string_view part = t.substr(0, slash);
          t = slash == std::string_view::npos ? std::string_view{} : t.substr(slash + 1);
          if (part.empty() || part == ".") continue;
          if (part == "..") {
            if (parts.empty()) return;
            parts.pop_back();
          } else {
            parts.emplace_back(part);
          }
        }
        std::string resolved;
        for (const std::string& p : parts) resolved += (resolved.empty() ? "" : "/") + p;
        if (!resolved.empty()) links[n.substr(1)] = resolved;
      });
}

std::string read_small_file(const std::filesystem::path& p, std::string& error) {
  std::unique_ptr<Stream> s = image::open_file_stream(p.string(), error);
  if (!s) return {};
  std::string out;
  bool truncated = false;
  if (!image::read_up_to(*s, k_json_cap, out, truncated)) error = s->error();
  if (truncated) error = "larger than 16 MiB";
  return out;
}

}  // namespace

std::string_view image_channel_name(ImageChannel c) {
  switch (c) {
    case ImageChannel::History: return "history";
    case ImageChannel::Config: return "config";
    case ImageChannel::Layer: return "layer";
    case ImageChannel::Hidden: return "hidden";
  }
  return "layer";
}

ImageReport scan_image(const ImageSource& source, const ImageOptions& options) {
  ImageReport r;
  r.image = source.display.empty() ? source.path : source.display;
  Scanner scanner(options);
  if (!source.prefetched_config_json.empty()) scanner.learn_known(source.prefetched_config_json);
  Layout layout;
  std::string config_text;
  namespace fs = std::filesystem;
  std::error_code ec;

  auto finish_config = [&](const std::string* text, const std::string& name) -> json {
    if (!text) {
      r.errors.push_back({"config", "the config blob " + name + " is missing"});
      return json::object();
    }
    json config = json::parse(*text, nullptr, false);
    if (config.is_discarded() || !config.is_object()) {
      r.errors.push_back({"config", name + ": invalid JSON"});
      return json::object();
    }
    return config;
  };

  if (source.fd < 0 && fs::is_directory(source.path, ec)) {
    // An OCI image layout directory: blobs are files, read on demand.
    const fs::path root(source.path);
    std::map<std::string, std::string> cache;
    std::string read_error;
    auto get = [&](const std::string& name) -> const std::string* {
      auto it = cache.find(name);
      if (it != cache.end()) return &it->second;
      if (!fs::is_regular_file(root / name, ec)) return nullptr;
      std::string error;
      std::string text = read_small_file(root / name, error);
      if (!error.empty()) {
        r.errors.push_back({name, error});
        return nullptr;
      }
      return &cache.emplace(name, std::move(text)).first->second;
    };
    layout = resolve_layout(get);
    r.format = layout.format == "docker-save" ? "docker-save" : "oci-layout";
    if (!layout.error.empty()) {
      r.errors.push_back({source.path, layout.error});
      return r;
    }
    r.config_digest = layout.config;
    const json config = finish_config(get(layout.config), layout.config);
    scanner.read_config(config, r.leaks, r.history, true);
    for (const std::string& member : layout.layers) {
      if (scanner.has_layer(member)) continue;
      std::string error;
      std::unique_ptr<Stream> s = image::open_file_stream((root / member).string(), error);
      if (!s) continue;  // reported as missing
      scanner.scan_layer(member, *s);
    }
    finish(r, scanner, layout, config, options, {});
    return r;
  }

  const bool stream = source.fd >= 0;
  std::unique_ptr<Stream> input;
  std::string open_error;
  if (stream)
    input = image::fd_stream(source.fd);
  else
    input = image::open_file_stream(source.path, open_error);
  if (!input) {
    r.errors.push_back({r.image, open_error});
    return r;
  }
  std::map<std::string, std::string> links;  // symbolic-link members -> their targets
  auto get = [&](const std::string& name) { return scanner.json_text(follow(links, name)); };
  // The layout and the config once the JSON members are in; false when there is no layout.
  json config;
  auto resolve = [&](bool learn) {
    layout = resolve_layout(get);
    if (!layout.error.empty()) {
      r.errors.push_back({r.image, layout.error});
      return false;
    }
    config = finish_config(get(layout.config), layout.config);
    r.config_digest = layout.config;
    scanner.read_config(config, r.leaks, r.history, learn);
    return true;
  };
  std::string walk_error;
  if (!stream) {
    // Pass 1: the JSON members only.
    walk_error = walk_members(
        *input,
        [&](const std::string& name, int64_t size, Stream& data) {
          if (scanner.wants_json(name)) scanner.keep_json(name, data, size);
        },
        links);
    if (!walk_error.empty()) r.errors.push_back({r.image, walk_error});
    if (!resolve(true)) return r;
    // Pass 2: the layers.
    input = image::open_file_stream(source.path, open_error);
    if (!input) {
      r.errors.push_back({r.image, open_error});
      return r;
    }
    std::set<std::string> wanted;
    for (const std::string& l : layout.layers) wanted.insert(follow(links, l));
    const std::string again = walk_members(
        *input,
        [&](const std::string& name, int64_t, Stream& data) {
          if (wanted.contains(name) && !scanner.has_layer(name)) scanner.scan_layer(name, data);
        },
        links);
    if (!again.empty() && again != walk_error) r.errors.push_back({r.image, again});
  } else {
    // A stream: one pass; everything that is not JSON metadata is read as a layer.
    walk_error = walk_members(
        *input,
        [&](const std::string& name, int64_t size, Stream& data) {
          // A blob may be JSON (config, manifest, index) or a layer: JSON starts with '{' or '['.
          char first = 0;
          const ssize_t got = data.read(&first, 1);
          if (got == 1 && Scanner::json_start(first) && scanner.wants_json(name)) {
            scanner.keep_json_after(name, first, data, size);
            return;
          }
          if (is_metadata_name(name)) return;
          PrefixStream layer(got == 1 ? std::string(1, first) : std::string(), data);
          scanner.scan_layer(name, layer);
        },
        links);
    if (!walk_error.empty()) r.errors.push_back({r.image, walk_error});
    if (!resolve(false)) return r;
  }
  r.format = layout.format == "oci-layout" ? "oci-archive" : layout.format;
  finish(r, scanner, layout, config, options, links);
  return r;
}

}  // namespace layerlint
