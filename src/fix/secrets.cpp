#include "fix/secrets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <optional>
#include <span>
#include <tuple>

#include <fmt/format.h>

#include "model/commands.hpp"
#include "model/paths.hpp"

namespace layerlint::fixes {

namespace {

namespace fs = std::filesystem;

// RUNs a fix looks at for one secret: a bound that keeps a fix per finding linear on files with
// thousands of RUNs and findings. Real files use a handful.
constexpr size_t k_runs_looked_at = 64;
// RUNs a fix rewrites for one secret. A secret read by more RUNs gets advice, not edits: a fix that
// removed the declaration and mounted only some of its readers would break the others, and a fix per
// finding that carried hundreds of edits would make a file of thousands of findings quadratic.
constexpr size_t k_runs_rewritten = 32;
constexpr size_t k_runs_shown = 3;        // RUNs a fix shows rewritten
constexpr size_t k_shown_command = 1000;  // bytes of an instruction that a rewrite shows
// What a fix reads of one RUN: its first commands and the first bytes of its text. Real RUNs are
// far below both; a RUN of 20,000 commands with a finding per command stays linear.
constexpr size_t k_commands_looked_at = 256;
constexpr size_t k_text_looked_at = 16 * 1024;

// The commands of a RUN that a fix looks at.
std::span<const SimpleCommand> commands_of(const BuildModel& model, const Instruction& run) {
  const auto& all = model.script(run).commands;
  return {all.data(), std::min(all.size(), k_commands_looked_at)};
}

// The text of a RUN that a fix looks at.
std::string_view text_of(std::string_view text) { return text.substr(0, k_text_looked_at); }

// One secret as a build receives it.
struct Secret {
  enum class Kind { Env, File, Ssh };
  Kind kind = Kind::Env;
  std::string id;
  std::string env;          // Env: the variable the commands read
  std::string target;       // File: the path the commands read
  std::string host_source;  // File: the file on the host, relative to the current directory
};

// Programs known to read a secret without naming it: from the environment, or from a file.
struct Reader {
  std::string_view key;  // a variable name, or a secret-file kind of rules/secret-files.yaml
  std::array<std::string_view, 6> programs;
};

constexpr std::array k_env_readers = {
    Reader{"NPM_TOKEN", {"npm", "npx", "yarn", "pnpm"}},
    Reader{"NODE_AUTH_TOKEN", {"npm", "npx", "yarn", "pnpm"}},
    Reader{"NPM_CONFIG__AUTH", {"npm", "npx", "pnpm"}},
    Reader{"NPM_CONFIG__AUTHTOKEN", {"npm", "npx", "pnpm"}},
    Reader{"YARN_NPM_AUTH_TOKEN", {"yarn"}},
    Reader{"POETRY_PYPI_TOKEN_PYPI", {"poetry"}},
    Reader{"GITHUB_TOKEN", {"gh"}},
    Reader{"GH_TOKEN", {"gh"}},
    Reader{"AWS_SECRET_ACCESS_KEY", {"aws", "terraform", "sam", "cdk"}},
    Reader{"AWS_SESSION_TOKEN", {"aws", "terraform", "sam", "cdk"}},
    Reader{"PIP_INDEX_URL", {"pip", "pip3", "poetry", "uv"}},
    Reader{"PIP_EXTRA_INDEX_URL", {"pip", "pip3", "poetry", "uv"}},
    Reader{"TWINE_PASSWORD", {"twine"}},
    Reader{"CARGO_REGISTRY_TOKEN", {"cargo"}},
    Reader{"HF_TOKEN", {"huggingface-cli", "hf"}},
    Reader{"GOOGLE_APPLICATION_CREDENTIALS", {"gcloud", "gsutil", "terraform"}},
    Reader{"DIGITALOCEAN_ACCESS_TOKEN", {"doctl"}},
};

constexpr std::array k_file_readers = {
    Reader{"npmrc", {"npm", "npx", "yarn", "pnpm"}},
    Reader{"yarnrc", {"yarn"}},
    Reader{"pypirc", {"twine", "python", "python3"}},
    Reader{"netrc", {"curl", "wget", "git", "pip", "pip3", "go"}},
    Reader{"git-credentials", {"git", "go"}},
    Reader{"ssh-private-key", {"git", "ssh", "scp", "rsync", "go", "sftp"}},
    Reader{"ssh-directory", {"git", "ssh", "scp", "rsync", "go", "sftp"}},
    Reader{"aws-credentials", {"aws", "terraform", "sam", "cdk"}},
    Reader{"aws-directory", {"aws", "terraform", "sam", "cdk"}},
    Reader{"docker-config", {"docker", "crane", "skopeo"}},
    Reader{"docker-directory", {"docker", "crane", "skopeo"}},
    Reader{"kubeconfig", {"kubectl", "helm", "kustomize"}},
    Reader{"kube-directory", {"kubectl", "helm", "kustomize"}},
    Reader{"gcp-credentials", {"gcloud", "gsutil", "terraform"}},
    Reader{"doctl-config", {"doctl"}},
    Reader{"package-credentials", {"mvn", "gradle", "composer", "bundle", "gem", "nuget"}},
};

const Reader* reader_of(std::string_view key, std::span<const Reader> table) {
  for (const Reader& r : table) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

// Maven's settings.xml and Gradle's properties are package credentials of their own tools.
std::vector<std::string_view> file_readers(const FileEvent& ev) {
  std::vector<std::string_view> out;
  if (const Reader* r = reader_of(ev.verdict.kind, k_file_readers)) {
    for (std::string_view p : r->programs) {
      if (!p.empty()) out.push_back(p);
    }
  }
  const std::string_view name = paths::basename(ev.path);
  if (name == "settings.xml") out.insert(out.end(), {"mvn", "mvnw", "./mvnw"});
  if (name == "gradle.properties") out.insert(out.end(), {"gradle", "gradlew", "./gradlew"});
  if (name == "pip.conf") out.insert(out.end(), {"pip", "pip3"});
  if (name == ".gitconfig") out.insert(out.end(), {"git", "go"});
  return out;
}

bool runs_program(const BuildModel& model, const Instruction& run,
                  const std::vector<std::string_view>& programs) {
  if (programs.empty()) return false;
  for (const SimpleCommand& cmd : commands_of(model, run)) {
    for (size_t i : commands::program_words(cmd)) {
      const std::string_view name = paths::basename(cmd.words[i].value);
      if (std::find(programs.begin(), programs.end(), name) != programs.end()) return true;
    }
  }
  return false;
}

// Whether `text` holds `word` as a whole path or file name (not `.token` inside `.tokens`).
bool holds_word(std::string_view text, std::string_view word) {
  auto part_of_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  };
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !part_of_name(text[at - 1]) || word.front() == '/';
    const bool ends = at + word.size() == text.size() || !part_of_name(text[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

// Whether a RUN's text names the path (or its file name, for a relative use from WORKDIR).
bool mentions(const Instruction& run, std::string_view path) {
  const std::string_view name = paths::basename(path);
  auto in = [&](std::string_view all) {
    const std::string_view text = text_of(all);
    return holds_word(text, path) || (name.size() > 3 && holds_word(text, name));
  };
  if (in(run.command())) return true;
  return std::any_of(run.heredocs.begin(), run.heredocs.end(),
                     [&](const Heredoc& h) { return in(h.content); });
}

void add_unique(std::vector<const Instruction*>& runs, const Instruction* run) {
  if (std::find(runs.begin(), runs.end(), run) == runs.end()) runs.push_back(run);
}

void by_position(std::vector<const Instruction*>& runs) {
  std::sort(runs.begin(), runs.end(), [](const Instruction* a, const Instruction* b) {
    return a->range.begin.offset < b->range.begin.offset;
  });
}

// The RUNs that read a variable: by reference, or through a tool that reads it from the environment.
std::vector<const Instruction*> variable_readers(const BuildModel& model, const Variable& var) {
  const bool env = var.kind == VariableKind::Env;
  std::vector<const Instruction*> runs = model.runs_using(*var.origin, var.name, env, k_runs_rewritten + 1);
  if (const Reader* r = reader_of(var.name, k_env_readers)) {
    const std::vector<std::string_view> programs(r->programs.begin(), r->programs.end());
    for (const Instruction* run : model.runs_after(*var.origin, env, k_runs_rewritten + 1)) {
      if (runs_program(model, *run, programs)) add_unique(runs, run);
    }
  }
  // A RUN that gets the secret from its own mount already does the right thing.
  std::erase_if(runs, [&](const Instruction* run) { return model.is_secret_mount_env(*run, var.name); });
  by_position(runs);
  return runs;
}

// A RUN whose commands only remove files (`rm -f /root/.ssh/id_rsa`) does not use them.
bool only_removes(const BuildModel& model, const Instruction& run, std::string_view path) {
  const auto& commands = model.script(run).commands;
  if (commands.empty() || commands.size() > k_commands_looked_at) return false;
  return mentions(run, path) && std::all_of(commands.begin(), commands.end(), [](const SimpleCommand& c) {
           const commands::WordIndices programs = commands::program_words(c);
           if (programs.size() == 0) return false;
           const commands::Effect e =
               commands::effect_of(paths::basename(c.words[programs[programs.size() - 1]].value));
           return e == commands::Effect::Removes || e == commands::Effect::Overwrites;
         });
}

// The RUNs after `from` (up to `until`, when given) that use a file at `path`.
std::vector<const Instruction*> file_readers_after(const BuildModel& model, const Instruction& from,
                                                   const FileEvent& ev, const Instruction* until) {
  std::vector<const Instruction*> runs;
  const std::vector<std::string_view> programs = file_readers(ev);
  for (const Instruction* run : model.runs_after(from, true, k_runs_looked_at)) {
    if (runs.size() > k_runs_rewritten) break;
    if (until && run->range.begin.offset >= until->range.begin.offset) break;
    if (run->kind != InstructionKind::Run || model.secret_mount_at(*run, ev.path)) continue;
    if (only_removes(model, *run, ev.path)) continue;
    if (mentions(*run, ev.path) || runs_program(model, *run, programs)) runs.push_back(run);
  }
  return runs;
}

std::string lines_of(const std::vector<const Instruction*>& runs) {
  std::string out;
  for (size_t i = 0; i < runs.size(); ++i) {
    out += fmt::format("{}{}",
                       i == 0                 ? ""
                       : i + 1 == runs.size() ? " and "
                                              : ", ",
                       runs[i]->range.begin.line);
  }
  return out;
}

std::string_view plural(size_t n, std::string_view one, std::string_view many) { return n == 1 ? one : many; }

// ---- Edits ---------------------------------------------------------------------------------------

// The source text of an instruction's whole lines, with its line break.
std::string_view lines_of_instruction(const BuildModel& model, const Instruction& inst) {
  const std::string_view text = model.source().text();
  uint32_t begin = std::min<uint32_t>(inst.range.begin.offset, static_cast<uint32_t>(text.size()));
  while (begin > 0 && text[begin - 1] != '\n') --begin;
  uint32_t end =
      std::min<uint32_t>(std::max(inst.range.end.offset, begin), static_cast<uint32_t>(text.size()));
  if (end > begin && text[end - 1] != '\n') {
    while (end < text.size() && text[end] != '\n') ++end;
    if (end < text.size()) ++end;
  }
  return text.substr(begin, end - begin);
}

class EditList {
 public:
  explicit EditList(const BuildModel& model) : m_model(model) {}

  void insert(uint32_t offset, std::string text) { add(offset, offset, std::move(text)); }
  void replace(uint32_t begin, uint32_t end, std::string text) { add(begin, end, std::move(text)); }
  void append_to_file(std::string file, std::string lines) {
    m_edits.push_back(Edit{Range{}, std::move(lines), std::move(file)});
  }

  // Deletes an instruction's whole lines (the line break after it included).
  void delete_instruction(const Instruction& inst) {
    const std::string_view lines = lines_of_instruction(m_model, inst);
    const auto begin = static_cast<uint32_t>(lines.data() - m_model.source().text().data());
    add(begin, begin + static_cast<uint32_t>(lines.size()), "");
  }

  // Deletes one KEY=VALUE of an ARG/ENV, or the whole instruction when it holds only that pair.
  void delete_pair(const Instruction& inst, const KeyValue& pair) {
    if (inst.pairs.size() <= 1) {
      delete_instruction(inst);
      return;
    }
    for (size_t i = 0; i < inst.pairs.size(); ++i) {
      if (&inst.pairs[i] != &pair) continue;
      if (i + 1 < inst.pairs.size()) {
        add(pair.range.begin.offset, inst.pairs[i + 1].range.begin.offset, "");
      } else {
        add(inst.pairs[i - 1].range.end.offset, pair.range.end.offset, "");
      }
    }
  }

  [[nodiscard]] bool empty() const { return m_edits.empty(); }
  std::vector<Edit> take() {
    std::stable_sort(m_edits.begin(), m_edits.end(), [](const Edit& a, const Edit& b) {
      return std::tie(a.file, a.range.begin.offset, a.range.end.offset) <
             std::tie(b.file, b.range.begin.offset, b.range.end.offset);
    });
    // One fix may ask twice for the same edit (two secrets on one RUN): keep it once. Two different
    // insertions at one place (two mounts on one RUN) become one, in the order they were asked for:
    // edits of one fix must not overlap.
    std::vector<Edit> out;
    for (Edit& e : m_edits) {
      if (!out.empty() && out.back().file == e.file && out.back().range == e.range) {
        Edit& last = out.back();
        const bool insertion = e.file.empty() && e.range.begin.offset == e.range.end.offset;
        if (last.replacement == e.replacement) continue;
        if (insertion && last.replacement.find(e.replacement) == std::string::npos) {
          last.replacement += e.replacement;
          continue;
        }
        if (insertion) continue;
      }
      out.push_back(std::move(e));
    }
    m_edits.clear();
    return out;
  }

 private:
  void add(uint32_t begin, uint32_t end, std::string text) {
    m_edits.push_back(Edit{m_model.source().range(begin, end), std::move(text)});
  }
  const BuildModel& m_model;
  std::vector<Edit> m_edits;
};

// Where a RUN's shell command starts and ends in the source (shell form only).
std::optional<std::pair<uint32_t, uint32_t>> command_span(const Instruction& run) {
  if (run.kind != InstructionKind::Run || run.exec_form || !run.has_command || run.args.empty()) return {};
  const Range r = run.args.back().range;
  if (!r.valid() || r.end.offset <= r.begin.offset) return {};
  return std::pair{r.begin.offset, r.end.offset};
}

// A RUN whose script is a heredoc body (`RUN <<EOF`): commands go at the top of the body.
const Heredoc* script_heredoc(const Instruction& run) {
  if (run.heredocs.empty()) return nullptr;
  const std::string_view cmd = run.command();
  const size_t start = cmd.find_first_not_of(" \t");
  return start != std::string_view::npos && cmd.substr(start).starts_with("<<") ? &run.heredocs.front()
                                                                                : nullptr;
}

std::string mount_flag(const Secret& s, bool env_mounts) {
  switch (s.kind) {
    case Secret::Kind::Ssh: return "--mount=type=ssh,required=true";
    case Secret::Kind::File:
      return fmt::format("--mount=type=secret,id={},target={},required=true", s.id, s.target);
    case Secret::Kind::Env:
      return env_mounts ? fmt::format("--mount=type=secret,id={},env={},required=true", s.id, s.env)
                        : fmt::format("--mount=type=secret,id={},required=true", s.id);
  }
  return {};
}

// Whether a RUN already reads the secret variable from its mount (`export NAME="$(cat /run/secrets/id)"`).
bool reads_mount(const Instruction& run, const Secret& s) {
  const std::string read = "/run/secrets/" + s.id;
  auto in = [&](std::string_view all) {
    const std::string_view text = text_of(all);
    return holds_word(text, read) && holds_word(text, s.env);
  };
  return in(run.command()) || std::any_of(run.heredocs.begin(), run.heredocs.end(),
                                          [&](const Heredoc& h) { return in(h.content); });
}

bool has_mount(const Instruction& run, const Secret& s) {
  return std::any_of(run.mounts.begin(), run.mounts.end(), [&](const Mount& m) {
    return s.kind == Secret::Kind::Ssh ? m.type == MountType::Ssh
                                       : (m.type == MountType::Secret && m.id == s.id);
  });
}

// The builder has no RUN --mount (`builder: classic`: the legacy builder, kaniko) and the file asks
// for the network remedy: the secret is fetched from a secrets server that the build shares a network
// with (`docker build --network=container:secrets-server`), kept in /dev/shm, and removed.
bool network_delivery(const BuildModel& model) {
  return model.options().builder == "classic" && model.options().fallback == FallbackStrategy::Network;
}

constexpr std::string_view k_secrets_server = "http://127.0.0.1:8080";

// Appends a command that runs after the RUN's own commands (a removal in the same layer).
bool append_to_run(const Instruction& run, std::string_view command, EditList& edits) {
  const auto span = command_span(run);
  if (!span || script_heredoc(run)) return false;
  edits.insert(span->second, fmt::format(" && {}", command));
  return true;
}

// Puts `lead` at the start of the RUN's script: before the command, or atop a `RUN <<EOF` body.
void lead_run(const Instruction& run, std::pair<uint32_t, uint32_t> span, std::string lead, EditList& edits) {
  if (const Heredoc* body = script_heredoc(run)) {
    if (lead.ends_with(" && ")) lead.resize(lead.size() - 4);
    edits.insert(body->range.begin.offset, lead + "\n");
  } else {
    edits.insert(span.first, std::move(lead));
  }
}

// The network remedy on one RUN: fetch, use, remove, all in the RUN.
bool serve_on(const Instruction& run, const Secret& s, EditList& edits, std::string_view prefix) {
  const auto span = command_span(run);
  if (!span) return false;
  const std::string url = fmt::format("{}/{}", k_secrets_server, s.id);
  if (run.command().find(url) != std::string_view::npos) return true;  // already served
  std::string lead, tail;
  switch (s.kind) {
    case Secret::Kind::Env:
      lead = fmt::format(
          "wget -qO /dev/shm/{0} {1} && export {2}=\"$(cat /dev/shm/{0})\" && rm -f /dev/shm/{0} && ", s.id,
          url, s.env);
      break;
    case Secret::Kind::File: {
      const std::string_view dir = std::string_view(s.target).substr(0, s.target.rfind('/'));
      lead = fmt::format("{}wget -qO {} {} && ", dir.empty() ? "" : fmt::format("mkdir -p {} && ", dir),
                         s.target, url);
      tail = fmt::format("rm -f {}", s.target);
      break;
    }
    case Secret::Kind::Ssh:
      lead = fmt::format(
          "wget -qO /dev/shm/{0} {1} && chmod 600 /dev/shm/{0} && export GIT_SSH_COMMAND=\"ssh -i "
          "/dev/shm/{0} -o IdentitiesOnly=yes\" && ",
          s.id, url);
      tail = fmt::format("rm -f /dev/shm/{}", s.id);
      break;
  }
  if (!tail.empty() && !append_to_run(run, tail, edits)) return false;
  lead_run(run, *span, lead + std::string(prefix), edits);
  return true;
}

// Puts the secret on a RUN: the mount flag after the keyword and, for a variable on a frontend
// without `env=`, the export that reads it from /run/secrets at the start of the command (or, for the
// network remedy, the fetch from the secrets server). False when the RUN cannot take it (exec form:
// no shell to read the file).
bool mount_on(const BuildModel& model, const Instruction& run, const Secret& s, EditList& edits,
              std::string_view prefix = {}) {
  if (network_delivery(model)) return serve_on(run, s, edits, prefix);
  const bool env_mounts = has_env_mounts(model);
  const auto span = command_span(run);
  const bool needs_shell = (s.kind == Secret::Kind::Env && !env_mounts) || !prefix.empty();
  if (needs_shell && !span) return false;
  if (!has_mount(run, s)) edits.insert(run.keyword_range.end.offset, " " + mount_flag(s, env_mounts));
  std::string lead(prefix);
  if (s.kind == Secret::Kind::Env && !env_mounts && !reads_mount(run, s)) {
    lead = fmt::format("export {}=\"$(cat /run/secrets/{})\" && {}", s.env, s.id, lead);
  }
  if (!lead.empty()) lead_run(run, *span, std::move(lead), edits);
  return true;
}

// The instruction as one line with a flag after its keyword, cut near k_shown_command bytes at a
// blank (a secret stays whole, so masking still finds it).
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
  return mask_secrets(flag.empty() ? fmt::format("{} {}{}", inst.keyword, rest, more)
                                   : fmt::format("{} {} {}{}", inst.keyword, flag, rest, more));
}

// ---- Builders ------------------------------------------------------------------------------------

// A path as a build command should name it: relative to the current directory. Lexical only: a fix
// per finding must not walk the filesystem (fs::relative resolves every component's links).
std::string relative_to_cwd(const fs::path& p) {
  if (p.is_relative()) {
    const fs::path normal = p.lexically_normal();
    return normal.empty() ? "." : normal.generic_string();
  }
  std::error_code ec;
  const fs::path rel = p.lexically_relative(fs::current_path(ec));
  if (ec || rel.empty() || rel.generic_string().starts_with(".."))
    return p.lexically_normal().generic_string();
  return rel.generic_string();
}

struct BuildPaths {
  std::string dockerfile;  // "" when it is <context>/Dockerfile
  std::string context;
};

BuildPaths build_paths(const BuildModel& model) {
  BuildPaths out;
  const LintOptions& o = model.options();
  out.context = o.context_dir ? relative_to_cwd(*o.context_dir) : ".";
  const std::string& path = model.source().path();
  if (path.empty() || path == "-") {
    out.dockerfile = "-";
    return out;
  }
  const fs::path file = relative_to_cwd(path);
  if (!(file.filename() == "Dockerfile" &&
        fs::path(out.context).lexically_normal() == file.parent_path().lexically_normal() &&
        !file.parent_path().empty()) &&
      !(file == "Dockerfile" && out.context == ".")) {
    out.dockerfile = file.generic_string();
  }
  return out;
}

std::string host_file(const BuildModel& model, std::string_view source) {
  const LintOptions& o = model.options();
  const fs::path context = o.context_dir ? *o.context_dir : fs::path(".");
  return relative_to_cwd((context / std::string(source)).lexically_normal());
}

std::string secret_args(const std::vector<Secret>& secrets) {
  std::string out;
  bool ssh = false;
  for (const Secret& s : secrets) {
    if (s.kind == Secret::Kind::Ssh) {
      ssh = true;
    } else if (s.kind == Secret::Kind::Env) {
      out += fmt::format(" --secret id={},env={}", s.id, s.env);
    } else {
      out += fmt::format(" --secret id={},src={}", s.id, s.host_source);
    }
  }
  if (ssh) out += " --ssh default";
  return out;
}

std::vector<BuildRecipe> build_recipes(const BuildModel& model, const std::vector<Secret>& secrets) {
  const BuildPaths paths = build_paths(model);
  const std::string file = paths.dockerfile.empty() ? "" : " -f " + paths.dockerfile;
  const std::string args = secret_args(secrets);
  const std::string target = model.options().target.empty() ? "" : " --target " + model.options().target;
  std::vector<BuildRecipe> out;
  out.push_back(
      {"docker", fmt::format("DOCKER_BUILDKIT=1 docker build{}{}{} {}", args, target, file, paths.context)});
  out.push_back({"buildx", fmt::format("docker buildx build{}{}{} {}", args, target, file, paths.context)});
  out.push_back(
      {"podman", fmt::format("podman build{}{}{} {}", secret_args(secrets), target, file, paths.context)});
  out.push_back(
      {"buildah", fmt::format("buildah build{}{}{} {}", secret_args(secrets), target, file, paths.context)});

  std::string compose = fmt::format("services:\n  app:\n    build:\n      context: {}\n", paths.context);
  if (!paths.dockerfile.empty() && paths.dockerfile != "-")
    compose += fmt::format("      dockerfile: {}\n", paths.dockerfile);
  std::string top;
  bool ssh = false;
  std::string list;
  for (const Secret& s : secrets) {
    if (s.kind == Secret::Kind::Ssh) {
      ssh = true;
      continue;
    }
    list += fmt::format("        - {}\n", s.id);
    top += s.kind == Secret::Kind::Env ? fmt::format("  {}:\n    environment: {}\n", s.id, s.env)
                                       : fmt::format("  {}:\n    file: {}\n", s.id, s.host_source);
  }
  if (!list.empty()) compose += "      secrets:\n" + list;
  if (ssh) compose += "      ssh:\n        - default\n";
  if (!top.empty()) compose += "secrets:\n" + top;
  out.push_back({"compose", compose});

  std::string gha =
      fmt::format("- uses: docker/build-push-action@v6\n  with:\n    context: {}\n", paths.context);
  if (!paths.dockerfile.empty() && paths.dockerfile != "-")
    gha += fmt::format("    file: {}\n", paths.dockerfile);
  std::string envs, files;
  for (const Secret& s : secrets) {
    if (s.kind == Secret::Kind::Env) envs += fmt::format("      {}={}\n", s.id, s.env);
    if (s.kind == Secret::Kind::File) files += fmt::format("      {}={}\n", s.id, s.host_source);
    if (s.kind == Secret::Kind::Ssh) gha += "    ssh: default\n";
  }
  if (!envs.empty()) gha += "    secret-envs: |\n" + envs;
  if (!files.empty()) gha += "    secret-files: |\n" + files;
  if (!envs.empty()) gha += "  env:  # from the repository's Actions secrets\n";
  for (const Secret& s : secrets) {
    if (s.kind == Secret::Kind::Env) gha += fmt::format("    {0}: ${{{{ secrets.{0} }}}}\n", s.env);
  }
  out.push_back({"github-actions", gha});
  out.push_back({"gitlab-ci", fmt::format("build:\n  script:  # {} as masked CI/CD variables\n    - "
                                          "DOCKER_BUILDKIT=1 docker build{}{}{} {}\n",
                                          secrets.empty() ? "the secrets" : "the secret values", args, target,
                                          file, paths.context)});
  // The configured builder first.
  const std::string& preferred = model.options().builder;
  std::stable_partition(out.begin(), out.end(), [&](const BuildRecipe& b) { return b.builder == preferred; });
  return out;
}

std::vector<std::string> alternatives(const BuildModel& model, const std::vector<Secret>& secrets) {
  const std::string id = secrets.empty() ? "<id>" : secrets.front().id;
  std::vector<std::pair<FallbackStrategy, std::string>> all = {
      {FallbackStrategy::MultiStage,
       "multi-stage: use the secret only in a builder stage and COPY --from just the result into the final "
       "stage; works on every builder, but the builder stage must never be pushed and one COPY too many "
       "ships "
       "the secret"},
      {FallbackStrategy::Network,
       fmt::format(
           "network: serve the secret from a helper container (`docker run -d --name secrets-server …`) "
           "and build with `docker build --network=container:secrets-server`; in the RUN, "
           "`wget -qO /dev/shm/{0} http://127.0.0.1:8080/{0} && … && rm -f /dev/shm/{0}` (Compose: "
           "`build.network: container:secrets-server`); for builders without BuildKit mounts, at the cost "
           "of running that server",
           id)},
      {FallbackStrategy::HostSide,
       "host-side: run the step that needs the secret on the host before the build (fetch the dependencies, "
       "clone the repository) and COPY only its output; simplest, but the build is no longer self-contained"},
  };
  std::stable_partition(all.begin(), all.end(),
                        [&](const auto& a) { return a.first == model.options().fallback; });
  std::vector<std::string> out;
  for (auto& a : all) out.push_back(std::move(a.second));
  return out;
}

// The network remedy's recipe: the secrets in a folder outside the context, served by a throwaway
// httpd that the build shares a network namespace with, removed after the build.
std::vector<BuildRecipe> network_recipes(const BuildModel& model, const std::vector<Secret>& secrets) {
  const BuildPaths paths = build_paths(model);
  const std::string file = paths.dockerfile.empty() ? "" : " -f " + paths.dockerfile;
  std::string fill;
  for (const Secret& s : secrets) {
    switch (s.kind) {
      case Secret::Kind::Env:
        fill += fmt::format("printf %s \"${}\" > \"$secrets/{}\"\n", s.env, s.id);
        break;
      case Secret::Kind::File: fill += fmt::format("cp {} \"$secrets/{}\"\n", s.host_source, s.id); break;
      case Secret::Kind::Ssh:
        fill += fmt::format("cp ~/.ssh/id_ed25519 \"$secrets/{}\"   # the deploy key\n", s.id);
        break;
    }
  }
  const std::string serve =
      "docker run -d --name secrets-server -v \"$secrets:/srv:ro\" busybox httpd -f -p 127.0.0.1:8080 -h "
      "/srv\n";
  return {
      {"docker",
       fmt::format(
           "secrets=$(mktemp -d)\n{}{}DOCKER_BUILDKIT=0 docker build --network=container:secrets-server{} "
           "{}\ndocker rm -f secrets-server && rm -rf \"$secrets\"\n",
           fill, serve, file, paths.context)},
      {"compose",
       fmt::format(
           "services:\n  app:\n    build:\n      context: {}\n      network: container:secrets-server\n",
           paths.context)},
  };
}

void secret_advice(const BuildModel& model, Fix& fix, const std::vector<Secret>& secrets,
                   const std::vector<const Instruction*>& runs) {
  fix.advice.alternatives = alternatives(model, secrets);
  if (network_delivery(model)) {
    fix.advice.strategy = "network";
    fix.advice.builds = network_recipes(model, secrets);
    for (size_t i = 0; i < runs.size() && i < k_runs_shown; ++i) {
      fix.advice.rewritten +=
          (fix.advice.rewritten.empty() ? "" : "\n") +
          with_flag(*runs[i], fmt::format("wget -qO /dev/shm/<id> {}/<id> && … &&", k_secrets_server));
    }
    fix.advice.notes.push_back("the RUN needs wget (busybox's will do); /dev/shm is not part of any layer");
    return;
  }
  fix.advice.builds = build_recipes(model, secrets);
  for (size_t i = 0; i < runs.size() && i < k_runs_shown; ++i) {
    std::string flags;
    for (const Secret& s : secrets)
      flags += (flags.empty() ? "" : " ") + mount_flag(s, has_env_mounts(model));
    fix.advice.rewritten += (fix.advice.rewritten.empty() ? "" : "\n") + with_flag(*runs[i], flags);
  }
  if (runs.size() > k_runs_shown)
    fix.advice.rewritten += fmt::format("\n… and {} more RUNs", runs.size() - k_runs_shown);
  if (std::any_of(secrets.begin(), secrets.end(),
                  [](const Secret& s) { return s.kind == Secret::Kind::Env; })) {
    fix.advice.notes.push_back(
        has_env_mounts(model)
            ? "`env=` on a secret mount needs the dockerfile frontend 1.10 or later, which the file's `# "
              "syntax=` line selects"
            : "the RUN reads /run/secrets/<id> because the file selects no frontend with `env=` on secret "
              "mounts "
              "(`# syntax=docker/dockerfile:1` gives one, and then `env=NAME` replaces the export)");
  }
}

std::string base_image(const BuildModel& model, const Instruction& inst) {
  std::optional<size_t> stage = model.stage_of(inst);
  for (size_t hops = 0; stage && hops < 64; ++hops) {
    const Stage& s = model.stages()[*stage];
    if (!s.parent) return s.base;
    stage = s.parent;
  }
  return {};
}

}  // namespace

std::string secret_id_for(std::string_view name) {
  std::string id;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    id += std::isalnum(u) || c == '-' || c == '_' ? static_cast<char>(std::tolower(u)) : '_';
  }
  while (id.starts_with('_') || id.starts_with('-')) id.erase(0, 1);
  return id.empty() ? "secret" : id;
}

bool has_env_mounts(const BuildModel& model) {
  for (const Directive& d : model.file().directives) {
    if (d.name != "syntax") continue;
    std::string_view v = d.value;
    if (const size_t at = v.find('@'); at != std::string_view::npos) v = v.substr(0, at);
    const size_t colon = v.rfind(':');
    const std::string_view image = v.substr(0, colon);
    if (!image.ends_with("docker/dockerfile") && !image.ends_with("docker/dockerfile-upstream")) return false;
    if (colon == std::string_view::npos) return true;  // latest
    std::string_view tag = v.substr(colon + 1);
    if (tag.starts_with("labs") || tag == "latest" || tag == "master") return true;
    if (const size_t dash = tag.find('-'); dash != std::string_view::npos) tag = tag.substr(0, dash);
    unsigned major = 0, minor = 0;
    if (std::sscanf(std::string(tag).c_str(), "%u.%u", &major, &minor) < 1) return false;
    const bool minor_given = tag.find('.') != std::string_view::npos;
    return major > 1 || (major == 1 && (!minor_given || minor >= 10));
  }
  return false;
}

namespace {

// The multi-stage remedy for a builder without RUN --mount: the stage is cut after the last RUN that
// reads the secret. Its first part becomes a builder stage that is never shipped; the shipped stage
// starts again FROM the same base, copies the builder's filesystem, and declares again the
// configuration (ENV, WORKDIR, USER, CMD, …) of the part it replaces, less the secret.
Fix multi_stage(const BuildModel& model, const Variable& var,
                const std::vector<const Instruction*>& readers) {
  Fix fix;
  fix.advice.strategy = "multi-stage";
  fix.applicability = Applicability::DisplayOnly;
  fix.advice.alternatives = alternatives(model, {});
  const std::optional<size_t> at = model.stage_of(*var.origin);
  if (!at) return fix;
  const Stage& stage = model.stages()[*at];
  fix.title = fmt::format("use {} only in a builder stage that does not ship", var.name);
  if (!stage.ships) {
    fix.title = fmt::format("nothing to move: {} is used in a stage that does not ship", var.name);
    return fix;
  }
  const bool elsewhere = std::any_of(readers.begin(), readers.end(),
                                     [&](const Instruction* r) { return model.stage_of(*r) != at; });
  const bool by_index = std::any_of(
      model.file().instructions.begin(), model.file().instructions.end(), [](const Instruction& i) {
        return std::any_of(i.flags.begin(), i.flags.end(), [](const Flag& f) {
          return f.name == "from" && f.value && !f.value->empty() &&
                 std::all_of(f.value->begin(), f.value->end(),
                             [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        });
      });
  if (!stage.from || !stage.from->image || elsewhere || by_index) {
    fix.advice.notes.push_back(
        "the RUNs that read it span stages, or stages are named by number: split it by hand");
    return fix;
  }
  const Instruction& from = *stage.from;
  const Instruction& last = *readers.back();
  const std::string builder =
      (stage.name.empty() ? fmt::format("stage-{}", stage.index) : stage.name) + "-secret-step";
  EditList edits(model);
  if (from.stage_name) {
    edits.replace(from.stage_name->range.begin.offset, from.stage_name->range.end.offset, builder);
  } else {
    edits.insert(from.image->range.end.offset, " AS " + builder);
  }
  std::string start = std::string(from.keyword);
  for (const Flag& f : from.flags) start += " " + f.original;
  start += " " + from.image->value;
  if (from.stage_name) start += " AS " + from.stage_name->value;
  std::string config;
  for (const Instruction* inst : stage.instructions) {
    if (inst->range.begin.offset > last.range.begin.offset) break;
    switch (inst->kind) {
      case InstructionKind::Env:
      case InstructionKind::Arg: {
        const bool secret = std::any_of(inst->pairs.begin(), inst->pairs.end(), [&](const KeyValue& kv) {
          const Variable* v = model.lookup(*inst, kv.key.value);
          return kv.key.value == var.name || is_secret_name(model.name_strength(kv.key.value)) ||
                 (v && v->secret_derived);
        });
        if (!secret) config += lines_of_instruction(model, *inst);
        break;
      }
      case InstructionKind::Workdir:
      case InstructionKind::User:
      case InstructionKind::Label:
      case InstructionKind::Expose:
      case InstructionKind::Shell:
      case InstructionKind::Stopsignal:
      case InstructionKind::Healthcheck:
      case InstructionKind::Volume:
      case InstructionKind::Cmd:
      case InstructionKind::Entrypoint: config += lines_of_instruction(model, *inst); break;
      default: break;
    }
  }
  const std::string_view last_lines = lines_of_instruction(model, last);
  const uint32_t after =
      static_cast<uint32_t>(last_lines.data() - model.source().text().data() + last_lines.size());
  const bool ends_line = last_lines.ends_with('\n');
  edits.insert(after,
               fmt::format("{}\n{}\nCOPY --from={} / /\n{}", ends_line ? "" : "\n", start, builder, config));
  fix.applicability = Applicability::Unsafe;
  fix.edits = edits.take();
  fix.title = fmt::format(
      "move the {} that read{} {} (line{} {}) into a builder stage, {}, that does not ship, and "
      "start the shipped stage again from its filesystem",
      plural(readers.size(), "RUN", "RUNs"), readers.size() == 1 ? "s" : "", var.name,
      readers.size() == 1 ? "" : "s", lines_of(readers), builder);
  fix.advice.rewritten = fmt::format("{} AS {}\n…\n{}\n{}\nCOPY --from={} / /\n{}", from.keyword, builder,
                                     with_flag(last, ""), start, builder, config);
  const BuildPaths paths = build_paths(model);
  fix.advice.builds = {
      {"docker", fmt::format("DOCKER_BUILDKIT=0 docker build --build-arg {}{} {}", var.name,
                             paths.dockerfile.empty() ? "" : " -f " + paths.dockerfile, paths.context)}};
  fix.advice.notes = {
      fmt::format("the {} stage's history holds the value: build it only locally and never push it", builder),
      "`COPY --from=… / /` copies the whole filesystem in one layer; narrow it to what the secret step makes "
      "(node_modules, a vendor folder, a binary) to keep the image small",
  };
  return fix;
}

// The host-side remedy: a RUN that only clones a repository becomes a COPY of a clone made on the
// host before the build; anything else is advice.
Fix host_side(const BuildModel& model, const Variable& var, const std::vector<const Instruction*>& readers) {
  Fix fix;
  fix.advice.strategy = "host-side";
  fix.applicability = Applicability::DisplayOnly;
  fix.advice.alternatives = alternatives(model, {});
  fix.title =
      fmt::format("run the steps that read {} (line{} {}) on the host before the build and COPY their output",
                  var.name, readers.size() == 1 ? "" : "s", lines_of(readers));
  EditList edits(model);
  std::string steps;
  const BuildPaths paths = build_paths(model);
  for (const Instruction* run : readers) {
    const auto& commands = model.script(*run).commands;
    const auto span = command_span(*run);
    if (commands.size() != 1 || !span || paths::basename(commands[0].name()) != "git" ||
        commands[0].words.size() < 3 || commands[0].words[1].value != "clone") {
      return fix;
    }
    std::vector<const ShellWord*> operands;
    for (size_t i = 2; i < commands[0].words.size(); ++i) {
      if (commands[0].words[i].value.starts_with("-")) return fix;  // options: do it by hand
      operands.push_back(&commands[0].words[i]);
    }
    if (operands.empty() || operands.size() > 2) return fix;
    std::string name(paths::basename(operands[0]->value));
    if (name.ends_with(".git")) name.resize(name.size() - 4);
    const std::string dest = operands.size() == 2 ? operands[1]->raw : name;
    steps += fmt::format("git clone {} {}/{}\n", operands[0]->raw, paths.context, name);
    edits.replace(run->range.begin.offset, span->second, fmt::format("COPY {} {}", name, dest));
  }
  edits.delete_pair(*var.origin, *var.pair);
  fix.applicability = Applicability::Unsafe;
  fix.edits = edits.take();
  fix.advice.builds = {
      {"docker",
       steps + fmt::format("DOCKER_BUILDKIT=0 docker build{} {}",
                           paths.dockerfile.empty() ? "" : " -f " + paths.dockerfile, paths.context)}};
  fix.advice.notes = {
      "the clone on the host needs the credential there; keep its .git folder out of the image "
      "(.dockerignore `**/.git`) if it holds one"};
  return fix;
}

}  // namespace

Fix variable(const BuildModel& model, const Variable& var) {
  Fix fix;
  fix.applicability = Applicability::Unsafe;  // the build (or the run) must now supply the value
  if (!var.origin || !var.pair) {
    fix.applicability = Applicability::DisplayOnly;
    fix.title = fmt::format("pass {} as a build secret instead", var.name);
    return fix;
  }
  EditList edits(model);
  const std::vector<const Instruction*> readers = variable_readers(model, var);
  if (readers.size() > k_runs_rewritten) {
    fix.applicability = Applicability::DisplayOnly;
    fix.advice.strategy = "secret-mount";
    fix.title = fmt::format(
        "pass {} as a build secret: mount it on each of the more than {} RUNs that read it, "
        "and remove the {}",
        var.name, k_runs_rewritten, var.kind == VariableKind::Arg ? "ARG" : "ENV");
    secret_advice(model, fix, {Secret{Secret::Kind::Env, secret_id_for(var.name), var.name, {}, {}}},
                  readers);
    return fix;
  }
  if (!readers.empty() && model.options().builder == "classic" && !network_delivery(model)) {
    return model.options().fallback == FallbackStrategy::HostSide ? host_side(model, var, readers)
                                                                  : multi_stage(model, var, readers);
  }
  const Secret secret{Secret::Kind::Env, secret_id_for(var.name), var.name, {}, {}};
  std::vector<const Instruction*> mounted;
  bool all_mounted = true;
  for (const Instruction* run : readers) {
    if (mount_on(model, *run, secret, edits)) {
      mounted.push_back(run);
    } else {
      all_mounted = false;
    }
  }
  edits.delete_pair(*var.origin, *var.pair);
  // An ENV made from a secret build argument: the argument goes too (every RUN after it records it),
  // and the RUNs that read it by its own name get its mount.
  std::vector<std::string> sources;
  if (var.kind == VariableKind::Env && var.secret_derived) {
    for (const std::string& name : var.derived_from) {
      const Variable* arg = model.lookup(*var.origin, name);
      if (!arg || arg == &var || arg->kind != VariableKind::Arg || !arg->origin || !arg->pair || arg->global)
        continue;
      if (!is_secret_name(arg->strength) && !arg->secret_derived) continue;
      const Secret from{Secret::Kind::Env, secret_id_for(arg->name), arg->name, {}, {}};
      // Only the RUNs that name it: the tools that read it went through the ENV.
      for (const Instruction* run : model.runs_using(*arg->origin, arg->name, false, k_runs_looked_at)) {
        if (!model.is_secret_mount_env(*run, arg->name) && mount_on(model, *run, from, edits))
          add_unique(mounted, run);
      }
      edits.delete_pair(*arg->origin, *arg->pair);
      sources.push_back(arg->name);
    }
  }
  const char* decl = var.kind == VariableKind::Arg ? "ARG" : "ENV";
  if (!readers.empty()) {
    fix.advice.strategy = "secret-mount";
    fix.title =
        fmt::format("pass {0} as a build secret to the {1} that read{2} it (line{3} {4}) and remove the {5}",
                    var.name, plural(readers.size(), "RUN", "RUNs"), readers.size() == 1 ? "s" : "",
                    readers.size() == 1 ? "" : "s", lines_of(readers), decl);
    secret_advice(model, fix, {secret}, mounted);
    if (!all_mounted) {
      fix.applicability = Applicability::DisplayOnly;
      fix.advice.notes.push_back(
          "an exec-form RUN (JSON array) has no shell to read the secret: rewrite it in "
          "shell form, or read the mounted file from the program itself");
    }
  } else if (var.kind == VariableKind::Env) {
    fix.advice.strategy = "runtime";
    fix.title =
        fmt::format("remove ENV {} from the image and give it to the container at run time", var.name);
    const std::string id = secret_id_for(var.name);
    fix.advice.rewritten =
        fmt::format("docker run -e {} …   # or --env-file, or a mounted secret file", var.name);
    fix.advice.builds = {
        {"run",
         fmt::format("docker run -e {0} <image>   # {0} set in the shell; or --env-file app.env", var.name)},
        {"compose", fmt::format("services:\n  app:\n    environment:\n      {0}: ${{{0}}}\n", var.name)},
        {"kubernetes", fmt::format("env:\n  - name: {}\n    valueFrom:\n      secretKeyRef:\n        name: "
                                   "app-secrets\n        key: {}\n",
                                   var.name, id)},
    };
    const std::string image = base_image(model, *var.origin);
    for (std::string_view known :
         {"postgres", "mysql", "mariadb", "mongo", "rabbitmq", "redmine", "wordpress"}) {
      if (image.find(known) != std::string::npos) {
        fix.advice.builds.push_back(
            {"compose-secrets", fmt::format("services:\n  app:\n    environment:\n      {0}_FILE: "
                                            "/run/secrets/{1}\n    secrets:\n      - "
                                            "{1}\nsecrets:\n  {1}:\n    file: ./{1}.txt\n",
                                            var.name, id)});
        fix.advice.notes.push_back(
            fmt::format("the {} image reads {}_FILE, so the value can stay in a file", known, var.name));
        break;
      }
    }
  } else {
    fix.advice.strategy = "remove";
    fix.title =
        fmt::format("remove ARG {}: no RUN reads it, yet every RUN after it records its value", var.name);
    fix.advice.notes.push_back("if a program reads it from the environment, mount it on that RUN instead: " +
                               mount_flag(secret, has_env_mounts(model)));
  }
  for (const std::string& name : sources) fix.title += fmt::format(", and the ARG {} it is made from", name);
  if (var.has_literal && !is_placeholder_value(var.pair->unquoted, var.name)) {
    fix.advice.notes.push_back("the value was committed to the Dockerfile: revoke it and issue a new one");
  }
  fix.edits = edits.take();
  if (fix.applicability == Applicability::DisplayOnly) fix.edits.clear();  // advice only
  return fix;
}

namespace {

// The host (for known_hosts) of the first ssh/git URL a RUN contacts: "github.com" for
// `git clone git@github.com:acme/x.git` or `ssh://git@host:22/x`.
std::string ssh_host(const Instruction& run) {
  const std::string_view text = text_of(run.command());
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t end = at + 1;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '.' || text[end] == '-'))
      ++end;
    const std::string_view host = text.substr(at + 1, end - at - 1);
    if (host.find('.') != std::string_view::npos &&
        (end < text.size() && (text[end] == ':' || text[end] == '/')))
      return std::string(host);
  }
  return {};
}

bool knows_hosts(const BuildModel& model, const Instruction& run) {
  const std::string_view text = text_of(run.command());
  if (text.find("ssh-keyscan") != std::string_view::npos ||
      text.find("StrictHostKeyChecking") != std::string_view::npos)
    return true;
  const std::optional<size_t> stage = model.stage_of(run);
  if (!stage) return false;
  size_t looked_at = 0;
  for (const Instruction* i : model.stages()[*stage].instructions) {
    if (i == &run || ++looked_at > k_runs_looked_at) break;
    const std::string_view text = text_of(i->original);
    if (text.find("known_hosts") != std::string_view::npos ||
        text.find("ssh-keyscan") != std::string_view::npos)
      return true;
  }
  return false;
}

bool is_ssh_key(const FileEvent& ev) {
  return ev.verdict.kind == "ssh-private-key" || (ev.verdict.kind.find("ssh") != std::string::npos &&
                                                  ev.verdict.kind.find("private") != std::string::npos);
}

// Whether the COPY names exactly this one file (not a directory, the context, a glob or --from).
// The source word of a COPY/ADD (shell form) that names exactly this one file (not a directory, the
// context, a glob or --from), or null. In a COPY of several sources, that source alone can go.
const Word* file_source(const BuildModel& model, const FileEvent& ev) {
  const Instruction& inst = *ev.inst;
  if (inst.kind != InstructionKind::Copy && inst.kind != InstructionKind::Add) return nullptr;
  if (ev.implicit || ev.from_stage || ev.path.ends_with('/') || paths::has_glob(ev.source)) return nullptr;
  if (inst.args.size() < 2 || (inst.args.size() > 2 && inst.exec_form)) return nullptr;
  const Word* word = nullptr;
  for (size_t i = 0; i + 1 < inst.args.size(); ++i) {
    if (inst.args[i].range.begin.offset <= ev.range.begin.offset &&
        ev.range.end.offset <= inst.args[i].range.end.offset)
      word = &inst.args[i];
  }
  if (inst.args.size() == 2) word = &inst.args.front();
  if (!word || word->value.starts_with("<<")) return nullptr;
  const std::string source = model.expand(inst, word->value).value;
  if (source.empty() || source == "." || source.ends_with('/') || paths::has_glob(source)) return nullptr;
  // With the context at hand, a stat says; without it, the name does (`.npmrc` is a file, `.ssh` a folder).
  if (model.options().context_dir) return model.broad_context_source(source) ? nullptr : word;
  return ev.verdict.kind.find("directory") == std::string::npos ? word : nullptr;
}

}  // namespace

namespace {

// A later RUN that only removed the secret file goes with the fix (a plain `rm` of a file that is no
// longer there would fail the build). In a RUN that does more, the removal stays.
void drop_removal(const BuildModel& model, const FileEvent* removal, EditList& edits) {
  if (removal && removal->inst->kind == InstructionKind::Run &&
      model.script(*removal->inst).commands.size() == 1 && removal->inst->mounts.empty()) {
    edits.delete_instruction(*removal->inst);
  }
}

}  // namespace

Fix copied_file(const BuildModel& model, const FileEvent& added, const FileEvent* removal) {
  Fix fix;
  fix.applicability = Applicability::Unsafe;
  const std::string name(paths::basename(added.path));
  const std::string id = secret_id_for(name.starts_with('.') ? name.substr(1) : name);
  std::string target = added.path;
  if (target.ends_with('/')) target.pop_back();
  const bool ssh = is_ssh_key(added) || added.verdict.kind == "ssh-directory";
  Secret secret{ssh ? Secret::Kind::Ssh : Secret::Kind::File,
                id,
                {},
                target,
                host_file(model, added.source.empty() ? name : added.source)};

  const Word* source = file_source(model, added);
  if (!source) {
    // Never delete a COPY of a directory or of the context: the application comes with it.
    fix.applicability = Applicability::DisplayOnly;
    fix.advice.strategy = "narrow-copy";
    if (added.from_stage) {
      fix.title = fmt::format(
          "keep {} out of what `{} --from` copies: remove it in the builder stage, or copy "
          "only the build output",
          added.source.empty() ? added.path : added.source, added.inst->keyword);
      fix.advice.rewritten = fmt::format("# in the builder stage, in the RUN that uses it:\n… && rm -f {}",
                                         added.source.empty() ? added.path : added.source);
    } else {
      fix.title =
          fmt::format("exclude {} from the build context (.dockerignore) or copy narrower paths", name);
    }
    fix.advice.alternatives = alternatives(model, {secret});
    return fix;
  }

  EditList edits(model);
  std::vector<const Instruction*> readers =
      file_readers_after(model, *added.inst, added, removal ? removal->inst : nullptr);
  if (removal) {
    // Every RUN between the COPY and the removal had the file: those that need it get the mount.
    if (readers.empty()) {
      for (const Instruction* run : model.runs_after(*added.inst, false, k_runs_rewritten + 1)) {
        if (run->range.begin.offset >= removal->inst->range.begin.offset) break;
        readers.push_back(run);
      }
    }
  }
  if (readers.size() > k_runs_rewritten) {
    fix.applicability = Applicability::DisplayOnly;
    fix.advice.strategy = ssh ? "ssh-mount" : "secret-mount";
    fix.title = fmt::format("mount {} on each of the more than {} RUNs that use it instead of copying it",
                            name, k_runs_rewritten);
    secret_advice(model, fix, {secret}, readers);
    return fix;
  }
  std::vector<const Instruction*> mounted;
  for (const Instruction* run : readers) {
    std::string prefix;
    if (ssh && !knows_hosts(model, *run)) {
      const std::string host = ssh_host(*run);
      if (!host.empty()) {
        prefix = fmt::format("mkdir -p -m 0700 ~/.ssh && ssh-keyscan {} >> ~/.ssh/known_hosts && ", host);
      }
    }
    if (mount_on(model, *run, secret, edits, prefix)) mounted.push_back(run);
  }
  if (added.inst->args.size() == 2) {
    edits.delete_instruction(*added.inst);
  } else {
    // One source among several: only it goes, with the blank before it.
    const std::string_view text = model.source().text();
    uint32_t begin = source->range.begin.offset;
    while (begin > 0 && (text[begin - 1] == ' ' || text[begin - 1] == '\t')) --begin;
    edits.replace(begin, source->range.end.offset, "");
  }
  drop_removal(model, removal, edits);
  fix.advice.strategy = ssh ? "ssh-mount" : "secret-mount";
  if (readers.empty()) {
    fix.advice.strategy = "runtime";
    fix.title = fmt::format("do not copy {} into the image: mount it into the container at run time", name);
    fix.advice.builds = {
        {"run", fmt::format("docker run -v \"$PWD/{}:{}:ro\" <image>", secret.host_source, target)},
        {"compose",
         fmt::format("services:\n  app:\n    secrets:\n      - source: {0}\n        target: {1}\nsecrets:\n  "
                     "{0}:\n    file: {2}\n",
                     id, target, secret.host_source)},
    };
  } else if (ssh) {
    fix.title = fmt::format(
        "forward your SSH agent with `RUN --mount=type=ssh` on the {} that use{} the key (line{} {}) "
        "instead of copying {}",
        plural(readers.size(), "RUN", "RUNs"), readers.size() == 1 ? "s" : "", readers.size() == 1 ? "" : "s",
        lines_of(readers), name);
    secret_advice(model, fix, {secret}, mounted);
  } else {
    fix.title = fmt::format(
        "mount {} as a build secret at {} on the {} that use{} it (line{} {}) instead of "
        "copying it into a layer",
        name, target, plural(readers.size(), "RUN", "RUNs"), readers.size() == 1 ? "s" : "",
        readers.size() == 1 ? "" : "s", lines_of(readers));
    secret_advice(model, fix, {secret}, mounted);
  }
  if (removal) fix.title += fmt::format(", and drop the removal at line {}", removal->range.begin.line);
  fix.edits = edits.take();
  return fix;
}

namespace {

// The URL of a `git clone` with its userinfo taken out, as written ("https://github.com/acme/x.git").
std::string without_userinfo(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const size_t at = url.find('@', scheme + 3);
  const size_t slash = url.find('/', scheme + 3);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at))
    return std::string(url);
  return std::string(url.substr(0, scheme + 3)) + std::string(url.substr(at + 1));
}

