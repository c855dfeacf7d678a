// The command-line application: finds the files, lints them in parallel, reports, and chooses the
// exit code. main.cpp only parses options into AppOptions and catches what escapes.
#pragma once

#include <filesystem>
#include <fstream>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "layerlint/config.hpp"
#include "layerlint/finding.hpp"
#include "layerlint/model.hpp"
#include "layerlint/report.hpp"

#include "cli/walk.hpp"  // is_dockerfile_name(), is_compose_name()

namespace layerlint {

struct AppOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output_file;
  std::string color = "auto";  // auto|always|never
  std::string stdin_filename = "<stdin>";
  std::string dump_ast;  // --dump-ast FILE
  std::string explain;   // --explain ID|slug
  bool list_rules = false;
  std::optional<FailLevel> fail_level;  // unset: the config's, else warning
  std::vector<std::string> select;      // rule ids/slugs; empty = all
  std::vector<std::string> ignore;
  std::vector<std::string> exclude;  // globs of paths to skip
  bool no_ignore = false;            // --no-ignore: walk what .gitignore files ignore too
  unsigned jobs = 0;                 // 0 = number of cores
  std::string context;               // --context DIR
  std::string target;
  std::map<std::string, std::string> build_args;
  std::string fallback_strategy;  // multi-stage|network|host-side; "" = the config's
  std::string builder;            // docker|buildx|compose|podman|github-actions|gitlab-ci; "" = the config's
  std::string config;             // --config PATH; "" = the nearest .layerlint.yaml above each file
  bool warn_unused_ignores = false;
  bool fix_details = false;    // text: print Compose snippets and alternatives in full
  std::string baseline;        // --baseline FILE: hide the findings recorded there
  std::string write_baseline;  // --write-baseline FILE
  bool fix = false;            // --fix: apply the fixes in place
  bool unsafe_fixes = false;   // --unsafe-fixes: Unsafe fixes too (with --fix or --diff)
  bool diff = false;           // --diff: print what --fix would change, write nothing
  bool statistics = false;     // --statistics: a count per rule instead of the findings
  bool quiet = false;          // --quiet: the report only, no summary or fix count on standard error
  bool exit_zero = false;      // --exit-zero: exit 0 even with findings (errors are still 2)
  // The process exits when run_app returns: the last file of each worker keeps its syntax tree and
  // model rather than freeing them (Teardown::KeepUntilExit).
  bool exits_after = false;
};

// Exit codes: 0 nothing at or above the fail level, 1 findings, 2 usage, I/O or config errors.
int run_app(const AppOptions& options, std::istream& in, std::ostream& out, std::ostream& err,
            bool stdout_is_tty);

// Where a report goes: standard output, or --output-file (coloured there only with --color=always).
struct ReportSink {
  std::ofstream file;
  std::ostream* out = nullptr;
  ReportOptions options;
  // False (with a message on `err`) when the output file cannot be written.
  bool open(const std::string& output_file, std::string_view color, bool stdout_is_tty, std::ostream& out,
            std::ostream& err);
};

// SARIF's %SRCROOT%: the git work tree that holds `first` (the first input's place), else the
// working directory.
std::string report_source_root(const std::filesystem::path& first);

// Whether a finding of severity `s` makes the exit code 1 at `level`.
bool severity_fails(Severity s, FailLevel level);

}  // namespace layerlint
