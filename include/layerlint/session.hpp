// A lint session: what every front end (the command line, the language server) shares.
//
// A Session finds the config that governs each file (`--config`, or the nearest `.layerlint.yaml`
// above it, with its `extend:` chain), decides which rules run and at which severity, chooses the
// build context, and lints a Dockerfile or a Compose file with all of that applied. Severity is
// decided here and nowhere else: the rule's, then the config's `severity:` override. Front ends
// keep the rest: the command line its discovery, threads, baseline, reports and exit code; the
// language server its documents and the protocol.
//
// Contract: lint() and the other const members are thread-safe and never throw on any text. The
// config cache (config_for, forget_configs) is not thread-safe: use it from one thread (the command
// line resolves every input's config before its workers start).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layerlint/config.hpp"
#include "layerlint/finding.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/model.hpp"
#include "layerlint/source.hpp"

namespace layerlint {

// What a front end sets over every config: the command line's options, the language server's
// initialization options.
struct SessionOptions {
  std::string config;                        // an explicit config file; "" = the nearest above each file
  std::vector<std::string> select;           // ids, slugs or id prefixes; replaces the config's select
  std::vector<std::string> ignore;           // added to the config's ignore
  std::optional<FailLevel> fail_level;       // over every config's `fail-level`
  std::optional<FallbackStrategy> fallback;  // over every config's `fix-strategy`
  std::string builder;                       // over every config's `builder`; "" = the config's, else docker
  std::string context;  // the build context of a Dockerfile that no Compose service builds; "" = its folder
  std::string target;   // the stage built (--target); "" = the last
  std::map<std::string, std::string> build_args;
  bool warn_unused_ignores = false;
};

// Problems with the options themselves, one message each ("unknown rule 'LL9'"): unknown rules in
// select or ignore, a context that is not a directory. Empty when they are usable.
std::vector<std::string> validate(const SessionOptions& options);

// Whether `name` (an id, a slug, or an id prefix of at least two characters such as "LL1" or
// "ll10") names the rule `info`; and whether it names any rule.
bool names_rule(std::string_view name, const RuleInfo& info);
bool names_some_rule(std::string_view name);

// A config file with what a lint needs of it, loaded once per path.
struct LoadedConfig {
  Config config;
  std::shared_ptr<const CompiledConfigPatterns> patterns;
  std::filesystem::path folder = ".";  // the config file's folder (each `exclude` glob carries its own)
};

// One text to lint, and where it stands.
struct Document {
  std::string path;             // as reported
  std::filesystem::path place;  // on disk, for its config and build context; "" when it has none
  bool compose = false;         // a Compose file, not a Dockerfile
  // A Dockerfile that a Compose service builds: its target, build args, context and build network.
  std::optional<std::string> target = {};
  std::map<std::string, std::string> build_args = {};
  std::string context = {};
  std::string network = {};
};

// The folder of a document's place: "." for a bare file name; the working directory for none.
std::filesystem::path folder_of(const std::filesystem::path& place);

class Session {
 public:
  explicit Session(SessionOptions options);
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  [[nodiscard]] const SessionOptions& options() const { return m_options; }

  // The path of the config that governs a file or folder at `place` ("" when none governs it).
  std::string config_path_for(const std::filesystem::path& place);
  // The config that governs `place`, loaded once per path. When it does not load, appends its
  // errors (each with the config file, line and column) to `errors` and returns null. A place that
  // no config governs gets the defaults.
  std::shared_ptr<const LoadedConfig> config_for(const std::filesystem::path& place,
                                                 std::vector<ConfigError>& errors);
  // Drops what config_for() has read: a config file (or a file it extends) changed, was created or
  // was deleted.
  void forget_configs();

  // The level that fails a run for the findings of files under `config`: the options', else the
  // config's, else warning.
  [[nodiscard]] FailLevel fail_level(const LoadedConfig& config) const;

  // The rules that run under `config`: the options' select replaces the config's, their ignore adds
  // to it, and a rule selected in the options runs even when the config ignores it.
  [[nodiscard]] RuleFilter filter(const Config& config) const;

  // The lint of `document` (whose text is `source`) under `config`: the rule filter, the lint
  // options, the build context (read only if a rule asks for it, and afresh on each call), the
  // severities and the inline suppressions. Findings are sorted and scrubbed of secret values.
  // With Teardown::HandOver, `remains` receives the tree and model of a Dockerfile's lint.
  [[nodiscard]] std::vector<Finding> lint(const Document& document, const LoadedConfig& config,
                                          const SourceFile& source, Teardown teardown = Teardown::Free,
                                          LintRemains* remains = nullptr) const;

 private:
  struct Cache;
  SessionOptions m_options;
  std::unique_ptr<Cache> m_cache;
};

}  // namespace layerlint