// The command that puts a clone's origin URL back without its credentials. The model keeps the URL
// as written (`shown`) and the clone's .git/config (`path`), so nothing is parsed again.
std::string clone_origin_reset(const FileEvent& clone) {
  constexpr std::string_view k_config = "/.git/config";
  if (!clone.path.ends_with(k_config)) return {};
  const std::string dir = clone.path.substr(0, clone.path.size() - k_config.size());
  return fmt::format("git -C {} remote set-url origin {}", dir.empty() ? "/" : dir,
                     without_userinfo(clone.shown));
}

// What takes a written secret out again in the same RUN: the clone's origin URL without the
// credentials, or the file removed.
std::string cleanup_for(const FileEvent& ev) {
  if (ev.command == "git clone") return clone_origin_reset(ev);
  // A tool's credential directory (~/.config/gcloud/, ~/.azure/) goes whole: `rm -f` fails on it.
  return fmt::format("{} {}", ev.path.ends_with('/') ? "rm -rf" : "rm -f", ev.path);
}

// The secret files a RUN writes (the model's events of that instruction).
std::span<const FileEvent> written_by(const BuildModel& model, const Instruction& run) {
  const auto& events = model.file_events();
  auto first =
      std::lower_bound(events.begin(), events.end(), run.range.begin.offset,
                       [](const FileEvent& e, uint32_t at) { return e.inst->range.begin.offset < at; });
  auto last =
      std::upper_bound(first, events.end(), run.range.begin.offset,
                       [](uint32_t at, const FileEvent& e) { return at < e.inst->range.begin.offset; });
  return {first, last};
}

