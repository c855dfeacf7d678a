#include "layerlint/baseline.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <tuple>

#include "report/common.hpp"

namespace layerlint {

namespace {

constexpr std::string_view k_tool = "layerlint";
constexpr std::string_view k_version = "1";

// "hash:occurrence" split for sorting occurrences numerically ("…:2" before "…:10").
std::pair<std::string_view, uint64_t> split_fingerprint(std::string_view fp) {
  const size_t colon = fp.rfind(':');
  if (colon == std::string_view::npos) return {fp, 0};
  uint64_t n = 0;
  for (char c : fp.substr(colon + 1)) {
    if (c < '0' || c > '9') return {fp, 0};
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return {fp.substr(0, colon), n};
}

bool write_order(const BaselineEntry& a, const BaselineEntry& b) {
  return std::tie(a.path, a.rule) < std::tie(b.path, b.rule) ||
         (std::tie(a.path, a.rule) == std::tie(b.path, b.rule) &&
          split_fingerprint(a.fingerprint) < split_fingerprint(b.fingerprint));
}

// A required, non-empty string field of a baseline entry.
std::optional<std::string> string_field(const YAML::Node& entry, const char* key, size_t index,
                                        std::string& error) {
  const YAML::Node node = entry[key];
  if (!node || !node.IsScalar() || node.Scalar().empty()) {
    error = fmt::format("findings[{}] has no \"{}\" string", index, key);
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<Baseline> parse_document(const YAML::Node& root, std::string& error) {
  if (!root.IsMap()) {
    error = "not a layerlint baseline: expected a JSON object";
    return std::nullopt;
  }
  const YAML::Node version = root["version"];
  if (!version || !version.IsScalar()) {
    error = "not a layerlint baseline: no \"version\"";
    return std::nullopt;
  }
  if (version.Scalar() != k_version) {
    error = fmt::format("unsupported baseline version {}; this layerlint reads version {}",
                        version.Scalar().substr(0, 32), k_version);
    return std::nullopt;
  }
  if (const YAML::Node tool = root["tool"]; tool && (!tool.IsScalar() || tool.Scalar() != k_tool)) {
    error = "not a layerlint baseline: \"tool\" is not \"layerlint\"";
    return std::nullopt;
  }
  const YAML::Node findings = root["findings"];
  if (!findings || !findings.IsSequence()) {
    error = "not a layerlint baseline: \"findings\" is not an array";
    return std::nullopt;
  }
  Baseline baseline;
  baseline.entries.reserve(findings.size());
  size_t index = 0;
  for (const YAML::Node& item : findings) {
    if (!item.IsMap()) {
      error = fmt::format("findings[{}] is not an object", index);
      return std::nullopt;
    }
    auto path = string_field(item, "path", index, error);
    if (!path) return std::nullopt;
    auto rule = string_field(item, "rule", index, error);
    if (!rule) return std::nullopt;
    auto fp = string_field(item, "fingerprint", index, error);
    if (!fp) return std::nullopt;
    baseline.entries.push_back({report::normalized_path(*path), std::move(*rule), std::move(*fp)});
    ++index;
  }
  std::sort(baseline.entries.begin(), baseline.entries.end());
  baseline.entries.erase(std::unique(baseline.entries.begin(), baseline.entries.end()),
                         baseline.entries.end());
  return baseline;
}

}  // namespace

bool Baseline::contains(const BaselineEntry& e) const {
  return std::binary_search(entries.begin(), entries.end(), e);
}

std::vector<std::string> baseline_fingerprints(const FileReport& file) {
  std::vector<std::string> out;
  out.reserve(file.findings.size());
  report::LineFingerprints lines(file);
  for (const Finding& f : file.findings) {
    const report::LineFingerprints::Value v = lines.next(f);
    out.push_back(fmt::format("{:016x}:{}", v.hash, v.occurrence));
  }
  return out;
}

bool write_baseline(const std::vector<FileReport>& files, std::ostream& out) {
  struct Row {
    BaselineEntry entry;
    const std::string* message;
  };
  std::vector<Row> rows;
  for (const FileReport& file : files) {
    const std::string path = report::normalized_path(file.path);
    const std::vector<std::string> fps = baseline_fingerprints(file);
    for (size_t i = 0; i < file.findings.size(); ++i) {
      rows.push_back({{path, file.findings[i].rule_id, fps[i]}, &file.findings[i].message});
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return write_order(a.entry, b.entry); });

  std::string buffer;
  report::JsonWriter w(buffer);
  w.begin_object();
  w.field("version", uint64_t{1});
  w.field("tool", k_tool);
  w.key("findings");
  w.begin_array();
  for (const Row& row : rows) {
    w.begin_object();
    w.field("path", row.entry.path);
    w.field("rule", row.entry.rule);
    w.field("fingerprint", row.entry.fingerprint);
    w.field("message", *row.message);
    w.end_object();
  }
  w.end_array();
  w.end_object();  // the writer ends the document with a newline
  out << buffer;
  return out.good();
}

std::optional<Baseline> parse_baseline(std::string_view text, std::string& error) {
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (!root || root.IsNull()) {
      error = "empty baseline: expected a JSON object";
      return std::nullopt;
    }
    return parse_document(root, error);
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null()) {
      error = fmt::format("malformed baseline JSON: {}", e.msg);
    } else {
      error = fmt::format("malformed baseline JSON at line {}, column {}: {}", e.mark.line + 1,
                          e.mark.column + 1, e.msg);
    }
  } catch (const std::exception& e) {
    error = fmt::format("malformed baseline JSON: {}", e.what());
  }
  return std::nullopt;
}

std::optional<Baseline> load_baseline(const std::string& path, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    error = fmt::format("{}: cannot read the baseline: no such file", path);
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    error = fmt::format("{}: cannot read the baseline: it is a directory", path);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in || in.bad()) {
    error = fmt::format("{}: cannot read the baseline", path);
    return std::nullopt;
  }
  std::string reason;
  std::optional<Baseline> baseline = parse_baseline(content.str(), reason);
  if (!baseline) error = fmt::format("{}: {}", path, reason);
  return baseline;
}

size_t apply_baseline(std::vector<FileReport>& files, const Baseline& baseline) {
  size_t hidden = 0;
  for (FileReport& file : files) {
    const std::vector<std::string> fps = baseline_fingerprints(file);
    const std::string path = report::normalized_path(file.path);
    std::vector<Finding> kept;
    kept.reserve(file.findings.size());
    for (size_t i = 0; i < file.findings.size(); ++i) {
      if (baseline.contains({path, file.findings[i].rule_id, fps[i]})) {
        ++hidden;
      } else {
        kept.push_back(std::move(file.findings[i]));
      }
    }
    file.findings = std::move(kept);
  }
  return hidden;
}

}  // namespace layerlint
