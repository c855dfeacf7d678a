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
};

struct Fix {
  std::string title;  // what the fix does, imperative ("mount the token as a build secret")
  Applicability applicability = Applicability::DisplayOnly;
  std::vector<Edit> edits;
  // Secret fixes: "secret-mount", "ssh-mount", "multi-stage", "network", "host-side",
  // "remove-literal"; least-privilege fixes leave it empty.
  std::string strategy;
  std::string rewritten;                  // the rewritten instruction(s), ready to paste
  std::string build_command;              // how to supply the secret: `docker build --secret id=...`
  std::string compose;                    // the Compose `build.secrets` equivalent
  std::vector<std::string> alternatives;  // other strategies with their trade-offs
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
};

// Redacts a secret for display: at most its first 4 characters (fewer for short values) and its
// length, e.g. "ghp_… (40 chars)".
std::string redact(std::string_view secret);

}  // namespace layerlint
