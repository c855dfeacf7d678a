// layerlint's entry point: options in, exit code out. The only place that catches exceptions.
#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/app.hpp"
#include "cli/image_cmd.hpp"
#include "core/text.hpp"
#include "lsp/server.hpp"

namespace {

// "did you mean --format?" for the first unexpected `--option` (its `=value` aside) that is close
// to one of `app`'s long options; "" when none is.
std::string suggest_option(const CLI::App& app, const std::vector<std::string>& unexpected) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& name : opt->get_lnames()) names.push_back(name);
  }
  const std::vector<std::string_view> views(names.begin(), names.end());
  for (const std::string& arg : unexpected) {
    if (!arg.starts_with("--") || arg.size() == 2) continue;
    const std::string_view word = std::string_view(arg).substr(2, arg.find('=') - 2);
    const std::string_view best = layerlint::nearest_name(word, views);
    if (!best.empty())
      return "layerlint: unknown option --" + std::string(word) + ": did you mean --" + std::string(best) +
             "?\n";
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace layerlint;
  try {
    AppOptions o;
    CLI::App app{"layerlint: finds build secrets leaking into Docker image layers, and excess privilege"};
    app.set_version_flag("--version", std::string("layerlint ") + LAYERLINT_VERSION);
    app.add_option("paths", o.paths,
                   "Dockerfiles, Compose files or directories to lint; - reads standard input");
    app.add_option("-f,--format", o.format,
                   "output format: text, gcc, json, sarif, github, checkstyle, gitlab")
        ->capture_default_str();
    app.add_option("-o,--output-file", o.output_file,
                   "write the report to this file instead of standard output");
    app.add_option("--color", o.color, "colour in text output")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_option("--stdin-filename", o.stdin_filename,
                   "the name shown for standard input, and the file whose config and folder (the build "
                   "context) it takes");
    std::string fail_level;
    app.add_option("--fail-level", fail_level,
                   "lowest severity that makes the exit code 1, over every config's (default: each file's "
                   "config `fail-level`, else warning)")
        ->check(CLI::IsMember({"error", "warning", "info", "none"}));
    app.add_option("--select", o.select,
                   "run only these rules: ids, slugs or id prefixes (LL1), comma-separated")
        ->delimiter(',')
        ->allow_extra_args(false);
    app.add_option("--ignore", o.ignore, "skip these rules: ids, slugs or id prefixes, comma-separated")
        ->delimiter(',')
        ->allow_extra_args(false);
    app.add_option("--exclude", o.exclude,
                   "skip paths matching this glob while walking folders (repeatable; ** at any depth)")
        ->allow_extra_args(false);
    app.add_flag(
        "--no-ignore", o.no_ignore,
        "walk folders without honouring .gitignore files (--exclude and config `exclude` still apply)");
    app.add_option("-j,--jobs", o.jobs, "files linted in parallel (default: number of cores)");
    app.add_option("--context", o.context, "the build context directory (default: the Dockerfile's folder)");
    app.add_option("--target", o.target, "the stage that is built and shipped (default: the last)");
    std::vector<std::string> build_args;
    app.add_option("--build-arg", build_args, "NAME=VALUE, as given to docker build (repeatable)")
        ->allow_extra_args(false);
    app.add_option(
        "--fallback-strategy", o.fallback_strategy,
        "preferred secret fix for builders without BuildKit mounts: multi-stage, network, host-side");
    app.add_option("--builder", o.builder,
                   "the builder whose build recipe a secret fix shows first: docker, buildx, compose, "
                   "podman, buildah, "
                   "github-actions, gitlab-ci; classic (no RUN --mount: fixes use --fallback-strategy)")
        ->check(CLI::IsMember(
            {"docker", "buildx", "compose", "podman", "buildah", "github-actions", "gitlab-ci", "classic"}));
    app.add_option("--dump-ast", o.dump_ast,
                   "print BuildKit's parse of FILE and exit (non-zero where BuildKit rejects it)");
    app.add_flag("--warn-unused-ignores", o.warn_unused_ignores,
                 "report `# layerlint ignore=` comments that suppress nothing (LL0003)");
    app.add_option("--baseline", o.baseline, "hide the findings recorded in this baseline file");
    app.add_option("--write-baseline", o.write_baseline, "record the current findings in a baseline file");
    app.add_flag("--fix-details", o.fix_details,
                 "text format: print each fix's Compose snippet and alternative strategies in full");
    app.add_flag("--fix", o.fix, "apply the safe fixes to the files in place");
    app.add_flag("--unsafe-fixes", o.unsafe_fixes, "with --fix or --diff: apply the unsafe fixes too");
    app.add_flag("--diff", o.diff, "print a unified diff of what --fix would change and write nothing");
    app.add_flag("--statistics", o.statistics,
                 "print how many findings each rule has, instead of the findings");
    app.add_flag("-q,--quiet", o.quiet, "print the report only: no summary line, no fix count");
    app.add_flag("--exit-zero", o.exit_zero, "exit 0 even when there are findings (2 still means an error)");
    app.add_option("--config", o.config,
                   "the config file (default: the nearest .layerlint.yaml above each file)");
    app.add_flag("--list-rules", o.list_rules, "list the rules and exit");
    app.add_option("--explain", o.explain, "print a rule's documentation and exit");
    ImageCliOptions io;
    std::string image_fail_level = "warning";
    CLI::App* image = app.add_subcommand(
        "image",
        "read a built image (docker save archive, OCI layout or archive) and report the secrets in it");
    image->add_option("image", io.path,
                      "the image: an archive (tar, tar.gz, tar.zst), an OCI layout directory, or -");
    image->add_option("--docker", io.docker, "read `docker save NAME` from the local Docker (as a stream)");
    image->add_option(
        "--dockerfile", io.dockerfile,
        "cross-check with the Dockerfile the image was built from: leaks at their instructions, "
        "static findings confirmed or not seen");
    image->add_option("--context", io.context, "with --dockerfile: its build context (default: its folder)");
    image->add_option("--target", io.target,
                      "with --dockerfile: the stage that was built (default: the last)");
    image->add_option("--base-layers", io.base_layers,
                      "the first N layers are the base image's (default: from the history or --dockerfile)");
    image->add_option("--max-text-bytes", io.max_text_bytes,
                      "text files are scanned up to this many bytes (default: 1048576)");
    image
        ->add_option("-f,--format", io.format,
                     "output format: text, gcc, json, sarif, github, checkstyle, gitlab")
        ->capture_default_str();
    image->add_option("-o,--output-file", io.output_file,
                      "write the report to this file instead of standard output");
    image->add_option("--color", io.color, "colour in text output")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    image
        ->add_option("--fail-level", image_fail_level,
                     "lowest severity that makes the exit code 1 (default: warning)")
        ->check(CLI::IsMember({"error", "warning", "info", "none"}));
    SessionOptions lsp_options;
    CLI::App* lsp = app.add_subcommand(
        "lsp", "run the language server: LSP over standard input and output, for editors (docs/lsp.md)");
    lsp->add_option("--config", lsp_options.config,
                    "the config file (default: the nearest .layerlint.yaml above each file)");
    lsp->add_option("--select", lsp_options.select,
                    "run only these rules: ids, slugs or id prefixes (LL1), comma-separated")
        ->delimiter(',')
        ->allow_extra_args(false);
    lsp->add_option("--ignore", lsp_options.ignore,
                    "skip these rules: ids, slugs or id prefixes, comma-separated")
        ->delimiter(',')
        ->allow_extra_args(false);
    bool lsp_stdio = true;
    lsp->add_flag("--stdio", lsp_stdio,
                  "standard input and output (the only transport; accepted as editors pass it)");
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        const CLI::App& where = image->parsed() ? *image : lsp->parsed() ? *lsp : app;
        if (const std::string hint = suggest_option(where, where.remaining()); !hint.empty()) {
          std::cerr << hint;
          return 2;
        }
      }
      const int code = app.exit(e);
      return code == 0 ? 0 : 2;
    }
    if (lsp->parsed()) return lsp::run_stdio_server(lsp_options);
    if (image->parsed()) {
      io.fail_level = parse_fail_level(image_fail_level).value_or(FailLevel::Warning);
      return run_image(io, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
    }
    if (!fail_level.empty()) o.fail_level = parse_fail_level(fail_level);
    for (const std::string& a : build_args) {
      const size_t eq = a.find('=');
      o.build_args[a.substr(0, eq)] = eq == std::string::npos ? "" : a.substr(eq + 1);
    }
    o.exits_after = true;
    return run_app(o, std::cin, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
  } catch (const std::exception& e) {
    std::cerr << "layerlint: internal error: " << e.what() << '\n';
    return 2;
  } catch (...) {
    std::cerr << "layerlint: internal error\n";
    return 2;
  }
}
