#include "lsp/actions.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/fix_files.hpp"
#include "layerlint/parser.hpp"
#include "layerlint/rule.hpp"
#include "lsp/protocol.hpp"
#include "lsp/uri.hpp"

namespace layerlint::lsp {

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

json to_json(LspPosition p) { return {{"line", p.line}, {"character", p.character}}; }
json to_json(const LspRange& r) { return {{"start", to_json(r.start)}, {"end", to_json(r.end)}}; }

std::optional<LspPosition> position_of(const json& j) {
  const json& line = member(j, "line");
  const json& character = member(j, "character");
  if (!line.is_number_unsigned() || !character.is_number_unsigned()) return std::nullopt;
  return LspPosition{line.get<uint32_t>(), character.get<uint32_t>()};
}

int severity_number(Severity s) {
  switch (s) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Info: return 3;
  }
  return 2;
}

json text_edit(const LspRange& range, std::string text) {
  return {{"range", to_json(range)}, {"newText", std::move(text)}};
}

// The edits of one WorkspaceEdit, by document, in the order they were added.
class WorkspaceEditBuilder {
 public:
  void add(const std::string& uri, const json& version, json edit) {
    entry(uri, version).edits.push_back(std::move(edit));
  }
  void create(const std::string& uri) { entry(uri, json()).create = true; }
  [[nodiscard]] bool empty() const { return m_entries.empty(); }
  [[nodiscard]] json build(const EditSupport& support) const {
    if (support.document_changes) {
      json changes = json::array();
      for (const Entry& e : m_entries) {
        if (e.create) {
          changes.push_back({{"kind", "create"}, {"uri", e.uri}, {"options", {{"ignoreIfExists", true}}}});
        }
        changes.push_back({{"textDocument", {{"uri", e.uri}, {"version", e.version}}}, {"edits", e.edits}});
      }
      return {{"documentChanges", std::move(changes)}};
    }
    json changes = json::object();
    for (const Entry& e : m_entries) changes[e.uri] = e.edits;
    return {{"changes", std::move(changes)}};
  }

 private:
  struct Entry {
    std::string uri;
    json version;
    json edits = json::array();
    bool create = false;
  };
  Entry& entry(const std::string& uri, const json& version) {
    for (Entry& e : m_entries) {
      if (e.uri == uri) return e;
    }
    m_entries.push_back({uri, version});
    return m_entries.back();
  }
  std::vector<Entry> m_entries;
};

// Adds the lines that `edits` append to other files (Edit::file, relative to the working directory
// or absolute): at the end of a file that exists, only the lines it lacks; a CreateFile and its text
// where the client can create files. Returns the names of the files left out because it cannot.
std::vector<std::string> add_external_edits(const std::vector<Edit>& edits, PositionEncoding encoding,
                                            const EditSupport& support, WorkspaceEditBuilder& out) {
  std::vector<std::string> files;  // in order of first appearance
  std::map<std::string, std::string> lines;
  for (const Edit& e : edits) {
    if (e.file.empty()) continue;
    auto [it, added] = lines.try_emplace(e.file);
    if (added) files.push_back(e.file);
    it->second += e.replacement + "\n";
  }
  std::vector<std::string> left_out;
  for (const std::string& file : files) {
    std::error_code ec;
    const fs::path path = fs::absolute(file, ec).lexically_normal();
    if (ec) continue;
    const std::string uri = uri_from_path(path);
    if (const auto before = read_file_text(path)) {
      const std::string after = append_missing_lines(*before, lines[file]);
      if (after.size() == before->size()) continue;
      const LineIndex index(*before, encoding, /*skip_bom=*/true);
      out.add(uri, json(), text_edit({index.end(), index.end()}, after.substr(before->size())));
    } else if (support.document_changes && support.create_files) {
      out.create(uri);
      out.add(uri, json(), text_edit({}, append_missing_lines("", lines[file])));
    } else {
      left_out.push_back(path.filename().string());
    }
  }
  return left_out;
}

// The title of an action whose lines for `left_out` files could not be written.
std::string title_leaving_out(std::string title, const std::vector<std::string>& left_out) {
  for (const std::string& file : left_out) {
    title += fmt::format(" ({} not created: the editor cannot create files; create it and try again)", file);
  }
  return title;
}

bool kind_wanted(std::string_view kind, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  return std::any_of(only.begin(), only.end(), [&](const std::string& k) {
    return kind == k || (kind.starts_with(k) && kind.size() > k.size() && kind[k.size()] == '.');
  });
}

bool touches(const LspRange& a, const LspRange& b) { return a.start <= b.end && b.start <= a.end; }

