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
  std::string op;    // ">", ">>", "<", "2>", "2>>", "&>", ">&", "<<<", "<<", "<<-", ">|", "<>"
  int fd = -1;       // explicit descriptor before the operator, -1 when none
  ShellWord target;  // the file (or descriptor / here-string / heredoc delimiter)
  uint32_t begin = 0;
  uint32_t end = 0;

  // Shell heredocs (`<<EOF`, `<<-EOF`): the body lines that follow the command line, each with its
  // '\n' (leading tabs removed for "<<-"), the offsets of those lines in the input, and the
  // parameter expansions of the body (none when the delimiter was quoted).
  std::string heredoc_body;
  uint32_t heredoc_begin = 0;
  uint32_t heredoc_end = 0;
  bool heredoc_expand = true;      // false when the delimiter was quoted
  bool heredoc_terminated = true;  // false when the input ended before the delimiter line
  std::vector<VarRef> heredoc_vars;

  // `op` is written as in the source, descriptor included ("2>", "2>>", "2>&"); base_op() is the
  // operator alone (">", ">>", ">&").
  [[nodiscard]] std::string_view base_op() const {
    std::string_view o(op);
    while (!o.empty() && o.front() >= '0' && o.front() <= '9') o.remove_prefix(1);
    return o;
  }
  [[nodiscard]] bool is_heredoc() const { return base_op() == "<<" || base_op() == "<<-"; }
  // Whether the redirect opens `target` as a file for writing (not a descriptor duplication).
  [[nodiscard]] bool writes_file() const {
    const std::string_view o = base_op();
    return o == ">" || o == ">>" || o == ">|" || o == "&>" || o == "&>>" || o == "<>";
  }
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
  uint32_t depth = 0;     // 0 top level; +1 per enclosing $(...) / backticks
  uint32_t pipeline = 0;  // commands joined by `|` share a pipeline index
  // A command of redirects alone that follows a compound command (`{ a; b; } > f`, `( … ) > f`,
  // `if …; fi > f`, `for …; done > f`, `case … esac > f`): the index of the compound's first command
  // in ShellScript::commands, whose output the redirects take. UINT32_MAX otherwise.
  uint32_t group_begin = UINT32_MAX;

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

// Commands are listed in the order they complete: the commands of a substitution come before
// the command whose word holds it (`export D="$(mktemp -d)"` lists `mktemp -d` first).
// In `raw` and `value`, an expansion whose source text is longer than 4096 bytes is abbreviated
// as `$(…)`, `${…}`, `$((…))` or `` `…` `` (its words and commands are still reported); this keeps
// the output linear in the input however deeply substitutions nest.
//
// Splits shell text into simple commands. Shell text always uses backslash escapes, whatever
// the Dockerfile escape directive says.
[[nodiscard]] ShellScript parse_shell(std::string_view text);

}  // namespace layerlint
