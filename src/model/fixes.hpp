// Fix builders shared by the secret rules: the rewrite, the build command that supplies the secret,
// the Compose equivalent and the alternatives, in the order the configured fallback prefers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/model.hpp"

namespace layerlint {

// "NPM_TOKEN" -> "npm_token": a valid secret id.
std::string secret_id_for(std::string_view name);

// The strategies other than the BuildKit mount, with their trade-offs, preferred one first.
std::vector<std::string> secret_alternatives(FallbackStrategy preferred);

// A secret passed as ARG/ENV: mount it with `--mount=type=secret,id=…,env=NAME` on the RUN that
// uses it (`run` may be null when no RUN uses it) and drop the declaration.
Fix secret_variable_fix(const BuildModel& model, const Variable& var, const Instruction* run);

// A secret file brought in by COPY/ADD or written by RUN: mount it where the next RUN needs it
// (`--mount=type=ssh` for SSH keys) instead of putting it in a layer.
Fix secret_file_fix(const BuildModel& model, const FileEvent& event);

// A literal credential in the Dockerfile: remove it, revoke it, supply it as a secret.
Fix literal_credential_fix(std::string_view where);

// The first RUN of the same stage after `inst` (nullptr when none).
const Instruction* next_run(const BuildModel& model, const Instruction& inst);
// The first RUN after `var`'s declaration, in its stage, that references it (else the first RUN).
const Instruction* run_using(const BuildModel& model, const Variable& var);

}  // namespace layerlint