bool named_by(const Finding& f, const LspRange& range, const json& context_diagnostics) {
  if (!context_diagnostics.is_array()) return false;
  for (const json& d : context_diagnostics) {
    const json& code = member(d, "code");
    if (!code.is_string() || code.get<std::string>() != f.rule_id) continue;
    const auto start = position_of(member(member(d, "range"), "start"));
    const auto end = position_of(member(member(d, "range"), "end"));
    if (start && end && LspRange{*start, *end} == range) return true;
  }
  return false;
}

json version_of(const LintedText& linted) { return linted.version; }

// The quick fix of a finding, or null when it has none that applies.
json quick_fix(const LintedText& linted, const Finding& f, const json& diag, const EditSupport& support) {
  if (!f.fix || f.fix->applicability == Applicability::DisplayOnly || f.fix->edits.empty()) return nullptr;
  const std::string_view text = linted.source->text();
  // Edits that apply_fixes would not apply (out of the text, overlapping) are not offered either.
  if (apply_fixes(text, {f}, FixLevel::Unsafe).applied != 1) return nullptr;
  WorkspaceEditBuilder edit;
  for (const Edit& e : f.fix->edits) {
    if (!e.file.empty()) continue;
    edit.add(linted.uri, version_of(linted),
             text_edit(lsp_range(e.range, linted.index), with_line_breaks_of(text, e.replacement)));
  }
  const auto left_out = add_external_edits(f.fix->edits, linted.index.encoding(), support, edit);
  if (edit.empty()) return nullptr;
  return {{"title", title_leaving_out(f.fix->title, left_out)},
          {"kind", k_quickfix},
          {"diagnostics", json::array({diag})},
          {"isPreferred", f.fix->applicability == Applicability::Safe},
          {"edit", edit.build(support)}};
}

// The byte offset where the line holding `offset` starts.
uint32_t line_start(std::string_view text, uint32_t offset) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  while (offset > 0 && text[offset - 1] != '\n' && text[offset - 1] != '\r') --offset;
  return offset;
}

// Where each instruction of a Dockerfile starts (sorted byte offsets), for the line a suppression
// comment goes above.
std::vector<uint32_t> instruction_starts(const SourceFile& source) {
  std::vector<uint32_t> starts;
  for (const Instruction& inst : parse_dockerfile(source).instructions)
    starts.push_back(inst.range.begin.offset);
  std::sort(starts.begin(), starts.end());
  return starts;
}

json suppress_action(const LintedText& linted, const Finding& f, const json& diag,
                     const std::vector<uint32_t>& starts, const EditSupport& support) {
  const std::string_view text = linted.source->text();
  uint32_t at = f.range.begin.offset;
  const auto it = std::upper_bound(starts.begin(), starts.end(), at);
  if (it != starts.begin()) at = *std::prev(it);
  const uint32_t start = line_start(text, at);
  uint32_t indent_end = start;
  while (indent_end < text.size() && (text[indent_end] == ' ' || text[indent_end] == '\t')) ++indent_end;
  const std::string comment = fmt::format("{}# layerlint ignore={} reason=\"…\"\n",
                                          text.substr(start, indent_end - start), f.rule_id);
  const LspPosition where = linted.index.position(start);
  WorkspaceEditBuilder edit;
  edit.add(linted.uri, version_of(linted), text_edit({where, where}, with_line_breaks_of(text, comment)));
  return {{"title", fmt::format("Suppress {} with a reason", f.rule_id)},
          {"kind", k_quickfix},
          {"diagnostics", json::array({diag})},
          {"edit", edit.build(support)}};
}

