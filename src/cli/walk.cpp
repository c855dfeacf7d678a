#include "cli/walk.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "core/text.hpp"
#include "layerlint/context.hpp"

namespace layerlint {

namespace fs = std::filesystem;

namespace {

// Suffixes that make a `Dockerfile.<suffix>` something other than a Dockerfile (see walk.hpp).
constexpr std::array k_not_dockerfile_suffixes = {
    "template", "tmpl",         "tpl", "in",  "j2",   "jinja", "jinja2", "erb",  "mustache", "hbs",  "m4",
    "md",       "markdown",     "rst", "txt", "adoc", "html",  "pdf",    "png",  "jpg",      "jpeg", "gif",
    "svg",      "webp",         "ico", "bmp", "bak",  "orig",  "rej",    "swp",  "old",      "tmp",  "patch",
    "diff",     "dockerignore", "sh",  "py",  "js",   "json",  "yml",    "yaml", "toml",     "lock"};

constexpr size_t k_max_gitignore_bytes = 16 * 1024 * 1024;

// A glob character escaped, so that a folder name is matched literally inside a pattern.
std::string escape_glob(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// `rest` below `dir` as one pattern: "dir/rest", or "rest" at the top.
std::string under(std::string_view dir, std::string_view rest) {
  return dir.empty() ? std::string(rest) : escape_glob(dir) + "/" + std::string(rest);
}

DockerIgnore compile(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  std::vector<IgnoreError> errors;  // a bad glob matches nothing, as git and BuildKit skip it
  return DockerIgnore::parse(text, "", errors);
}

// One .gitignore, its patterns rewritten relative to the walk's base (the repository root). A
// pattern ending in '/' matches folders only: the walk checks it on folders, which it then skips
// whole, so files never need it.
struct GitIgnore {
  DockerIgnore any;
  DockerIgnore folders;
};

std::optional<GitIgnore> read_gitignore(const fs::path& dir, std::string_view dir_rel) {
  std::error_code ec;
  const fs::path file = dir / ".gitignore";
  if (!fs::is_regular_file(file, ec) || fs::file_size(file, ec) > k_max_gitignore_bytes || ec)
    return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::vector<std::string> any, folders;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    while (!line.empty() && line.back() == ' ' && !(line.size() > 1 && line[line.size() - 2] == '\\'))
      line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const bool negated = line.front() == '!';
    std::string_view pattern(line);
    if (negated) pattern.remove_prefix(1);
    const bool folders_only = pattern.ends_with('/');
    while (pattern.ends_with('/')) pattern.remove_suffix(1);
    if (pattern.empty()) continue;
    // With a '/' before the end, a pattern is relative to its .gitignore; without, it matches at any depth.
    const bool anchored = pattern.find('/') != std::string_view::npos;
    if (pattern.front() == '/') pattern.remove_prefix(1);
    std::string rewritten = under(dir_rel, anchored ? std::string(pattern) : "**/" + std::string(pattern));
    if (negated) rewritten.insert(0, "!");
    (folders_only ? folders : any).push_back(std::move(rewritten));
  }
  if (any.empty() && folders.empty()) return std::nullopt;
  return GitIgnore{compile(any), compile(folders)};
}

std::string relative_text(const fs::path& path, const fs::path& base) {
  const fs::path rel = path.lexically_relative(base);
  const std::string s = rel.generic_string();
  return rel.empty() || s == "." || s.starts_with("..") ? std::string() : s;
}

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec).lexically_normal();
  if (!a.has_filename() && a.has_parent_path() && a != a.root_path()) a = a.parent_path();
  return a;
}

}  // namespace

bool is_dockerfile_name(std::string_view name) {
  const std::string n = ascii_lower(name);
  if (n == "dockerfile" || n == "containerfile" || n.ends_with(".dockerfile") ||
      n.ends_with(".containerfile"))
    return true;
  if (!n.starts_with("dockerfile.") && !n.starts_with("containerfile.")) return false;
  const std::string_view suffix = std::string_view(n).substr(n.rfind('.') + 1);
  return std::find(k_not_dockerfile_suffixes.begin(), k_not_dockerfile_suffixes.end(), suffix) ==
         k_not_dockerfile_suffixes.end();
}

bool is_compose_name(std::string_view name) {
  const std::string n = ascii_lower(name);
  const bool yaml = n.ends_with(".yml") || n.ends_with(".yaml");
  return yaml && (n.starts_with("compose.") || n.starts_with("docker-compose.") ||
                  n.starts_with("compose-") || n.starts_with("docker-compose-"));
}

struct ExcludeGlobs::Compiled {
  struct Anchored {
    fs::path base;
    DockerIgnore relative;  // matched from `base` and from the walked folder
  };
  std::vector<Anchored> relative;
  DockerIgnore absolute;  // matched on the absolute path
  bool empty = true;
};

ExcludeGlobs::ExcludeGlobs(const std::vector<std::string>& globs, const fs::path& base)
    : ExcludeGlobs(
          [&] {
            std::vector<ExcludeEntry> entries;
            entries.reserve(globs.size());
            for (const std::string& glob : globs) entries.push_back({glob, {}});
            return entries;
          }(),
          base) {}

