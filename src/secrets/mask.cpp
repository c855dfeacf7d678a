#include <algorithm>

#include "layerlint/finding.hpp"
#include "layerlint/secrets.hpp"

namespace layerlint {

bool has_literal_url_credentials(std::string_view text) {
  const auto found = find_url_credentials(text);
  return std::any_of(found.begin(), found.end(),
                     [](const ValueMatch& m) { return m.kind == "url-credentials"; });
}

std::string mask_secrets(std::string_view text) {
  std::vector<ValueMatch> spans = find_secret_values(text);
  for (ValueMatch& m : find_url_credentials(text)) {
    if (m.kind == "url-credentials") spans.push_back(std::move(m));
  }
  if (spans.empty()) return std::string(text);
  std::sort(spans.begin(), spans.end(),
            [](const ValueMatch& a, const ValueMatch& b) { return a.begin < b.begin; });
  std::string out;
  size_t at = 0;
  for (const ValueMatch& m : spans) {
    if (m.begin < at || m.end > text.size()) continue;  // overlapping matches: the first one wins
    out.append(text.substr(at, m.begin - at));
    out += redact(text.substr(m.begin, m.end - m.begin));
    at = m.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace layerlint
