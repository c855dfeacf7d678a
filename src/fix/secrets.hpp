// The fix engine for secrets: every secret rule asks here for its fix, and no fix text is assembled
// inside a rule. A fix is chosen for the kind of secret (read by a RUN at build time, read by the
// container at run time, a file, an SSH key, a literal) and for the builder (BuildKit's `env=` only
// where the file opts into a frontend that has it), and it comes with the build recipe of every
// builder, the configured one first.
//
// Contract: pure functions of the model; they never throw and never print a secret value (edits
// carry variable references, never the value). Edits stay within the finding's instructions, the
// RUNs that read the secret and the context's .dockerignore; they are sorted and do not overlap.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/model.hpp"

namespace layerlint::fixes {

// "NPM_TOKEN" -> "npm_token": a valid secret id.
std::string secret_id_for(std::string_view name);

// Whether the Dockerfile opts into a frontend with `env=` on secret mounts (dockerfile 1.10 or later:
// `# syntax=docker/dockerfile:1`, `:1.10`, `:labs`, …). Otherwise a fix reads /run/secrets/<id>.
bool has_env_mounts(const BuildModel& model);

// An ARG or ENV that holds a secret (LL1001, LL1002, LL1006 on a reference):
// - read by RUNs (directly, or by a tool known to read it from the environment): a secret mount on
//   exactly those RUNs, and the declaration removed;
// - an ENV no RUN reads: removed, with how to give it to the container at run time;
// - an ARG no RUN reads: removed (every RUN after it records it all the same).
Fix variable(const BuildModel& model, const Variable& var);

// A secret file put into a layer by COPY/ADD (LL1004), or put in and removed later (`removal`, LL1005):
// mounted at the same path on the RUNs that use it, the COPY (and the removal) dropped; SSH keys
// become `--mount=type=ssh` with a known_hosts entry. A COPY of a directory, of the context or a
// `COPY --from` of a directory is never deleted.
Fix copied_file(const BuildModel& model, const FileEvent& added, const FileEvent* removal);

// A RUN writes a secret into a file that stays (LL1009) or copies a secret mount out (LL1007): the
// credential is read from a mount inside the command and the file removed in the same RUN.
// `removal`, when given, is the later RUN that removes the file (LL1005): it goes when it does only that.
Fix written_file(const BuildModel& model, const FileEvent& written, const FileEvent* removal = nullptr);

// A secret fetched from a build-time secrets server into a file that stays (LL1010): the download
// goes to /dev/shm, which is never part of a layer, and the file is removed at the end of the RUN.
Fix fetched_file(const BuildModel& model, const FileEvent& fetched);

// A LABEL whose value expands a secret build argument (LL1001): the label pair removed (the whole
// LABEL when it holds only that pair).
Fix label_reference(const BuildModel& model, const Instruction& label, const KeyValue& pair,
                    const Variable& var);

// A URL in `inst` whose credentials at `range` come from a secret variable (LL1006): the variable's
// fix, and the credentials taken out of any file the command keeps the URL in (a clone's origin).
Fix url_reference(const BuildModel& model, const Instruction& inst, Range range, const Variable& var);

// A literal credential at `literal` in `inst` (LL1003, LL1006): replaced by a variable read from a
// secret mount, and the value to be revoked. `what` names it for the title ("GitHub token").
Fix literal(const BuildModel& model, const Instruction& inst, Range literal, std::string_view what);

// Secret files that a broad COPY sends from the context (LL1008): excluded in .dockerignore (an edit
// of that file), and mounted on the RUNs that use them.
Fix context_files(const BuildModel& model, const Instruction& copy, const std::vector<std::string>& files,
                  std::string_view ignore_file);

}  // namespace layerlint::fixes