ExcludeGlobs::ExcludeGlobs(const std::vector<ExcludeEntry>& globs, const fs::path& base) {
  auto c = std::make_shared<Compiled>();
  std::map<fs::path, std::vector<std::string>> relative;  // by anchor
  std::vector<std::string> absolute;
  for (const ExcludeEntry& entry : globs) {
    std::string_view g(entry.glob);
    while (g.ends_with('/') && g.size() > 1) g.remove_suffix(1);
    if (g.empty()) continue;
    // A leading '!' or '#' is taken literally, not as an ignore file's exception or comment.
    auto literal_start = [](std::string_view s) {
      return s.starts_with('!') || s.starts_with('#') ? "\\" + std::string(s) : std::string(s);
    };
    if (g.front() == '/') {
      absolute.push_back(literal_start(g.substr(1)));
      continue;
    }
    while (g.starts_with("./")) g.remove_prefix(2);
    if (g.empty() || g == ".") continue;
    relative[absolute_normal(entry.base.empty() ? base : fs::path(entry.base))].push_back(
        g.find('/') == std::string_view::npos ? "**/" + std::string(g) : literal_start(g));
  }
  c->empty = relative.empty() && absolute.empty();
  for (const auto& [anchor, lines] : relative) c->relative.push_back({anchor, compile(lines)});
  c->absolute = compile(absolute);
  m_compiled = std::move(c);
}

bool ExcludeGlobs::empty() const { return m_compiled->empty; }

bool ExcludeGlobs::excluded(const fs::path& path, const fs::path& walk_root) const {
  if (m_compiled->empty) return false;
  const fs::path abs = absolute_normal(path);
  const std::string abs_text = abs.generic_string();
  if (m_compiled->absolute.pattern_count() > 0 && m_compiled->absolute.excluded(abs_text.substr(1)))
    return true;
  const std::string from_walk_root = relative_text(abs, absolute_normal(walk_root));
  for (const Compiled::Anchored& anchored : m_compiled->relative) {
    for (const std::string& rel : {relative_text(abs, anchored.base), from_walk_root}) {
      if (!rel.empty() && anchored.relative.excluded(rel)) return true;
    }
  }
  return false;
}

std::vector<std::string> walk_for_lintable_files(const fs::path& root, const WalkOptions& options,
                                                 std::vector<std::string>& errors) {
  const fs::path abs_root = absolute_normal(root);
  const fs::path base = git_work_tree(abs_root).value_or(abs_root);
  // The .gitignore files in force, each with the depth of the folder below `root` that holds it
  // (those of `root`'s parents up to the repository root at depth 0).
  struct Layer {
    size_t depth;
    GitIgnore ignore;
  };
  std::vector<Layer> layers;
  if (base != abs_root && options.honor_gitignore) {
    std::vector<fs::path> parents;
    for (fs::path p = abs_root.parent_path(); p.string().size() >= base.string().size();
         p = p.parent_path()) {
      parents.push_back(p);
      if (p == base || p == p.parent_path()) break;
    }
    std::reverse(parents.begin(), parents.end());
    for (const fs::path& p : parents) {
      if (auto g = read_gitignore(p, relative_text(p, base))) layers.push_back({0, std::move(*g)});
    }
  }
  auto ignored = [&](const std::string& rel, bool folder) {
    return std::any_of(layers.begin(), layers.end(), [&](const Layer& l) {
      return l.ignore.any.excluded(rel) || (folder && l.ignore.folders.excluded(rel));
    });
  };
  auto excluded = [&](const fs::path& p) { return options.excluded && options.excluded(p, root); };

  std::vector<std::string> found;
  struct Folder {
    fs::path shown;   // as walked: below `root` as given
    std::string rel;  // relative to `base`
    size_t depth;
  };
  std::vector<Folder> stack{{root, relative_text(abs_root, base), 1}};
  while (!stack.empty()) {
    Folder folder = std::move(stack.back());
    stack.pop_back();
    std::erase_if(layers, [&](const Layer& l) { return l.depth >= folder.depth; });
    if (options.honor_gitignore) {
      if (auto g = read_gitignore(folder.shown, folder.rel)) layers.push_back({folder.depth, std::move(*g)});
    }
    std::error_code ec;
    fs::directory_iterator it(folder.shown, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      errors.push_back(fmt::format("{}: {}", folder.shown.generic_string(), ec.message()));
      continue;
    }
    std::vector<Folder> below;
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors.push_back(fmt::format("{}: {}", folder.shown.generic_string(), ec.message()));
        break;
      }
      const fs::path& path = it->path();
      const std::string name = path.filename().string();
      const std::string rel = folder.rel.empty() ? name : folder.rel + "/" + name;
      std::error_code type_ec;
      // Symbolic links to folders are not followed, as before: a link may point anywhere.
      if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
        if (name != ".git" && name != "node_modules" && !ignored(rel, true) && !excluded(path))
          below.push_back({path, rel, folder.depth + 1});
        continue;
      }
      if (!it->is_regular_file(type_ec)) continue;
      if ((is_dockerfile_name(name) || is_compose_name(name)) && !ignored(rel, false) && !excluded(path))
        found.push_back(path.generic_string());
    }
    // Depth first, in name order (the list is sorted at the end all the same).
    std::sort(below.begin(), below.end(), [](const Folder& a, const Folder& b) { return a.rel > b.rel; });
    for (Folder& f : below) stack.push_back(std::move(f));
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::optional<fs::path> git_work_tree(const fs::path& dir) {
  std::error_code ec;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace layerlint
