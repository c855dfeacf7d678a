// How instructions add, write and remove files: the layer model behind LL1004-LL1009.
#pragma once

#include <vector>

#include "layerlint/model.hpp"

namespace layerlint {

// Every file event of the model's Dockerfile, in instruction order (and command order in a RUN).
std::vector<FileEvent> compute_file_events(const BuildModel& model);

// Whether a later event `removal` takes away what `added` put in (same path, a parent directory
// removed recursively, or a glob over it), judged on the image paths.
bool removes(const FileEvent& removal, const FileEvent& added);

// Names of the variables referenced as $NAME or ${NAME...} in `text` (each once, in order).
std::vector<std::string> referenced_variables(std::string_view text);

}  // namespace layerlint
