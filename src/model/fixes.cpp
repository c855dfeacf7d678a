#include "model/fixes.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "model/paths.hpp"

namespace layerlint {

std::string secret_id_for(std::string_view name) {
  std::string id;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    id += std::isalnum(u) || c == '-' || c == '_' ? static_cast<char>(std::tolower(u)) : '_';
  }
  while (id.starts_with('_')) id.erase(0, 1);
  return id.empty() ? "secret" : id;
}

std::vector<std::string> secret_alternatives(FallbackStrategy preferred) {
  std::vector<std::pair<FallbackStrategy, std::string>> all = {
      {FallbackStrategy::MultiStage,
       "multi-stage: use the secret only in a builder stage and COPY --from just the result into the final "
       "stage; "
       "works on every builder, but the builder stage must never be pushed and one COPY too many ships the "
       "secret"},
      {FallbackStrategy::Network,
       "network: serve the secret from a helper container and build with "
       "`docker build --network=container:secrets-server`, reading it into /dev/shm inside the RUN; for "
       "builders "
       "without BuildKit mounts, at the cost of running that server"},
      {FallbackStrategy::HostSide,
       "host-side: run the step that needs the secret on the host before `docker build` and COPY only its "
       "output; "
       "simplest, but the build is no longer self-contained"},
  };
  std::stable_partition(all.begin(), all.end(), [&](const auto& a) { return a.first == preferred; });
  std::vector<std::string> out;
  for (auto& a : all) out.push_back(std::move(a.second));
  return out;
}

namespace {

constexpr size_t k_shown_command = 1000;  // bytes of an instruction that a rewrite shows

// The instruction with a flag inserted after its keyword, as one line. A long instruction is shown
// up to a blank near k_shown_command bytes, then "…": a fix is read, not applied (its edit is the
// insertion), and a RUN of thousands of commands with a finding per command must not print itself
// once per finding. Cutting at a blank keeps a secret whole, so masking still finds it.
std::string with_flag(const Instruction& inst, std::string_view flag) {
  std::string_view rest = inst.original;
  rest.remove_prefix(std::min(rest.size(), inst.keyword.size()));
  const size_t start = rest.find_first_not_of(" \t");
  rest = start == std::string_view::npos ? std::string_view{} : rest.substr(start);
  std::string_view more;
  if (rest.size() > k_shown_command) {
    const size_t blank = rest.find_last_of(" \t", k_shown_command);
    rest = rest.substr(0, blank == std::string_view::npos ? 0 : blank);
    more = " …";
  }
  return mask_secrets(fmt::format("{} {} {}{}", inst.keyword, flag, rest, more));
}

std::string compose_secret(std::string_view id, std::string_view source_kind, std::string_view source) {
  return fmt::format(
      "services:\n  app:\n    build:\n      context: .\n      secrets:\n        - {0}\nsecrets:\n  {0}:\n    "
      "{1}: {2}\n",
      id, source_kind, source);
}

// Deletes a whole instruction (its lines) when it only declares the one name.
void delete_instruction(const BuildModel& model, const Instruction& inst, std::vector<Edit>& edits) {
  const SourceFile& src = model.source();
  uint32_t end = inst.range.end.offset;
  const std::string_view text = src.text();
  while (end < text.size() && text[end] != '\n') ++end;
  if (end < text.size()) ++end;
  uint32_t begin = inst.range.begin.offset;
  while (begin > 0 && text[begin - 1] != '\n') --begin;
  edits.push_back(Edit{src.range(begin, end), ""});
}

}  // namespace

const Instruction* next_run(const BuildModel& model, const Instruction& inst) { return model.next_run(inst); }

const Instruction* run_using(const BuildModel& model, const Variable& var) {
  if (!var.origin || !model.stage_of(*var.origin)) return nullptr;
  if (const Instruction* run = model.next_run_using(*var.origin, var.name)) return run;
  return model.next_run(*var.origin);
}

