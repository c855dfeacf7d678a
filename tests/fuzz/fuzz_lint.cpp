// libFuzzer target: the input as a Dockerfile (parse, every rule), as shell text, as an expansion
// word and as a Compose file, with every finding written in every report format.
//
// Redaction oracle: a second Dockerfile plants known secrets ahead of the input, which follows
// `ENV API_TOKEN=`; no report format may print a planted secret whole, nor the input's first line
// when it is a plain token-like literal assigned to API_TOKEN, and no fix may write one.
//
// Fixes: the input is fixed (every fix, a few passes) and the fixes of the planted file applied.
//
// The regression test (tests/fuzz_regressions_test.cpp) includes this file with
// LAYERLINT_FUZZ_NO_MAIN defined and runs fuzz_one_input() on every saved reproducer.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/compose.hpp"
#include "layerlint/expand.hpp"
#include "layerlint/fix.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/report.hpp"
#include "layerlint/secrets.hpp"
#include "layerlint/shell.hpp"

namespace layerlint::fuzz {

// Inputs beyond this are skipped, which keeps one execution bounded.
inline constexpr size_t k_max_input_bytes = 64u * 1024u;

// The planted secrets: a known token format, a strong literal password and a curl credential.
inline constexpr std::array<std::string_view, 3> k_planted_secrets = {
    "ghp_Fz7Qk2Lm9Xv4Rb8Nc3Hd6Tj1Wp5Ys0Ga2Ue7K",
    "Vq8-Plant3d-Db-Passw0rd-K2x9",
    "Cu7l-Plant3d-Cr3d-M4z6Qw",
};

inline const std::string& planted_header() {
  static const std::string header = std::string("FROM alpine:3.19 AS build\n") +
                                    "ARG GITHUB_TOKEN=" + std::string(k_planted_secrets[0]) + "\n" +
                                    "ENV DB_PASSWORD=" + std::string(k_planted_secrets[1]) + "\n" +
                                    "RUN curl -u deploy:" + std::string(k_planted_secrets[2]) +
                                    " https://example.com/a -o /tmp/a\n" + "ENV API_TOKEN=";
  return header;
}

// Every report format (text also in colour) of `files`, concatenated with the format names.
inline std::vector<std::pair<std::string, std::string>> write_all_reports(
    const std::vector<FileReport>& files) {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::string_view format : report_formats()) {
    for (bool color : {false, true}) {
      if (color && format != "text") continue;
      ReportOptions options;
      options.color = color;
      std::ostringstream stream;
      if (!write_report(format, files, options, stream)) {
        out.emplace_back(std::string(format), "<unknown format>");
        continue;
      }
      out.emplace_back(std::string(format) + (color ? " (color)" : ""), stream.str());
    }
  }
  return out;
}

// Whether `data` holds any 8-byte window of `secret`: then a report may show it for reasons of
// its own, and the oracle stands aside.
inline bool shares_window(std::string_view data, std::string_view secret) {
  constexpr size_t k_window = 8;
  if (data.size() < k_window) return false;
  for (size_t i = 0; i + k_window <= secret.size(); ++i) {
    if (data.find(secret.substr(i, k_window)) != std::string_view::npos) return true;
  }
  return false;
}

// The input's first line when it is a literal a rule must treat as the API_TOKEN's value: at
// least 16 letters and digits only (both present), not a placeholder, and nowhere else in the input.
inline std::optional<std::string_view> token_literal(std::string_view data) {
  const std::string_view line = data.substr(0, data.find_first_of("\r\n"));
  if (line.size() < 16 || line.size() > 256) return std::nullopt;
  bool letters = false;
  bool digits = false;
  for (char c : line) {
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      letters = true;
    } else {
      return std::nullopt;
    }
  }
  if (!letters || !digits || is_placeholder_value(line)) return std::nullopt;
  if (data.find(line, line.size()) != std::string_view::npos) return std::nullopt;
  for (std::string_view secret : k_planted_secrets) {
    if (secret.find(line) != std::string_view::npos) return std::nullopt;
  }
  return line;
}

// Runs everything on one input. Returns an oracle failure ("" when none); crashes, leaks and
// hangs are the sanitizers' and libFuzzer's to report.
inline std::string fuzz_one_input(std::string_view data) {
  if (data.size() > k_max_input_bytes) return {};

  // As a Dockerfile, with every rule; the fallback strategy varies with the input.
  LintOptions options;
  options.fallback = static_cast<FallbackStrategy>(data.size() % 3);
  auto dockerfile = std::make_shared<const SourceFile>("Dockerfile", std::string(data));
  std::vector<FileReport> files;
  files.push_back({dockerfile, "Dockerfile", lint_dockerfile(*dockerfile, options)});

  // As shell text and as an expansion word (both escape characters).
  const ShellScript script = parse_shell(data);
  (void)script;
  const VariableLookup lookup = [](std::string_view name) -> std::optional<std::string> {
    if (name == "A") return std::string("a b*c");
    if (name == "HOME") return std::string("/root");
    if (name.size() == 1 && name[0] >= '0' && name[0] <= '9') return std::string();
    return std::nullopt;
  };
  const ExpandResult expanded = expand_word(data, lookup, '\\');
  (void)expanded;
  const ExpandResult expanded_backtick = expand_word(data, lookup, '`');
  (void)expanded_backtick;
  const std::vector<std::string> words = expand_words(data, lookup, '\\');
  (void)words;

  // As a Compose file.
  auto compose_source = std::make_shared<const SourceFile>("compose.yaml", std::string(data));
  const ComposeFile compose = parse_compose(*compose_source);
  const std::vector<ComposeBuild> builds = compose_builds(compose, "/nonexistent/project");
  (void)builds;
  files.push_back({compose_source, "compose.yaml", lint_compose(*compose_source)});

  (void)write_all_reports(files);

  // Redaction oracle.
  auto planted = std::make_shared<const SourceFile>("Dockerfile", planted_header() + std::string(data));
  std::vector<FileReport> planted_files{{planted, "Dockerfile", lint_dockerfile(*planted, options)}};
  std::vector<std::string_view> watched;
  for (std::string_view secret : k_planted_secrets) {
    if (!shares_window(data, secret)) watched.push_back(secret);
  }
  if (const std::optional<std::string_view> token = token_literal(data)) watched.push_back(*token);
  for (const auto& [format, text] : write_all_reports(planted_files)) {
    for (std::string_view secret : watched) {
      if (text.find(secret) != std::string::npos) {
        return "redaction: format " + format + " prints the secret " + std::string(secret) + " whole";
      }
    }
  }
  for (const Finding& f : planted_files.front().findings) {
    if (!f.fix) continue;
    for (const Edit& e : f.fix->edits) {
      for (std::string_view secret : watched) {
        if (e.replacement.find(secret) != std::string::npos)
          return "fix: " + f.rule_id + " writes the secret " + std::string(secret) + " in an edit";
      }
    }
  }
  (void)apply_fixes(planted->text(), planted_files.front().findings, FixLevel::Unsafe);
  const Linter lint = [&](const SourceFile& source) { return lint_dockerfile(source, options); };
  (void)fix_until_stable("Dockerfile", std::string(data), lint, FixLevel::Unsafe, 3);
  return {};
}

}  // namespace layerlint::fuzz

#ifndef LAYERLINT_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string failure =
      layerlint::fuzz::fuzz_one_input(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!failure.empty()) {
    std::fprintf(stderr, "layerlint oracle failure: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
#endif
