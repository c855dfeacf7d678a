// BuildKit's AST dump (the format of its parser test files).

#include "layerlint/parser.hpp"
#include "parse/parse_internal.hpp"

namespace layerlint {
namespace {

using parse_detail::go_quote;

std::string dump_instruction(const Instruction& inst) {
  // Go's strings.ToLower, as BuildKit's Node.Dump prints the keyword.
  std::string out = utf8::go_lower(inst.keyword);
  if (!inst.flags.empty()) {
    out += " [";
    for (size_t i = 0; i < inst.flags.size(); ++i) {
      if (i > 0) out += ' ';
      out += go_quote(inst.flags[i].original);
    }
    out += ']';
  }
  switch (inst.kind) {
    case InstructionKind::Env:
    case InstructionKind::Label:
      for (const KeyValue& kv : inst.pairs) {
        out += ' ' + go_quote(kv.key.value);
        out += ' ' + go_quote(kv.value ? kv.value->value : std::string{});
        out += kv.legacy ? " \"\"" : " \"=\"";
      }
      break;
    case InstructionKind::Onbuild:
      if (!inst.trigger.empty()) out += " (" + dump_instruction(inst.trigger.front()) + ")";
      break;
    case InstructionKind::Unknown:
      // BuildKit keeps an unknown instruction with one empty argument node; Dump trims the blank
      // before it when the instruction has no name.
      out += out.empty() ? "\"\"" : " \"\"";
      break;
    default:
      for (const Word& w : inst.args) out += ' ' + go_quote(w.value);
      break;
  }
  return out;
}

}  // namespace

bool dump_buildkit_ast(const Dockerfile& file, std::string& out, std::string& error) {
  out.clear();
  error.clear();
  for (const ParseError& e : file.errors) {
    if (!e.buildkit_fatal) continue;
    error =
        std::to_string(e.range.begin.line) + ":" + std::to_string(e.range.begin.column) + ": " + e.message;
    return false;
  }
  if (file.instructions.empty()) {
    error = "file with no instructions";
    return false;
  }
  for (const Instruction& inst : file.instructions) {
    out += '(';
    out += dump_instruction(inst);
    out += ")\n";
  }
  return true;
}

}  // namespace layerlint
