// The build model: stages and what ships, variable scopes, parsed RUN scripts, and the flow of files
// across layers. Built once per Dockerfile and shared, read-only, by every rule.
//
// Contract: construction never throws on any tree the parser returns (partial trees included) and
// costs time linear in the file. All pointers into the Dockerfile stay valid as long as the
// Dockerfile outlives the model. A BuildModel is immutable after construction and thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layerlint/ast.hpp"
#include "layerlint/expand.hpp"
#include "layerlint/finding.hpp"
#include "layerlint/secrets.hpp"
#include "layerlint/shell.hpp"
#include "layerlint/source.hpp"

namespace layerlint {

class BuildContext;
class CompiledConfigPatterns;

// What to do for builders without BuildKit mounts; the preferred secret-fix alternative.
enum class FallbackStrategy { MultiStage, Network, HostSide };

struct LintOptions {
  std::string target;                                // --target: the final stage's name
  std::optional<std::filesystem::path> context_dir;  // the build context to read (LL1008)
  std::map<std::string, std::string> build_args;     // --build-arg / Compose build args
  std::string build_network;                         // Compose `build.network`: what every RUN joins
  FallbackStrategy fallback = FallbackStrategy::MultiStage;
  // The builder whose recipe a secret fix shows first: "docker", "buildx", "compose", "podman",
  // "github-actions", "gitlab-ci" (`builder:` in the config); "classic" for builders without RUN
  // --mount (the legacy builder, kaniko), whose secret fixes take the fallback strategy instead.
  std::string builder = "docker";
  bool warn_unused_ignores = false;  // report suppressions that match nothing (LL0003)
  // From .layerlint.yaml: names never treated as secrets, values never reported (allow.values) and
  // extra secret-value patterns. Null when there is no config.
  std::vector<std::string> allow_names;
  std::shared_ptr<const CompiledConfigPatterns> config_patterns;
};

// Where the model gets the build context from: a context already read, or a loader run on first use
// (most Dockerfiles never COPY a broad source, and then the context is never walked). Cheap to copy;
// copies share the loaded context. Thread-safe.
class ContextSource {
 public:
  ContextSource(const BuildContext* context = nullptr);  // NOLINT: implicit on purpose
  explicit ContextSource(std::function<const BuildContext*()> loader);
  [[nodiscard]] const BuildContext* get() const;

 private:
  struct State;
  std::shared_ptr<State> m_state;
};

enum class VariableKind { Arg, Env };

// One ARG or ENV definition.
struct Variable {
  std::string name;
  VariableKind kind = VariableKind::Arg;
  const Instruction* origin = nullptr;  // the ARG/ENV instruction (null for inherited build args)
  const KeyValue* pair = nullptr;
  std::optional<std::string> value;            // expanded value; nullopt for an ARG without a value
  bool has_literal = false;                    // the value holds text written in the Dockerfile itself
  std::vector<std::string> derived_from;       // variables its value was expanded from
  bool global = false;                         // ARG before the first FROM
  NameStrength strength = NameStrength::None;  // classify_secret_name(name)
  bool secret_derived = false;                 // value comes from a secret-named variable
  // For a weak name (KEY, PASS, PAT) made a secret by what a RUN does with its value: that use
  // ("written to /root/.ssh/id_rsa", "passed to --password"); "" otherwise.
  std::string evidence;
};

struct Stage {
  size_t index = 0;
  std::string name;  // `AS name`, lower-cased; "" when unnamed
  const Instruction* from = nullptr;
  std::string base;                              // image or stage name, expanded
  std::optional<size_t> parent;                  // FROM <earlier stage>
  std::vector<const Instruction*> instructions;  // after FROM, in order
  bool ships = false;                            // the final stage or one of its FROM ancestors
};

enum class FileOp { Added, Written, Removed };

// A path that an instruction puts into, or takes out of, the image filesystem.
struct FileEvent {
  FileOp op = FileOp::Added;
  std::string path;   // absolute, normalised ("/root/.ssh/id_rsa"); a directory ends with '/'
  std::string shown;  // the path as written, for messages
  size_t stage = 0;
  const Instruction* inst = nullptr;
  Range range;              // of the path (or the COPY source) in the source
  std::string source;       // COPY/ADD source as written; "" for RUN
  bool from_stage = false;  // COPY --from
  bool recursive = false;   // rm -r / a directory copy
  // A secret file dragged in by a broad COPY (the whole context, a directory, a glob) rather than
  // named by it: reported by LL1008 (context) or LL1004 (`--from`), tracked like any other file.
  bool implicit = false;
  uint32_t origin_line = 0;  // where the secret entered the source stage
  FileVerdict verdict;       // classify_secret_path of the path (or of the COPY source)
  // For RUN writes: where the content comes from.
  std::vector<std::string> content_vars;  // variables expanded into the content
  std::string secret_mount_id;            // content read from this secret mount (target or env)
  bool literal_secret = false;            // a literal credential is written
  std::string command;                    // "echo", "cp", "curl", "npm config set", ...
  // A download (curl, wget): the URL it fetched, and whether that is a build-time secrets server
  // (localhost, a host named like `secrets-server` or `vault`, a bare host name on a RUN --network).
  std::string fetched_from;
  bool from_secrets_server = false;
  // The event puts a secret into the filesystem: a secret path (COPY id_rsa), secret content
  // (a secret variable, a secret mount, a literal credential), or a credential-writing command
  // (docker login, ssh-keygen, aws configure set, ...). `why` says which, for messages.
  bool secret = false;
  std::string why;
  // Index of the script command within the RUN (events of one RUN are ordered by it).
  uint32_t order = 0;
};

class BuildModel {
 public:
  BuildModel(const SourceFile& source, const Dockerfile& file, const LintOptions& options,
             ContextSource context = {});
  ~BuildModel();
  BuildModel(const BuildModel&) = delete;
  BuildModel& operator=(const BuildModel&) = delete;

