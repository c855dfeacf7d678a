// A POSIX-shell word model of RUN commands (shell form and heredoc bodies).
//
// Contract: parse_shell() never throws, runs in time linear in the input, and always returns a
// script (unbalanced quotes or `$(` are reported in `errors`, the rest is still split). Offsets are
// byte offsets into the text given to parse_shell(); map them to the source with the instruction's
// SourceMap. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace layerlint {

struct VarRef {
  std::string name;    // "NPM_TOKEN" for $NPM_TOKEN, ${NPM_TOKEN}, ${NPM_TOKEN:-x}
  uint32_t begin = 0;  // offsets of the whole reference (`$` to the closing `}`)
  uint32_t end = 0;
};

struct ShellWord {
  std::string raw;    // the word as written (quotes and escapes included)
  std::string value;  // quotes removed, escapes resolved, expansions kept literally ("$HOME/x")
  uint32_t begin = 0;
  uint32_t end = 0;
  std::vector<VarRef> vars;       // parameter expansions in the word, in order
  bool has_substitution = false;  // contains $(...) or `...`
  bool quoted = false;            // any part of it was quoted
};

struct Redirect {
  std::string op;     // ">", ">>", "<", "2>", "2>>", "&>", ">&", "<<<", "<<", "<<-", ">|", "<>"
  int fd = -1;        // explicit descriptor before the operator, -1 when none
  ShellWord target;   // the file (or descriptor / here-string / heredoc delimiter)
  uint32_t begin = 0;
  uint32_t end = 0;
};

enum class Separator { None, And, Or, Semicolon, Pipe, Newline, Background };

// One simple command: `FOO=1 curl -o out $URL > log`. Compound commands (if/for/while/case,
// subshells, { }, $(...)) are flattened: their inner simple commands appear in order, with
// `depth` > 0 for commands inside $(...) or backticks. Reserved words are not listed as words.
struct SimpleCommand {
  std::vector<ShellWord> assignments;  // leading NAME=value words
  std::vector<ShellWord> words;        // argv; words[0] is the command name (may be empty)
  std::vector<Redirect> redirects;
  Separator separator = Separator::None;  // what follows this command
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t depth = 0;  // 0 top level; +1 per enclosing $(...) / backticks
  uint32_t pipeline = 0;  // commands joined by `|` share a pipeline index

  [[nodiscard]] std::string_view name() const {
    return words.empty() ? std::string_view{} : std::string_view(words.front().value);
  }
};

struct ShellError {
  std::string message;
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct ShellScript {
  std::vector<SimpleCommand> commands;
  std::vector<ShellError> errors;
};

// Splits shell text into simple commands. Shell text always uses backslash escapes, whatever
// the Dockerfile escape directive says.
[[nodiscard]] ShellScript parse_shell(std::string_view text);

}  // namespace layerlint
