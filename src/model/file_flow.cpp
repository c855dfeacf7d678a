#include "model/file_flow.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "layerlint/context.hpp"
#include "model/paths.hpp"

namespace layerlint {

namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Commands whose whole purpose is to store a credential in a file.
struct CredentialWriter {
  std::string_view command;     // argv[0]
  std::string_view subcommand;  // first non-option argument(s) that must follow, "" for any
  std::string_view path;        // relative to $HOME
  std::string_view description;
  std::string_view only_with = {};  // an option the command must have to store a credential ("" for any)
  // The variable the command reads the credential from when its command line gives none.
  std::string_view env = {};
  // Options that move the file ("--config|-c"), and the file's name inside the folder they give
  // ("" when they name the file itself).
  std::string_view path_options = {};
  std::string_view file_in_folder = {};
};

constexpr std::array k_credential_writers = {
    CredentialWriter{
        "docker", "login", ".docker/config.json", "the registry password", {}, {}, "--config", "config.json"},
    CredentialWriter{
        "podman", "login", ".config/containers/auth.json", "the registry password", {}, {}, "--authfile"},
    CredentialWriter{"helm",
                     "registry login",
                     ".config/helm/registry/config.json",
                     "the registry password",
                     {},
                     {},
                     "--registry-config"},
    CredentialWriter{"npm", "login", ".npmrc", "an npm auth token", {}, {}, "--userconfig"},
    CredentialWriter{"npm", "adduser", ".npmrc", "an npm auth token", {}, {}, "--userconfig"},
    // Only these gcloud commands keep a credential: `gcloud auth configure-docker` names gcloud under
    // `credHelpers` in ~/.docker/config.json, `auth list` and `auth print-access-token` only read.
    CredentialWriter{"gcloud", "auth login", ".config/gcloud/", "Google Cloud credentials"},
    CredentialWriter{"gcloud", "auth activate-service-account", ".config/gcloud/",
                     "Google Cloud credentials"},
    CredentialWriter{"gcloud", "auth application-default login",
                     ".config/gcloud/application_default_credentials.json",
                     "Google Cloud application default credentials"},
    CredentialWriter{"az", "login", ".azure/", "Azure credentials"},
    CredentialWriter{"gh", "auth login", ".config/gh/hosts.yml", "a GitHub token"},
    CredentialWriter{"heroku", "login", ".netrc", "a Heroku token"},
    CredentialWriter{"vault", "login", ".vault-token", "a Vault token"},
    CredentialWriter{"doctl",
                     "auth init",
                     ".config/doctl/config.yaml",
                     "a DigitalOcean API token",
                     {},
                     "DIGITALOCEAN_ACCESS_TOKEN",
                     "--config|-c"},
    CredentialWriter{"doctl",
                     "registry login",
                     ".docker/config.json",
                     "a DigitalOcean registry token",
                     {},
                     "DIGITALOCEAN_ACCESS_TOKEN"},
    CredentialWriter{"helm",
                     "repo add",
                     ".config/helm/repositories.yaml",
                     "the chart repository password",
                     "--password",
                     {},
                     "--repository-config"},
};

std::vector<std::string_view> positional(const SimpleCommand& cmd, size_t from = 1) {
  std::vector<std::string_view> out;
  for (size_t i = from; i < cmd.words.size(); ++i) {
    const std::string& v = cmd.words[i].value;
    if (!v.empty() && v[0] == '-') continue;
    out.push_back(v);
  }
  return out;
}

// Whether the words after argv[0] start with the subcommand `sub` ("auth init"). Options may come
// before and between its words, global ones too (`doctl --context prod auth init`,
// `docker --config /ci login`): a word right after an option without `=` may be that option's value,
// and is passed over when it is not the subcommand's next word.
bool subcommand_matches(const SimpleCommand& cmd, std::string_view sub) {
  bool after_option = false;
  for (size_t i = 1; i < cmd.words.size() && !sub.empty(); ++i) {
    const std::string& v = cmd.words[i].value;
    if (v.size() > 1 && v[0] == '-') {
      after_option = v.find('=') == std::string::npos && v != "--";
      continue;
    }
    const size_t sp = sub.find(' ');
    if (v == sub.substr(0, sp)) {
      sub = sp == std::string_view::npos ? std::string_view{} : sub.substr(sp + 1);
    } else if (!after_option) {
      return false;
    }
    after_option = false;
  }
  return sub.empty();
}

// The value of any of `options` ("--config|-c") on the command line, as `--config X` or
// `--config=X` (then in `joined`): the last one given wins, as for the commands' own parsers.
const ShellWord* option_word(const SimpleCommand& cmd, std::string_view options, ShellWord& joined) {
  const ShellWord* found = nullptr;
  for (size_t i = 1; i < cmd.words.size(); ++i) {
    const std::string& v = cmd.words[i].value;
    for (std::string_view rest = options; !rest.empty();) {
      const size_t bar = rest.find('|');
      const std::string_view name = rest.substr(0, bar);
      rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
      if (v == name && i + 1 < cmd.words.size()) {
        found = &cmd.words[i + 1];
      } else if (v.size() > name.size() && v.starts_with(name) && v[name.size()] == '=') {
        joined = cmd.words[i];
        joined.value = v.substr(name.size() + 1);
        joined.raw = joined.value;
        found = &joined;
      }
    }
  }
  return found;
}

class FlowBuilder {
 public:
  explicit FlowBuilder(const BuildModel& model) : m_model(model) {}

  std::vector<FileEvent> run() {
    m_secret_variables =
        std::any_of(m_model.variables().begin(), m_model.variables().end(),
                    [](const Variable& v) { return is_secret_name(v.strength) || v.secret_derived; });
    m_lineage_budget = (size_t{1} << 20) + 64 * m_model.file().instructions.size();
    m_group_budget = (size_t{1} << 20) + 4 * m_model.source().text().size();
    m_stage_secrets.resize(m_model.stages().size());
    m_removals.limit((size_t{1} << 20) + 16 * m_model.file().instructions.size());
    for (const Stage& stage : m_model.stages()) {
      for (const Instruction* inst : stage.instructions) {
        m_stage = stage.index;
        if (inst->kind == InstructionKind::Copy || inst->kind == InstructionKind::Add) {
          m_mount_vars.clear();  // a RUN's shell variables end with it
          m_derived_vars.clear();
          copy(*inst);
        }
        if (inst->kind == InstructionKind::Run) run_instruction(*inst);
      }
    }
    return std::move(m_events);
  }