// One TextEdit that turns `before` into `after`: what lies between their common prefix and suffix,
// widened to whole characters and whole line breaks so that its range is exact in any encoding.
json minimal_edit(std::string_view before, std::string_view after, const LineIndex& index) {
  size_t prefix = 0;
  const size_t shortest = std::min(before.size(), after.size());
  while (prefix < shortest && before[prefix] == after[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < shortest - prefix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
    ++suffix;
  const auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  while (prefix > 0 && prefix < before.size() &&
         (continuation(before[prefix]) || (before[prefix - 1] == '\r' && before[prefix] == '\n')))
    --prefix;
  auto end = [&] { return before.size() - suffix; };
  while (suffix > 0 &&
         (continuation(before[end()]) || (end() > 0 && before[end() - 1] == '\r' && before[end()] == '\n')))
    --suffix;
  const LspRange range{index.position(static_cast<uint32_t>(prefix)),
                       index.position(static_cast<uint32_t>(end()))};
  return text_edit(range, std::string(after.substr(prefix, after.size() - suffix - prefix)));
}

json fix_all_action(const LintedText& linted, const EditSupport& support, const Linter& lint) {
  const bool any_safe = std::any_of(linted.findings.begin(), linted.findings.end(), [](const Finding& f) {
    return f.fix && f.fix->applicability == Applicability::Safe && !f.fix->edits.empty();
  });
  if (!any_safe || !lint) return nullptr;
  const std::string_view text = linted.source->text();
  const FixOutcome outcome = fix_until_stable(linted.source->path(), std::string(text), lint, FixLevel::Safe);
  if (outcome.refused || outcome.fixed == 0) return nullptr;
  WorkspaceEditBuilder edit;
  if (outcome.text != text)
    edit.add(linted.uri, version_of(linted), minimal_edit(text, outcome.text, linted.index));
  const auto left_out = add_external_edits(outcome.external, linted.index.encoding(), support, edit);
  if (edit.empty()) return nullptr;
  return {{"title",
           title_leaving_out(fmt::format("Apply every safe layerlint fix ({})", outcome.fixed), left_out)},
          {"kind", k_fix_all},
          {"edit", edit.build(support)}};
}

}  // namespace

json diagnostic(const Finding& finding, const LineIndex& index) {
  json d = {{"range", to_json(lsp_range(finding.range, index))},
            {"severity", severity_number(finding.severity)},
            {"code", finding.rule_id},
            {"source", "layerlint"},
            {"message", finding.message}};
  if (const RuleInfo* info = find_rule_info(finding.rule_id))
    d["codeDescription"] = {{"href", info->help_uri()}};
  return d;
}

json config_diagnostics(const std::vector<ConfigError>& errors, std::string_view text,
                        PositionEncoding encoding) {
  const LineIndex index(text, encoding, /*skip_bom=*/true);
  json out = json::array();
  for (const ConfigError& e : errors) {
    const LspPosition start = index.position(index.offset_of_column(e.line, e.column));
    const LspPosition end = e.line == 0 ? start : index.position(index.offset({start.line, UINT32_MAX}));
    out.push_back({{"range", to_json(LspRange{start, end})},
                   {"severity", severity_number(Severity::Error)},
                   {"code", "config"},
                   {"source", "layerlint"},
                   {"message", e.message}});
  }
  return out;
}

json diagnostics(const LintedText& linted) {
  json out = json::array();
  for (const Finding& f : linted.findings) out.push_back(diagnostic(f, linted.index));
  return out;
}

json code_actions(const LintedText& linted, const ActionQuery& query, const EditSupport& support,
                  const Linter& lint) {
  json actions = json::array();
  if (kind_wanted(k_quickfix, query.only)) {
    std::optional<std::vector<uint32_t>> starts;
    std::vector<json> suppressions;
    for (const Finding& f : linted.findings) {
      const LspRange range = lsp_range(f.range, linted.index);
      if (!touches(range, query.range) && !named_by(f, range, query.context_diagnostics)) continue;
      const json diag = diagnostic(f, linted.index);
      if (json fix = quick_fix(linted, f, diag, support); !fix.is_null()) actions.push_back(std::move(fix));
      if (!f.range.valid()) continue;
      if (!starts)
        starts = linted.document.compose ? std::vector<uint32_t>{} : instruction_starts(*linted.source);
      suppressions.push_back(suppress_action(linted, f, diag, *starts, support));
    }
    // The fixes first: a client that lists the actions shows them on top.
    for (json& s : suppressions) actions.push_back(std::move(s));
  }
  if (kind_wanted(k_fix_all, query.only)) {
    if (json all = fix_all_action(linted, support, lint); !all.is_null()) actions.push_back(std::move(all));
  }
  return actions;
}

json hover(const LintedText& linted, LspPosition at) {
  const uint32_t offset = linted.index.offset(at);
  std::string value;
  std::set<std::string> rules;
  std::vector<const RuleInfo*> docs;
  std::optional<LspRange> range;
  for (const Finding& f : linted.findings) {
    if (!f.range.valid()) continue;
    const uint32_t begin = f.range.begin.offset;
    const uint32_t end = f.range.end.offset;
    if (!(begin <= offset && (offset < end || (begin == end && offset == begin)))) continue;
    if (!range) range = lsp_range(f.range, linted.index);
    if (!value.empty()) value += "\n\n";
    value += fmt::format("**{}** {}: {}", f.rule_id, f.slug, f.message);
    if (f.fix && !f.fix->title.empty()) {
      value += fmt::format("\n\nFix ({}): {}", applicability_name(f.fix->applicability), f.fix->title);
    }
    if (rules.insert(f.rule_id).second) docs.push_back(find_rule_info(f.rule_id));
  }
  if (!range) return nullptr;
  for (const RuleInfo* info : docs) {
    if (!info) continue;
    value += "\n\n---\n\n";
    value += info->doc().empty() ? fmt::format("{} {}: {}", info->id, info->slug, info->summary)
                                 : std::string(info->doc());
  }
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}, {"range", to_json(*range)}};
}

}  // namespace layerlint::lsp
