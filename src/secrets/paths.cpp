// classify_secret_path: file names and trailing path components from rules/secret-files.yaml.
#include <algorithm>

#include "layerlint/secrets.hpp"
#include "secrets/secret_data.hpp"
#include "secrets/yaml_util.hpp"

namespace layerlint {

namespace {

// Paths longer than this are not file names anyone copies; they are not classified.
constexpr std::size_t k_max_path_length = 4096;

bool glob_match(std::string_view pattern, std::string_view text);

// Name globs sorted by shape when loaded, so that matching a name is a hash lookup and a few
// prefix/suffix comparisons rather than one glob walk per pattern.
class GlobList {
 public:
  GlobList() = default;
  explicit GlobList(const std::vector<std::string>& patterns) {
    for (const std::string& p : patterns) {
      const size_t wild = p.find_first_of("*?[");
      if (wild == std::string::npos) {
        m_exact.push_back(p);
      } else if (p[0] == '*' && p.find_first_of("*?[", 1) == std::string::npos) {
        m_suffixes.push_back(p.substr(1));
      } else if (wild == p.size() - 1 && p.back() == '*') {
        m_prefixes.push_back(p.substr(0, p.size() - 1));
      } else {
        m_globs.push_back(p);
      }
    }
  }

  // `text` is lower-case.
  [[nodiscard]] bool match(std::string_view text) const {
    for (const std::string& e : m_exact) {
      if (text == e) return true;
    }
    for (const std::string& suffix : m_suffixes) {
      if (text.ends_with(suffix)) return true;
    }
    for (const std::string& prefix : m_prefixes) {
      if (text.starts_with(prefix)) return true;
    }
    return std::any_of(m_globs.begin(), m_globs.end(),
                       [&](const std::string& g) { return glob_match(g, text); });
  }

 private:
  std::vector<std::string> m_exact, m_suffixes, m_prefixes, m_globs;
};

struct FileEntry {
  std::string kind;
  std::string description;
  GlobList names;                               // basename globs, lower-case
  std::vector<std::vector<std::string>> paths;  // trailing component globs, lower-case
  std::vector<std::string> dirs;                // lower-case
  std::vector<std::string> glob_examples;       // lower-case
};

struct FileData {
  std::vector<std::string> exclude;  // as written, for glob examples
  GlobList excluded;
  std::vector<FileEntry> files;
};

std::vector<std::string> split_components(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view part = path.substr(start, slash - start);
    if (!part.empty() && part != ".") out.emplace_back(part);
    start = slash + 1;
  }
  return out;
}

FileData load_files() {
  FileData data;
  const DataNode root = secrets::load_embedded_yaml("secret-files.yaml");
  if (!root.is_map()) return data;
  data.exclude = secrets::lower_list(root["exclude"]);
  data.excluded = GlobList(data.exclude);
  if (const DataNode files = root["files"]; files.is_sequence()) {
    for (const DataNode& node : files) {
      if (!node.is_map()) continue;
      FileEntry entry;
      entry.kind = secrets::scalar_or(node["kind"], "");
      if (entry.kind.empty()) continue;
      entry.description = secrets::scalar_or(node["description"], entry.kind);
      entry.names = GlobList(secrets::lower_list(node["names"]));
      for (const std::string& p : secrets::lower_list(node["paths"]))
        entry.paths.push_back(split_components(p));
      entry.dirs = secrets::lower_list(node["dirs"]);
      entry.glob_examples = secrets::lower_list(node["glob_examples"]);
      data.files.push_back(std::move(entry));
    }
  }
  return data;
}

const FileData& file_data() {
  static const FileData k_data = load_files();
  return k_data;
}

char lower_char(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// '*' and '?' globs, case-insensitive (pattern already lower-case). Greedy with one backtrack
// point, so it is O(pattern * text) at worst on these short names.
bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == lower_char(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool has_glob(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

bool any_glob(const std::vector<std::string>& patterns, std::string_view text) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return glob_match(p, text); });
}

bool tail_matches(const std::vector<std::string>& pattern, const std::vector<std::string>& components) {
  if (pattern.empty() || pattern.size() > components.size()) return false;
  const std::size_t offset = components.size() - pattern.size();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!glob_match(pattern[i], components[offset + i])) return false;
  }
  return true;
}

FileVerdict verdict(const FileEntry& entry) { return {true, entry.kind, entry.description}; }

std::string_view trim_path(std::string_view v) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    v = v.substr(1, v.size() - 2);
  }
  return v;
}

}  // namespace

FileVerdict classify_secret_path(std::string_view raw) {
  const std::string_view trimmed = trim_path(raw);
  if (trimmed.empty() || trimmed.size() > k_max_path_length) return {};
  if (trimmed.find("://") != std::string_view::npos) return {};

  std::string path(trimmed);
  std::replace(path.begin(), path.end(), '\\', '/');
  std::vector<std::string> components = split_components(path);
  if (!components.empty() && components.front().starts_with("~")) components.erase(components.begin());
  if (components.empty()) return {};
  for (std::string& c : components) c = secrets::to_lower(c);

  const FileData& data = file_data();
  const std::string& base = components.back();
  if (data.excluded.match(base)) return {};

  if (has_glob(base)) {
    // A glob stands for the files it can match: only distinctive entries list examples for it
    // (COPY *.pem is a secret, COPY *.json is not). Everything inside a secret directory is too.
    if (base.find_first_not_of("*?") == std::string::npos) {
      if (components.size() < 2) return {};
      const std::string& parent = components[components.size() - 2];
      for (const FileEntry& entry : data.files) {
        if (std::find(entry.dirs.begin(), entry.dirs.end(), parent) != entry.dirs.end())
          return verdict(entry);
      }
      return {};
    }
    for (const FileEntry& entry : data.files) {
      for (const std::string& example : entry.glob_examples) {
        if (glob_match(base, example) && !any_glob(data.exclude, example)) return verdict(entry);
      }
    }
    return {};
  }

  for (const FileEntry& entry : data.files) {
    if (entry.names.match(base)) return verdict(entry);
    for (const auto& tail : entry.paths) {
      if (tail_matches(tail, components)) return verdict(entry);
    }
    if (std::find(entry.dirs.begin(), entry.dirs.end(), base) != entry.dirs.end()) return verdict(entry);
  }
  return {};
}

}  // namespace layerlint
