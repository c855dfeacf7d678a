#include "cli/app.hpp"

#include <sys/stat.h>
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/fix_files.hpp"
#include "cli/walk.hpp"
#include "layerlint/baseline.hpp"
#include "layerlint/compose.hpp"
#include "layerlint/context.hpp"
#include "layerlint/fix.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/parser.hpp"
#include "layerlint/report.hpp"
#include "layerlint/rule.hpp"
#include "layerlint/session.hpp"
#include "model/paths.hpp"

namespace layerlint {

namespace fs = std::filesystem;

namespace {

// The whole stream, read in blocks (an istreambuf_iterator copies a byte at a time).
std::string read_all(std::istream& in) {
  std::string content;
  std::array<char, 64 * 1024> block{};
  while (in.read(block.data(), block.size()) || in.gcount() > 0) {
    content.append(block.data(), static_cast<size_t>(in.gcount()));
  }
  return content;
}

bool read_file(const std::string& path, std::string& content, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::error_code(errno, std::generic_category()).message();
    return false;
  }
  content = read_all(in);
  if (in.bad()) {
    error = "read error";
    return false;
  }
  return true;
}

// One input: a path on disk, or standard input. Document::place is set for every input: its path,
// or for standard input the --stdin-filename when one is given (else none).
struct Input : Document {
  bool from_stdin = false;
  bool replaced = false;  // a plain Dockerfile that a Compose service also builds: linted as that
  std::string id = {};    // the file, canonical (see identity()); set when Compose files are expanded
};

Input file_input(std::string path, bool compose) {
  Input in;
  in.path = std::move(path);
  in.place = in.path;
  in.compose = compose;
  return in;
}

std::string source_root(const std::vector<Input>& inputs) {
  return report_source_root(inputs.empty() ? fs::path() : inputs.front().place);
}

bool is_yaml(std::string_view path) { return path.ends_with(".yml") || path.ends_with(".yaml"); }

std::string shown_path(const fs::path& p) {
  std::error_code ec;
  const fs::path rel = fs::relative(p, fs::current_path(ec), ec);
  return !ec && !rel.empty() && !rel.generic_string().starts_with("..") ? rel.generic_string()
                                                                        : p.generic_string();
}

// The file a path names, for telling whether two inputs are one file: its device and inode (one
// stat, where resolving the path would read every component's link), or for a file that does not
// exist, the absolute path.
std::string identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return fmt::format("{}:{}", st.st_dev, st.st_ino);
  std::error_code ec;
  return fs::absolute(path, ec).lexically_normal().string();
}

// Each Dockerfile that a Compose file's services build, with the args Compose passes, and the
// Compose files it includes (linted in their turn, each once).
void add_compose_builds(const Input& compose_input, std::vector<Input>& inputs) {
  std::string content, error;
  if (!read_file(compose_input.path, content, error)) return;  // reported when the file itself is read
  const SourceFile source(compose_input.path, std::move(content));
  const ComposeFile compose = parse_compose(source);
  const fs::path dir = fs::path(compose_input.path).parent_path();
  for (const Word& included : compose.includes) {
    if (included.value.empty()) continue;
    const fs::path path = (dir.empty() ? fs::path(".") : dir) / included.value;
    const std::string id = identity(path.string());
    if (std::any_of(inputs.begin(), inputs.end(), [&](const Input& i) { return i.compose && i.id == id; }))
      continue;
    Input in = file_input(shown_path(fs::absolute(path).lexically_normal()), true);
    in.id = id;
    inputs.push_back(std::move(in));
  }
  for (const ComposeBuild& b : compose_builds(compose, dir.empty() ? fs::path(".") : dir)) {
    if (b.dockerfile.empty()) continue;
    Input in = file_input(shown_path(b.dockerfile), false);
    in.target = b.target;
    for (const auto& [name, value] : b.args) {
      if (value) in.build_args[name] = *value;
    }
    in.context = b.context.string();
    in.network = b.network;
    // The Compose view of a Dockerfile (with its target and args) replaces a plain one, and the
    // same view from another Compose file is one input.
    in.id = identity(in.path);
    bool seen = false;
    for (Input& i : inputs) {
      if (i.compose || i.id != in.id) continue;
      if (!i.target) i.replaced = true;
      if (i.target == in.target && i.build_args == in.build_args && i.context == in.context) seen = true;
    }
    if (!seen) inputs.push_back(std::move(in));
  }
}

