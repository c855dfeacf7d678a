// Linting one file: parse, build the model, run the rules, collect sorted findings.
//
// Contract: lint_dockerfile() never throws on any content; parse errors become LL0001 findings and
// the rules still run on the partial tree. Thread-safe: files may be linted concurrently.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/model.hpp"
#include "layerlint/rule.hpp"
#include "layerlint/source.hpp"

namespace layerlint {

// Which rules run; by default all.
using RuleFilter = std::function<bool(const RuleInfo&)>;

// Problems with the bytes themselves (binary, UTF-16/32, invalid UTF-8) as LL0001 findings, and
// whether the content can be linted at all (false for binary and UTF-16/32 text).
bool check_encoding(const SourceFile& source, std::vector<Finding>& out);

// What becomes of a file's syntax tree and model when its lint is done. A caller that exits right
// after (the command line, for the last file of each worker) may keep them: the process's exit
// releases them at once, where freeing them piece by piece costs about a sixth of a large file's lint.
// Kept trees stay reachable from a process-wide list, so leak checkers do not report them.
// A caller on a latency path (a language server, between an edit and its diagnostics) takes them over
// instead (Teardown::HandOver, with `remains`) and drops them when its answer is out: freeing a 1 MB
// Dockerfile's tree and model is about 7% of its lint.
enum class Teardown { Free, KeepUntilExit, HandOver };

// A lint's syntax tree and model, handed over (Teardown::HandOver): freed with the last reference.
using LintRemains = std::shared_ptr<const void>;

// With Teardown::HandOver, `remains` receives the tree and model (it may be null otherwise).
std::vector<Finding> lint_dockerfile(const SourceFile& source, const LintOptions& options,
                                     ContextSource context = {}, const RuleFilter& filter = {},
                                     Teardown teardown = Teardown::Free, LintRemains* remains = nullptr);

// A Compose file: YAML errors as LL0001, then the Compose rules (check_compose). Both lints end with
// inline suppressions (`# layerlint ignore=…`, LL0002/LL0003) and scrubbing of secret values.
std::vector<Finding> lint_compose(const SourceFile& source, const RuleFilter& filter = {},
                                  const LintOptions& options = {});

// Findings sorted by position, then rule id.
void sort_findings(std::vector<Finding>& findings);

}  // namespace layerlint
