// The project configuration file, `.layerlint.yaml` (or `.layerlint.yml`).
//
// Schema (every key is optional; an empty file is a valid empty config; docs/config.md has the
// reference with a full example):
//
//   extend: ../.layerlint.yaml          # a base config, relative to this file's folder (see below)
//   select: [LL1001, secret-env]        # run only these rules (ids or slugs, case-insensitive)
//   ignore: [LL2001]                    # never run these
//   severity: { LL1008: error, secret-arg: info }   # error | warning | info
//   allow:
//     names: [MY_PUBLIC_TOKEN_ID]       # variable names never treated as secrets (case-insensitive)
//     values: ['test-[0-9]+']           # RE2 patterns; a value matching one in full is never reported
//   patterns:                           # extra secret-value formats (RE2)
//     - id: acme-api-key                # required, unique
//       description: ACME API key       # optional, defaults to the id
//       regex: 'acme_[A-Za-z0-9]{32}'   # required; must not match the empty string
//   fix-strategy: network               # multi-stage | network | host-side
//   builder: compose                    # docker | buildx | compose | podman | buildah |
//                                       # github-actions | gitlab-ci | classic
//   fail-level: error                   # error | warning | info | none
//   exclude: ['vendor/**', '**/testdata/**']   # path globs, relative to this file's folder
//
// A key whose value is null (`ignore:` with nothing after it) is treated as absent.
//
// `extend: <path>` names a base config (any file name; a relative path is taken from the folder
// of the config that names it, `..` resolved lexically, `~` not expanded). The config is its base
// with its own keys applied on top: `fix-strategy`, `builder` and `fail-level` override the base's;
// `select`, when given, replaces the base's, and the rules it names leave the inherited `ignore`;
// `ignore`, `allow.names`, `allow.values`, `patterns` and `exclude` add to the base's (base first,
// duplicates dropped; a pattern with a base pattern's id replaces it in place); `severity` merges
// rule by rule, this config winning. A base may extend another, up to 16 bases in a chain; a cycle,
// a longer chain, or a base that cannot be read or has errors is an error at the `extend:` value
// of the config that names it, followed by the base's own errors in the base file.
//
// Contract: parse_config, load_config and find_config never throw and take time linear in their
// input (YAML aliases included: expanding them is charged to a budget proportional to the text).
// Errors are values: each names the file, the 1-based line and column (in code points) of the
// offending key or value, and what is wrong; every error of a file is reported, not just the first.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/model.hpp"
#include "layerlint/secrets.hpp"

namespace re2 {
class RE2;
}

namespace layerlint {

// The lowest severity that makes the exit code 1; None never fails.
enum class FailLevel { Error, Warning, Info, None };

std::string_view fail_level_name(FailLevel level);  // "error", "warning", "info", "none"
// "error" | "warning" | "info" | "none", case-insensitive; nullopt otherwise.
std::optional<FailLevel> parse_fail_level(std::string_view text);

std::string_view fallback_strategy_name(FallbackStrategy s);  // "multi-stage", "network", "host-side"
// "multi-stage" | "network" | "host-side", case-insensitive; nullopt otherwise.
std::optional<FallbackStrategy> parse_fallback_strategy(std::string_view text);

// "error" | "warning" | "info", case-insensitive; nullopt otherwise.
std::optional<Severity> parse_severity(std::string_view text);

// A user-defined secret-value format (key `patterns`).
struct SecretPattern {
  std::string id;           // reported as the match's kind
  std::string description;  // human, defaults to the id
  std::string regex;        // RE2 syntax
  uint32_t line = 0;        // 1-based line of the pattern in the config that defines it; 0 if none
};

// A glob of key `exclude` and the folder it is relative to.
struct ExcludeEntry {
  std::string glob;  // as written
  // The folder of the config file that wrote it: the parent of its path, "." for a bare file name.
  // "" in a config built by hand: whoever applies the glob anchors it at the config's folder.
  std::string base;
  friend bool operator==(const ExcludeEntry&, const ExcludeEntry&) = default;
};

// Key `extend` as written, and where its value is.
struct ConfigExtend {
  std::string path;     // as written, not resolved
  uint32_t line = 0;    // 1-based position of the value in the config that names it
  uint32_t column = 0;  // 1-based, in code points
  friend bool operator==(const ConfigExtend&, const ConfigExtend&) = default;
};

struct Config {
  std::string path;                          // the file read (a chain's leaf); "" for defaults
  std::optional<ConfigExtend> extend;        // key `extend`: parse_config records it, load_config reads it
  std::vector<std::string> extends;          // load_config: the bases read, nearest first
  std::vector<std::string> select;           // canonical rule ids ("LL1001"), in order, no duplicates
  std::vector<std::string> ignore;           // canonical rule ids, in order, no duplicates
  std::map<std::string, Severity> severity;  // canonical rule id -> severity override
  std::vector<std::string> allow_names;      // compared case-insensitively, whole names
  std::vector<std::string> allow_values;     // RE2 patterns, matched against whole values
  std::vector<SecretPattern> patterns;       // validated: each compiles and cannot match ""
  std::optional<FallbackStrategy> fallback;  // key `fix-strategy`
  std::optional<std::string> builder;        // key `builder`: whose build recipe a fix shows first
  std::optional<FailLevel> fail_level;       // key `fail-level`
  std::vector<ExcludeEntry> exclude;         // path globs, each with the folder it is relative to

