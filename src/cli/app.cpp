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

// One input: a path on disk, or standard input.
struct Input {
  std::string path;  // as shown
  bool from_stdin = false;
  bool compose = false;
  // A Dockerfile built by a Compose service: its target, build args and context.
  std::optional<std::string> target = {};
  std::map<std::string, std::string> build_args = {};
  std::string context = {};
  std::string network = {};  // Compose `build.network`
  bool replaced = false;     // a plain Dockerfile that a Compose service also builds: linted as that
  std::string id = {};       // the file, canonical (see identity()); set when Compose files are expanded
};

// Where an input stands on disk, for its config and build context: its path, or for standard input
// the --stdin-filename when one is given; empty for standard input without it.
fs::path place_of(const Input& input, const AppOptions& options) {
  if (!input.from_stdin) return input.path;
  return options.stdin_filename == AppOptions().stdin_filename ? fs::path()
                                                               : fs::path(options.stdin_filename);
}

// The folder of `place` (see place_of()): "." for a bare file name; the working directory for none.
fs::path folder_of(const fs::path& place) {
  if (place.empty()) {
    std::error_code ec;
    return fs::current_path(ec);
  }
  const fs::path dir = place.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

// SARIF's %SRCROOT%: the git work tree that holds the first input, else the working directory.
std::string source_root(const std::vector<Input>& inputs, const AppOptions& options) {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return {};
  const fs::path first = inputs.empty() ? fs::path() : place_of(inputs.front(), options);
  const fs::path start = fs::absolute(folder_of(first), ec).lexically_normal();
  return git_work_tree(ec ? cwd : start).value_or(cwd).string();
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
    Input in{shown_path(fs::absolute(path).lexically_normal()), false};
    in.compose = true;
    in.id = id;
    inputs.push_back(std::move(in));
  }
  for (const ComposeBuild& b : compose_builds(compose, dir.empty() ? fs::path(".") : dir)) {
    if (b.dockerfile.empty()) continue;
    Input in;
    in.path = shown_path(b.dockerfile);
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
void discover(const AppOptions& options, const std::vector<const ExcludeGlobs*>& excludes,
              std::vector<Input>& inputs, std::vector<std::string>& errors) {
  for (const std::string& p : options.paths) {
    if (p == "-") {
      inputs.push_back({options.stdin_filename, true});
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(fmt::format("{}: no such file or directory", p));
      continue;
    }
    if (!fs::is_directory(status)) {
      Input in{p, false};
      in.compose = is_yaml(p);
      inputs.push_back(std::move(in));
      continue;
    }
    std::vector<std::string> found = walk_for_lintable_files(p, excludes, errors);
    if (found.empty()) {
      errors.push_back(fmt::format("{}: no Dockerfile found in this directory", p));
      continue;
    }
    for (std::string& f : found) {
      Input in{std::move(f), false};
      in.compose = is_compose_name(paths::basename(in.path));
      inputs.push_back(std::move(in));
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

// A config file with what the linter needs of it, loaded once per path.
struct LoadedConfig {
  Config config;
  std::shared_ptr<const CompiledConfigPatterns> patterns;
  fs::path folder = ".";  // the config file's folder: its `exclude` globs are relative to it
};

class ConfigCache {
 public:
  // The config at `path` ("" = none); reports its errors to `errors` and returns null on failure.
  std::shared_ptr<const LoadedConfig> get(const std::string& path, std::vector<std::string>& errors) {
    if (path.empty()) return m_none;
    if (auto it = m_loaded.find(path); it != m_loaded.end()) return it->second;
    std::vector<ConfigError> problems;
    std::shared_ptr<const LoadedConfig> loaded;
    if (auto config = load_config(path, problems)) {
      auto patterns = std::make_shared<const CompiledConfigPatterns>(*config);
      const fs::path folder = fs::path(path).parent_path();
      loaded = std::make_shared<const LoadedConfig>(
          LoadedConfig{std::move(*config), std::move(patterns), folder.empty() ? fs::path(".") : folder});
    }
    for (const ConfigError& e : problems) errors.push_back(e.to_string());
    m_loaded.emplace(path, loaded);
    return loaded;
  }

 private:
  std::shared_ptr<const LoadedConfig> m_none = std::make_shared<const LoadedConfig>();
  std::map<std::string, std::shared_ptr<const LoadedConfig>> m_loaded;
};

std::string config_for(const AppOptions& options, const fs::path& start, ConfigLocator& locator) {
  if (!options.config.empty()) return options.config;
  const auto found = locator.find(start);
  return found ? found->string() : std::string();
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

// Stands for a parse error that the rule filter or a suppression hides: it still keeps the file from
// being rewritten, and is dropped before the report.
constexpr std::string_view k_hidden_parse_error = "the file does not parse";

bool is_parse_guard(const Finding& f) { return f.rule_id == "LL0001" && f.message == k_hidden_parse_error; }

bool parses_cleanly(const SourceFile& source) {
  std::vector<Finding> problems;
  return check_encoding(source, problems) && problems.empty() && parse_dockerfile(source).errors.empty();
}

// The findings a --fix pass works from. For standard input a fix that writes other files is shown,
// not applied: only the fixed text leaves the process.
std::vector<Finding> for_fixing(std::vector<Finding> findings, const SourceFile& source, bool from_stdin) {
  if (std::none_of(findings.begin(), findings.end(),
                   [](const Finding& f) { return f.rule_id == "LL0001"; }) &&
      !parses_cleanly(source)) {
    Finding guard;
    guard.rule_id = "LL0001";
    guard.severity = Severity::Error;
    guard.message = std::string(k_hidden_parse_error);
    findings.push_back(std::move(guard));
  }
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

// Whether `name` (an id, a slug, or an id prefix such as "LL1" or "ll10") names the rule `info`.
bool names_rule(std::string_view name, const RuleInfo& info) {
  if (find_rule_info(name) == &info) return true;
  return name.size() >= 2 && name.size() < info.id.size() &&
         ascii_lower(info.id).starts_with(ascii_lower(name)) && ascii_lower(name).starts_with("ll");
}

bool names_some_rule(std::string_view name) {
  const auto infos = all_rule_infos();
  return std::any_of(infos.begin(), infos.end(), [&](const RuleInfo* r) { return names_rule(name, *r); });
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
  for (const auto& list : {options.select, options.ignore}) {
    for (const std::string& id : list) {
      if (!names_some_rule(id)) {
        err << fmt::format("layerlint: unknown rule '{}' (see --list-rules)\n", id);
        return 2;
      }
    }
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
  if (std::error_code ec; !options.context.empty() && !fs::is_directory(options.context, ec)) {
    err << fmt::format("layerlint: --context {}: not a directory\n", options.context);
    return 2;
  }

  // The run's own config (--config, or the nearest one above the working directory) gives the
  // fail level and the excluded paths; each file's nearest config gives its rules and allowlists.
  ConfigCache configs;
  ConfigLocator locator;
  std::vector<std::string> config_errors;
  std::error_code cwd_ec;
  const auto run_config = configs.get(config_for(options, fs::current_path(cwd_ec), locator), config_errors);
  if (!config_errors.empty()) {
    for (const std::string& e : config_errors) err << "layerlint: " << e << '\n';
    return 2;
  }
  // Command-line globs are anchored at the working directory, the config's at its folder.
  const ExcludeGlobs cli_excludes(options.exclude, fs::current_path(cwd_ec));
  const ExcludeGlobs config_excludes(run_config->config.exclude, run_config->folder);
  const FailLevel fail_level =
      options.fail_level.value_or(run_config->config.fail_level.value_or(FailLevel::Warning));

  std::vector<std::string> io_errors;
  std::vector<Input> inputs;
  discover(options, {&cli_excludes, &config_excludes}, inputs, io_errors);

  std::vector<std::shared_ptr<const LoadedConfig>> file_configs(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    file_configs[i] =
        configs.get(config_for(options, folder_of(place_of(inputs[i], options)), locator), config_errors);
  }
  if (!config_errors.empty()) {
    for (const std::string& e : config_errors) err << "layerlint: " << e << '\n';
    return 2;
  }

  // Command-line --select replaces the config's select; --ignore adds to its ignore.
  auto filter_for = [&](const Config& config) -> RuleFilter {
    std::vector<std::string> select = options.select.empty() ? config.select : options.select;
    // A rule selected on the command line runs even when the config ignores it.
    std::vector<std::string> ignore;
    for (const std::string& id : config.ignore) {
      const bool reselected =
          std::any_of(options.select.begin(), options.select.end(),
                      [&](const std::string& s) { return find_rule_info(s) == find_rule_info(id); });
      if (!reselected) ignore.push_back(id);
    }
    ignore.insert(ignore.end(), options.ignore.begin(), options.ignore.end());
    return [select = std::move(select), ignore = std::move(ignore)](const RuleInfo& info) {
      auto named = [&](const std::vector<std::string>& list) {
        return std::any_of(list.begin(), list.end(),
                           [&](const std::string& id) { return names_rule(id, info); });
      };
      if (!select.empty() && !named(select)) return false;
      return !named(ignore);
    };
  };

  LintOptions lint_options;
  lint_options.target = options.target;
  lint_options.build_args = options.build_args;
  lint_options.warn_unused_ignores = options.warn_unused_ignores;
  auto options_for = [&](const LoadedConfig& loaded) {
    LintOptions o = lint_options;
    o.fallback = cli_fallback.value_or(loaded.config.fallback.value_or(FallbackStrategy::MultiStage));
    o.builder = !options.builder.empty() ? options.builder : loaded.config.builder.value_or("docker");
    o.allow_names = loaded.config.allow_names;
    if (loaded.patterns && !loaded.patterns->empty()) o.config_patterns = loaded.patterns;
    return o;
  };
  auto apply_severity = [](const Config& config, std::vector<Finding>& findings) {
    for (Finding& f : findings) {
      if (auto it = config.severity.find(f.rule_id); it != config.severity.end()) f.severity = it->second;
    }
  };

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

  // The lint of one input, the same for a plain run and for each pass of --fix.
  auto lint_input = [&](const Input& input, const LoadedConfig& config, const SourceFile& source,
                        Teardown teardown) {
    const RuleFilter filter = filter_for(config.config);
    std::vector<Finding> findings;
    if (input.compose) {
      findings = lint_compose(source, filter, options_for(config));
      apply_severity(config.config, findings);
      return findings;
    }
    LintOptions per_file = options_for(config);
    if (input.target) per_file.target = *input.target;
    for (const auto& [name, value] : input.build_args) per_file.build_args.try_emplace(name, value);
    per_file.build_network = input.network;
    // The context is only read if a rule asks for it (a broad COPY/ADD), and afresh for each lint:
    // --fix may have appended to its .dockerignore in between.
    fs::path context_dir;
    const fs::path dockerfile = place_of(input, options);
    if (!input.context.empty()) {
      context_dir = input.context;
    } else if (!options.context.empty()) {
      context_dir = options.context;
    } else if (!dockerfile.empty()) {
      context_dir = folder_of(dockerfile);
    }
    ContextSource context;
    if (!context_dir.empty()) {
      per_file.context_dir = context_dir;
      auto loaded = std::make_shared<std::optional<BuildContext>>();
      context = ContextSource([loaded, context_dir, dockerfile]() -> const BuildContext* {
        loaded->emplace(BuildContext::load(context_dir, dockerfile));
        return &**loaded;
      });
    }
    findings = lint_dockerfile(source, per_file, context, filter, teardown);
    apply_severity(config.config, findings);
    return findings;
  };

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
          return for_fixing(lint_input(input, config, s, Teardown::Free), s, input.from_stdin);
        };
        FixedFile& f =
            fixed[i].emplace(FixedFile{content, fix_until_stable(input.path, content, linter, fix_level)});
        std::erase_if(f.outcome.remaining, is_parse_guard);
        reports[i].findings = f.outcome.remaining;
        reports[i].source = std::make_shared<const SourceFile>(input.path, f.outcome.text);
        continue;
      }
      auto source = std::make_shared<const SourceFile>(input.path, std::move(content));
      reports[i].findings = lint_input(
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
      reports[i].findings = lint_input(inputs[i], *file_configs[i], *source, Teardown::Free);
      reports[i].source = std::move(source);
    }
  }
  // With --fix, standard output carries the fixed text of standard input instead of the report.
  const bool text_on_stdout =
      options.fix && !options.diff &&
      std::any_of(inputs.begin(), inputs.end(), [](const Input& i) { return i.from_stdin; });
  std::erase_if(reports, [&](const FileReport& r) { return !r.source; });

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
  report_options.source_root = source_root(inputs, options);
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
  for (const FileReport& r : reports) {
    for (const Finding& f : r.findings) {
      if (severity_fails(f.severity, fail_level)) return 1;
    }
  }
  return 0;
}

}  // namespace layerlint
