// classify_secret_name: whole-token matching of variable names against rules/secret-names.yaml.
#include <algorithm>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include <re2/re2.h>

#include "layerlint/secrets.hpp"
#include "secrets/secret_data.hpp"
#include "secrets/yaml_util.hpp"

namespace layerlint {

namespace {

// Longer names are not variable names; nothing past this is looked at.
constexpr std::size_t k_max_name_length = 256;

struct Compound {
  std::vector<std::string> tokens;
  NameStrength strength = NameStrength::None;
};

// A family of well-known names (Bundler's per-host credentials, BUNDLE_GEMS__EXAMPLE__COM).
struct KnownFamily {
  std::unique_ptr<RE2> match;
  std::unique_ptr<RE2> except;  // null: no exception
  NameStrength strength = NameStrength::None;
};

struct NameData {
  std::unordered_map<std::string, NameStrength> known;
  std::vector<KnownFamily> known_families;
  std::vector<Compound> compounds;  // longest first
  std::unordered_set<std::string> strong;
  std::unordered_set<std::string> weak;
  std::unordered_set<std::string> allow_anywhere;
  std::unordered_set<std::string> allow_after;
  std::unordered_set<std::string> cap_weak_after;
};

NameStrength parse_strength(std::string_view s) {
  if (s == "known") return NameStrength::Known;
  if (s == "strong") return NameStrength::Strong;
  if (s == "weak") return NameStrength::Weak;
  return NameStrength::None;
}

std::unordered_set<std::string> to_set(const DataNode& node) {
  const std::vector<std::string> list = secrets::lower_list(node);
  return {list.begin(), list.end()};
}

NameData load_names() {
  NameData data;
  const DataNode root = secrets::load_embedded_yaml("secret-names.yaml");
  if (!root.is_map()) return data;
  if (const DataNode& known = root["known"]; known.is_map()) {
    for (const auto& [name, strength] : known.entries()) {
      if (strength.is_scalar()) data.known[secrets::to_lower(name)] = parse_strength(strength.scalar());
    }
  }
  if (const DataNode& families = root["known_families"]; families.is_sequence()) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(false);
    for (const DataNode& node : families) {
      if (!node.is_map()) continue;
      KnownFamily f{std::make_unique<RE2>(secrets::scalar_or(node["match"], ""), options), nullptr,
                    parse_strength(secrets::scalar_or(node["strength"], ""))};
      if (const std::string except = secrets::scalar_or(node["except"], ""); !except.empty())
        f.except = std::make_unique<RE2>(except, options);
      if (f.match->ok() && !f.match->pattern().empty() && (!f.except || f.except->ok()))
        data.known_families.push_back(std::move(f));
    }
  }
  if (const DataNode& compounds = root["compounds"]; compounds.is_sequence()) {
    for (const DataNode& node : compounds) {
      if (!node.is_map()) continue;
      Compound c{secrets::lower_list(node["tokens"]),
                 parse_strength(secrets::scalar_or(node["strength"], ""))};
      if (c.tokens.size() >= 2) data.compounds.push_back(std::move(c));
    }
    std::stable_sort(data.compounds.begin(), data.compounds.end(),
                     [](const Compound& a, const Compound& b) { return a.tokens.size() > b.tokens.size(); });
  }
  data.strong = to_set(root["strong"]);
  data.weak = to_set(root["weak"]);
  data.allow_anywhere = to_set(root["allow_anywhere"]);
  data.allow_after = to_set(root["allow_after"]);
  data.cap_weak_after = to_set(root["cap_weak_after"]);
  return data;
}

const NameData& name_data() {
  static const NameData k_data = load_names();
  return k_data;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

// Splits on every non-alphanumeric character and on camelCase boundaries: a lower-case letter or
// digit followed by an upper-case one ("npmToken"), and the last capital of a run followed by a
// lower-case letter ("APIKey" -> API Key). Digits stay with the letters before them ("oauth2").
std::vector<std::string> split_name_tokens(std::string_view name) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back(secrets::to_lower(current));
    current.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_upper(c) && !is_lower(c) && !is_digit(c)) {
      flush();
      continue;
    }
    if (is_upper(c) && !current.empty()) {
      const char prev = current.back();
      const bool next_lower = i + 1 < name.size() && is_lower(name[i + 1]);
      if (is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower)) flush();
    }
    current.push_back(c);
  }
  flush();
  return tokens;
}

NameVerdict classify_secret_name(std::string_view name) {
  const NameData& data = name_data();
  if (name.size() > k_max_name_length) return {};
  const std::vector<std::string> tokens = split_name_tokens(name);
  if (tokens.empty()) return {};

  std::string joined;
  for (const std::string& t : tokens) {
    if (!joined.empty()) joined.push_back('_');
    joined += t;
  }
  if (auto it = data.known.find(joined); it != data.known.end()) {
    const NameStrength s = it->second;
    if (s == NameStrength::None) return {s, "well-known non-secret name"};
    return {s, "well-known name"};
  }

  for (const KnownFamily& f : data.known_families) {
    const re2::StringPiece piece(name.data(), name.size());
    if (RE2::FullMatch(piece, *f.match) && !(f.except && RE2::PartialMatch(piece, *f.except))) {
      return {f.strength, "well-known name"};
    }
  }

  for (const std::string& t : tokens) {
    if (data.allow_anywhere.count(t)) return {NameStrength::None, "allow token '" + t + "'"};
  }

  // Merge compounds, then give each token its strength.
  struct Token {
    std::string text;
    NameStrength strength;
  };
  std::vector<Token> merged;
  for (std::size_t i = 0; i < tokens.size();) {
    const Compound* hit = nullptr;
    for (const Compound& c : data.compounds) {
      if (i + c.tokens.size() <= tokens.size() &&
          std::equal(c.tokens.begin(), c.tokens.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i))) {
        hit = &c;
        break;
      }
    }
    if (hit != nullptr) {
      std::string text;
      for (const std::string& t : hit->tokens) text += (text.empty() ? "" : "_") + t;
      merged.push_back({text, hit->strength});
      i += hit->tokens.size();
      continue;
    }
    const std::string& t = tokens[i];
    NameStrength s = NameStrength::None;
    if (data.strong.count(t)) {
      s = NameStrength::Strong;
    } else if (data.weak.count(t)) {
      s = NameStrength::Weak;
    }
    merged.push_back({t, s});
    ++i;
  }

  std::size_t last = merged.size();
  NameStrength best = NameStrength::None;
  std::string best_token;
  for (std::size_t i = 0; i < merged.size(); ++i) {
    if (merged[i].strength == NameStrength::None) continue;
    last = i;
    if (merged[i].strength > best) {
      best = merged[i].strength;
      best_token = merged[i].text;
    }
  }
  if (best == NameStrength::None) return {};

  for (std::size_t i = last + 1; i < merged.size(); ++i) {
    if (data.allow_after.count(merged[i].text)) {
      return {NameStrength::None, "allow token '" + merged[i].text + "'"};
    }
  }
  for (std::size_t i = last + 1; i < merged.size(); ++i) {
    if (data.cap_weak_after.count(merged[i].text)) {
      return {NameStrength::Weak, "token '" + best_token + "' capped by '" + merged[i].text + "'"};
    }
  }
  return {best, "token '" + best_token + "'"};
}

}  // namespace layerlint
