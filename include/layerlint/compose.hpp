// Compose files: the parts of `compose.yaml` / `docker-compose.yml` that layerlint checks.
//
// Contract: parse_compose() never throws. YAML syntax errors, a top level that is not a mapping,
// fields of the wrong type, inputs over k_max_compose_bytes and documents whose aliases would make
// the walk more than linear are reported in ComposeFile::errors, each with a Range; whatever could
// be read is kept. Values are kept as written: `${VAR}` / `${VAR:-default}` interpolation is left
// literal. Every Word carries the Range of its text in the source (quotes of quoted scalars
// included; for block scalars `|` / `>`, the indicator to the end of its line). A ComposeFile
// points at the SourceFile it was parsed from, which must outlive it; it is immutable afterwards
// and safe to share across threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "layerlint/ast.hpp"
#include "layerlint/source.hpp"

namespace layerlint {

// Larger inputs are not parsed (yaml-cpp's memory grows by hundreds of bytes per node).
inline constexpr uint32_t k_max_compose_bytes = 2u * 1024u * 1024u;

struct ComposeError {
  std::string message;
  Range range;
};

// `build.args`: `NAME: value` in a mapping, `NAME=value` or `NAME` in a list.
struct ComposeBuildArg {
  Word name;
  // nullopt when the value comes from the environment (`NAME`, `NAME:`, `NAME: null`). A value that
  // interpolates (`${NAME}`) is kept literally; see has_interpolation().
  std::optional<Word> value;
};

// `build.secrets` item: `- npm_token` or `- {source: npm_token, target: ...}`.
struct ComposeSecretRef {
  Word source;
  std::optional<Word> target;
  Range range;  // the whole item
};

struct ServiceBuild {
  Range range;  // the `build` key
  std::optional<Word> context;
  std::optional<Word> dockerfile;
  std::optional<Word> dockerfile_inline;  // the inline Dockerfile's text
  std::optional<Word> target;
  std::optional<Word> network;  // `build.network`: the network the build's RUNs join
  std::vector<ComposeBuildArg> args;
  std::vector<ComposeSecretRef> secrets;
};

// `volumes` item. Short syntax `src:dst[:mode]` is split on ':'; a lone `dst` is an anonymous
// volume (source empty). Long syntax takes `source` and `target`.
struct ComposeVolume {
  Word source;  // range: the source's own value in long syntax, the whole item in short syntax
  std::optional<Word> target;
  Range range;  // the whole item
  bool long_syntax = false;
};

struct ComposeService {
  Word name;
  std::optional<ServiceBuild> build;
  std::optional<Word> image;
  std::optional<Word> privileged;  // as written: "true", "false"
  std::vector<Word> cap_add;
  std::vector<Word> security_opt;
  std::vector<ComposeVolume> volumes;
  std::optional<Word> pid;
  std::optional<Word> network_mode;
  std::optional<Word> user;
  // `environment:` (a mapping, or a list of `NAME=value` / `NAME`), with the syntax of build args.
  std::vector<ComposeBuildArg> environment;
  // `env_file:` paths as written: a string, a list of strings, or a list of `{path: …}`.
  std::vector<Word> env_files;
};

// Top-level `secrets:` entry.
struct ComposeSecret {
  Word name;
  std::optional<Word> file;
  std::optional<Word> environment;
};

struct ComposeFile {
  const SourceFile* source = nullptr;
  std::vector<ComposeService> services;
  std::vector<ComposeSecret> secrets;
  // Top-level `include:`: the Compose files this one pulls in, as written (`- other.yaml`, or
  // `- path: other.yaml` / `- path: [a.yaml, b.yaml]`), relative to this file's directory.
  std::vector<Word> includes;
  std::vector<ComposeError> errors;

  [[nodiscard]] const ComposeService* find_service(std::string_view name) const;
  [[nodiscard]] const ComposeSecret* find_secret(std::string_view name) const;
};

// Parses a Compose file. Never throws.
[[nodiscard]] ComposeFile parse_compose(const SourceFile& source);

// Whether a value uses Compose interpolation (`$VAR`, `${VAR}`, `${VAR:-x}`; `$$` is a literal $).
[[nodiscard]] bool has_interpolation(std::string_view value);

// A service's build, resolved for linting its Dockerfile.
struct ComposeBuild {
  std::string service;
  std::filesystem::path context;     // absolute, lexically normal; empty for a remote context
  std::string remote_context;        // a git/https context as written, else ""
  std::filesystem::path dockerfile;  // absolute; empty when inline or remote
  std::optional<std::string> dockerfile_inline;
  std::string target;   // "" when unset
  std::string network;  // `build.network` ("container:secrets-server"), "" when unset
  // Build args: name -> value, nullopt when the value comes from the environment (no value, or a
  // value that interpolates).
  std::map<std::string, std::optional<std::string>> args;
};

// One entry per service with a `build`, in file order. `compose_dir` is the directory of the
// Compose file (relative paths are made absolute against the current directory). Never throws.
[[nodiscard]] std::vector<ComposeBuild> compose_builds(const ComposeFile& compose,
                                                       const std::filesystem::path& compose_dir);

}  // namespace layerlint