 private:
  const BuildModel& m_model;
  std::vector<FileEvent> m_events;
  std::vector<std::vector<size_t>> m_stage_secrets;  // by stage: indices of the secret files put in
  RemovalIndex m_removals;
  // Stage-lineage steps that following secrets through COPY --from may take, linear in the file's
  // size: a hostile chain of stages that each copy from the one before would otherwise cost
  // quadratic time. Real files use a tiny part of it.
  size_t m_lineage_budget = 0;
  size_t m_group_budget = 0;  // commands looked at for compound redirects, linear in the file's size
  const Instruction* m_heredocs_of = nullptr;
  StringMap<const Heredoc*> m_heredocs;
  size_t m_stage = 0;
  std::vector<std::pair<std::string, std::string>> m_mount_vars;  // of the current RUN: variable, mount id
  std::unordered_map<std::string, std::string> m_derived_vars;    // of the current RUN: variable, its source
  bool m_secret_variables = false;                                // some ARG or ENV holds a secret
  ShellWord m_scratch;                                            // an output path cut out of `--output=PATH`
  std::vector<bool> m_heredoc_scripts;  // of the current RUN: which heredocs a shell runs

  // Keeps the events that matter to the rules: what puts a secret into the filesystem, and removals.
  // A file that is neither secret nor removing anything (most COPYs and writes) is not kept.
  void add_event(FileEvent ev) {
    if (!ev.secret && ev.op != FileOp::Removed) return;
    if (ev.secret && ev.op != FileOp::Removed) m_stage_secrets[ev.stage].push_back(m_events.size());
    m_events.push_back(std::move(ev));
    m_removals.add(m_events, m_events.size() - 1);
  }

  std::string expand(const Instruction& inst, std::string_view text) {
    return m_model.expand(inst, text).value;
  }

  void copy(const Instruction& inst) {
    std::vector<const Word*> words;
    for (const Word& w : inst.args) words.push_back(&w);
    if (words.size() < 2) return;
    const Word& dest_word = *words.back();
    words.pop_back();
    const bool from_stage =
        std::any_of(inst.flags.begin(), inst.flags.end(), [](const Flag& f) { return f.name == "from"; });
    const std::string dest_raw = expand(inst, dest_word.value);
    const std::string workdir = m_model.workdir(inst);
    const bool dest_is_dir = dest_raw.ends_with('/') || words.size() > 1 || dest_raw == ".";
    const std::string dest = paths::resolve(dest_raw, workdir);
    size_t heredoc = 0;
    for (const Word* src_word : words) {
      FileEvent ev;
      ev.op = FileOp::Added;
      ev.stage = m_stage;
      ev.inst = &inst;
      ev.range = src_word->range;
      ev.from_stage = from_stage;
      ev.command = inst.kind == InstructionKind::Copy ? "COPY" : "ADD";
      if (src_word->value.starts_with("<<") && heredoc < inst.heredocs.size()) {
        // COPY <<EOF /dest: the heredoc body becomes the file.
        const Heredoc& h = inst.heredocs[heredoc++];
        ev.op = FileOp::Written;
        ev.source = h.name;
        ev.path = dest_is_dir ? paths::join(dest, h.name) : dest;
        ev.shown = dest_word.value;
        ev.range = dest_word.range;
        content_from_text(inst, h.content, ev);
        ev.verdict = classify_secret_path(ev.path);
        finish(ev);
        continue;
      }
      const std::string src = expand(inst, src_word->value);
      ev.source = src;
      ev.shown = src_word->value;
      const bool src_is_dir = src == "." || src == "./" || src == "/" || src.ends_with('/') || src == "*";
      ev.recursive = src_is_dir;
      if (src_is_dir) {
        ev.path = dest.ends_with('/') ? dest : dest + "/";
      } else if (dest_is_dir) {
        ev.path = paths::join(dest, paths::basename(src));
      } else {
        ev.path = dest;
      }
      ev.verdict = classify_secret_path(src);
      if (!ev.verdict.secret && !paths::has_glob(src)) ev.verdict = classify_secret_path(ev.path);
      if (ev.verdict.secret) {
        ev.secret = true;
        ev.why = ev.verdict.description.empty() ? ev.verdict.kind : ev.verdict.description;
      }
      if (from_stage) {
        from_stage_secrets(inst, ev, src);
      } else {
        context_secrets(ev, src);
      }
      add_event(std::move(ev));
    }
  }

  // The secret files of the build context that a broad source (".", "src/", "*.json") brings along.
  void context_secrets(const FileEvent& copy, const std::string& src) {
    if (!m_model.broad_context_source(src)) return;
    const BuildContext* context = m_model.context();
    if (!context) return;
    const std::string base = clean_path(src);
    for (const ContextFile& f : context->files_under(src)) {
      if (f.path == base) continue;  // the source names this file itself: an explicit event already
      FileVerdict v = classify_secret_path(f.path);
      if (!v.secret) continue;
      std::string rel = f.path;
      if (base != "." && base != "/" && paths::is_within(rel, base))
        rel = rel.substr(std::min(rel.size(), base.size() + 1));
      FileEvent ev = copy;
      ev.path = paths::join(copy.path, rel);
      ev.shown = f.path;
      ev.source = f.path;
      ev.implicit = true;
      ev.verdict = std::move(v);
      ev.secret = true;
      ev.why = ev.verdict.description.empty() ? ev.verdict.kind : ev.verdict.description;
      add_event(std::move(ev));
    }
  }

