// The image rules: metadata only. Their findings come from scan_image, not from a Rule's check().
#include "image/rules.hpp"

#include <array>

#include "layerlint/image.hpp"

namespace layerlint {
namespace image {
namespace {

const std::array<RuleInfo, 5>& infos() {
  static const std::array<RuleInfo, 5> k{{
      {"LL4000", "image-read-error", Severity::Error,
       "the image could not be read in full (a truncated or corrupt archive, a missing blob, a bad member)",
       "correctness", 0.0, "LL4000_image_read_error.md"},
      {"LL4001", "image-history-secret", Severity::Error,
       "the image history records a secret (a build argument's value, a credential in a RUN or an ADD URL)",
       "security,secrets", 8.5, "LL4001_image_history_secret.md"},
      {"LL4002", "image-config-secret", Severity::Error,
       "the image config holds a secret (Env, Labels, Cmd, Entrypoint, Healthcheck, OnBuild)",
       "security,secrets", 8.5, "LL4002_image_config_secret.md"},
      {"LL4003", "image-secret-file", Severity::Error,
       "a layer holds a secret file (a private key, a registry or cloud credential file), deleted later or "
       "not",
       "security,secrets", 9.0, "LL4003_image_secret_file.md"},
      {"LL4004", "image-secret-in-file", Severity::Error,
       "a file in a layer holds a token format or a value the history or config gives away",
       "security,secrets", 8.0, "LL4004_image_secret_in_file.md"},
  }};
  return k;
}

}  // namespace

const RuleInfo& rule_info(ImageRule r) { return infos()[static_cast<size_t>(r)]; }

std::string short_digest(std::string_view d) {
  const size_t colon = d.find(':');
  if (colon == std::string_view::npos) return std::string(d.substr(0, 24));
  return std::string(d.substr(0, colon + 1)) + std::string(d.substr(colon + 1, 12));
}

}  // namespace image

std::vector<const RuleInfo*> image_rule_infos() {
  std::vector<const RuleInfo*> out;
  for (const RuleInfo& r : image::infos()) out.push_back(&r);
  return out;
}

}  // namespace layerlint
