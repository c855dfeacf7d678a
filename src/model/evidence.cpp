#include "model/evidence.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "model/commands.hpp"
#include "model/file_flow.hpp"
#include "model/paths.hpp"

namespace layerlint {

namespace {

// Options whose value is a secret or a file that holds one.
constexpr std::array<std::string_view, 16> k_secret_options = {
    "--key-file",     "--keyfile",       "--password",   "--passwd",       "--pass",
    "--token",        "--secret",        "--api-key",    "--apikey",       "--client-secret",
    "--private-key",  "--identity-file", "--auth-token", "--access-token", "--registry-password",
    "--http-password"};

bool ssh_like(std::string_view program) {
  return program == "ssh" || program == "scp" || program == "sftp" || program == "ssh-add";
}

class EvidenceFinder {
 public:
  EvidenceFinder(const BuildModel& model, std::vector<Variable>& variables)
      : m_model(model), m_variables(variables) {}

  void run() {
    for (const Instruction& inst : m_model.file().instructions) {
      if (inst.kind != InstructionKind::Run) continue;
      scan(inst, m_model.script(inst));
      for (size_t i = 0; i < inst.heredocs.size(); ++i) scan(inst, m_model.heredoc_script(inst, i));
    }
  }

 private:
  const BuildModel& m_model;
  std::vector<Variable>& m_variables;
  // Of the script being scanned: files written, with the text (holding a variable) written there.
  static constexpr size_t k_max_written = 256;
  std::vector<std::pair<std::string, std::string>> m_written;

  // The value of a secret option: the variables it names, and those written to the file it names.
  void promote_option(const Instruction& inst, std::string_view value, const std::string& evidence) {
    promote(inst, value, evidence);
    if (m_written.empty() || value.find('$') != std::string_view::npos) return;
    const std::string path = resolve(inst, value);
    for (const auto& [file, text] : m_written) {
      if (file == path) promote(inst, text, evidence + " (as " + file + ")");
    }
  }

  // Promotes the weak variables that `text` references, at `inst`, with `evidence`.
  void promote(const Instruction& inst, std::string_view text, const std::string& evidence) {
    if (text.find('$') == std::string_view::npos) return;
    for (const std::string& name : referenced_variables(text)) {
      const Variable* v = m_model.lookup(inst, name);
      if (!v || v < m_variables.data() || v >= m_variables.data() + m_variables.size()) continue;
      Variable& var = m_variables[static_cast<size_t>(v - m_variables.data())];
      if (var.strength != NameStrength::Weak) continue;
      var.strength = NameStrength::Strong;
      var.evidence = evidence;
    }
  }

  std::string resolve(const Instruction& inst, std::string_view path) const {
    std::string value(path);
    const std::string home = m_model.home(inst);
    for (std::string_view h : {"${HOME}", "$HOME"}) {
      if (value.starts_with(h)) value.replace(0, h.size(), home);
    }
    return paths::resolve(value, m_model.workdir(inst), home);
  }