  // COPY --from=stage: secrets that an earlier stage put under the copied path come along.
  void from_stage_secrets(const Instruction& inst, const FileEvent& copy, const std::string& src) {
    const std::optional<size_t> from = m_model.copy_source(inst);
    if (!from) return;
    const std::string src_path = paths::resolve(src, "/");
    // Only secret files can come along, and of each path only the latest in the lineage (it is one
    // file in the stage's filesystem): newest first, then back into file order. Each stage visited
    // spends the lineage budget.
    // Stages come in file order, so walking up the lineage meets the events newest first.
    std::vector<size_t> found;
    std::unordered_set<std::string_view> seen;
    for (std::optional<size_t> s = from; s && m_lineage_budget > 0; s = m_model.stages()[*s].parent) {
      const std::vector<size_t>& secrets = m_stage_secrets[*s];
      m_lineage_budget -= std::min(m_lineage_budget, secrets.size() + 1);
      for (size_t k = secrets.size(); k-- > 0;) {
        const size_t i = secrets[k];
        const FileEvent& e = m_events[i];
        if (!paths::is_within(e.path, src_path) || !seen.insert(e.path).second) continue;
        if (removed_later(i, *from)) continue;
        if (copy.secret && e.path == src_path) continue;  // the COPY names the secret itself
        found.push_back(i);
      }
    }
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
      const FileEvent& e = m_events[*it];
      FileEvent ev = copy;
      std::string rel =
          e.path.size() > src_path.size() ? e.path.substr(src_path.size()) : paths::basename(e.path).data();
      while (rel.starts_with('/')) rel.erase(0, 1);
      // A secret strictly below the source path means the source is a directory.
      ev.path = e.path != src_path ? paths::join(copy.path, rel) : copy.path;
      ev.shown = e.path;
      ev.source = e.path;
      ev.implicit = true;
      ev.verdict = e.verdict;
      ev.secret = true;
      ev.why = e.why;
      ev.origin_line = e.range.begin.line;
      ev.content_vars = e.content_vars;
      add_event(std::move(ev));
    }
  }

  // Whether a removal after events[i], in `stage` or one of its ancestors, takes the file away. Each
  // removal looked at spends the lineage budget; once it is spent, the file counts as removed, so
  // nothing more is followed through COPY --from.
  bool removed_later(size_t i, size_t stage) {
    return m_removals.first_after(m_events, i, [&](size_t j) {
      if (m_lineage_budget == 0) return true;
      --m_lineage_budget;
      const FileEvent& r = m_events[j];
      return (r.inst != m_events[i].inst || r.order > m_events[i].order) && m_model.descends(stage, r.stage);
    }) != SIZE_MAX;
  }

  // Marks an event secret when the text written holds a secret variable or a literal credential.
  void content_from_text(const Instruction& inst, std::string_view text, FileEvent& ev) {
    for (std::string& name : referenced_variables(text)) add_content_var(inst, std::move(name), ev);
    if (!m_model.secret_values(text).empty()) ev.literal_secret = true;
  }

  void add_content_var(const Instruction& inst, std::string name, FileEvent& ev) {
    if (std::find(ev.content_vars.begin(), ev.content_vars.end(), name) != ev.content_vars.end()) return;
    if (m_model.is_secret_mount_env(inst, name)) {
      for (const Mount& m : inst.mounts) {
        if (m.type == MountType::Secret && m.env == name) ev.secret_mount_id = m.id;
      }
    }
    // A shell variable the RUN reads from one of its secret mounts (`export T="$(cat /run/secrets/t)"`).
    for (const auto& [var, id] : m_mount_vars) {
      if (var == name) ev.secret_mount_id = id;
    }
    ev.content_vars.push_back(std::move(name));
  }

  void finish(FileEvent& ev) {
    if (ev.secret) {
      add_event(std::move(ev));
      return;
    }
    if (ev.from_secrets_server) {
      ev.secret = true;
      ev.why = "a secret fetched from " + ev.fetched_from;
    } else if (!ev.fetched_from.empty() && ev.verdict.secret) {
      ev.secret = true;
      ev.why = "a download into a secret file";
    } else if (!ev.secret_mount_id.empty()) {
      ev.secret = true;
      ev.why = "the content of secret mount '" + ev.secret_mount_id + "'";
    } else if (ev.literal_secret) {
      ev.secret = true;
      ev.why = "a literal credential";
    } else {
      for (const std::string& var : ev.content_vars) {
        // A variable set inside the RUN itself is not in a layer, but what it holds is when it is
        // derived from a secret (`KEY=$(echo "$KEY_B64" | base64 -d)`); secret mounts are above.
        if (auto derived = m_derived_vars.find(var); derived != m_derived_vars.end()) {
          ev.secret = true;
          // The ARG or ENV it comes from, which the fix passes as a build secret.
          std::string root = derived->second;
          for (int hops = 0; hops < 8; ++hops) {
            auto up = m_derived_vars.find(root);
            if (up == m_derived_vars.end()) break;
            root = up->second;
          }
          ev.why = "the value of " + var + " (derived from " + root + ")";
          if (std::find(ev.content_vars.begin(), ev.content_vars.end(), root) == ev.content_vars.end())
            ev.content_vars.push_back(root);
          break;
        }
        const Variable* v = m_model.lookup(*ev.inst, var);
        if (!v) continue;
        const bool secret_name = is_secret_name(v->strength);
        if (secret_name || v->secret_derived) {
          ev.secret = true;
          ev.why = "the value of " + var;
          break;
        }
      }
    }
    add_event(std::move(ev));
  }

  // Resolves a shell path word: $HOME and ~ to the user's home, other variables through ARG/ENV.
  std::string resolve_path(const Instruction& inst, const ShellWord& word, std::string_view cwd) {
    std::string value = word.value;
    const std::string home = m_model.home(inst);
    for (std::string_view h : {"${HOME}", "$HOME"}) {
      for (size_t at = value.find(h); at != std::string::npos; at = value.find(h, at)) {
        value.replace(at, h.size(), home);
        at += home.size();
      }
    }
    if (value.find('$') != std::string::npos) value = expand(inst, value);
    return paths::resolve(value, cwd, home);
  }

