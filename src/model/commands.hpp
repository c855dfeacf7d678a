// Shell-command helpers shared by the rules that look at what RUN commands do.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layerlint/model.hpp"
#include "layerlint/shell.hpp"

namespace layerlint::commands {

bool is_option(std::string_view word);
bool is_shell(std::string_view name);
std::string_view trim_slashes(std::string_view path);

// A few word indices kept inline (most commands name one or two programs), more on the heap.
class WordIndices {
 public:
  void push_back(size_t i) {
    if (m_size < k_inline) {
      m_inline[m_size] = i;
    } else {
      if (m_size == k_inline) m_more.assign(m_inline.begin(), m_inline.end());
      m_more.push_back(i);
    }
    ++m_size;
  }
  [[nodiscard]] size_t size() const { return m_size; }
  [[nodiscard]] const size_t* begin() const { return m_size <= k_inline ? m_inline.data() : m_more.data(); }
  [[nodiscard]] const size_t* end() const { return begin() + m_size; }
  [[nodiscard]] size_t operator[](size_t k) const { return begin()[k]; }

 private:
  static constexpr size_t k_inline = 6;
  std::array<size_t, k_inline> m_inline{};
  std::vector<size_t> m_more;
  size_t m_size = 0;
};

// What a program does to the filesystem, the one table that the file flow, the fixes and the rules
// read (through program_words(), so `sudo rm`, `env X=1 curl -o f` and `xargs rm` count as well).
enum class Effect {
  None,
  Removes,       // rm, unlink, srm; shred with -u: removes its operands
  Overwrites,    // shred without -u: the operands stay, their content goes
  Tees,          // tee: writes its input into every operand
  Copies,        // cp, mv, install, ln: writes the last operand (or -t DIR) from the others
  Downloads,     // curl -o/-O/--output, wget (-O, or the URL's file name): writes what a server sent
  EditsInPlace,  // sed -i, perl -i: rewrites its file operands with text from the command line
  GeneratesKey,  // ssh-keygen -f: writes a private key
};

struct CommandEffect {
  std::string_view program;
  Effect effect;
};

// The effect of a program named by its basename; Effect::None for anything else.
Effect effect_of(std::string_view program);

// Indices of the words of `cmd` that name a program: words[0], the program a wrapper runs
// (`env A=1 X`, `xargs -r X`, `nice -n 5 X`, `sudo -u app X`) and the command of `find -exec X`.
WordIndices program_words(const SimpleCommand& cmd);

// The command that word `at` of `cmd` runs, with its arguments: `cmd` itself when `at` is 0 (no
// copy), otherwise a copy that starts at that word and ends before `find -exec`'s `;` or `+`.
class ProgramCommand {
 public:
  ProgramCommand(const SimpleCommand& cmd, size_t at);
  [[nodiscard]] const SimpleCommand& get() const { return m_copy ? *m_copy : m_cmd; }

 private:
  const SimpleCommand& m_cmd;
  std::optional<SimpleCommand> m_copy;
};

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
