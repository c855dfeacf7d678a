// sarif format: SARIF 2.1.0 with what GitHub code scanning reads: rule metadata (help, tags,
// security-severity), code-point regions, line-hash fingerprints and fixes.
#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <unordered_map>

#include "core/text.hpp"
#include "report/common.hpp"

namespace layerlint::report {
namespace {

constexpr std::string_view k_schema = "https://json.schemastore.org/sarif-2.1.0.json";

struct RuleEntry {
  std::string id;
  std::string slug;
  Severity severity = Severity::Warning;
  std::string summary;
  std::string doc;
  std::string help_uri;
  std::string tags;
  double security_severity = 0;
};

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "warning";
}

// The paragraph under the doc's "## What it does" heading, joined into one line; "" when absent.
std::string what_it_does(std::string_view doc) {
  constexpr std::string_view k_heading = "## What it does";
  const size_t at = doc.find(k_heading);
  if (at == std::string_view::npos) return {};
  std::string_view rest = doc.substr(at + k_heading.size());
  std::string out;
  bool started = false;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
    if (!started) {
      if (blank) continue;
      started = true;
    } else if (blank || line.starts_with("#") || line.starts_with("```")) {
      break;
    }
    if (line.starts_with("#")) break;
    if (!out.empty()) out += ' ';
    out += line;
  }
  return out;
}

// The path as SARIF shows it: relative to `root` when it is under it (an absolute `root`; "" keeps
// the path as given).
std::string under_root(std::string_view path, const std::string& root) {
  if (root.empty()) return std::string(path);
  std::error_code ec;
  const std::filesystem::path abs =
      std::filesystem::absolute(std::filesystem::path(path), ec).lexically_normal();
  if (ec) return std::string(path);
  const std::filesystem::path rel = abs.lexically_relative(std::filesystem::path(root).lexically_normal());
  if (rel.empty() || rel.begin()->string() == "..") return abs.generic_string();
  return rel.generic_string();
}