  // The shell variables of a RUN that hold a secret, in command order: assigned from one of its
  // secret mounts (`T=$(cat /run/secrets/t)`, `export T="$(cat /run/secrets/t)"`, `read -r T <
  // /run/secrets/t`), or derived from a secret variable (`KEY=$(echo "$SSH_KEY_B64" | base64 -d)`,
  // `read -r T <<< "$TOKEN"`). Found once per RUN.
  void find_shell_vars(const Instruction& inst) {
    m_mount_vars.clear();
    m_derived_vars.clear();
    const bool has_mounts = std::any_of(inst.mounts.begin(), inst.mounts.end(),
                                        [](const Mount& m) { return m.type == MountType::Secret; });
    if (!has_mounts && !m_secret_variables) return;  // nothing a shell variable could take a secret from
    // Whether `text` (an assignment's value, a here-string) reads a secret; taints `name` if so.
    auto taint = [&](const std::string& name, std::string_view text) {
      if (name.empty()) return;
      if (has_mounts) {
        for (const Mount& m : inst.mounts) {
          if (m.type == MountType::Secret && text.find(m.effective_target()) != std::string_view::npos) {
            m_mount_vars.emplace_back(name, m.id);
            return;
          }
        }
      }
      if (text.find('$') == std::string_view::npos) return;
      for (const std::string& from : referenced_variables(text)) {
        if (from == name) continue;
        for (const auto& [var, id] : m_mount_vars) {
          if (var == from) {
            m_mount_vars.emplace_back(name, id);
            return;
          }
        }
        if (m_derived_vars.count(from) || secret_variable(inst, from)) {
          m_derived_vars.emplace(name, from);
          return;
        }
      }
    };
    auto consider = [&](const ShellWord& w) {
      const size_t eq = w.value.find('=');
      if (eq == std::string::npos || eq == 0) return;
      taint(w.value.substr(0, eq), std::string_view(w.value).substr(eq + 1));
    };
    auto scan = [&](const ShellScript& script) {
      for (const SimpleCommand& cmd : script.commands) {
        for (const ShellWord& a : cmd.assignments) consider(a);
        const std::string_view name = cmd.name();
        if (name == "export" || name == "local" || name == "readonly" || name == "declare") {
          for (size_t i = 1; i < cmd.words.size(); ++i) consider(cmd.words[i]);
        }
        if (name == "read") {
          for (const Redirect& r : cmd.redirects) {
            const std::string_view op = r.base_op();
            if (op != "<" && op != "<<<") continue;
            for (size_t i = 1; i < cmd.words.size(); ++i) {
              if (cmd.words[i].value.starts_with("-")) {
                if (cmd.words[i].value == "-d" || cmd.words[i].value == "-p" || cmd.words[i].value == "-u")
                  ++i;
                continue;
              }
              taint(cmd.words[i].value, r.target.value);
            }
          }
        }
      }
    };
    scan(m_model.script(inst));
    for (size_t i = 0; i < inst.heredocs.size(); ++i) {
      if (m_heredoc_scripts[i]) scan(m_model.heredoc_script(inst, i));
    }
  }

  // An ARG or ENV visible at `inst` whose value is a secret (by its name, or derived from one).
  bool secret_variable(const Instruction& inst, std::string_view name) const {
    const Variable* v = m_model.lookup(inst, name);
    return v && (is_secret_name(v->strength) || v->secret_derived);
  }

  void run_instruction(const Instruction& inst) {
    m_heredoc_scripts = commands::heredoc_scripts(m_model, inst);
    find_shell_vars(inst);
    run_script(inst, m_model.script(inst),
               [&](uint32_t b, uint32_t e) { return m_model.command_range(inst, b, e); });
    // Only a heredoc that a shell runs does anything at build time: the body of `cat > run.sh <<EOF`
    // is data, whose commands run later, if ever.
    for (size_t i = 0; i < inst.heredocs.size(); ++i) {
      if (!m_heredoc_scripts[i]) continue;
      const Heredoc& h = inst.heredocs[i];
      run_script(inst, m_model.heredoc_script(inst, i),
                 [&](uint32_t b, uint32_t e) { return m_model.source().range(h.content_map, b, e); });
    }
  }

  template <typename RangeOf>
  void run_script(const Instruction& inst, const ShellScript& script, RangeOf range_of) {
    std::string cwd = m_model.workdir(inst);
    uint32_t order = 0;
    // Variables and secret-mount reads seen earlier in the current pipeline feed what a later
    // command of the pipeline writes (`echo $T | base64 -d > key`).
    uint32_t pipeline = UINT32_MAX;
    FileEvent pipe_content;
    pipe_content.inst = &inst;
    for (size_t c = 0; c < script.commands.size(); ++c) {
      const SimpleCommand& cmd = script.commands[c];
      ++order;
      if (cmd.pipeline != pipeline) {
        pipeline = cmd.pipeline;
        pipe_content = FileEvent{};
        pipe_content.inst = &inst;
      }
      FileEvent content = pipe_content;
      command_content(inst, cmd, cwd, content);
      if (cmd.group_begin != UINT32_MAX) group_content(inst, script, c, cwd, content);
      const std::string_view name = cmd.name();
      const std::string_view base = paths::basename(name);
      if (cmd.depth == 0 && base == "cd" && cmd.words.size() >= 2) {
        std::string dir = resolve_path(inst, cmd.words[1], cwd);
        if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        if (dir.size() <= 4096) cwd = std::move(dir);  // PATH_MAX: a longer `cd` fails, as in a shell
      }
      // A download to standard output (`curl URL > f`, `wget -qO- URL | tee f`) feeds the redirect.
      const commands::WordIndices programs = commands::program_words(cmd);
      for (size_t at : programs) {
        if (commands::effect_of(paths::basename(cmd.words[at].value)) != commands::Effect::Downloads)
          continue;
        const commands::ProgramCommand program(cmd, at);
        const Download d = download_of(inst, program.get());
        if (d.out || d.url.empty()) continue;
        content.fetched_from = d.url;
        content.from_secrets_server = d.from_secrets_server;
      }
      // Writes through redirections.
      for (const Redirect& r : cmd.redirects) {
        if (!redirects_output(r)) continue;
        add_write(inst, r.target, cwd, content, std::string(base.empty() ? "redirect" : base), order,
                  range_of(r.target.begin, r.target.end));
      }
      // What each program of the command does (`sudo rm`, `env X=1 curl -o f`, `find -exec rm`).
      for (size_t at : programs) {
        const commands::ProgramCommand program(cmd, at);
        write_commands(inst, program.get(), paths::basename(program.get().name()), cwd, content, order,
                       range_of);
      }
      // Content of this command flows into the next one of the pipeline.
      if (cmd.separator == Separator::Pipe) pipe_content = content;
    }
  }