Fix secret_variable_fix(const BuildModel& model, const Variable& var, const Instruction* run) {
  Fix fix;
  const std::string id = secret_id_for(var.name);
  const std::string flag = fmt::format("--mount=type=secret,id={},env={}", id, var.name);
  fix.advice.strategy = "secret-mount";
  fix.title = fmt::format("pass {} as a build secret: `RUN {}` instead of {}", var.name, flag,
                          var.kind == VariableKind::Arg ? "a build argument" : "ENV");
  fix.applicability = Applicability::Unsafe;  // the build command changes too
  if (run) {
    fix.advice.rewritten = with_flag(*run, flag);
    fix.edits.push_back(
        Edit{model.source().range(run->keyword_range.end.offset, run->keyword_range.end.offset), " " + flag});
  } else {
    fix.advice.rewritten = fmt::format("RUN {} <command that needs ${}>", flag, var.name);
  }
  if (var.origin && var.origin->pairs.size() == 1) delete_instruction(model, *var.origin, fix.edits);
  std::sort(fix.edits.begin(), fix.edits.end(),
            [](const Edit& a, const Edit& b) { return a.range.begin.offset < b.range.begin.offset; });
  fix.advice.builds.push_back({"docker", fmt::format("docker build --secret id={},env={} .", id, var.name)});
  fix.advice.builds.push_back({"compose", compose_secret(id, "environment", var.name)});
  fix.advice.alternatives = secret_alternatives(model.options().fallback);
  return fix;
}

Fix secret_file_fix(const BuildModel& model, const FileEvent& event) {
  Fix fix;
  const Instruction* run = event.inst->kind == InstructionKind::Run ? nullptr : next_run(model, *event.inst);
  const bool ssh_key = event.verdict.kind.find("ssh") != std::string::npos &&
                       event.verdict.kind.find("private") != std::string::npos;
  const std::string name(paths::basename(event.path));
  const std::string id = secret_id_for(name.starts_with('.') ? name.substr(1) : name);
  std::string target = event.path;
  if (target.ends_with('/')) target.pop_back();
  std::string flag;
  if (ssh_key) {
    fix.advice.strategy = "ssh-mount";
    flag = "--mount=type=ssh";
    fix.title = "forward your SSH agent with `RUN --mount=type=ssh` instead of copying the key";
    fix.advice.builds.push_back({"docker", "docker build --ssh default ."});
    fix.advice.builds.push_back({"compose", "services:\n  app:\n    build:\n      context: .\n      ssh:\n        - default\n"});
  } else {
    fix.advice.strategy = "secret-mount";
    flag = fmt::format("--mount=type=secret,id={},target={}", id, target);
    fix.title =
        fmt::format("mount {} as a build secret where it is needed instead of storing it in a layer", name);
    const std::string local = event.source.empty() ? name : event.source;
    fix.advice.builds.push_back({"docker", fmt::format("docker build --secret id={},src={} .", id, local)});
    fix.advice.builds.push_back({"compose", compose_secret(id, "file", "./" + local)});
  }
  fix.applicability = Applicability::Unsafe;
  if (run) {
    fix.advice.rewritten = with_flag(*run, flag);
    fix.edits.push_back(
        Edit{model.source().range(run->keyword_range.end.offset, run->keyword_range.end.offset), " " + flag});
  } else if (event.inst->kind == InstructionKind::Run) {
    fix.advice.rewritten = with_flag(*event.inst, flag);
  } else {
    fix.advice.rewritten = fmt::format("RUN {} <command that needs {}>", flag, target);
  }
  if ((event.inst->kind == InstructionKind::Copy || event.inst->kind == InstructionKind::Add) &&
      event.inst->args.size() == 2) {
    delete_instruction(model, *event.inst, fix.edits);
  }
  std::sort(fix.edits.begin(), fix.edits.end(),
            [](const Edit& a, const Edit& b) { return a.range.begin.offset < b.range.begin.offset; });
  fix.advice.alternatives = secret_alternatives(model.options().fallback);
  return fix;
}

Fix literal_credential_fix(std::string_view where) {
  Fix fix;
  fix.advice.strategy = "remove-literal";
  fix.title = fmt::format("remove the credential from {}, revoke it, and supply it as a build secret", where);
  fix.applicability = Applicability::DisplayOnly;
  fix.advice.rewritten = "RUN --mount=type=secret,id=token,env=TOKEN <command that uses $TOKEN>";
  fix.advice.builds.push_back({"docker", "docker build --secret id=token,env=TOKEN ."});
  fix.advice.builds.push_back({"compose", compose_secret("token", "environment", "TOKEN")});
  return fix;
}

}  // namespace layerlint
