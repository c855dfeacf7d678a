// BuildKit's word expansion for instruction arguments (ENV, ARG, LABEL, FROM, COPY, USER, ...).
//
// Contract: follows BuildKit's shell lexer (frontend/dockerfile/shell): quotes are removed,
// `escape` escapes the next character, and parameter expansions are resolved through `lookup`:
// $VAR ${VAR} ${VAR:-w} ${VAR-w} ${VAR:+w} ${VAR+w} ${VAR:?w} ${VAR?w} ${VAR#p} ${VAR##p}
// ${VAR%p} ${VAR%%p} ${VAR/p/r} ${VAR//p/r}. Never throws; malformed input yields `ok = false`
// with the best-effort value. Linear in the input. Thread-safe.
//
// Details that follow BuildKit: `$1`, `$@`, `$$`... are looked up like names (so empty unless set);
// a modifier's word is always expanded, even when its value is not used; patterns know `*`, `?` and
// `\` escapes only (`[` is literal); a replacement's `$0` stands for the match (Go's template).
// Where BuildKit only fails, the best effort is: a syntax error (unterminated quote or `${`, bad
// substitution, nesting deeper than 256 `${`) keeps the failing construct and the rest as written;
// `${VAR:?msg}` and unsupported modifiers expand to nothing. Output beyond 64 MiB plus four times
// the input is cut off with an error. Differences: `*` and `?` also match newlines, and only ASCII
// whitespace splits words.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layerlint {

// Returns the variable's value, or nullopt when it is not set.
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

struct ExpandResult {
  std::string value;
  std::vector<std::string> used;  // every variable name referenced, in order (duplicates kept once)
  // Referenced but not set, where the value matters: not the VAR of ${VAR-w} ${VAR:-w} ${VAR+w}
  // ${VAR:+w}, nor references inside a word that is not used (${SET:-$X}, ${UNSET:+$X}).
  std::vector<std::string> unresolved;
  bool ok = true;
  std::string error;  // when !ok: e.g. "missing '}'", or the ${VAR:?message} message
};

[[nodiscard]] ExpandResult expand_word(std::string_view word, const VariableLookup& lookup,
                                       char escape = '\\');

// Splits on unquoted whitespace after expansion, as BuildKit does for ProcessWords (used by
// instructions such as EXPOSE and by ARG/ENV name handling).
[[nodiscard]] std::vector<std::string> expand_words(std::string_view text, const VariableLookup& lookup,
                                                    char escape = '\\');

}  // namespace layerlint
