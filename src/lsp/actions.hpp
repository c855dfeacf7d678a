// What the server answers from one lint of a document: its diagnostics, its code actions (quick
// fixes, suppression comments, fix all) and its hovers.
//
// Contract: pure functions of their arguments but for reading the files that fixes append lines to
// (`.dockerignore`), and the lints that fix-all runs through `lint`. Thread-safe; they throw only
// std::bad_alloc. Messages come from the findings (already scrubbed of secret values); no source
// text is added to them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "layerlint/config.hpp"
#include "layerlint/fix.hpp"
#include "lsp/documents.hpp"
#include "lsp/positions.hpp"

namespace layerlint::lsp {

inline constexpr std::string_view k_quickfix = "quickfix";
inline constexpr std::string_view k_fix_all = "source.fixAll.layerlint";

// What a client's WorkspaceEdits may hold (its `workspace.workspaceEdit` capabilities).
struct EditSupport {
  bool document_changes = false;  // TextDocumentEdits with versions, in `documentChanges`
  bool create_files = false;      // CreateFile operations (resourceOperations has "create")
};

// The LSP Diagnostic of a finding: its range in `index`'s encoding (0:0 when it has none), severity
// (error 1, warning 2, info 3), code (the rule id) and the rule's doc as codeDescription, source
// "layerlint", the finding's message.
nlohmann::json diagnostic(const Finding& finding, const LineIndex& index);
// Every finding of a lint, in order.
nlohmann::json diagnostics(const LintedText& linted);

// The diagnostics of a config file's errors (code "config", severity error), positioned in `text`,
// the file as read from disk: from each error's line and column to the end of its line; at 0:0 for an
// error about the whole file.
nlohmann::json config_diagnostics(const std::vector<ConfigError>& errors, std::string_view text,
                                  PositionEncoding encoding);

struct ActionQuery {
  LspRange range;                      // the request's range
  nlohmann::json context_diagnostics;  // its context.diagnostics (array, or null)
  std::vector<std::string> only;       // its context.only; empty: every kind
};

// The code actions for the findings whose range touches `query.range` or that one of its context
// diagnostics names (same code and range):
// - a quick fix per finding whose fix has edits and applies (preferred when Safe; DisplayOnly fixes
//   are not offered), the lines it appends to other files included: a TextEdit at the end of an
//   existing file (only the lines it lacks), or a CreateFile and its text where the client can
//   create files (else that part is left out, and the title says so);
// - "Suppress LLxxxx with a reason" per finding: a `# layerlint ignore=` comment on a line of its own
//   above the instruction (the finding's line in a Compose file), indented like it;
// - `source.fixAll.layerlint` when a finding of the document has a Safe fix: every Safe fix applied
//   until the text is stable (fix_until_stable through `lint`), as one TextEdit of what changed.
// Edits of the document carry the lint's version. Kinds are filtered by `query.only` (a kind matches
// itself and its sub-kinds).
nlohmann::json code_actions(const LintedText& linted, const ActionQuery& query, const EditSupport& support,
                            const Linter& lint);

// The hover at `at`: each finding whose range holds it, its message first, then its rule's doc
// (markdown), once per rule; null when no finding is there.
nlohmann::json hover(const LintedText& linted, LspPosition at);

}  // namespace layerlint::lsp
