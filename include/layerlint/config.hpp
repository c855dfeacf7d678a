// The project configuration file, `.layerlint.yaml` (or `.layerlint.yml`).
//
// Schema (every key is optional; an empty file is a valid empty config; docs/config.md has the
// reference with a full example):
//
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
//   builder: compose                    # docker | buildx | compose | podman | github-actions | gitlab-ci |
//   classic fail-level: error                   # error | warning | info | none exclude: ['vendor/**',
//   '**/testdata/**']   # path globs
//
// A key whose value is null (`ignore:` with nothing after it) is treated as absent.
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
  uint32_t line = 0;        // 1-based line of the pattern in the config; 0 when not from a file
};

struct Config {
  std::string path;                          // the file it came from; "" for defaults
  std::vector<std::string> select;           // canonical rule ids ("LL1001"), in order, no duplicates
  std::vector<std::string> ignore;           // canonical rule ids, in order, no duplicates
  std::map<std::string, Severity> severity;  // canonical rule id -> severity override
  std::vector<std::string> allow_names;      // compared case-insensitively, whole names
  std::vector<std::string> allow_values;     // RE2 patterns, matched against whole values
  std::vector<SecretPattern> patterns;       // validated: each compiles and cannot match ""
  std::optional<FallbackStrategy> fallback;  // key `fix-strategy`
  std::optional<std::string> builder;        // key `builder`: whose build recipe a fix shows first
  std::optional<FailLevel> fail_level;       // key `fail-level`
  std::vector<std::string> exclude;          // path globs, as written

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

// Parses config text; `path` is recorded in the config and in the errors. On any error returns
// nullopt and appends every error found to `errors`; otherwise leaves `errors` untouched.
std::optional<Config> parse_config(std::string_view text, const std::string& path,
                                   std::vector<ConfigError>& errors);

// Reads and parses a config file; an unreadable file is an error (line 0) like any other.
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