  // What a command's output may carry: the variables and literal credentials in its words, and
  // what it reads from secret mounts, here-strings and heredocs.
  void command_content(const Instruction& inst, const SimpleCommand& cmd, std::string_view cwd,
                       FileEvent& content) {
    for (const ShellWord& w : cmd.words) {
      for (const VarRef& v : w.vars) add_content_var(inst, v.name, content);
      if (!m_model.secret_values(w.value).empty()) content.literal_secret = true;
      if (const Mount* m = read_secret_mount(inst, w, cwd)) content.secret_mount_id = m->id;
    }
    for (const Redirect& r : cmd.redirects) {
      const std::string_view op = r.base_op();
      if (op != "<" && !r.is_heredoc() && op != "<<<") continue;
      if (const Mount* m = read_secret_mount(inst, r.target, cwd)) content.secret_mount_id = m->id;
      for (const VarRef& v : r.target.vars) add_content_var(inst, v.name, content);
      if (!r.is_heredoc()) continue;
      // A shell heredoc inside the RUN text, or a Dockerfile heredoc (`RUN cat <<EOF > f`).
      std::string_view body = r.heredoc_body;
      bool expand_body = r.heredoc_expand;
      if (body.empty()) {
        if (const Heredoc* h = heredoc_named(inst, r.target.value)) {
          body = h->content;
          expand_body = h->expand;
        }
      }
      if (expand_body)
        content_from_text(inst, body, content);
      else if (!m_model.secret_values(body).empty())
        content.literal_secret = true;
    }
  }

  static bool redirects_output(const Redirect& r) {
    return r.writes_file() && r.base_op() != "<>" && (r.fd == -1 || r.fd == 1);
  }

  // The redirects after a compound command (`{ echo "$T"; echo x; } > f`) take the output of its
  // commands, less those that send their own output elsewhere (an inner `> g`, an inner compound
  // with its own redirect) and those inside substitutions. Each command looked at spends the group
  // budget, which keeps nested compounds linear.
  void group_content(const Instruction& inst, const ShellScript& script, size_t c, std::string_view cwd,
                     FileEvent& content) {
    const SimpleCommand& redirects = script.commands[c];
    for (size_t k = c; k-- > redirects.group_begin && m_group_budget > 0;) {
      --m_group_budget;
      const SimpleCommand& member = script.commands[k];
      if (member.depth != redirects.depth) continue;
      const bool own_output = std::any_of(member.redirects.begin(), member.redirects.end(), redirects_output);
      if (own_output && member.group_begin != UINT32_MAX && member.group_begin < k) {
        k = std::max<size_t>(member.group_begin, redirects.group_begin);  // skip the inner compound
        continue;
      }
      if (!own_output) command_content(inst, member, cwd, content);
    }
  }

  // The Dockerfile heredoc of `inst` with this delimiter (the last one, as a shell would read it);
  // indexed once per instruction so that many heredocs on one line stay linear.
  const Heredoc* heredoc_named(const Instruction& inst, std::string_view name) {
    if (m_heredocs_of != &inst) {
      m_heredocs_of = &inst;
      m_heredocs.clear();
      for (const Heredoc& h : inst.heredocs) m_heredocs[h.name] = &h;
    }
    auto it = m_heredocs.find(name);
    return it == m_heredocs.end() ? nullptr : it->second;
  }

  const Mount* read_secret_mount(const Instruction& inst, const ShellWord& word, std::string_view cwd) {
    if (inst.mounts.empty() || word.value.empty() || word.value[0] == '-') return nullptr;
    return m_model.secret_mount_at(inst, resolve_path(inst, word, cwd));
  }

  struct Download {
    std::string url;
    bool from_secrets_server = false;
    const ShellWord* out = nullptr;  // the file written; null for standard output
    bool remote_name = false;        // the file is named after the URL (`curl -O`, `wget URL`)
  };

  // What a curl or wget command fetches and where it puts it.
  Download download_of(const Instruction& inst, const SimpleCommand& cmd) {
    Download d;
    const auto& words = cmd.words;
    const bool curl = paths::basename(cmd.name()) == "curl";
    const ShellWord* url = nullptr;
    bool to_stdout = curl;
    const char output = curl ? 'o' : 'O';
    auto set_output = [&](const ShellWord& word, std::string value) {
      m_scratch = word;
      if (value != word.value) m_scratch.raw = value;
      m_scratch.value = std::move(value);
      to_stdout = m_scratch.value == "-";
      d.out = to_stdout ? nullptr : &m_scratch;
      d.remote_name = false;
    };
    for (size_t i = 1; i < words.size(); ++i) {
      const std::string& v = words[i].value;
      const bool has_next = i + 1 < words.size();
      if (v == "--output" || v == "--output-document") {
        if (has_next) set_output(words[i + 1], words[i + 1].value);
        ++i;
      } else if (v.starts_with("--output=") || v.starts_with("--output-document=")) {
        set_output(words[i], v.substr(v.find('=') + 1));
      } else if (curl && v == "--remote-name") {
        to_stdout = false;
        d.remote_name = true;
      } else if (v.size() > 1 && v[0] == '-' && v[1] != '-') {
        // A bundle of short options (`-qO-`, `-fsSLo key`): the output option takes the rest of the
        // word, or the next word.
        const size_t o = v.find(output);
        if (o != std::string::npos) {
          if (o + 1 < v.size()) {
            set_output(words[i], v.substr(o + 1));
          } else if (has_next) {
            set_output(words[i + 1], words[i + 1].value);
            ++i;
          }
        } else if (curl && v.find('O') != std::string::npos) {
          to_stdout = false;
          d.remote_name = true;
        } else if (has_next && takes_value(curl, v.back())) {
          ++i;
        }
      } else if (!url && !v.starts_with("-") && looks_like_url(v)) {
        url = &words[i];
      }
    }
    if (!url) return Download{};
    d.url = url->value;
    d.from_secrets_server = secrets_server(inst, d.url);
    // Messages show the URL: never with the credentials of its userinfo.
    const size_t host = d.url.find("://") == std::string::npos ? 0 : d.url.find("://") + 3;
    const size_t at = d.url.find('@', host);
    if (at != std::string::npos && at < d.url.find('/', host)) d.url.replace(host, at + 1 - host, "…@");
    if (to_stdout) {
      d.out = nullptr;
      d.remote_name = false;
    } else if (!d.out) {
      d.out = url;  // wget URL, curl -O URL: the file is named after the URL
      d.remote_name = true;
    }
    return d;
  }

