// Which files a directory walk lints, and which paths it skips.
//
// The walk lints Dockerfiles and Compose files only, by name (case-insensitive):
//  - `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.Containerfile`;
//  - `Dockerfile.*` and `Containerfile.*` unless the last suffix says the file is something else:
//    a template (`.template`, `.tmpl`, `.tpl`, `.in`, `.j2`, `.jinja`, `.jinja2`, `.erb`, `.mustache`,
//    `.hbs`, `.m4`), a document (`.md`, `.markdown`, `.rst`, `.txt`, `.adoc`, `.html`, `.pdf`), an
//    image (`.png`, `.jpg`, `.jpeg`, `.gif`, `.svg`, `.webp`, `.ico`, `.bmp`), a backup or a patch
//    (`.bak`, `.orig`, `.rej`, `.swp`, `.old`, `.tmp`, `.patch`, `.diff`), BuildKit's per-Dockerfile
//    `.dockerignore`, or code and data (`.sh`, `.py`, `.js`, `.json`, `.yml`, `.yaml`, `.toml`,
//    `.lock`);
//  - `compose.y(a)ml`, `compose.*.y(a)ml`, `compose-*.y(a)ml`, `docker-compose[.-]*.y(a)ml`.
// It skips `.git` and `node_modules`, what the `.gitignore` files of the walked folders and of their
// parents up to the repository root ignore (unless --no-ignore), and what the --exclude globs and
// the `exclude` globs of the config that governs each path match.
// A path given on the command line is always linted, whatever its name.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/config.hpp"

namespace layerlint {

// The git work tree at or above `dir` (the folder that holds `.git`), if any. `dir` is absolute.
std::optional<std::filesystem::path> git_work_tree(const std::filesystem::path& dir);

bool is_dockerfile_name(std::string_view name);
bool is_compose_name(std::string_view name);

// --exclude and config `exclude` globs, BuildKit's .dockerignore syntax (`*`, `?`, `[...]`, `**` at
// any depth). A glob without '/' matches a file or folder name at any depth; one with '/' matches
// from the working directory or from the walked folder, with or without a leading `./`; an absolute
// glob matches the absolute path. A folder that matches is skipped whole.
class ExcludeGlobs {
 public:
  // `base` anchors globs with '/' (the working directory, or a config file's folder).
  ExcludeGlobs(const std::vector<std::string>& globs, const std::filesystem::path& base);
  // A config's globs, each anchored at its entry's base (the folder of the config that wrote it,
  // which differs from the config's own along an `extend` chain); `base` anchors those without one.
  ExcludeGlobs(const std::vector<ExcludeEntry>& globs, const std::filesystem::path& base);
  [[nodiscard]] bool empty() const;
  // `path` as walked (relative to the working directory or absolute); `walk_root` the folder given.
  [[nodiscard]] bool excluded(const std::filesystem::path& path,
                              const std::filesystem::path& walk_root) const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> m_compiled;
};

struct WalkOptions {
  // Whether a file or folder met in the walk is skipped (a skipped folder is skipped whole): `path`
  // as walked, `root` the folder given. Unset: nothing is.
  std::function<bool(const std::filesystem::path& path, const std::filesystem::path& root)> excluded;
  bool honor_gitignore = true;  // false (--no-ignore): what .gitignore files ignore is linted too
};

// The files a walk of `root` lints, sorted; `errors` gets what could not be read.
std::vector<std::string> walk_for_lintable_files(const std::filesystem::path& root,
                                                 const WalkOptions& options,
                                                 std::vector<std::string>& errors);

}  // namespace layerlint
