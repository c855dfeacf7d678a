// Recall on gitleaks' format rules and noise on its false-positive strings, from
// ../shared/gitleaks-formats/samples.json (test data read in place, never copied here).
//
// Each sample secret of a rule whose class is "format" is planted under a neutral name, where only
// its shape can give it away: `ENV CONFIG_VALUE='<secret>'` followed by a RUN (a secret that spans
// lines goes into a file a RUN heredoc writes). A sample counts as found when any LL1xxx finding
// comes out. Each false-positive string that no gitleaks rule reports is planted the same two ways
// (an ENV value when it is one line, and a heredoc file), and counts once when either gives an
// LL1xxx finding.
#include "catch.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <sstream>

#include "fixture_util.hpp"
#include "layerlint/lint.hpp"

using namespace layerlint;

namespace {

std::string env_dockerfile(const std::string& value) {
  std::string quoted;
  if (value.find('\'') == std::string::npos) {
    quoted = "'" + value + "'";
  } else {
    quoted = "\"";
    for (char c : value) {
      if (c == '\\' || c == '"' || c == '$') quoted += '\\';
      quoted += c;
    }
    quoted += "\"";
  }
  return "FROM alpine:3.20\nENV CONFIG_VALUE=" + quoted + "\nRUN true\n";
}

std::string heredoc_dockerfile(const std::string& text) {
  return "FROM alpine:3.20\nRUN cat > /etc/app.conf <<'EOF'\n" + text + "\nEOF\n";
}

bool any_secret_finding(const std::string& dockerfile) {
  const SourceFile source("Dockerfile", dockerfile);
  for (const Finding& f : lint_dockerfile(source, {})) {
    if (f.rule_id.starts_with("LL1")) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("gitleaks format samples: recall >= 95%, false positives <= 1%", "[corpus][formats]") {
  const auto samples = testing::source_dir().parent_path() / "shared" / "gitleaks-formats" / "samples.json";
  if (!std::filesystem::exists(samples)) {
    WARN("gitleaks samples not found at " << samples << ", skipped");
    SUCCEED();
    return;
  }
  const YAML::Node root = YAML::LoadFile(samples.string());
  const YAML::Node rules = root["rules"];
  REQUIRE(rules.IsSequence());

  size_t planted = 0, found = 0, format_rules = 0;
  std::map<std::string, int> missed;
  std::set<std::string> fp_texts;
  for (const YAML::Node& rule : rules) {
    for (const YAML::Node& fp : rule["fps"]) {
      if (fp["reported_by"].size() == 0) fp_texts.insert(fp["text"].as<std::string>());
    }
    if (rule["cls"].as<std::string>() != "format") continue;
    ++format_rules;
    for (const YAML::Node& sample : rule["samples"]) {
      const auto secret = sample["secret"].as<std::string>();
      ++planted;
      const bool multiline = secret.find('\n') != std::string::npos;
      if (any_secret_finding(multiline ? heredoc_dockerfile(secret) : env_dockerfile(secret))) {
        ++found;
      } else {
        ++missed[rule["id"].as<std::string>()];
      }
    }
  }
  size_t flagged = 0;
  std::ostringstream noisy;
  for (const std::string& text : fp_texts) {
    const bool one_line = text.find('\n') == std::string::npos;
    if ((one_line && any_secret_finding(env_dockerfile(text))) ||
        any_secret_finding(heredoc_dockerfile(text))) {
      ++flagged;
      noisy << "  " << text.substr(0, 60) << "\n";
    }
  }
  std::ostringstream misses;
  for (const auto& [id, n] : missed) misses << " " << id << "(" << n << ")";
  const double recall = planted ? 100.0 * static_cast<double>(found) / static_cast<double>(planted) : 0;
  const double fp_rate =
      fp_texts.empty() ? 0 : 100.0 * static_cast<double>(flagged) / static_cast<double>(fp_texts.size());
  INFO("format rules " << format_rules << ", samples " << found << "/" << planted << " (" << recall
                       << "%), missed:" << misses.str());
  INFO("false-positive strings flagged " << flagged << "/" << fp_texts.size() << " (" << fp_rate << "%):\n"
                                         << noisy.str());
  CHECK(format_rules >= 100);
  CHECK(recall >= 95.0);
  CHECK(fp_rate <= 1.0);
}