// Expands the command line into inputs: files as given, directories walked for Dockerfiles (see
// walk.hpp for which files, and which paths are skipped).
void discover(const AppOptions& options, const WalkOptions& walk, std::vector<Input>& inputs,
              std::vector<std::string>& errors) {
  for (const std::string& p : options.paths) {
    if (p == "-") {
      // Standard input stands where --stdin-filename says, when it is given.
      const bool named = options.stdin_filename != AppOptions().stdin_filename;
      Input in = file_input(options.stdin_filename, named && is_yaml(options.stdin_filename));
      in.from_stdin = true;
      if (!named) in.place.clear();
      inputs.push_back(std::move(in));
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(fmt::format("{}: no such file or directory", p));
      continue;
    }
    if (!fs::is_directory(status)) {
      inputs.push_back(file_input(p, is_yaml(p)));
      continue;
    }
    std::vector<std::string> found = walk_for_lintable_files(p, walk, errors);
    if (found.empty()) {
      errors.push_back(fmt::format("{}: no Dockerfile found in this directory", p));
      continue;
    }
    for (std::string& f : found) {
      const bool compose = is_compose_name(paths::basename(f));
      inputs.push_back(file_input(std::move(f), compose));
    }
  }
  // Included Compose files join the list as they are found, and are expanded in their turn.
  if (std::any_of(inputs.begin(), inputs.end(), [](const Input& i) { return i.compose; })) {
    for (Input& i : inputs) {
      if (!i.from_stdin) i.id = identity(i.path);
    }
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].compose) add_compose_builds(Input(inputs[i]), inputs);
  }
  std::erase_if(inputs, [](const Input& i) { return i.replaced; });
}

int list_rules(std::ostream& out) {
  out << fmt::format("{:<8} {:<32} {:<8} {}\n", "ID", "SLUG", "SEVERITY", "SUMMARY");
  for (const RuleInfo* r : all_rule_infos()) {
    out << fmt::format("{:<8} {:<32} {:<8} {}\n", r->id, r->slug, severity_name(r->severity), r->summary);
  }
  return 0;
}

int explain(const std::string& what, std::ostream& out, std::ostream& err) {
  const RuleInfo* r = find_rule_info(what);
  if (!r) {
    err << fmt::format("layerlint: unknown rule '{}' (see --list-rules)\n", what);
    return 2;
  }
  const std::string_view doc = r->doc();
  if (doc.empty()) {
    out << fmt::format("{} {}: {}\n", r->id, r->slug, r->summary);
  } else {
    out << doc;
    if (!doc.ends_with('\n')) out << '\n';
  }
  return 0;
}

int dump_ast(const AppOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
  std::string content, error;
  const std::string& path = options.dump_ast;
  if (path == "-") {
    content = read_all(in);
  } else if (!read_file(path, content, error)) {
    err << fmt::format("layerlint: {}: {}\n", path, error);
    return 2;
  }
  const SourceFile source(path == "-" ? options.stdin_filename : path, std::move(content));
  const Dockerfile file = parse_dockerfile(source);
  std::string dump;
  const bool ok = dump_buildkit_ast(file, dump, error);
  out << dump;
  if (!ok) {
    err << fmt::format("layerlint: {}: {}\n", source.path(), error);
    return 1;
  }
  return 0;
}

// Why `target` names no stage of the Dockerfile in `source` ("" when it does, or when the file has
// no FROM at all: its lint says what is wrong with it). Stage names match case-insensitively, as
// BuildKit's do.
std::string missing_target(const SourceFile& source, const std::string& target) {
  const Dockerfile file = parse_dockerfile(source);
  std::vector<std::string> stages;
  bool any_from = false;
  for (const Instruction& inst : file.instructions) {
    if (inst.kind != InstructionKind::From) continue;
    any_from = true;
    if (inst.stage_name && !inst.stage_name->value.empty()) stages.push_back(inst.stage_name->value);
  }
  const std::string wanted = ascii_lower(target);
  if (!any_from || std::any_of(stages.begin(), stages.end(),
                               [&](const std::string& s) { return ascii_lower(s) == wanted; }))
    return {};
  return fmt::format("--target {}: no stage of that name ({})", target,
                     stages.empty() ? std::string("the stages are unnamed")
                                    : fmt::format("stages: {}", fmt::join(stages, ", ")));
}