// A file the command writes the credential at `range` into (a clone's .git/config, ~/.gitconfig,
// with a literal, any secret file of the RUN: the config.json of `docker login` fed it) must not
// keep it: it goes at the end of the RUN.
// False when the RUN cannot take the cleanup.
bool clean_up_files(const BuildModel& model, const Instruction& run, Range range, bool literal,
                    EditList& edits) {
  // The events of a RUN's script come in text order: the few from the first that ends after `range`.
  const std::span<const FileEvent> events = written_by(model, run);
  const auto from = std::partition_point(events.begin(), events.end(), [&](const FileEvent& e) {
    return e.range.end.offset <= range.begin.offset;
  });
  const std::span<const FileEvent> near(from, std::min<size_t>(static_cast<size_t>(events.end() - from), 4));
  for (const FileEvent& ev : near) {
    if (ev.op != FileOp::Written || !ev.secret) continue;
    const bool overlaps =
        ev.range.begin.offset < range.end.offset && range.begin.offset < ev.range.end.offset;
    if (!overlaps && !literal) continue;
    if (!append_to_run(run, cleanup_for(ev), edits)) return false;
  }
  return true;
}

// Whether every command of a RUN only writes files (the secret one among them) or prepares them:
// such a RUN can move into the RUN that reads what it writes.
bool only_writes(const BuildModel& model, const Instruction& run) {
  if (!run.heredocs.empty() || !command_span(run)) return false;
  const auto& commands = model.script(run).commands;
  if (commands.size() > k_runs_looked_at) return false;
  const std::span<const FileEvent> events = written_by(model, run);
  for (size_t i = 0; i < commands.size(); ++i) {
    const std::string_view name = paths::basename(commands[i].name());
    const bool writes =
        std::any_of(events.begin(), events.end(), [&](const FileEvent& e) { return e.order == i + 1; });
    const bool prepares = name == "mkdir" || name == "chmod" || name == "touch" || name == "echo" ||
                          name == "export" || name == "printf" || name.empty() || commands[i].depth > 0;
    if (!writes && !prepares) return false;
  }
  return !commands.empty();
}

