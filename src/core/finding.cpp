#include "layerlint/finding.hpp"

#include <fmt/format.h>

namespace layerlint {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

std::string_view applicability_name(Applicability a) {
  switch (a) {
    case Applicability::Safe: return "safe";
    case Applicability::Unsafe: return "unsafe";
    case Applicability::DisplayOnly: return "display-only";
  }
  return "display-only";
}

std::string redact(std::string_view secret) {
  // Show less of short values so that the shown prefix is never most of the secret, and stop at a
  // UTF-8 boundary so the prefix stays valid text.
  size_t shown = secret.size() >= 16 ? 4 : secret.size() >= 8 ? 2 : 0;
  while (shown > 0 && shown < secret.size() && (static_cast<unsigned char>(secret[shown]) & 0xC0) == 0x80)
    --shown;
  return fmt::format("{}… ({} chars)", secret.substr(0, shown), secret.size());
}

}  // namespace layerlint