// A file that --fix or --diff went through: its text as read and what the fixes made of it.
struct FixedFile {
  std::string original;
  FixOutcome outcome;
};

// The parse error that guard_parse_errors() adds where the rule filter or a suppression hides the
// real one: it keeps the file from being rewritten, and is dropped before the report.
bool is_parse_guard(const Finding& f) { return f.rule_id == "LL0001" && f.message == k_parse_guard_message; }

// The findings a --fix pass works from. For standard input a fix that writes other files is shown,
// not applied: only the fixed text leaves the process.
std::vector<Finding> for_fixing(std::vector<Finding> findings, const SourceFile& source, bool from_stdin) {
  guard_parse_errors(findings, source);
  if (from_stdin) {
    for (Finding& f : findings) {
      if (f.fix && std::any_of(f.fix->edits.begin(), f.fix->edits.end(),
                               [](const Edit& e) { return !e.file.empty(); })) {
        f.fix->applicability = Applicability::DisplayOnly;
      }
    }
  }
  return findings;
}

struct FixTotals {
  size_t fixed = 0;        // fixes applied (or, with --diff, that would be)
  size_t files = 0;        // files written (or shown in the diff)
  size_t unsafe_left = 0;  // Unsafe fixes not applied for want of --unsafe-fixes
  std::string diff;        // --diff: the whole diff
};

// --fix writes the fixed files and the lines that fixes append to other files (standard input's text
// goes to `out`); --diff collects the diff of each instead. `relint` receives the inputs whose report
// must be made again from the file on disk: a write failed, another file that their lint reads
// changed, or another input of the same file rewrote it.
FixTotals write_fixes(const AppOptions& options, const std::vector<Input>& inputs,
                      const std::vector<std::optional<FixedFile>>& fixed, std::ostream& out,
                      std::vector<std::string>& io_errors, std::set<size_t>& relint) {
  FixTotals totals;
  const bool write = !options.diff;
  // Every file is staged, then all are flushed and renamed together (one flush per filesystem).
  FileBatch batch;
  std::map<std::string, std::vector<size_t>> staged_by;  // path -> the inputs whose fixes it holds
  // Inputs are told apart by Input::id, taken before anything is renamed (a rename gives a new inode).
  std::set<std::string> rewritten;
  // Lines for other files, in order of first appearance, with the inputs that asked for them.
  std::vector<std::string> other_files;
  std::map<std::string, std::pair<std::string, std::vector<size_t>>> appends;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!fixed[i] || fixed[i]->outcome.refused) continue;
    const FixedFile& f = *fixed[i];
    const std::string& path = inputs[i].path;
    if (!options.unsafe_fixes) {
      totals.unsafe_left += static_cast<size_t>(
          std::count_if(f.outcome.remaining.begin(), f.outcome.remaining.end(), [](const Finding& x) {
            return x.fix && x.fix->applicability == Applicability::Unsafe && !x.fix->edits.empty();
          }));
    }
    const bool changed = f.outcome.text != f.original;
    if (inputs[i].from_stdin && write) out << f.outcome.text;
    if (changed && !write) totals.diff += unified_diff(path, f.original, f.outcome.text);
    if (changed && write && !inputs[i].from_stdin) {
      if (const std::string e = batch.stage(path, f.outcome.text); !e.empty()) {
        io_errors.push_back(fmt::format("{}: cannot write: {}", path, e));
        relint.insert(i);
        continue;
      }
      staged_by[path].push_back(i);
      rewritten.insert(inputs[i].id);
    }
    if (changed) ++totals.files;
    totals.fixed += f.outcome.fixed;
    for (const Edit& e : f.outcome.external) {
      auto [it, is_new] = appends.try_emplace(e.file);
      if (is_new) other_files.push_back(e.file);
      it->second.first += e.replacement + "\n";
      it->second.second.push_back(i);
    }
  }
  for (const std::string& file : other_files) {
    const auto& [lines, sources] = appends[file];
    std::string before, error;
    std::error_code ec;
    if (fs::exists(file, ec) && !read_file(file, before, error)) {
      io_errors.push_back(fmt::format("{}: {}", file, error));
      continue;
    }
    const std::string after = append_missing_lines(before, lines);
    if (after == before) continue;
    if (!write) {
      totals.diff += unified_diff(file, before, after);
    } else if (const std::string e = batch.stage(file, after); !e.empty()) {
      io_errors.push_back(fmt::format("{}: cannot write: {}", file, e));
      continue;
    } else {
      relint.insert(sources.begin(), sources.end());
      staged_by[file].insert(staged_by[file].end(), sources.begin(), sources.end());
    }
    ++totals.files;
  }
  for (const auto& [path, error] : batch.commit()) {
    io_errors.push_back(fmt::format("{}: cannot write: {}", path, error));
    for (size_t i : staged_by[path]) {
      relint.insert(i);
      if (inputs[i].path == path) rewritten.erase(inputs[i].id);
    }
  }
  for (size_t i = 0; i < inputs.size() && write; ++i) {
    if (!fixed[i] && !inputs[i].from_stdin && !inputs[i].compose && rewritten.contains(inputs[i].id))
      relint.insert(i);
  }
  return totals;
}