// The variable whose value the event writes (the latest one visible), if any.
const Variable* content_variable(const BuildModel& model, const FileEvent& ev) {
  const Variable* var = nullptr;
  for (const std::string& name : ev.content_vars) {
    if (const Variable* v = model.lookup(*ev.inst, name)) var = v;
  }
  return var;
}

}  // namespace

Fix written_file(const BuildModel& model, const FileEvent& ev, const FileEvent* removal) {
  Fix fix;
  fix.applicability = Applicability::Unsafe;
  const Instruction& run = *ev.inst;
  if (ev.command.starts_with("ssh-keygen")) {
    fix.applicability = Applicability::DisplayOnly;
    fix.advice.strategy = "runtime";
    fix.title = fmt::format(
        "do not generate {} into the image: generate it when the container starts, or mount it "
        "at run time",
        ev.path);
    return fix;
  }
  // The variable that brings the secret: mounted on this RUN and every RUN that reads it.
  Fix base;
  const Variable* var = content_variable(model, ev);
  if (var && var->origin) {
    base = variable(model, *var);
    // The writing RUN must receive the mount even when only the model sees the reference.
    if (std::find_if(base.edits.begin(), base.edits.end(),
                     [&](const Edit& e) { return e.range.begin.offset == run.keyword_range.end.offset; }) ==
            base.edits.end() &&
        !model.is_secret_mount_env(run, var->name) &&
        (model.options().builder != "classic" || network_delivery(model))) {
      EditList more(model);
      mount_on(model, run, Secret{Secret::Kind::Env, secret_id_for(var->name), var->name, {}, {}}, more);
      for (Edit& e : more.take()) base.edits.push_back(std::move(e));
    }
  }
  EditList edits(model);
  for (Edit& e : base.edits) edits.replace(e.range.begin.offset, e.range.end.offset, e.replacement);
  // Then the file goes in the same RUN: a clone keeps its origin URL without the credentials, any
  // other file is removed after the commands that use it.
  std::string cleanup;
  cleanup = cleanup_for(ev);
  bool applied = !cleanup.empty() && append_to_run(run, cleanup, edits);
  fix.advice = base.advice;
  if (fix.advice.strategy.empty() || fix.advice.strategy == "remove")
    fix.advice.strategy = network_delivery(model) ? "network" : "secret-mount";
  const std::string then =
      ev.command == "git clone"
          ? std::string("drop the credentials from the clone's origin URL at the end of the RUN")
          : fmt::format("remove {} at the end of the RUN that writes it", ev.path);
  fix.title = var ? fmt::format("pass {} as a build secret, and {}", var->name, then) : then;
  // A later RUN that reads the file would lose it: the write then belongs in that RUN.
  const std::vector<const Instruction*> later = file_readers_after(model, run, ev, nullptr);
  if (!later.empty()) {
    const bool from_mount = !ev.secret_mount_id.empty() && !var;
    if (((var && var->origin) || from_mount) && only_writes(model, run) &&
        model.options().builder != "classic") {
      // The RUN only writes the file: its commands move into each RUN that reads the file, which
      // gets the secret and removes the file when done.
      EditList moved(model);
      // The variable's own edits, less those on the RUNs this fix rewrites.
      auto within = [](const Edit& e, const Instruction& i) {
        return e.range.begin.offset >= i.range.begin.offset && e.range.end.offset <= i.range.end.offset;
      };
      for (const Edit& e : base.edits) {
        if (within(e, run) ||
            std::any_of(later.begin(), later.end(), [&](const Instruction* r) { return within(e, *r); }))
          continue;
        moved.replace(e.range.begin.offset, e.range.end.offset, e.replacement);
      }
      moved.delete_instruction(run);
      const Secret secret{Secret::Kind::Env,
                          secret_id_for(var ? var->name : ev.secret_mount_id),
                          var ? var->name : std::string(),
                          {},
                          {}};
      std::string_view command = run.command();
      command.remove_prefix(std::min(command.size(), command.find_first_not_of(" \t")));
      while (!command.empty() && (command.back() == ' ' || command.back() == '\t')) command.remove_suffix(1);
      const std::string write = fmt::format("{} && ", command);
      bool all = true;
      for (const Instruction* reader : later) {
        if (from_mount) {
          // The writing RUN already reads a mount: its mounts come along with its commands.
          const auto span = command_span(*reader);
          all = all && span;
          if (!span) break;
          for (const Mount& m : run.mounts) {
            if (m.type != MountType::Secret ||
                has_mount(*reader, Secret{Secret::Kind::File, m.id, {}, {}, {}}))
              continue;
            moved.insert(reader->keyword_range.end.offset,
                         " " + std::string(model.source().text().substr(
                                   m.range.begin.offset, m.range.end.offset - m.range.begin.offset)));
          }
          lead_run(*reader, *span, write, moved);
          all = all && append_to_run(*reader, cleanup, moved);
        } else {
          all =
              all && mount_on(model, *reader, secret, moved, write) && append_to_run(*reader, cleanup, moved);
        }
      }
      if (all) {
        drop_removal(model, removal, moved);
        fix.title = fmt::format(
            "move the write of {} into the {} that read{} it (line{} {}), with {} from a secret "
            "mount, and remove it at the end of {}",
            ev.path, plural(later.size(), "RUN", "RUNs"), later.size() == 1 ? "s" : "",
            later.size() == 1 ? "" : "s", lines_of(later), var ? var->name : "the secret",
            later.size() == 1 ? "it" : "each");
        fix.applicability = Applicability::Unsafe;
        fix.edits = moved.take();
        return fix;
      }
    }
    applied = false;
    fix.advice.notes.push_back(
        fmt::format("the RUN at line {} reads {} too: write it in that RUN, with the secret "
                    "mounted, and remove it there",
                    later.front()->range.begin.line, ev.path));
  }
  if (!applied || (var && base.applicability == Applicability::DisplayOnly))
    fix.applicability = Applicability::DisplayOnly;
  if (ev.literal_secret) fix.applicability = Applicability::DisplayOnly;  // the literal is LL1003's fix first
  if (fix.advice.builds.empty() && !ev.secret_mount_id.empty()) {
    fix.advice.notes.push_back(
        fmt::format("a tool that takes a path can read the mount itself: "
                    "--mount=type=secret,id={},target={}",
                    ev.secret_mount_id, ev.path));
  }
  if (!cleanup.empty()) fix.advice.rewritten = with_flag(run, "") + " && " + cleanup;
  drop_removal(model, removal, edits);
  fix.edits = edits.take();
  if (fix.applicability == Applicability::DisplayOnly) fix.edits.clear();  // advice only
  return fix;
}

