// json format: one document with every file's findings and fixes; schema in docs/json-schema.md.
#include "report/common.hpp"

namespace layerlint::report {
namespace {

void write_position(JsonWriter& w, std::string_view name, const Position& p) {
  w.key(name);
  w.begin_object();
  w.field("line", uint64_t{p.line});
  w.field("column", uint64_t{p.column});
  w.end_object();
}

void write_range(JsonWriter& w, const Range& r) {
  w.key("range");
  w.begin_object();
  write_position(w, "start", r.begin);
  write_position(w, "end", r.end);
  w.end_object();
}

void write_fix(JsonWriter& w, const Fix& fix) {
  w.begin_object();
  w.field("title", fix.title);
  w.field("applicability", applicability_name(fix.applicability));
  w.key("strategy");
  w.string_or_null(fix.advice.strategy);
  w.key("edits");
  w.begin_array();
  for (const Edit& e : fix.edits) {
    w.begin_object();
    if (e.file.empty()) {
      write_range(w, e.range);
    } else {
      w.field("file", e.file);  // lines to append to another file (the context's .dockerignore)
    }
    w.field("replacement", e.replacement);
    w.end_object();
  }
  w.end_array();
  w.key("rewritten");
  w.string_or_null(fix.advice.rewritten);
  w.key("build_command");
  w.string_or_null(fix.advice.builds.empty() ? std::string_view{}
                                             : std::string_view(fix.advice.builds[0].text));
  w.key("compose");
  w.string_or_null(fix.advice.build("compose"));
  w.key("builds");
  w.begin_array();
  for (const BuildRecipe& b : fix.advice.builds) {
    w.begin_object();
    w.field("builder", b.builder);
    w.field("text", b.text);
    w.end_object();
  }
  w.end_array();
  w.key("alternatives");
  w.begin_array();
  for (const std::string& a : fix.advice.alternatives) w.string(a);
  w.end_array();
  w.key("notes");
  w.begin_array();
  for (const std::string& n : fix.advice.notes) w.string(n);
  w.end_array();
  w.end_object();
}

}  // namespace

void write_json(const Files& files, const ReportOptions& options, std::ostream& out) {
  std::string buffer;
  JsonWriter w(buffer);
  w.begin_object();
  w.field("version", uint64_t{1});
  w.key("tool");
  w.begin_object();
  w.field("name", k_tool_name);
  w.field("version", options.tool_version);
  w.field("informationUri", k_information_uri);
  w.end_object();
  w.key("files");
  w.begin_array();
  for (const FileReport& file : files) {
    w.begin_object();
    w.field("path", file.path);
    w.key("readable");
    w.boolean(file.source != nullptr);
    w.key("findings");
    w.begin_array();
    for (const Finding& f : file.findings) {
      w.begin_object();
      w.field("rule", f.rule_id);
      w.field("slug", f.slug);
      w.field("severity", severity_name(f.severity));
      write_range(w, f.range);
      w.field("message", f.message);
      if (!f.artifact.empty()) w.field("artifact", f.artifact);
      w.key("fix");
      if (f.fix) {
        write_fix(w, *f.fix);
      } else {
        w.null();
      }
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("errors");
  w.begin_array();
  for (const std::string& e : options.errors) {
    w.begin_object();
    w.field("message", e);
    w.end_object();
  }
  w.end_array();
  const Counts c = count_findings(files);
  w.key("summary");
  w.begin_object();
  w.field("files", uint64_t{files.size()});
  w.field("findings", uint64_t{c.total()});
  w.field("errors", uint64_t{c.errors});
  w.field("warnings", uint64_t{c.warnings});
  w.field("info", uint64_t{c.info});
  w.end_object();
  w.end_object();
  out << buffer;
}

}  // namespace layerlint::report
