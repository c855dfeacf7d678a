#include "model/commands.hpp"

#include <algorithm>

#include "model/paths.hpp"

namespace layerlint::commands {

namespace {

// Options of the wrappers below that take a separate argument.
bool takes_argument(std::string_view wrapper, std::string_view option) {
  static constexpr std::string_view k_sudo[] = {"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-T", "-U"};
  static constexpr std::string_view k_xargs[] = {"-I", "-n", "-P", "-L", "-d", "-s", "-a", "-E"};
  if (wrapper == "sudo") return std::find(std::begin(k_sudo), std::end(k_sudo), option) != std::end(k_sudo);
  if (wrapper == "xargs")
    return std::find(std::begin(k_xargs), std::end(k_xargs), option) != std::end(k_xargs);
  if (wrapper == "nice") return option == "-n";
  return false;
}

bool is_wrapper(std::string_view name) {
  return name == "sudo" || name == "env" || name == "exec" || name == "command" || name == "nice" ||
         name == "nohup" || name == "time" || name == "xargs";
}

}  // namespace

Effect effect_of(std::string_view program) {
  static constexpr CommandEffect k_effects[] = {
      {"cp", Effect::Copies},
      {"curl", Effect::Downloads},
      {"install", Effect::Copies},
      {"ln", Effect::Copies},
      {"mv", Effect::Copies},
      {"perl", Effect::EditsInPlace},
      {"rm", Effect::Removes},
      {"sed", Effect::EditsInPlace},
      {"shred", Effect::Overwrites},
      {"srm", Effect::Removes},
      {"ssh-keygen", Effect::GeneratesKey},
      {"tee", Effect::Tees},
      {"unlink", Effect::Removes},
      {"wget", Effect::Downloads},
  };
  for (const CommandEffect& e : k_effects) {
    if (e.program == program) return e.effect;
  }
  return Effect::None;
}

ProgramCommand::ProgramCommand(const SimpleCommand& cmd, size_t at) : m_cmd(cmd) {
  if (at == 0 || at >= cmd.words.size()) return;
  SimpleCommand& copy = m_copy.emplace();
  size_t end = at;
  while (end < cmd.words.size() && cmd.words[end].value != ";" && cmd.words[end].value != "+") ++end;
  copy.words.assign(cmd.words.begin() + static_cast<std::ptrdiff_t>(at),
                    cmd.words.begin() + static_cast<std::ptrdiff_t>(end));
  copy.redirects = cmd.redirects;
  copy.separator = cmd.separator;
  copy.begin = cmd.words[at].begin;
  copy.end = cmd.end;
  copy.depth = cmd.depth;
  copy.pipeline = cmd.pipeline;
  copy.group_begin = cmd.group_begin;
}

bool is_option(std::string_view w) { return w.size() > 1 && w.front() == '-'; }

WordIndices program_words(const SimpleCommand& cmd) {
  WordIndices out;
  const auto& w = cmd.words;
  auto follow = [&](size_t i) {
    while (i < w.size()) {
      out.push_back(i);
      const std::string_view name = paths::basename(w[i].value);
      if (!is_wrapper(name)) return;
      ++i;
      while (i < w.size() &&
             (is_option(w[i].value) || (name == "env" && w[i].value.find('=') != std::string::npos))) {
        if (w[i].value == "--") {
          ++i;
          break;
        }
        i += takes_argument(name, w[i].value) ? 2 : 1;
      }
    }
  };
  follow(0);
  if (!w.empty() && paths::basename(w[0].value) == "find") {
    for (size_t i = 1; i + 1 < w.size(); ++i) {
      if (w[i].value == "-exec" || w[i].value == "-execdir") follow(i + 1);
    }
  }
  return out;
}

bool is_shell(std::string_view name) {
  return name == "sh" || name == "bash" || name == "ash" || name == "dash" || name == "zsh" || name == "ksh";
}

std::string_view trim_slashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

Removals::Removals(const ShellScript& script) {
  for (size_t c = 0; c < script.commands.size(); ++c) {
    const SimpleCommand& cmd = script.commands[c];
    for (size_t i : program_words(cmd)) {
      if (effect_of(paths::basename(cmd.words[i].value)) != Effect::Removes) continue;
      for (size_t a = i + 1; a < cmd.words.size(); ++a) {
        const std::string_view removed = trim_slashes(cmd.words[a].value);
        if (!removed.empty() && removed.front() != '-') m_last[removed] = c;
      }
    }
  }
}

bool Removals::removed_after(size_t from, std::string_view path) const {
  if (m_last.empty()) return false;
  path = trim_slashes(path);
  for (int depth = 0; depth < 32 && !path.empty(); ++depth) {
    auto it = m_last.find(path);
    if (it != m_last.end() && it->second > from) return true;
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos || slash == 0) break;
    path = path.substr(0, slash);
  }
  return false;
}

std::vector<bool> heredoc_scripts(const BuildModel& model, const Instruction& inst) {
  std::vector<bool> out(inst.heredocs.size(), false);
  if (inst.heredocs.empty()) return out;
  std::unordered_map<std::string_view, std::vector<size_t>> by_name;
  for (size_t i = 0; i < inst.heredocs.size(); ++i) by_name[inst.heredocs[i].name].push_back(i);
  for (const SimpleCommand& cmd : model.script(inst).commands) {
    if (!cmd.words.empty() && !is_shell(paths::basename(cmd.name()))) continue;
    for (const Redirect& r : cmd.redirects) {
      if (!r.is_heredoc()) continue;
      auto it = by_name.find(r.target.value);
      if (it == by_name.end()) continue;
      for (size_t i : it->second) out[i] = true;
    }
  }
  return out;
}

}  // namespace layerlint::commands