  void scan(const Instruction& inst, const ShellScript& script) {
    m_written.clear();
    size_t pipeline_start = 0;
    for (size_t c = 0; c < script.commands.size(); ++c) {
      const SimpleCommand& cmd = script.commands[c];
      if (c == 0 || script.commands[c - 1].separator != Separator::Pipe ||
          script.commands[c - 1].pipeline != cmd.pipeline)
        pipeline_start = c;
      options(inst, cmd);
      for (const ShellWord& w : cmd.words) userinfo(inst, w.value);
      // What this pipeline writes: into a secret file's path, or decoded from base64 into any file.
      bool decodes = false;
      for (size_t k = pipeline_start; k <= c; ++k) {
        const SimpleCommand& member = script.commands[k];
        if (paths::basename(member.name()) != "base64") continue;
        decodes = std::any_of(member.words.begin(), member.words.end(), [](const ShellWord& w) {
          return w.value == "-d" || w.value == "--decode" || w.value == "-D";
        });
      }
      std::vector<std::string_view> targets;
      for (const Redirect& r : cmd.redirects) {
        if (r.writes_file() && (r.fd == -1 || r.fd == 1)) targets.push_back(r.target.value);
      }
      if (paths::basename(cmd.name()) == "tee") {
        for (size_t i = 1; i < cmd.words.size(); ++i) {
          if (!cmd.words[i].value.starts_with("-")) targets.push_back(cmd.words[i].value);
        }
      }
      for (std::string_view target : targets) {
        const std::string path = resolve(inst, target);
        // A file the value was written to, which a later option may name (`--key-file=/tmp/sa.json`).
        if (m_written.size() < k_max_written) {
          for (size_t k = pipeline_start; k <= c; ++k) {
            for (const ShellWord& w : script.commands[k].words) {
              if (w.value.find('$') != std::string::npos) m_written.emplace_back(path, w.value);
            }
          }
        }
        std::string evidence;
        if (classify_secret_path(path).secret)
          evidence = "written to " + path;
        else if (decodes)
          evidence = "base64-decoded into " + path;
        else
          continue;
        for (size_t k = pipeline_start; k <= c; ++k) {
          for (const ShellWord& w : script.commands[k].words) promote(inst, w.value, evidence);
          for (const Redirect& r : script.commands[k].redirects) {
            if (r.base_op() == "<<<") promote(inst, r.target.value, evidence);
          }
        }
      }
    }
  }

  // `--password "$P"`, `--key-file=$F`, `ssh -i "$KEY"`, `curl -u user:$P`, `mysql -p$P`.
  void options(const Instruction& inst, const SimpleCommand& cmd) {
    const commands::WordIndices programs = commands::program_words(cmd);
    const std::string_view program = programs.size() == 0
                                         ? std::string_view{}
                                         : paths::basename(cmd.words[programs[programs.size() - 1]].value);
    const auto& w = cmd.words;
    for (size_t i = 1; i < w.size(); ++i) {
      const std::string& v = w[i].value;
      if (!v.starts_with("-")) continue;
      const ShellWord* next = i + 1 < w.size() ? &w[i + 1] : nullptr;
      for (std::string_view opt : k_secret_options) {
        if (v == opt && next) promote_option(inst, next->value, "passed to " + std::string(opt));
        if (v.size() > opt.size() && v.starts_with(opt) && v[opt.size()] == '=')
          promote_option(inst, std::string_view(v).substr(opt.size() + 1), "passed to " + std::string(opt));
      }
      if (v == "-i" && next && ssh_like(program))
        promote(inst, next->value, "passed to " + std::string(program) + " -i");
      if ((v == "-u" || v == "--user") && next && (program == "curl" || program == "wget")) {
        const size_t colon = next->value.find(':');
        if (colon != std::string::npos)
          promote(inst, std::string_view(next->value).substr(colon + 1), "passed as the password of " + v);
      }
      if (v.starts_with("-p") && v.size() > 2 && !v.starts_with("--") &&
          (program == "mysql" || program == "mysqladmin" || program == "mysqldump" || program == "mariadb"))
        promote(inst, std::string_view(v).substr(2), "passed to " + std::string(program) + " -p");
    }
  }

  // A variable inside a URL's userinfo: `https://user:${PAT}@host/…`.
  void userinfo(const Instruction& inst, std::string_view word) {
    for (size_t scheme = word.find("://"); scheme != std::string_view::npos;
         scheme = word.find("://", scheme + 3)) {
      const size_t start = scheme + 3;
      const size_t end = word.find_first_of("/ \t\"'", start);
      const std::string_view authority =
          word.substr(start, end == std::string_view::npos ? end : end - start);
      const size_t at = authority.rfind('@');
      if (at == std::string_view::npos) continue;
      promote(inst, authority.substr(0, at), "used in a URL's userinfo");
    }
  }
};

}  // namespace

void find_secret_evidence(const BuildModel& model, std::vector<Variable>& variables) {
  if (std::none_of(variables.begin(), variables.end(),
                   [](const Variable& v) { return v.strength == NameStrength::Weak; }))
    return;
  EvidenceFinder(model, variables).run();
}

}  // namespace layerlint
