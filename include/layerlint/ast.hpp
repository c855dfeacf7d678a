// The Dockerfile syntax tree.
//
// Contract: every node carries the Range of the source text it came from (see source.hpp). Values
// are kept as BuildKit's parser keeps them (quotes of ENV/LABEL values included, continuations
// joined); `unquoted` forms are given where a rule needs the value the builder will see. The tree
// owns all its strings; it is immutable once parsed and safe to share across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "layerlint/source.hpp"

namespace layerlint {

enum class InstructionKind {
  From,
  Run,
  Cmd,
  Entrypoint,
  Shell,
  Arg,
  Env,
  Label,
  Copy,
  Add,
  Workdir,
  User,
  Expose,
  Volume,
  Stopsignal,
  Healthcheck,
  Onbuild,
  Maintainer,
  Unknown
};

// Lower-case keyword of a kind ("run"); "" for Unknown.
std::string_view keyword_name(InstructionKind kind);

// A piece of text with its range. `value` is the text as BuildKit reports it.
struct Word {
  std::string value;
  Range range;
};

// A flag as written (`--mount=type=secret,id=x`): name without dashes, value after '='.
struct Flag {
  std::string name;                  // "mount"
  std::optional<std::string> value;  // "type=secret,id=x"; nullopt for a bare `--link`
  Range range;                       // the whole flag
  Range value_range;                 // the value (empty range at the '=' when there is none)
  std::string original;              // "--mount=type=secret,id=x" as in BuildKit's flag list
};

// One field of a structured flag value (`id=npm` in a --mount).
struct FlagField {
  std::string key;
  std::string value;
  Range range;  // of "key=value"
};

enum class MountType { Bind, Cache, Tmpfs, Secret, Ssh, Unknown };

// A parsed `RUN --mount=...`. Defaults follow BuildKit (type=bind; a secret's target defaults to
// /run/secrets/<id>; an ssh mount's id defaults to "default").
struct Mount {
  MountType type = MountType::Bind;
  std::string id;
  std::string target;  // "" when not given (for secret: see effective_target())
  std::string source;
  std::string from;
  std::string env;  // secret exposed as this environment variable (`env=`)
  bool required = false;
  bool readonly = false;
  std::string mode;
  std::vector<FlagField> fields;
  Range range;  // the whole flag

  [[nodiscard]] std::string effective_target() const;
};

// KEY=VALUE of ENV, LABEL and ARG. For ARG a value is optional.
struct KeyValue {
  Word key;
  std::optional<Word> value;  // raw, as BuildKit keeps it (quotes included)
  std::string unquoted;       // the value with shell-style quotes and escapes removed
  bool legacy = false;        // `ENV key value` form
  Range range;                // the whole pair
};

struct Heredoc {
  std::string name;       // delimiter word without quotes
  bool expand = true;     // false when the delimiter was quoted
  bool chomp = false;     // `<<-`: leading tabs stripped
  std::string content;    // body, each line with its '\n' (after tab stripping)
  Range range;            // the body lines (empty at the terminator when the body is empty)
  Range marker_range;     // the `<<EOF` marker in the instruction line
  SourceMap content_map;  // content offsets -> source offsets
  bool terminated = true;
};

struct Instruction {
  InstructionKind kind = InstructionKind::Unknown;
  std::string keyword;  // as written ("run", "Run", ...), lower-cased in `kind`
  Range range;          // from the keyword to the end of the last continuation line (or heredoc)
  Range keyword_range;

  std::vector<Flag> flags;
  std::vector<Mount> mounts;  // RUN only: parsed --mount flags, in order

  bool exec_form = false;  // JSON array form (RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME, ...)
  // The arguments as BuildKit's dump lists them after the flags: for shell form one word holding
  // the whole command line (continuations joined), for exec form one word per array element, for
  // ENV/LABEL key, value, separator triples are NOT stored here (see `pairs`).
  std::vector<Word> args;

  std::vector<KeyValue> pairs;  // ENV, LABEL, ARG

  // Shell form (RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD): the command text is the last of `args`, and
  // command_map maps it back to the source for positions of shell words.
  bool has_command = false;
  SourceMap command_map;
  // The shell-form command text; empty for other instructions.
  [[nodiscard]] std::string_view command() const {
    return has_command && !args.empty() ? std::string_view(args.back().value) : std::string_view{};
  }

  std::vector<Heredoc> heredocs;

  // ONBUILD's trigger (at most one element).
  std::vector<Instruction> trigger;

  // FROM: image, `AS name`, platform (a flag).
  std::optional<Word> image;
  std::optional<Word> stage_name;

  std::string original;  // BuildKit's Node.Original: the logical line as written
};

struct Directive {
  std::string name;  // lower-cased: "syntax", "escape", "check"
  std::string value;
  Range range;
};

struct Comment {
  std::string text;  // without the leading '#'
  Range range;
};

struct ParseError {
  std::string message;
  Range range;
  bool buildkit_fatal = false;  // BuildKit's parser itself rejects the file for this
};

struct Dockerfile {
  std::vector<Directive> directives;
  char escape = '\\';
  std::vector<Instruction> instructions;
  std::vector<Comment> comments;   // every comment line, including inside continuations
  std::vector<ParseError> errors;  // never fatal: the tree is as complete as the input allows
};

}  // namespace layerlint