  [[nodiscard]] const SourceFile& source() const { return m_source; }
  [[nodiscard]] const Dockerfile& file() const { return m_file; }
  [[nodiscard]] const LintOptions& options() const { return m_options; }
  // The build context (read on first call when it comes from a loader); null when there is none.
  [[nodiscard]] const BuildContext* context() const { return m_context.get(); }
  // Whether a COPY/ADD source (as written, expanded) may bring more than one named file: a glob or a
  // directory of the context. Answered with one stat when options().context_dir is known, so
  // that the context is only walked for sources that need it.
  [[nodiscard]] bool broad_context_source(std::string_view source) const;

  [[nodiscard]] const std::vector<Stage>& stages() const { return m_stages; }
  [[nodiscard]] std::optional<size_t> final_stage() const { return m_final; }
  // The stage a `COPY --from=name` (or ADD) reads from: the latest earlier stage of that name
  // (case-insensitive) or index; nullopt for an image, and for other instructions. Resolved once.
  [[nodiscard]] std::optional<size_t> copy_source(const Instruction& inst) const;
  // Whether stage `later` is `earlier` or is built FROM it, directly or through other stages.
  // Constant time (the stage tree is numbered once).
  [[nodiscard]] bool descends(size_t later, size_t earlier) const;
  // Stage of an instruction (FROM included); nullopt for global ARGs / instructions before FROM.
  [[nodiscard]] std::optional<size_t> stage_of(const Instruction& inst) const;
  [[nodiscard]] bool ships(const Instruction& inst) const;
  // `severity` for a shipped stage, Info for a stage whose layers are not pushed.
  [[nodiscard]] Severity severity_for(const Instruction& inst, Severity severity) const;

  // Variables visible at `inst` (ARGs declared in its stage before it, ENVs of the stage and its
  // ancestors); ENV wins over ARG of the same name as in BuildKit.
  [[nodiscard]] const Variable* lookup(const Instruction& inst, std::string_view name) const;
  // What the recognisers say of a variable name, after the config's allow.names.
  [[nodiscard]] NameStrength name_strength(std::string_view name) const;
  // Literal secrets in `text`: the built-in formats and the config's patterns, less allow.values.
  [[nodiscard]] std::vector<ValueMatch> secret_values(std::string_view text) const;
  // Whether the config's allow.values accepts `value` as a whole.
  [[nodiscard]] bool allowed_value(std::string_view value) const;

  // Every ARG and ENV definition, in file order.
  [[nodiscard]] const std::vector<Variable>& variables() const { return m_variables; }
  // Expands a word with the variables visible at `inst`.
  [[nodiscard]] ExpandResult expand(const Instruction& inst, std::string_view word) const;