  static bool takes_value(bool curl, char option) {
    return std::string_view(curl ? "udHXAeErTbcKwxm" : "PUtTwaoe").find(option) != std::string_view::npos;
  }

  static bool looks_like_url(std::string_view v) {
    return v.find("://") != std::string_view::npos || v.starts_with("localhost") || v.starts_with("127.") ||
           v.starts_with("$");
  }

  // A build-time secrets server: a loopback address, a host named like a secrets server or a vault,
  // or a bare host name (a container's) on a RUN that joins a named network (its own --network, or
  // the build's: Compose `build.network: container:secrets-server`).
  bool secrets_server(const Instruction& inst, std::string_view url) {
    const size_t scheme = url.find("://");
    std::string_view host = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
    host = host.substr(0, host.find_first_of("/?#"));
    if (const size_t at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
    if (host.starts_with('[')) return host.starts_with("[::1]");
    host = host.substr(0, host.find(':'));
    if (host.empty() || host.find('$') != std::string_view::npos) return false;
    const std::string lower = ascii_lower(host);
    if (lower == "localhost" || lower.starts_with("127.") || lower.find("secret") != std::string::npos ||
        lower == "vault" || lower.starts_with("vault.") || lower.starts_with("vault-"))
      return true;
    return m_model.joins_named_network(inst) && lower.find('.') == std::string::npos;
  }

  template <typename RangeOf>
  void write_commands(const Instruction& inst, const SimpleCommand& cmd, std::string_view base,
                      std::string_view cwd, const FileEvent& content, uint32_t order, RangeOf range_of) {
    const auto& words = cmd.words;
    auto write = [&](const ShellWord& target, const FileEvent& with) {
      add_write(inst, target, cwd, with, std::string(base), order, range_of(target.begin, target.end));
    };

    const commands::Effect effect = commands::effect_of(base);
    if (effect == commands::Effect::Removes || effect == commands::Effect::Overwrites) {
      bool recursive = false;
      bool removes_file = base != "shred";
      for (size_t i = 1; i < words.size(); ++i) {
        const std::string& v = words[i].value;
        if (v.starts_with("--")) {
          if (v == "--recursive") recursive = true;
          if (v == "--remove" || v.starts_with("--remove=") || v == "--zero")
            removes_file = removes_file || v != "--zero";
          continue;
        }
        if (v.starts_with("-") && v.size() > 1) {
          if (v.find_first_of("rR") != std::string::npos) recursive = true;
          if (base == "shred" && v.find('u') != std::string::npos) removes_file = true;
          continue;
        }
      }
      if (!removes_file) return;
      bool options_done = false;
      for (size_t i = 1; i < words.size(); ++i) {
        const ShellWord& w = words[i];
        if (!options_done && w.value == "--") {
          options_done = true;
          continue;
        }
        if (!options_done && w.value.starts_with("-") && w.value.size() > 1) continue;
        FileEvent ev;
        ev.op = FileOp::Removed;
        ev.stage = m_stage;
        ev.inst = &inst;
        ev.path = resolve_path(inst, w, cwd);
        ev.shown = w.raw;
        ev.recursive = recursive;
        ev.command = std::string(base);
        ev.order = order;
        ev.range = range_of(w.begin, w.end);
        add_event(std::move(ev));
      }
      return;
    }
    if (effect == commands::Effect::Tees) {
      for (size_t i = 1; i < words.size(); ++i) {
        if (words[i].value.starts_with("-")) continue;
        write(words[i], content);
      }
      return;
    }
    if (effect == commands::Effect::Copies) {
      std::vector<const ShellWord*> operands;
      const ShellWord* target_dir = nullptr;
      for (size_t i = 1; i < words.size(); ++i) {
        const std::string& v = words[i].value;
        if (v == "-t" && i + 1 < words.size()) {
          target_dir = &words[++i];
          continue;
        }
        if ((v == "-m" || v == "-o" || v == "-g" || v == "--mode") && base == "install") {
          ++i;
          continue;
        }
        if (v.starts_with("-") && v.size() > 1) continue;
        operands.push_back(&words[i]);
      }
      if (!target_dir) {
        if (operands.size() < 2) return;
        target_dir = operands.back();
        operands.pop_back();
      }
      const std::string dest = resolve_path(inst, *target_dir, cwd);
      const bool into_dir = operands.size() > 1 || dest.ends_with('/');
      for (const ShellWord* src : operands) {
        FileEvent with = content;
        const std::string src_path = resolve_path(inst, *src, cwd);
        if (const Mount* m = m_model.secret_mount_at(inst, src_path)) with.secret_mount_id = m->id;
        FileEvent ev = with;
        ev.op = FileOp::Written;
        ev.stage = m_stage;
        ev.inst = &inst;
        ev.path = into_dir ? paths::join(dest, paths::basename(src_path)) : dest;
        ev.shown = target_dir->raw;
        ev.source = src->value;
        ev.command = std::string(base);
        ev.order = order;
        ev.range = range_of(target_dir->begin, target_dir->end);
        ev.verdict = classify_secret_path(ev.path);
        if (!ev.verdict.secret) ev.verdict = classify_secret_path(src_path);
        if (ev.verdict.secret && with.secret_mount_id.empty() && base != "ln") {
          // Copying a secret file around inside the image keeps it a secret file.
          ev.secret = true;
          ev.why = ev.verdict.description.empty() ? ev.verdict.kind : ev.verdict.description;
        }
        finish(ev);
        if (base == "mv") {
          FileEvent gone;
          gone.op = FileOp::Removed;
          gone.stage = m_stage;
          gone.inst = &inst;
          gone.path = src_path;
          gone.shown = src->raw;
          gone.recursive = true;
          gone.command = "mv";
          gone.order = order;
          gone.range = range_of(src->begin, src->end);
          add_event(std::move(gone));
        }
      }
      return;
    }
    if (effect == commands::Effect::Downloads) {
      // A download holds what the server sent, not the credentials on the command line that fetched
      // it (`curl -u user:$TOKEN -o app.tgz`): a secret file where its path says so, or when it
      // came from a secrets server.
      const Download d = download_of(inst, cmd);
      if (!d.out) return;
      FileEvent fetched;
      fetched.inst = &inst;
      fetched.fetched_from = d.url;
      fetched.from_secrets_server = d.from_secrets_server;
      if (d.remote_name) {
        ShellWord named = *d.out;
        named.value = std::string(paths::basename(d.url.substr(0, d.url.find_first_of("?#"))));
        if (named.value.empty() || named.value.find('$') != std::string::npos) return;
        write(named, fetched);
      } else {
        write(*d.out, fetched);
      }
      return;
    }
    if (effect == commands::Effect::EditsInPlace) {
      // `sed -i "s/@TOKEN@/$(cat /run/secrets/t)/" f`, `perl -pi -e '…' f`: the text of the command
      // line goes into the files it edits.
      edit_in_place(inst, cmd, base, content,
                    [&](const ShellWord& target, const FileEvent& with) { write(target, with); });
      return;
    }
    if (effect == commands::Effect::GeneratesKey) {
      // Generating a key pair leaves the private key in the layer.
      bool generates = true;
      for (const ShellWord& w : words) {
        if (w.value == "-l" || w.value == "-F" || w.value == "-R" || w.value == "-y" || w.value == "-H" ||
            w.value == "-e" || w.value == "-i") {
          generates = false;
        }
      }
      if (!generates) return;
      ShellWord joined;
      if (const ShellWord* out = option_word(cmd, "-f", joined)) {
        FileEvent with = content;
        with.secret = true;
        with.why = "a private key generated by ssh-keygen";
        write(*out, with);
      }
      return;
    }
    if ((base == "git" && subcommand_matches(cmd, "config")) ||
        ((base == "npm" || base == "yarn" || base == "pnpm") &&
         (subcommand_matches(cmd, "config set") || subcommand_matches(cmd, "set"))) ||
        (base == "pip" && subcommand_matches(cmd, "config set")) ||
        (base == "aws" && subcommand_matches(cmd, "configure set"))) {
      std::string_view rel = base == "git"    ? ".gitconfig"
                             : base == "pip"  ? ".config/pip/pip.conf"
                             : base == "aws"  ? ".aws/credentials"
                             : base == "yarn" ? ".yarnrc"
                                              : ".npmrc";
      if (base == "git") {
        const bool global = std::any_of(words.begin(), words.end(), [](const ShellWord& w) {
          return w.value == "--global" || w.value == "--system";
        });
        if (!global) rel = ".git/config";
      }
      if (base == "aws") {
        const auto args = positional(cmd);
        const bool secret_key =
            args.size() >= 3 && (args[2].find("secret") != std::string_view::npos ||
                                 args[2].find("session_token") != std::string_view::npos ||
                                 args[2].find("access_key") != std::string_view::npos);
        if (!secret_key) return;
      }
      ShellWord target;
      target.value = rel == ".git/config" ? std::string(rel) : "~/" + std::string(rel);
      target.raw = target.value;
      target.begin = cmd.words.front().begin;
      target.end = cmd.words.back().end;
      add_write(inst, target, cwd, content, join_words(cmd, 3), order, range_of(target.begin, target.end));
      return;
    }
    if (base == "git" && cmd.depth == 0) {
      // `git [-C dir] remote set-url NAME URL`: a URL without credentials replaces the one a clone
      // kept in .git/config, which is then as good as removed.
      size_t i = 1;
      std::string_view dir = ".";
      while (i + 1 < words.size() && words[i].value == "-C") {
        dir = words[i + 1].value;
        i += 2;
      }
      if (i + 3 < words.size() && words[i].value == "remote" && words[i + 1].value == "set-url" &&
          find_url_credentials(words[i + 3].value).empty() && words[i + 3].vars.empty()) {
        ShellWord at = words[i + 3];
        at.value = paths::join(dir, ".git/config");
        FileEvent ev;
        ev.op = FileOp::Removed;
        ev.stage = m_stage;
        ev.inst = &inst;
        ev.path = resolve_path(inst, at, cwd);
        ev.shown = std::string(dir) + "/.git/config";
        ev.command = "git remote set-url";
        ev.order = order;
        ev.range = range_of(words[i + 3].begin, words[i + 3].end);
        add_event(std::move(ev));
        return;
      }
    }
    if (base == "git" && subcommand_matches(cmd, "clone")) {
      // Credentials in the clone URL are kept in the clone's .git/config as the origin URL.
      const auto args = positional(cmd, 2);
      if (args.empty()) return;
      const ShellWord* url = nullptr;
      const ShellWord* dir = nullptr;
      for (size_t i = 2; i < words.size(); ++i) {
        if (words[i].value.starts_with("-")) {
          if (words[i].value == "-b" || words[i].value == "--branch" || words[i].value == "--depth" ||
              words[i].value == "-c" || words[i].value == "--config" || words[i].value == "-o") {
            ++i;
          }
          continue;
        }
        if (!url)
          url = &words[i];
        else if (!dir)
          dir = &words[i];
      }
      if (!url || find_url_credentials(url->value).empty()) return;
      std::string dir_name = dir ? dir->value : std::string(paths::basename(url->value));
      if (dir_name.ends_with(".git")) dir_name.resize(dir_name.size() - 4);
      ShellWord target = *url;
      target.value = paths::join(dir_name, ".git/config");
      FileEvent with;
      with.inst = &inst;
      for (const VarRef& v : url->vars) add_content_var(inst, v.name, with);
      if (url->vars.empty()) with.literal_secret = true;
      add_write(inst, target, cwd, with, "git clone", order, range_of(url->begin, url->end));
      return;
    }
    for (const CredentialWriter& cw : k_credential_writers) {
      if (base != cw.command || !subcommand_matches(cmd, cw.subcommand)) continue;
      if (!cw.only_with.empty() && std::none_of(words.begin(), words.end(), [&](const ShellWord& w) {
            return w.value == cw.only_with || w.value.starts_with(std::string(cw.only_with) + "=");
          }))
        return;
      ShellWord target;
      target.value = "~/" + std::string(cw.path);
      target.raw = target.value;
      ShellWord joined;
      if (const ShellWord* moved =
              cw.path_options.empty() ? nullptr : option_word(cmd, cw.path_options, joined);
          moved && !moved->value.empty()) {
        target = *moved;
        if (!cw.file_in_folder.empty()) {
          target.value = paths::join(target.value, cw.file_in_folder);
          target.raw = target.value;
        }
      }
      FileEvent with = content;
      with.secret = true;
      with.why = std::string(cw.description);
      // The credential the command line gives none of comes from the environment (`doctl auth init`
      // stores DIGITALOCEAN_ACCESS_TOKEN): the fix passes that variable as a build secret.
      if (!cw.env.empty() && with.content_vars.empty() && with.secret_mount_id.empty() &&
          !with.literal_secret)
        add_content_var(inst, std::string(cw.env), with);
      add_write(inst, target, cwd, with, std::string(cw.command) + " " + std::string(cw.subcommand), order,
                range_of(cmd.words.front().begin, cmd.words.back().end));
      return;
    }
  }

  template <typename Write>
  void edit_in_place(const Instruction& inst, const SimpleCommand& cmd, std::string_view base,
                     const FileEvent& content, Write write) {
    const auto& words = cmd.words;
    const bool perl = base == "perl";
    bool in_place = false;
    bool script_given = false;  // by -e (or -f): then every operand is a file
    std::vector<const ShellWord*> operands;
    FileEvent with = content;
    auto read_script = [&](const ShellWord& w) {
      for (const std::string& name : referenced_variables(w.value)) add_content_var(inst, name, with);
      for (const Mount& m : inst.mounts) {
        if (m.type == MountType::Secret && w.value.find(m.effective_target()) != std::string::npos)
          with.secret_mount_id = m.id;
      }
      if (!m_model.secret_values(w.value).empty()) with.literal_secret = true;
    };
    for (size_t i = 1; i < words.size(); ++i) {
      const std::string& v = words[i].value;
      if (v == "--in-place" || v.starts_with("--in-place=")) {
        in_place = true;
      } else if (v == "-e" || v == "--expression" || v == "-f" || (v == "-E" && perl)) {
        script_given = true;
        if (i + 1 < words.size()) read_script(words[++i]);
      } else if (v.size() > 1 && v[0] == '-' && v[1] != '-') {
        // `-i`, `-i.bak`, perl's `-pi`, `-pie`: a bundle of short options.
        const size_t at = v.find('i');
        if (at != std::string::npos &&
            (perl || v.find_first_not_of("nErsuz", 1) == at))  // sed's -i takes the rest as a suffix
          in_place = true;
        if (perl && v.back() == 'e' && i + 1 < words.size()) {
          script_given = true;
          read_script(words[++i]);
        }
      } else if (!v.starts_with("-")) {
        operands.push_back(&words[i]);
      }
    }
    if (!in_place || operands.empty()) return;
    size_t first_file = 0;
    if (!script_given) read_script(*operands[first_file++]);
    if (with.content_vars.empty() && with.secret_mount_id.empty() && !with.literal_secret) return;
    for (size_t k = first_file; k < operands.size(); ++k) write(*operands[k], with);
  }

  static std::string join_words(const SimpleCommand& cmd, size_t count) {
    std::string out;
    for (size_t i = 0; i < cmd.words.size() && i < count; ++i) {
      if (!out.empty()) out += ' ';
      out += cmd.words[i].value;
    }
    return out;
  }

  void add_write(const Instruction& inst, const ShellWord& target, std::string_view cwd,
                 const FileEvent& content, std::string command, uint32_t order, Range range) {
    const std::string path = resolve_path(inst, target, cwd);
    if (path.starts_with("/dev/") || path.starts_with("/proc/") || path.starts_with("/sys/")) return;
    // A tmpfs mount of the RUN is gone when it ends: nothing written there reaches the layer.
    for (const Mount& m : inst.mounts) {
      if (m.type == MountType::Tmpfs && !m.target.empty() &&
          paths::is_within(path, paths::resolve(m.target, "/")))
        return;
    }
    FileEvent ev = content;
    ev.op = FileOp::Written;
    ev.stage = m_stage;
    ev.inst = &inst;
    ev.path = path;
    ev.shown = target.raw.empty() ? target.value : target.raw;
    ev.command = std::move(command);
    ev.order = order;
    ev.range = range;
    ev.verdict = classify_secret_path(path);
    finish(ev);
  }
};

}  // namespace