namespace {

// A variable name for a literal: "GITHUB_TOKEN" for "GitHub personal access token".
std::string name_for(std::string_view what) {
  if (what.starts_with("value of ")) {
    std::string name(what.substr(9));
    while (!name.empty() && name.front() == '-') name.erase(0, 1);
    for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name.empty() ? "SECRET" : name;
  }
  std::string first;
  for (char c : what) {
    if (!std::isalnum(static_cast<unsigned char>(c))) break;
    first += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (first.empty() || first == "PASSWORD" || first == "CREDENTIAL" || first == "HARDCODED")
    return "SECRET_TOKEN";
  return first + (what.find("password") != std::string_view::npos ? "_PASSWORD" : "_TOKEN");
}

// Whether `offset` of the RUN's command text is inside single quotes (where $VAR does not expand).
bool in_single_quotes(std::string_view cmd, size_t offset) {
  bool single = false, dbl = false;
  for (size_t i = 0; i < offset && i < cmd.size(); ++i) {
    const char c = cmd[i];
    if (c == '\\' && !single) {
      ++i;
    } else if (c == '\'' && !dbl) {
      single = !single;
    } else if (c == '"' && !single) {
      dbl = !dbl;
    }
  }
  return single;
}

}  // namespace

Fix literal(const BuildModel& model, const Instruction& inst, Range range, std::string_view what) {
  Fix fix;
  fix.advice.strategy = "remove-literal";
  fix.applicability = Applicability::DisplayOnly;
  const std::string name = name_for(what);
  const std::string id = secret_id_for(name);
  const Secret secret{Secret::Kind::Env, id, name, {}, {}};
  fix.title = fmt::format(
      "replace the literal with ${{{}}} read from a secret mount, and revoke the exposed value", name);
  fix.advice.notes.push_back("the value is in the repository's history: revoke it and issue a new one");
  secret_advice(model, fix, {secret}, {});
  if (inst.kind == InstructionKind::Cmd || inst.kind == InstructionKind::Entrypoint ||
      inst.kind == InstructionKind::Healthcheck) {
    // The command runs in the container: the value comes from its environment or a secret file.
    fix.advice.strategy = "runtime";
    fix.title = fmt::format(
        "read the value from the container's environment at run time (${{{}}}, `docker run -e {}` or a "
        "mounted secret file), and revoke the exposed value",
        name, name);
    return fix;
  }
  const auto span = command_span(inst);
  if (inst.kind != InstructionKind::Run || !span || range.begin.offset < span->first ||
      range.end.offset > span->second || !inst.heredocs.empty()) {
    fix.advice.rewritten =
        fmt::format("RUN {} <command that uses ${}>", mount_flag(secret, has_env_mounts(model)), name);
    return fix;
  }
  // The source of a command span maps one to one while it holds no continuation.
  const std::string_view source = model.source().text().substr(span->first, span->second - span->first);
  const size_t at = range.begin.offset - span->first;
  if (source.substr(0, range.end.offset - span->first).find('\n') != std::string_view::npos &&
      source.substr(at, range.end.offset - range.begin.offset).find('\n') != std::string_view::npos) {
    return fix;
  }
  EditList edits(model);
  const size_t end = range.end.offset - span->first;
  if (in_single_quotes(source, at) && at > 0 && source[at - 1] == '\'' && end < source.size() &&
      source[end] == '\'') {
    edits.replace(range.begin.offset - 1, range.end.offset + 1, fmt::format("\"${{{}}}\"", name));  // 'value'
  } else if (in_single_quotes(source, at)) {
    edits.replace(range.begin.offset, range.end.offset, fmt::format("'\"${{{}}}\"'", name));
  } else {
    edits.replace(range.begin.offset, range.end.offset, fmt::format("${{{}}}", name));
  }
  if (!mount_on(model, inst, secret, edits)) return fix;
  if (!clean_up_files(model, inst, range, true, edits)) return fix;
  fix.applicability = Applicability::Unsafe;
  fix.edits = edits.take();
  // The RUN as the fix leaves it, which no longer holds the literal (a RUN on one line; a longer one
  // is left to the diff that --diff prints).
  const std::string_view text = model.source().text();
  const uint32_t b = inst.range.begin.offset;
  uint32_t e = std::min<uint32_t>(inst.range.end.offset, static_cast<uint32_t>(text.size()));
  while (e > b && (text[e - 1] == '\n' || text[e - 1] == '\r')) --e;
  if (text.substr(b, e - b).find('\n') == std::string_view::npos && e - b <= k_shown_command) {
    std::vector<Edit> shown = fix.edits;
    std::string line(text.substr(b, e - b));
    std::sort(shown.begin(), shown.end(),
              [](const Edit& x, const Edit& y) { return x.range.begin.offset > y.range.begin.offset; });
    for (const Edit& edit : shown) {
      if (!edit.file.empty() || edit.range.begin.offset < b || edit.range.end.offset > e) continue;
      line.replace(edit.range.begin.offset - b, edit.range.end.offset - edit.range.begin.offset,
                   edit.replacement);
    }
    fix.advice.rewritten = line;
  } else {
    fix.advice.notes.push_back("the rewritten RUN spans several lines: --diff shows it");
  }
  return fix;
}

Fix context_files(const BuildModel& model, const Instruction& copy, const std::vector<std::string>& files,
                  std::string_view ignore_file) {
  Fix fix;
  fix.advice.strategy = "dockerignore";
  fix.applicability = Applicability::Unsafe;  // a RUN that needed one of them now gets it from a mount
  EditList edits(model);
  std::string lines;
  for (const std::string& f : files) lines += "/" + f + "\n";
  const LintOptions& o = model.options();
  const fs::path context = o.context_dir ? *o.context_dir : fs::path(".");
  const std::string ignore_path = relative_to_cwd((context / std::string(ignore_file)).lexically_normal());
  edits.append_to_file(ignore_path, lines);
  fix.title = fmt::format(
      "exclude {} in {}",
      files.size() == 1 ? files.front() : fmt::format("the {} secret files", files.size()), ignore_file);
  // Files a later RUN uses come back as secret mounts, at the path the COPY gave them.
  std::vector<Secret> secrets;
  std::vector<const Instruction*> mounted;
  const std::string dest = copy.args.size() >= 2 ? model.expand(copy, copy.args.back().value).value : ".";
  const std::string dir = paths::resolve(dest, model.workdir(copy), model.home(copy));
  for (const std::string& f : files) {
    FileEvent ev;
    ev.path = paths::join(dir, f);
    ev.verdict = classify_secret_path(f);
    ev.inst = &copy;
    const std::vector<const Instruction*> readers = file_readers_after(model, copy, ev, nullptr);
    if (readers.empty()) continue;
    const std::string name(paths::basename(f));
    Secret s{is_ssh_key(ev) ? Secret::Kind::Ssh : Secret::Kind::File,
             secret_id_for(name.starts_with('.') ? name.substr(1) : name),
             {},
             ev.path,
             host_file(model, f)};
    for (const Instruction* run : readers) {
      if (mount_on(model, *run, s, edits)) add_unique(mounted, run);
    }
    secrets.push_back(std::move(s));
  }
  if (!secrets.empty()) {
    fix.title += ", and mount the ones the build uses as secrets";
    secret_advice(model, fix, secrets, mounted);
  } else {
    fix.advice.alternatives = alternatives(model, {});
  }
  fix.advice.rewritten = "# " + std::string(ignore_file) + "\n" + lines;
  fix.edits = edits.take();
  return fix;
}

Fix label_reference(const BuildModel& model, const Instruction& label, const KeyValue& pair,
                    const Variable& var) {
  Fix fix;
  fix.advice.strategy = "remove";
  fix.applicability = Applicability::Unsafe;
  fix.title = fmt::format("remove the label {}, which copies {} into the image's configuration",
                          pair.key.value, var.name);
  EditList edits(model);
  edits.delete_pair(label, pair);
  fix.edits = edits.take();
  return fix;
}

Fix fetched_file(const BuildModel& model, const FileEvent& ev) {
  Fix fix;
  fix.advice.strategy = "network";
  const Instruction& run = *ev.inst;
  // A file a tool reads from its own place (~/.npmrc, ~/.aws/credentials) stays there, and goes at
  // the end of the RUN; any other file is fetched into /dev/shm, which is never part of a layer.
  const bool keep_path = ev.verdict.secret;
  const std::string target = keep_path ? ev.path : fmt::format("/dev/shm/{}", paths::basename(ev.path));
  fix.title = keep_path ? fmt::format("remove {} at the end of the RUN that fetches it", ev.path)
                        : fmt::format("fetch the secret into {} and remove it at the end of the RUN", target);
  fix.advice.notes.push_back(
      "a secret from the build's secrets server must stay in /dev/shm or a RUN --mount=type=tmpfs, or be "
      "removed in the RUN that fetches it");
  const auto span = command_span(run);
  if (!span || script_heredoc(run) || ev.range.begin.offset < span->first ||
      ev.range.end.offset > span->second)
    return fix;
  EditList edits(model);
  const std::string_view text = model.source().text();
  const bool named_after_url = ev.shown == ev.fetched_from || ev.shown.find("://") != std::string::npos;
  if (!keep_path) {
    if (named_after_url) {
      if (ev.command != "wget") return fix;  // `curl -O`: the advice alone
      edits.insert(ev.range.begin.offset, fmt::format("-O {} ", target));
    } else {
      edits.replace(ev.range.begin.offset, ev.range.end.offset, target);
    }
    // The commands after the download read the file where it now is: its path as written, or the
    // bare name of a file named after the URL.
    const auto path_char = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '/';
    };
    const std::string_view written = named_after_url ? paths::basename(ev.path) : std::string_view(ev.shown);
    const std::string_view absolute = ev.path;
    for (const std::string_view mention : {written, absolute}) {
      for (size_t at = text.find(mention, ev.range.end.offset);
           !mention.empty() && at != std::string_view::npos && at + mention.size() <= span->second;
           at = text.find(mention, at + mention.size())) {
        const size_t end = at + mention.size();
        if ((at > 0 && path_char(text[at - 1])) || (end < text.size() && path_char(text[end]))) continue;
        edits.replace(static_cast<uint32_t>(at), static_cast<uint32_t>(end), target);
      }
      if (written == absolute) break;
    }
  }
  if (!append_to_run(run, fmt::format("rm -f {}", target), edits)) return fix;
  fix.applicability = Applicability::Unsafe;
  fix.edits = edits.take();
  return fix;
}

Fix url_reference(const BuildModel& model, const Instruction& inst, Range range, const Variable& var) {
  Fix fix = variable(model, var);
  if (fix.applicability == Applicability::DisplayOnly || inst.kind != InstructionKind::Run) return fix;
  EditList edits(model);
  for (const Edit& e : fix.edits) edits.replace(e.range.begin.offset, e.range.end.offset, e.replacement);
  if (!clean_up_files(model, inst, range, false, edits)) {
    fix.applicability = Applicability::DisplayOnly;
    return fix;
  }
  fix.edits = edits.take();
  return fix;
}

}  // namespace layerlint::fixes