  // The first RUN after `inst` in its stage (nullptr when none). Constant time.
  [[nodiscard]] const Instruction* next_run(const Instruction& inst) const;
  // The first RUN after `inst` in its stage whose command or heredocs reference $name (nullptr
  // when none). Indexed on first use, so that many variables and RUNs stay linear.
  [[nodiscard]] const Instruction* next_run_using(const Instruction& inst, std::string_view name) const;
  // Every RUN after `inst` whose command or heredocs reference $name, in file order: in its stage,
  // and with `descendants` also in the stages built FROM it (where an ENV is inherited). At most
  // `limit` of them, so that a fix per finding stays linear on files with thousands of both.
  [[nodiscard]] std::vector<const Instruction*> runs_using(const Instruction& inst, std::string_view name,
                                                           bool descendants, size_t limit) const;
  // The RUNs after `inst` in its stage (and with `descendants` the stages built FROM it), in file
  // order, at most `limit`.
  [[nodiscard]] std::vector<const Instruction*> runs_after(const Instruction& inst, bool descendants,
                                                           size_t limit) const;

  // The shell script of a RUN in shell form (empty script for exec form), parsed once.
  [[nodiscard]] const ShellScript& script(const Instruction& inst) const;
  // The source range of a span of a RUN's command text.
  [[nodiscard]] Range command_range(const Instruction& inst, uint32_t begin, uint32_t end) const;
  // Shell scripts of a RUN's heredoc bodies (same order as inst.heredocs).
  [[nodiscard]] const ShellScript& heredoc_script(const Instruction& inst, size_t heredoc) const;

  // The network a RUN's commands reach: its `--network` (expanded; the last one wins), else the
  // network the whole build joins (options().build_network: Compose `build.network`, `docker build
  // --network`), else "default". `--network=default` is the build's network, as in BuildKit.
  [[nodiscard]] std::string network(const Instruction& run) const;
  // Whether a RUN joins a network of its own, a container's (`container:secrets-server`) or a named
  // one, where a bare host name is a container beside the build: not default, none or host.
  [[nodiscard]] bool joins_named_network(const Instruction& run) const;

  // Secret mounts of a RUN: env names and target paths that exist only during that RUN.
  [[nodiscard]] bool is_secret_mount_env(const Instruction& inst, std::string_view var) const;
  [[nodiscard]] const Mount* secret_mount_at(const Instruction& inst, std::string_view path) const;

  // The file events that put a secret into the filesystem, and every removal, in instruction order.
  [[nodiscard]] const std::vector<FileEvent>& file_events() const { return m_events; }
  // The first removal after file_events()[event], in its stage or a stage built FROM it, that takes
  // its file away (the same path, a parent directory removed recursively, or a glob over it) and
  // that `accept` agrees to; nullptr when there is none. Indexed by path and stage, so it costs a
  // lookup per directory of the path, not a scan of the file.
  [[nodiscard]] const FileEvent* removal_after(size_t event,
                                               const std::function<bool(const FileEvent&)>& accept) const;
  // WORKDIR in effect at `inst` (absolute, ends without '/', "/" at root).
  [[nodiscard]] std::string workdir(const Instruction& inst) const;
  // The USER in effect at `inst` (expanded, inherited through FROM <stage>); nullopt when no USER
  // was set, i.e. the base image's user (root for most images).
  [[nodiscard]] std::optional<std::string> user(const Instruction& inst) const;
  // Home directory of the user in effect at `inst` ("/root" unless USER or ENV HOME say otherwise).
  [[nodiscard]] std::string home(const Instruction& inst) const;

 private:
  // The latest stage before `before` named `name` (or with that index). While the model is being
  // built, only stages up to `before` exist and this costs a lookup.
  [[nodiscard]] std::optional<size_t> stage_named(std::string_view name, size_t before) const;

  // RUNs referencing $name, in file order (indexed on first use); null when none.
  [[nodiscard]] const std::vector<const Instruction*>* runs_referencing(std::string_view name) const;

  struct Impl;
  const SourceFile& m_source;
  const Dockerfile& m_file;
  LintOptions m_options;
  ContextSource m_context;
  std::vector<Stage> m_stages;
  std::optional<size_t> m_final;
  std::vector<Variable> m_variables;
  std::vector<FileEvent> m_events;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace layerlint
