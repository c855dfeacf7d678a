#include "core/embedded.hpp"

namespace layerlint {

struct EmbeddedFile {
  std::string_view name;
  std::string_view data;
};
extern const EmbeddedFile k_embedded_files[];
extern const unsigned k_embedded_file_count;

std::optional<std::string_view> embedded_file(std::string_view name) {
  for (unsigned i = 0; i < k_embedded_file_count; ++i) {
    if (k_embedded_files[i].name == name) return k_embedded_files[i].data;
  }
  return std::nullopt;
}

}  // namespace layerlint
