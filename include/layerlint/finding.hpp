// Findings and fixes: what a rule reports.
//
// Contract: a Finding never holds a whole secret value. Messages name the offending thing (a
// name, a path, or a redacted value from redact()); rules are responsible for that, and the
// reporters' tests check it on every format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/source.hpp"

namespace layerlint {

enum class Severity { Info, Warning, Error };

std::string_view severity_name(Severity s);  // "info", "warning", "error"

// How safe it is to apply a fix without review (ruff's scale).
enum class Applicability { Safe, Unsafe, DisplayOnly };

std::string_view applicability_name(Applicability a);

struct Edit {
  Range range;  // replaced source range (empty range: insertion)
  std::string replacement;
  // Empty: the linted file. Otherwise another file (a path as the linted file's path is given, e.g.
  // the build context's `.dockerignore`): `replacement` holds lines to append to it, each one only
  // when the file lacks it, and `range` is unused.
  std::string file = {};
};

// One way to build with the fix in place: a builder and its command line or configuration snippet.
struct BuildRecipe {
  std::string builder;  // "docker", "buildx", "compose", "podman", "github-actions", "gitlab-ci"
  std::string text;
};

// What a person needs besides the edits: the remedy, the rewritten lines ready to paste, how to run
// the build (one recipe per builder, the configured builder first) and the other remedies.
struct Advice {
  // Secret fixes: "secret-mount", "ssh-mount", "runtime", "multi-stage", "network", "host-side",
  // "remove-literal", "dockerignore"; least-privilege fixes leave it empty.
  std::string strategy;
  std::string rewritten;                  // the rewritten instruction(s), ready to paste
  std::vector<BuildRecipe> builds;        // how to supply the secret, per builder
  std::vector<std::string> alternatives;  // other strategies with their trade-offs
  std::vector<std::string> notes;         // what else to do ("revoke the exposed value", frontend needs)

  // The first recipe of `builder` ("" when there is none).
  [[nodiscard]] std::string_view build(std::string_view builder) const {
    for (const BuildRecipe& b : builds) {
      if (b.builder == builder) return b.text;
    }
    return {};
  }
};

// A fix is data: edits confined to the finding's instructions (and the RUNs it names, and the
// context's .dockerignore), sorted and non-overlapping, with their applicability; advice apart.
struct Fix {
  std::string title;  // what the fix does, imperative ("mount the token as a build secret")
  Applicability applicability = Applicability::DisplayOnly;
  std::vector<Edit> edits;
  Advice advice;
};

struct Finding {
  std::string rule_id;  // "LL1001"
  std::string slug;     // "secret-arg"
  Severity severity = Severity::Warning;
  Range range;
  std::string message;
  std::optional<Fix> fix;
  // Source ranges that hold secret values: a reporter that shows source text masks them.
  std::vector<Range> sensitive = {};
  // A part of a built image rather than a source range (`layerlint image`): "<layer digest>/<path>",
  // "history[5]", "config.Env". SARIF gives it as a logical location; "" for source findings.
  std::string artifact = {};
};

// Redacts a secret for display: at most its first 4 characters (fewer for short values) and its
// length, e.g. "ghp_… (40 chars)".
std::string redact(std::string_view secret);

}  // namespace layerlint
