// Credentials given literally on command lines, in a parsed shell script: shared by LL1003 (the
// Dockerfile's RUN lines) and `layerlint image` (the RUN commands its history records).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/secrets.hpp"
#include "layerlint/shell.hpp"

namespace layerlint {

// A command-line value that is a real literal: no expansion, not a placeholder.
[[nodiscard]] bool literal_credential(std::string_view value);

struct CommandCredential {
  const ShellWord* word = nullptr;  // the word that holds it (in the script given)
  std::string secret;               // the credential itself (part of the word's value)
  std::string what;                 // "password passed with -u", "value of --password", ...
  bool in_written_file = false;     // in the text echo/printf writes (`api_key = …`), not an argument
};

// `curl -u user:pass`, `-H "Authorization: Bearer …"`, `mysql -pSECRET`, `--password X` (and
// --token, --api-key, …), `sshpass -p X`, `TOKEN=literal cmd`, `echo pass | docker login
// --password-stdin`, `echo 'user:pass' | chpasswd`, and `password = …` lines in what echo and printf
// write. `strength` classifies variable and header names.
[[nodiscard]] std::vector<CommandCredential> command_line_credentials(
    const ShellScript& script, const std::function<NameStrength(std::string_view)>& strength);

}  // namespace layerlint
