// `layerlint image`: reads a built image (a file, a directory or `docker save NAME`), reports the
// secrets in it, and with --dockerfile cross-checks them against the Dockerfile's findings.
#include "cli/image_cmd.hpp"

#include "cli/app.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "layerlint/image.hpp"
#include "layerlint/report.hpp"

extern char** environ;

namespace layerlint {

namespace {

struct Child {
  pid_t pid = -1;
  int out = -1;  // its standard output
};

// Starts argv with its standard output on a pipe (standard error passes through).
bool spawn_reading(const std::vector<std::string>& argv, Child& child, std::string& error) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    error = "pipe failed";
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = posix_spawnp(&child.pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    error = fmt::format("cannot run {}", argv[0]);
    return false;
  }
  child.out = fds[0];
  return true;
}

int wait_child(Child& child) {
  if (child.out >= 0) close(child.out);
  int status = 0;
  while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// The whole standard output of a command; nullopt when it fails.
std::optional<std::string> capture(const std::vector<std::string>& argv) {
  Child c;
  std::string error;
  if (!spawn_reading(argv, c, error)) return std::nullopt;
  std::string out;
  char buf[1 << 14];
  for (;;) {
    const ssize_t n = read(c.out, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > (64u << 20)) break;
  }
  if (wait_child(c) != 0) return std::nullopt;
  return out;
}

// Config and history of a local image from the Docker CLI, before its stream is read: so that the
// one pass over `docker save` can also search the layers for the values they give away.
std::string prefetch(const std::string& docker, const std::string& name) {
  using nlohmann::json;
  const auto config = capture({docker, "image", "inspect", "--format", "{{json .Config}}", name});
  const auto history = capture({docker, "history", "--no-trunc", "--format", "{{json .CreatedBy}}", name});
  if (!config || !history) return {};
  json cfg = json::parse(*config, nullptr, false);
  if (cfg.is_discarded()) return {};
  json out = json::object();
  out["config"] = cfg;
  out["rootfs"] = json::object();
  json entries = json::array();
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < history->size()) {
    size_t end = history->find('\n', start);
    if (end == std::string::npos) end = history->size();
    lines.push_back(history->substr(start, end - start));
    start = end + 1;
  }
  // `docker history` lists the newest first.
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    json line = json::parse(*it, nullptr, false);
    if (line.is_string()) entries.push_back(json{{"created_by", line}});
  }
  out["history"] = entries;
  return out.dump();
}

}  // namespace

int run_image(const ImageCliOptions& o, std::ostream& out, std::ostream& err, bool stdout_is_tty) {
  if (o.path.empty() == o.docker.empty()) {
    err << "layerlint image: give an image archive or directory, or --docker NAME (one of them)\n";
    return 2;
  }
  const auto formats = report_formats();
  if (std::find(formats.begin(), formats.end(), o.format) == formats.end()) {
    err << fmt::format("layerlint image: unknown format '{}'\n", o.format);
    return 2;
  }
  ReportSink report_sink;
  if (!report_sink.open(o.output_file, o.color, stdout_is_tty, out, err)) return 2;
  std::ostream* sink = report_sink.out;
  ReportOptions& report_options = report_sink.options;
  report_options.source_root = report_source_root(o.dockerfile);
  // An image that cannot be read at all is still a report: SARIF's invocations and JSON's `errors`
  // name what went wrong (the other formats leave it to standard error), and the exit code is 2.
  auto fail = [&](const std::vector<std::string>& errors) {
    report_options.errors = errors;
    if (o.format == "sarif" || o.format == "json") write_report(o.format, {}, report_options, *sink);
    sink->flush();
    for (const std::string& e : errors) err << "layerlint image: " << e << '\n';
    return 2;
  };

  ImageOptions options;
  options.base_layers = o.base_layers;
  if (o.max_text_bytes) options.max_text_bytes = *o.max_text_bytes;
  ImageSource source;
  Child child;
  if (!o.docker.empty()) {
    const char* env = std::getenv("DOCKER");
    const std::string docker = env && *env ? env : "docker";
    source.prefetched_config_json = prefetch(docker, o.docker);
    std::string error;
    if (!spawn_reading({docker, "save", o.docker}, child, error)) return fail({error});
    source.fd = child.out;
    source.display = "docker:" + o.docker;
  } else if (o.path == "-") {
    source.fd = STDIN_FILENO;
    source.display = "<stdin>";
  } else {
    source.path = o.path;
  }
  ImageReport report = scan_image(source, options);
  if (child.pid > 0) {
    if (const int rc = wait_child(child); rc != 0)
      return fail({fmt::format("`docker save {}` failed (exit {})", o.docker, rc)});
  }
  bool any_read = false;
  for (const ImageLayerInfo& l : report.layers) any_read = any_read || l.read;
  if (!any_read && !report.errors.empty() && report.layers.empty()) {
    std::vector<std::string> errors;
    for (const ImageError& e : report.errors) errors.push_back(e.where + ": " + e.message);
    return fail(errors);
  }

  CrossCheckOptions cc;
  cc.dockerfile = o.dockerfile;
  cc.context = o.context;
  cc.target = o.target;
  CrossCheck check = image_findings(report, cc);
  if (!check.error.empty()) return fail({check.error});

  write_report(o.format, check.files, report_options, *sink);
  const std::string summary =
      fmt::format("{}: {} layers ({} of the base image: {}), {} history entries", report.image,
                  report.layers.size(), report.base_layers, report.base_reason, report.history.size());
  std::ostream& note = o.format == "text" && sink == &out ? out : err;
  note << summary << '\n';
  if (!o.dockerfile.empty()) {
    note << fmt::format(
        "cross-check with {}: {} static finding(s) confirmed by the image, {} not seen in it, {} image "
        "leak(s) no "
        "static rule predicted\n",
        o.dockerfile, check.confirmed, check.not_seen, check.unpredicted);
  }
  sink->flush();
  for (const FileReport& f : check.files) {
    for (const Finding& x : f.findings) {
      if (severity_fails(x.severity, o.fail_level)) return 1;
    }
  }
  return 0;
}

}  // namespace layerlint