std::vector<std::string> referenced_variables(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '$') continue;
    size_t j = i + 1;
    if (text[j] == '{') ++j;
    const size_t start = j;
    if (j >= text.size() || !is_name_start(text[j])) continue;
    while (j < text.size() && is_name_char(text[j])) ++j;
    std::string name(text.substr(start, j - start));
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    i = j - 1;
  }
  return out;
}

void RemovalIndex::file(const std::vector<FileEvent>& events, size_t index, uint32_t order) {
  const FileEvent& removal = events[index];
  if (removal.op != FileOp::Removed) return;
  std::string_view key = commands::trim_slashes(removal.path);
  if (paths::has_glob(key)) {
    // Whatever a glob matches lies in the directory before its first wildcard.
    const size_t slash = key.rfind('/', key.find_first_of("*?["));
    key = slash == std::string_view::npos ? std::string_view{}
          : slash == 0                    ? key.substr(0, 1)
                                          : key.substr(0, slash);
  }
  m_by_key[std::string(key)].push_back({order, index});
}

bool removes(const FileEvent& removal, const FileEvent& added) {
  if (removal.op != FileOp::Removed) return false;
  const std::string_view target = commands::trim_slashes(removal.path);
  const std::string_view path = commands::trim_slashes(added.path);
  if (paths::has_glob(target)) {
    if (paths::glob_match(target, path)) return true;
    // `rm -rf /root/.ssh/*` empties the directory that holds the file.
    const size_t slash = target.rfind('/');
    if (slash != std::string_view::npos && target.substr(slash + 1) == "*" &&
        paths::is_within(path, target.substr(0, slash))) {
      return removal.recursive || path.rfind('/') == slash;
    }
    return false;
  }
  if (target == path) return true;
  return removal.recursive && paths::is_within(path, target);
}

std::vector<FileEvent> compute_file_events(const BuildModel& model) { return FlowBuilder(model).run(); }

}  // namespace layerlint
