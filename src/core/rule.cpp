#include "layerlint/rule.hpp"

#include <fmt/format.h>

#include "core/embedded.hpp"

namespace layerlint {

std::string RuleInfo::help_uri() const {
  return fmt::format("https://github.com/layerlint/layerlint/blob/main/rules/{}", doc_file);
}

std::string_view RuleInfo::doc() const { return embedded_file(doc_file).value_or(std::string_view{}); }

Finding Rule::make_finding(Range range, std::string message) const {
  const RuleInfo& i = info();
  return Finding{std::string(i.id),  std::string(i.slug), i.severity, range,
                 std::move(message), std::nullopt,        {}};
}

const RuleInfo& parse_error_info() {
  static const RuleInfo k_info{"LL0001", "parse-error", Severity::Error,
                               "the file could not be parsed the way BuildKit parses it", "correctness",
                               // No security-severity: a template that does not parse is not a
                               // security alert in code scanning.
                               0.0, "LL0001_parse_error.md"};
  return k_info;
}

}  // namespace layerlint