// `--statistics`: one line per rule that has findings, most first: count, id, slug, summary.
void write_statistics(const std::vector<FileReport>& reports, std::ostream& out) {
  std::map<std::string, size_t> counts;
  for (const FileReport& r : reports) {
    for (const Finding& f : r.findings) ++counts[f.rule_id];
  }
  std::vector<std::pair<std::string, size_t>> rows(counts.begin(), counts.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [id, n] : rows) {
    const RuleInfo* info = find_rule_info(id);
    out << fmt::format("{:>5}  {:<7} {:<32} {}\n", n, id, info ? info->slug : "", info ? info->summary : "");
  }
}

}  // namespace

bool ReportSink::open(const std::string& output_file, std::string_view color, bool stdout_is_tty,
                      std::ostream& out, std::ostream& err) {
  options.color = color == "always" || (color == "auto" && stdout_is_tty && !std::getenv("NO_COLOR"));
  this->out = &out;
  if (output_file.empty()) return true;
  file.open(output_file, std::ios::binary);
  if (!file) {
    err << fmt::format("layerlint: {}: cannot write\n", output_file);
    return false;
  }
  options.color = color == "always";
  this->out = &file;
  return true;
}

std::string report_source_root(const fs::path& first) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return {};
  const fs::path start = fs::absolute(folder_of(first), ec).lexically_normal();
  return git_work_tree(ec ? cwd : start).value_or(cwd).string();
}

bool severity_fails(Severity s, FailLevel level) {
  switch (level) {
    case FailLevel::None: return false;
    case FailLevel::Info: return true;
    case FailLevel::Warning: return s != Severity::Info;
    case FailLevel::Error: return s == Severity::Error;
  }
  return false;
}

