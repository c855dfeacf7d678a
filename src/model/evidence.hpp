// Evidence that a variable with a weak secret name (KEY, AUTH, PASS, PAT) holds a secret: what a RUN
// does with its value.
#pragma once

#include <vector>

#include "layerlint/model.hpp"

namespace layerlint {

// Finds, in the RUNs of `model`, the variables of `variables` with a weak name whose value reaches a
// secret sink, and makes them secret names with that evidence (Variable::evidence):
//  - written to a secret file's path (`echo "$SSH_KEY" > ~/.ssh/id_rsa`), or base64-decoded into a
//    file (`echo "$KEY_B64" | base64 -d > key`);
//  - passed to an option that takes a secret (`--key-file`, `--password`, `ssh -i`, `curl -u u:$P`);
//  - used in a URL's userinfo (`https://x:${PAT}@github.com/…`).
// Linear in the size of the RUNs; does nothing when no variable has a weak name.
void find_secret_evidence(const BuildModel& model, std::vector<Variable>& variables);

}  // namespace layerlint