  // Whether `name` is listed in allow.names (ASCII case-insensitive exact match).
  [[nodiscard]] bool allowed_name(std::string_view name) const;
};

struct ConfigError {
  std::string path;
  uint32_t line = 0;    // 1-based; 0 when the error is about the whole file (I/O)
  uint32_t column = 0;  // 1-based, in code points; 0 when line is 0
  std::string message;  // lower-case start, names the offending key or value

  // "path:line:col: message", or "path: message" without a position.
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const ConfigError&, const ConfigError&) = default;
};

// Largest config text accepted; a bigger one is an error, not a slow parse.
inline constexpr size_t k_max_config_bytes = 16u << 20;
// Most bases one config's `extend` chain may hold.
inline constexpr size_t k_max_extend_depth = 16;

// Parses config text; `path` is recorded in the config and in the errors, and its folder is the
// base of the `exclude` globs. On any error returns nullopt and appends every error found to
// `errors`; otherwise leaves `errors` untouched. Reads no file: an `extend` is only recorded
// (Config::extend), and the config holds this text's keys alone.
std::optional<Config> parse_config(std::string_view text, const std::string& path,
                                   std::vector<ConfigError>& errors);

// Reads and parses a config file, then the configs its `extend` chain names, and merges them (see
// the schema above); Config::path is `file`, Config::extends the bases. An unreadable file is an
// error (line 0) like any other; an error of a base is reported as the schema says.
std::optional<Config> load_config(const std::filesystem::path& file, std::vector<ConfigError>& errors);

// Walks up from `start` (a file or a directory, relative paths resolved against the current
// directory) looking for `.layerlint.yaml`, then `.layerlint.yml`, in each directory. Stops after
// the directory that contains `.git` (a directory or a worktree's file: the repository root) or at
// the filesystem root. Returns the config's path (absolute), or nullopt when there is none.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// find_config() for many files: each directory's answer is remembered, so that the files of one tree,
// which share their parents, cost a look at each directory once. Not thread-safe.
class ConfigLocator {
 public:
  std::optional<std::filesystem::path> find(const std::filesystem::path& start);

 private:
  std::unordered_map<std::string, std::optional<std::filesystem::path>> m_by_dir;
};

// The config's allow.values and patterns, compiled once. Immutable after construction and safe to
// share across threads. Patterns that do not compile or can match the empty string (possible only
// in a Config built by hand: parse_config rejects them) are skipped.
class CompiledConfigPatterns {
 public:
  explicit CompiledConfigPatterns(const Config& config);
  ~CompiledConfigPatterns();
  CompiledConfigPatterns(CompiledConfigPatterns&&) noexcept;
  CompiledConfigPatterns& operator=(CompiledConfigPatterns&&) noexcept;
  CompiledConfigPatterns(const CompiledConfigPatterns&) = delete;
  CompiledConfigPatterns& operator=(const CompiledConfigPatterns&) = delete;

  // Whether `value` matches one of allow.values in full.
  [[nodiscard]] bool allowed_value(std::string_view value) const;

  // Every match of the config's patterns in `text`, sorted by offset (then end, then pattern order), with
  // the pattern's id as `kind`. Matches of one pattern do not overlap; a match that allowed_value()
  // accepts is left out; two patterns matching the same span report it once (the first pattern).
  [[nodiscard]] std::vector<ValueMatch> find(std::string_view text) const;

  [[nodiscard]] bool empty() const { return m_allow.empty() && m_patterns.empty(); }

 private:
  struct Pattern {
    std::string id;
    std::string description;
    std::unique_ptr<re2::RE2> regex;
  };
  std::vector<std::unique_ptr<re2::RE2>> m_allow;
  std::vector<Pattern> m_patterns;
};

}  // namespace layerlint