int run_app(const AppOptions& options, std::istream& in, std::ostream& out, std::ostream& err,
            bool stdout_is_tty) {
  if (options.list_rules) return list_rules(out);
  if (!options.explain.empty()) return explain(options.explain, out, err);
  if (!options.dump_ast.empty()) return dump_ast(options, in, out, err);

  const auto formats = report_formats();
  if (std::find(formats.begin(), formats.end(), options.format) == formats.end()) {
    err << fmt::format("layerlint: unknown format '{}'\n", options.format);
    return 2;
  }
  const auto cli_fallback = parse_fallback_strategy(options.fallback_strategy);
  if (!options.fallback_strategy.empty() && !cli_fallback) {
    err << fmt::format("layerlint: unknown fallback strategy '{}' (multi-stage, network, host-side)\n",
                       options.fallback_strategy);
    return 2;
  }
  if (options.unsafe_fixes && !options.fix && !options.diff) {
    err << "layerlint: --unsafe-fixes applies only with --fix or --diff\n";
    return 2;
  }
  if (options.paths.empty()) {
    err << "layerlint: no input: give files or directories (or - for standard input)\n";
    return 2;
  }
  SessionOptions session_options;
  session_options.config = options.config;
  session_options.select = options.select;
  session_options.ignore = options.ignore;
  session_options.fail_level = options.fail_level;
  session_options.fallback = cli_fallback;
  session_options.builder = options.builder;
  session_options.context = options.context;
  session_options.target = options.target;
  session_options.build_args = options.build_args;
  session_options.warn_unused_ignores = options.warn_unused_ignores;
  if (const auto problems = validate(session_options); !problems.empty()) {
    for (const std::string& p : problems) err << "layerlint: " << p << '\n';
    return 2;
  }
  Session session(std::move(session_options));

  // Each file's config (--config, or the nearest .layerlint.yaml above it) gives its rules,
  // severities, allowlists and fail level; while folders are walked, each path is skipped when the
  // --exclude globs or the `exclude` globs of the config that governs it match it.
  std::vector<ConfigError> config_errors;
  std::error_code cwd_ec;
  // Command-line globs are anchored at the working directory, a config's at its folder.
  const ExcludeGlobs cli_excludes(options.exclude, fs::current_path(cwd_ec));
  std::map<const LoadedConfig*, ExcludeGlobs> config_excludes;
  WalkOptions walk;
  walk.honor_gitignore = !options.no_ignore;
  walk.excluded = [&](const fs::path& path, const fs::path& root) {
    if (cli_excludes.excluded(path, root)) return true;
    const auto config = session.config_for(path, config_errors);
    if (!config || config->config.exclude.empty()) return false;
    auto it = config_excludes.find(config.get());
    if (it == config_excludes.end())
      it = config_excludes.emplace(config.get(), ExcludeGlobs(config->config.exclude, config->folder)).first;
    return it->second.excluded(path, root);
  };

  std::vector<std::string> io_errors;
  std::vector<Input> inputs;
  discover(options, walk, inputs, io_errors);

  std::vector<std::shared_ptr<const LoadedConfig>> file_configs(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    file_configs[i] = session.config_for(inputs[i].place, config_errors);
  if (!config_errors.empty()) {
    // Each config's errors once, in the order met.
    std::set<std::string> shown;
    for (const ConfigError& e : config_errors) {
      if (std::string line = e.to_string(); shown.insert(line).second) err << "layerlint: " << line << '\n';
    }
    return 2;
  }

  std::optional<Baseline> baseline;
  if (!options.baseline.empty()) {
    std::string error;
    baseline = load_baseline(options.baseline, error);
    if (!baseline) {
      err << "layerlint: " << error << '\n';
      return 2;
    }
  }

  std::string stdin_content;
  if (std::any_of(inputs.begin(), inputs.end(), [](const Input& i) { return i.from_stdin; })) {
    stdin_content = read_all(in);
  }

  const bool fixing = options.fix || options.diff;
  const FixLevel fix_level = options.unsafe_fixes ? FixLevel::Unsafe : FixLevel::Safe;
  // A file named twice (or built by two Compose services) is fixed once, through its first input.
  std::vector<bool> fixed_elsewhere(inputs.size(), false);
  if (fixing) {
    std::set<std::string> seen;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (inputs[i].from_stdin) continue;
      if (inputs[i].id.empty()) inputs[i].id = identity(inputs[i].path);
      if (!inputs[i].compose) fixed_elsewhere[i] = !seen.insert(inputs[i].id).second;
    }
  }

  std::vector<FileReport> reports(inputs.size());
  std::vector<std::string> read_errors(inputs.size());
  std::vector<std::optional<FixedFile>> fixed(inputs.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < inputs.size(); i = next++) {
      const Input& input = inputs[i];
      // No file is left for any worker: this is the last lint before the process exits.
      const bool last = next.load() >= inputs.size();
      std::string content;
      reports[i].path = input.path;
      if (input.from_stdin) {
        content = stdin_content;
      } else if (!read_file(input.path, content, read_errors[i])) {
        continue;
      }
      if (!input.compose && !input.target && !options.target.empty()) {
        read_errors[i] = missing_target(SourceFile(input.path, content), options.target);
        if (!read_errors[i].empty()) continue;
      }
      const LoadedConfig& config = *file_configs[i];
      if (fixing && !input.compose && !fixed_elsewhere[i]) {
        const Linter linter = [&](const SourceFile& s) {
          return for_fixing(session.lint(input, config, s, Teardown::Free), s, input.from_stdin);
        };
        FixedFile& f =
            fixed[i].emplace(FixedFile{content, fix_until_stable(input.path, content, linter, fix_level)});
        std::erase_if(f.outcome.remaining, is_parse_guard);
        reports[i].findings = f.outcome.remaining;
        reports[i].source = std::make_shared<const SourceFile>(input.path, f.outcome.text);
        continue;
      }
      auto source = std::make_shared<const SourceFile>(input.path, std::move(content));
      reports[i].findings = session.lint(
          input, config, *source, options.exits_after && last ? Teardown::KeepUntilExit : Teardown::Free);
      reports[i].source = std::move(source);
    }
  };
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(inputs.size(), 1)));
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
  }

  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!read_errors[i].empty()) io_errors.push_back(fmt::format("{}: {}", inputs[i].path, read_errors[i]));
  }
  FixTotals totals;
  if (fixing) {
    std::set<size_t> relint;
    totals = write_fixes(options, inputs, fixed, out, io_errors, relint);
    for (size_t i : relint) {
      std::string content, error;
      if (!read_file(inputs[i].path, content, error)) continue;  // the report of the fixed text stays
      auto source = std::make_shared<const SourceFile>(inputs[i].path, std::move(content));
      reports[i].findings = session.lint(inputs[i], *file_configs[i], *source, Teardown::Free);
      reports[i].source = std::move(source);
    }
  }
  // With --fix, standard output carries the fixed text of standard input instead of the report.
  const bool text_on_stdout =
      options.fix && !options.diff &&
      std::any_of(inputs.begin(), inputs.end(), [](const Input& i) { return i.from_stdin; });
  // Each report's fail level, from its file's config; reports of files that could not be read go.
  std::vector<FailLevel> fail_levels;
  {
    size_t kept = 0;
    for (size_t i = 0; i < reports.size(); ++i) {
      if (!reports[i].source) continue;
      fail_levels.push_back(session.fail_level(*file_configs[i]));
      if (kept != i) reports[kept] = std::move(reports[i]);
      ++kept;
    }
    reports.resize(kept);
  }

  if (!options.write_baseline.empty()) {
    std::ofstream baseline_out(options.write_baseline, std::ios::binary);
    if (!baseline_out || !write_baseline(reports, baseline_out)) {
      err << fmt::format("layerlint: {}: cannot write the baseline\n", options.write_baseline);
      return 2;
    }
    // Recording a baseline is not a lint run: one line says what was recorded, and it succeeds.
    size_t findings = 0;
    for (const FileReport& r : reports) findings += r.findings.size();
    out << fmt::format("layerlint: recorded {} finding{} of {} file{} in {}\n", findings,
                       findings == 1 ? "" : "s", reports.size(), reports.size() == 1 ? "" : "s",
                       options.write_baseline);
    for (const std::string& e : io_errors) err << "layerlint: " << e << '\n';
    return io_errors.empty() ? 0 : 2;
  }
  if (baseline) apply_baseline(reports, *baseline);

  ReportSink report_sink;
  if (!report_sink.open(options.output_file, options.color, stdout_is_tty, out, err)) return 2;
  ReportOptions& report_options = report_sink.options;
  report_options.fix_details = options.fix_details;
  std::ostream* sink = report_sink.out;
  report_options.summary = !options.quiet;
  report_options.errors = io_errors;
  report_options.source_root = source_root(inputs);
  if (options.diff) {
    *sink << totals.diff;
  } else if (options.statistics) {
    write_statistics(reports, *sink);
  } else if (!text_on_stdout || sink != &out) {
    write_report(options.format, reports, report_options, *sink);
  }
  sink->flush();
  for (const std::string& e : io_errors) err << "layerlint: " << e << '\n';
  if (fixing && !options.quiet) {
    auto count = [](size_t n, std::string_view what) {
      return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
    };
    err << fmt::format("layerlint: {} {} in {}", options.diff ? "would fix" : "fixed",
                       count(totals.fixed, "issue"), count(totals.files, "file"));
    if (totals.unsafe_left > 0)
      err << fmt::format(" ({} left for review: run with --unsafe-fixes)", totals.unsafe_left);
    err << '\n';
  }

  if (!io_errors.empty()) return 2;
  if (options.exit_zero) return 0;
  if (options.diff) return totals.diff.empty() ? 0 : 1;
  for (size_t i = 0; i < reports.size(); ++i) {
    for (const Finding& f : reports[i].findings) {
      if (severity_fails(f.severity, fail_levels[i])) return 1;
    }
  }
  return 0;
}

}  // namespace layerlint
