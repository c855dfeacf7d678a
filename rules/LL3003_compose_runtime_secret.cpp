// LL3003 compose-runtime-secret: a Compose file commits a runtime secret: a literal in a service's
// `environment:`, or an `env_file:` that holds secrets and that git does not ignore.
#include <fnmatch.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/text.hpp"
#include "layerlint/compose.hpp"
#include "layerlint/rule.hpp"
#include "layerlint/secrets.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

namespace fs = std::filesystem;

// Env files larger than this are not read: they are not env files.
constexpr std::uintmax_t k_max_env_file_bytes = 1 << 20;

// What makes a NAME=value a committed secret: the value's format, or a secret name with a literal
// value that is no placeholder. "" when it is not one.
std::string secret_kind(std::string_view name, std::string_view value) {
  if (value.empty() || has_interpolation(value)) return "";
  if (const auto matches = find_secret_values(value); !matches.empty()) return matches.front().description;
  const NameStrength strength = classify_secret_name(name).strength;
  if (is_secret_name(strength) && !is_placeholder_value(value)) return "secret";
  return "";
}

// The folder of the git work tree that holds `path` (a `.git` directory or file above it).
std::optional<fs::path> work_tree_of(const fs::path& path) {
  std::error_code ec;
  for (fs::path dir = path.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir;
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

// Whether a .gitignore between the file's folder and the work tree's root ignores `file` (its
// patterns, with `!` exceptions; a pattern without '/' matches the name at any depth). The last
// matching pattern decides, deeper files over shallower ones.
bool git_ignored(const fs::path& file, const fs::path& root) {
  std::vector<fs::path> dirs;
  for (fs::path dir = file.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    dirs.push_back(dir);
    if (dir == root || dir == dir.parent_path()) break;
  }
  std::optional<bool> ignored;
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
    std::ifstream in(*it / ".gitignore");
    const std::string rel = file.lexically_relative(*it).generic_string();
    const std::string name = file.filename().string();
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const bool negate = line[0] == '!';
      std::string pattern = negate ? line.substr(1) : line;
      while (!pattern.empty() && pattern.back() == '/') pattern.pop_back();
      if (pattern.empty()) continue;
      const bool anchored = pattern.find('/') != std::string::npos;
      if (pattern[0] == '/') pattern.erase(0, 1);
      const bool match = anchored ? fnmatch(pattern.c_str(), rel.c_str(), FNM_PATHNAME) == 0
                                  : fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
      if (match) ignored = !negate;
    }
  }
  return ignored.value_or(false);
}

struct EnvFileSecret {
  std::string name;
  std::string kind;
  uint32_t line = 0;
};

// The first secret of an env file's NAME=value lines.
std::optional<EnvFileSecret> first_secret(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > k_max_env_file_bytes || ec)
    return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  uint32_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string_view text = line;
    const size_t first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos || text[first] == '#') continue;
    text.remove_prefix(first);
    if (text.starts_with("export ")) text.remove_prefix(7);
    const size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string_view value = text.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    const std::string name(text.substr(0, eq));
    if (std::string kind = secret_kind(name, value); !kind.empty())
      return EnvFileSecret{name, std::move(kind), line_no};
  }
  return std::nullopt;
}

class ComposeRuntimeSecret final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{
        "LL3003",
        "compose-runtime-secret",
        Severity::Error,
        "a compose file commits a runtime secret: an environment literal or a tracked "
        "env_file",
        "security,secrets,compose",
        8.0,
        "LL3003_compose_runtime_secret.md"};
    return k_info;
  }

  void check_compose(const ComposeFile& compose, std::vector<Finding>& out) const override {
    for (const ComposeService& service : compose.services) {
      for (const ComposeBuildArg& var : service.environment) {
        if (!var.value) continue;
        const std::string kind = secret_kind(var.name.value, var.value->value);
        if (kind.empty()) continue;
        Finding f =
            make_finding(var.value->range,
                         fmt::format("environment variable {} of service {} is a literal {} ({}), "
                                     "committed with the compose file",
                                     var.name.value, service.name.value, kind, redact(var.value->value)));
        f.sensitive.push_back(var.value->range);
        f.fix = environment_fix(service, var.name.value);
        out.push_back(std::move(f));
      }
      if (!compose.source) continue;
      const fs::path base = fs::path(compose.source->path()).parent_path();
      for (const Word& env_file : service.env_files) {
        if (env_file.value.empty() || has_interpolation(env_file.value)) continue;
        const fs::path path = (base / env_file.value).lexically_normal();
        const std::optional<EnvFileSecret> secret = first_secret(path);
        if (!secret) continue;
        const std::optional<fs::path> root = work_tree_of(fs::absolute(path));
        if (!root || git_ignored(fs::absolute(path), *root)) continue;
        Finding f = make_finding(
            env_file.range,
            fmt::format("env_file {} of service {} holds a {} ({}, line {}) and git does not "
                        "ignore it: it is committed with the compose file",
                        env_file.value, service.name.value, secret->kind, secret->name, secret->line));
        f.fix = env_file_fix(service, env_file.value);
        out.push_back(std::move(f));
      }
    }
  }

 private:
  static Fix environment_fix(const ComposeService& service, const std::string& name) {
    Fix fix;
    fix.title =
        fmt::format("take {} from the host's environment (`{}: ${{{}}}`) and revoke the committed value",
                    name, name, name);
    fix.applicability = Applicability::DisplayOnly;
    fix.advice.strategy = "runtime";
    fix.advice.rewritten = fmt::format("services:\n  {}:\n    environment:\n      {}: ${{{}}}\n",
                                       service.name.value, name, name);
    fix.advice.alternatives = {
        "an env file that git ignores (`env_file: .env` with `.env` in .gitignore)",
        fmt::format("Compose `secrets:` (a file or the host's environment), mounted at /run/secrets/{}, for "
                    "an image that reads {}_FILE",
                    ascii_lower(name), name),
    };
    fix.advice.notes.push_back("the value is in the repository's history: revoke it and issue a new one");
    return fix;
  }

  static Fix env_file_fix(const ComposeService& service, const std::string& file) {
    Fix fix;
    fix.title =
        fmt::format("add {} to .gitignore, remove it from git (`git rm --cached {}`), and revoke its secrets",
                    file, file);
    fix.applicability = Applicability::DisplayOnly;
    fix.advice.strategy = "runtime";
    fix.advice.alternatives = {
        fmt::format("`${{VAR}}` in the `environment:` of service {}, set on the host", service.name.value),
        "Compose `secrets:` from a file kept out of git",
    };
    fix.advice.notes.push_back("the values are in the repository's history: revoke them and issue new ones");
    return fix;
  }
};

}  // namespace

const Rule& rule_LL3003() {
  static const ComposeRuntimeSecret k_rule;
  return k_rule;
}

}  // namespace layerlint
