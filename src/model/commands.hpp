// Shell-command helpers shared by the rules that look at what RUN commands do.
#pragma once

#include <string_view>
#include <unordered_map>
#include <vector>

#include "layerlint/model.hpp"
#include "layerlint/shell.hpp"

namespace layerlint::commands {

bool is_option(std::string_view word);
bool is_shell(std::string_view name);
std::string_view trim_slashes(std::string_view path);

// Indices of the words of `cmd` that name a program: words[0], the program a wrapper runs
// (`env A=1 X`, `xargs -r X`, `nice -n 5 X`, `sudo -u app X`) and the command of `find -exec X`.
std::vector<size_t> program_words(const SimpleCommand& cmd);

// The last command of a script that removes each path (`rm -rf "$tmp"`): what a RUN creates and
// removes again never ships in its layer. Built once per script, so that checks stay linear.
class Removals {
 public:
  explicit Removals(const ShellScript& script);
  // Whether a command after `from` removes `path` or one of its (32 nearest) parent directories.
  [[nodiscard]] bool removed_after(size_t from, std::string_view path) const;

 private:
  std::unordered_map<std::string_view, size_t> m_last;
};

// Heredoc bodies of a RUN that are shell scripts: `RUN <<EOF` or `RUN bash <<EOF` (not the data
// of `cat <<EOF > file`).
std::vector<bool> heredoc_scripts(const BuildModel& model, const Instruction& inst);

}  // namespace layerlint::commands
