// Shell-command helpers shared by the rules that look at what RUN commands do.
#pragma once

#include <array>
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

// Indices of the words of `cmd` that name a program: words[0], the program a wrapper runs
// (`env A=1 X`, `xargs -r X`, `nice -n 5 X`, `sudo -u app X`) and the command of `find -exec X`.
WordIndices program_words(const SimpleCommand& cmd);

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