void write_artifact_location(JsonWriter& w, std::string_view shown, const std::string& root) {
  const std::string p = normalized_path(under_root(shown, root));
  w.key("artifactLocation");
  w.begin_object();
  const bool drive = p.size() >= 3 && ((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
                     p[1] == ':' && p[2] == '/';
  if (!p.empty() && p[0] == '/') {
    w.field("uri", "file://" + uri_escape(p, false));
  } else if (drive) {
    w.field("uri", "file:///" + uri_escape(p, true));
  } else {
    w.field("uri", uri_escape(p, false));
    w.field("uriBaseId", "%SRCROOT%");
  }
  w.end_object();
}

void write_region(JsonWriter& w, std::string_view name, const Range& range) {
  const DisplayRange r = display_range(range);
  w.key(name);
  w.begin_object();
  w.field("startLine", uint64_t{r.start_line});
  w.field("startColumn", uint64_t{r.start_column});
  w.field("endLine", uint64_t{r.end_line});
  w.field("endColumn", uint64_t{r.end_column});
  w.end_object();
}

std::vector<RuleEntry> collect_rules(const Files& files, const ReportOptions& options) {
  std::vector<RuleEntry> rules;
  const std::vector<const RuleInfo*> infos = options.rules.empty() ? all_rule_infos() : options.rules;
  for (const RuleInfo* info : infos) {
    if (info == nullptr) continue;
    rules.push_back({std::string(info->id), std::string(info->slug), info->severity,
                     std::string(info->summary), std::string(info->doc()), info->help_uri(),
                     std::string(info->tags), info->security_severity});
  }
  // Findings of rules missing from the list still need a descriptor for their ruleIndex.
  std::unordered_map<std::string, bool> known;
  for (const RuleEntry& r : rules) known.emplace(r.id, true);
  for (const FileReport& file : files) {
    for (const Finding& f : file.findings) {
      if (!known.emplace(f.rule_id, true).second) continue;
      RuleEntry entry;
      entry.id = f.rule_id;
      entry.slug = f.slug;
      entry.severity = f.severity;
      if (const RuleInfo* info = find_rule_info(f.rule_id)) {
        entry.summary = std::string(info->summary);
        entry.doc = std::string(info->doc());
        entry.help_uri = info->help_uri();
        entry.tags = std::string(info->tags);
        entry.security_severity = info->security_severity;
      }
      rules.push_back(std::move(entry));
    }
  }
  return rules;
}

void write_rule(JsonWriter& w, const RuleEntry& rule) {
  const std::string summary = rule.summary.empty() ? (rule.slug.empty() ? rule.id : rule.slug) : rule.summary;
  w.begin_object();
  w.field("id", rule.id);
  w.field("name", rule.slug.empty() ? rule.id : pascal_case(rule.slug));
  w.key("shortDescription");
  w.begin_object();
  w.field("text", summary);
  w.end_object();
  std::string full = what_it_does(rule.doc);
  w.key("fullDescription");
  w.begin_object();
  w.field("text", full.empty() ? summary : full);
  w.end_object();
  w.key("help");
  w.begin_object();
  w.field("text", rule.doc.empty() ? summary : rule.doc);
  w.field("markdown", rule.doc.empty() ? summary : rule.doc);
  w.end_object();
  if (!rule.help_uri.empty()) w.field("helpUri", rule.help_uri);
  w.key("defaultConfiguration");
  w.begin_object();
  w.field("level", sarif_level(rule.severity));
  w.end_object();
  w.key("properties");
  w.begin_object();
  w.key("tags");
  w.begin_array();
  for (std::string_view tag : split_tags(rule.tags)) w.string(tag);
  w.end_array();
  if (rule.security_severity > 0) w.field("security-severity", fmt::format("{:.1f}", rule.security_severity));
  w.field("precision", "high");
  w.end_object();
  w.end_object();
}

void write_fixes(JsonWriter& w, const FileReport& file, const Fix& fix, const std::string& root) {
  bool any = false;
  for (const Edit& e : fix.edits) any = any || (e.file.empty() && e.range.begin.line > 0);
  if (!any) return;
  w.key("fixes");
  w.begin_array();
  w.begin_object();
  w.key("description");
  w.begin_object();
  w.field("text", fix.title.empty() ? std::string_view("apply the fix") : std::string_view(fix.title));
  w.end_object();
  w.key("artifactChanges");
  w.begin_array();
  w.begin_object();
  write_artifact_location(w, file.path, root);
  w.key("replacements");
  w.begin_array();
  for (const Edit& e : fix.edits) {
    if (!e.file.empty() || e.range.begin.line == 0) continue;
    w.begin_object();
    write_region(w, "deletedRegion", e.range);
    if (!e.replacement.empty()) {
      w.key("insertedContent");
      w.begin_object();
      w.field("text", e.replacement);
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_array();
  w.end_object();
  w.end_array();
}

}  // namespace

void write_sarif(const Files& files, const ReportOptions& options, std::ostream& out) {
  const std::vector<RuleEntry> rules = collect_rules(files, options);
  std::unordered_map<std::string, size_t> rule_index;
  for (size_t i = 0; i < rules.size(); ++i) rule_index.emplace(rules[i].id, i);

  const std::string& root = options.source_root;
  std::string buffer;
  JsonWriter w(buffer);
  w.begin_object();
  w.field("$schema", k_schema);
  w.field("version", "2.1.0");
  w.key("runs");
  w.begin_array();
  w.begin_object();
  w.key("tool");
  w.begin_object();
  w.key("driver");
  w.begin_object();
  w.field("name", k_tool_name);
  w.field("version", options.tool_version);
  w.field("semanticVersion", options.tool_version);
  w.field("informationUri", k_information_uri);
  w.key("rules");
  w.begin_array();
  for (const RuleEntry& rule : rules) write_rule(w, rule);
  w.end_array();
  w.end_object();
  w.end_object();
  // The run's errors: a path that does not exist, a file that cannot be read.
  w.key("invocations");
  w.begin_array();
  w.begin_object();
  w.key("executionSuccessful");
  w.boolean(options.errors.empty());
  if (!options.errors.empty()) {
    w.key("toolExecutionNotifications");
    w.begin_array();
    for (const std::string& e : options.errors) {
      w.begin_object();
      w.field("level", "error");
      w.key("message");
      w.begin_object();
      w.field("text", e);
      w.end_object();
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  w.end_array();
  if (!root.empty()) {
    std::string uri = "file://" + uri_escape(normalized_path(root), false);
    if (!uri.ends_with('/')) uri += '/';
    w.key("originalUriBaseIds");
    w.begin_object();
    w.key("%SRCROOT%");
    w.begin_object();
    w.field("uri", uri);
    w.end_object();
    w.end_object();
  }
  w.field("columnKind", "unicodeCodePoints");
  w.key("results");
  w.begin_array();
  for (const FileReport& file : files) {
    LineFingerprints fingerprints(file);
    for (const Finding& f : file.findings) {
      w.begin_object();
      w.field("ruleId", f.rule_id);
      w.field("ruleIndex", uint64_t{rule_index.at(f.rule_id)});
      w.field("level", sarif_level(f.severity));
      w.key("message");
      w.begin_object();
      w.field("text", f.message.empty() ? std::string_view(f.rule_id) : std::string_view(f.message));
      w.end_object();
      w.key("locations");
      w.begin_array();
      w.begin_object();
      w.key("physicalLocation");
      w.begin_object();
      write_artifact_location(w, file.path, root);
      write_region(w, "region", f.range);
      w.end_object();
      if (!f.artifact.empty()) {
        // A part of a built image: the layer digest and path, the history entry or the config field.
        w.key("logicalLocations");
        w.begin_array();
        w.begin_object();
        w.field("fullyQualifiedName", f.artifact);
        w.field("kind", "resource");
        w.end_object();
        w.end_array();
      }
      w.end_object();
      w.end_array();
      const LineFingerprints::Value fp = fingerprints.next(f);
      w.key("partialFingerprints");
      w.begin_object();
      w.field("primaryLocationLineHash", fmt::format("{:016x}:{}", fp.hash, fp.occurrence));
      w.end_object();
      if (f.fix && !f.fix->advice.strategy.empty()) {
        w.key("properties");
        w.begin_object();
        w.field("fixStrategy", f.fix->advice.strategy);
        w.end_object();
      }
      if (f.fix) write_fixes(w, file, *f.fix, root);
      w.end_object();
    }
  }
  w.end_array();
  w.end_object();
  w.end_array();
  w.end_object();
  out << buffer;
}

}  // namespace layerlint::report
