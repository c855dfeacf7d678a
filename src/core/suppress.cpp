#include "layerlint/suppress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace layerlint {

const RuleInfo& bad_suppression_info() {
  static const RuleInfo k_info{"LL0002",
                               "bad-suppression",
                               Severity::Warning,
                               "a `# layerlint` suppression comment is malformed or names an unknown rule",
                               "correctness,suppressions",
                               0.0,
                               "LL0002_bad_suppression.md"};
  return k_info;
}

const RuleInfo& unused_suppression_info() {
  static const RuleInfo k_info{"LL0003",
                               "unused-suppression",
                               Severity::Warning,
                               "a `# layerlint` suppression matches no finding",
                               "maintainability,suppressions",
                               0.0,
                               "LL0003_unused_suppression.md"};
  return k_info;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// At most 64 bytes of user text for a message, cut on a UTF-8 boundary.
std::string shown(std::string_view s) {
  constexpr size_t k_max = 64;
  if (s.size() <= k_max) return std::string(s);
  size_t cut = k_max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

Finding make(const RuleInfo& info, Range range, std::string message) {
  return Finding{std::string(info.id),
                 std::string(info.slug),
                 info.severity,
                 range,
                 std::move(message),
                 std::nullopt,
                 {}};
}

// A rule named in a directive: any rule the registry knows, and the meta rules of this file.
const RuleInfo* lookup_rule(std::string_view name) {
  for (const RuleInfo* meta : {&bad_suppression_info(), &unused_suppression_info()}) {
    if (iequals(name, meta->id) || iequals(name, meta->slug)) return meta;
  }
  return find_rule_info(name);
}

// One word of a directive: `global`, or `key=value` (value bare or quoted). Offsets are relative
// to the line.
struct Token {
  std::string_view key;
  bool has_value = false;
  std::string value;  // unquoted
  bool unterminated = false;
  size_t begin = 0, end = 0;  // the whole token
  size_t value_begin = 0;     // first byte of the value (after an opening quote)
};

class Tokenizer {
 public:
  Tokenizer(std::string_view line, size_t at) : m_line(line), m_at(at) {}

  std::optional<Token> next() {
    while (m_at < m_line.size() && is_space(m_line[m_at])) ++m_at;
    if (m_at >= m_line.size()) return std::nullopt;
    Token t;
    t.begin = m_at;
    while (m_at < m_line.size() && !is_space(m_line[m_at]) && m_line[m_at] != '=') ++m_at;
    t.key = m_line.substr(t.begin, m_at - t.begin);
    if (m_at < m_line.size() && m_line[m_at] == '=') {
      t.has_value = true;
      ++m_at;
      if (m_at < m_line.size() && (m_line[m_at] == '"' || m_line[m_at] == '\'')) {
        const char quote = m_line[m_at++];
        t.value_begin = m_at;
        t.unterminated = true;
        while (m_at < m_line.size()) {
          const char c = m_line[m_at++];
          if (c == quote) {
            t.unterminated = false;
            break;
          }
          if (c == '\\' && quote == '"' && m_at < m_line.size()) {
            t.value += m_line[m_at++];
            continue;
          }
          t.value += c;
        }
      } else {
        t.value_begin = m_at;
        while (m_at < m_line.size() && !is_space(m_line[m_at])) ++m_at;
        t.value = std::string(m_line.substr(t.value_begin, m_at - t.value_begin));
      }
    }
    t.end = m_at;
    return t;
  }

 private:
  std::string_view m_line;
  size_t m_at;
};

// Where `# layerlint` ends in a comment line that is a directive: the offset of its first word,
// or nullopt when the line is not a directive (not a comment, or prose mentioning layerlint).
std::optional<size_t> directive_start(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && is_space(line[i])) ++i;
  if (i >= line.size() || line[i] != '#') return std::nullopt;
  ++i;
  while (i < line.size() && is_space(line[i])) ++i;
  constexpr std::string_view k_word = "layerlint";
  if (!iequals(line.substr(i, k_word.size()), k_word)) return std::nullopt;
  i += k_word.size();
  if (i >= line.size() || !is_space(line[i])) return std::nullopt;
  const std::optional<Token> first = Tokenizer(line, i).next();
  if (!first) return std::nullopt;
  if (first->has_value || iequals(first->key, "global") || iequals(first->key, "ignore")) return i;
  return std::nullopt;
}

class DirectiveParser {
 public:
  DirectiveParser(const SourceFile& source, std::string_view line, std::vector<Finding>& problems)
      : m_source(source),
        m_line(line),
        m_base(static_cast<uint32_t>(line.data() - source.text().data())),
        m_problems(problems) {}

  // The directive's range: from its '#' to the end of the line, trailing blanks excluded.
  Range directive_range() const {
    const size_t hash = m_line.find('#');
    size_t end = m_line.size();
    while (end > hash && is_space(m_line[end - 1])) --end;
    return range(hash, end);
  }

  std::optional<Suppression> parse(size_t at) {
    Suppression s;
    s.range = directive_range();
    bool saw_ignore = false;
    Tokenizer tokens(m_line, at);
    std::optional<Token> t = tokens.next();
    while (t) {
      std::optional<Token> following = tokens.next();
      if (!t->has_value && iequals(t->key, "global")) {
        s.global = true;
      } else if (t->has_value && iequals(t->key, "ignore")) {
        saw_ignore = true;
        const size_t listed = s.rules.size();
        const bool all_before = s.all;
        bool unknown = false;
        add_rules(s, t->value, t->value_begin, unknown);
        // `ignore=LL1001, LL1002`: words after a trailing comma continue the list.
        while (!t->value.empty() && t->value.back() == ',' && following && !following->has_value) {
          t = following;
          t->value = std::string(t->key);
          t->value_begin = t->begin;
          add_rules(s, t->value, t->value_begin, unknown);
          following = tokens.next();
        }
        if (s.rules.size() == listed && s.all == all_before && !unknown) {
          report(range(t->begin, t->end),
                 "suppression lists no rule; write ignore=<rule id or slug>[,...] or ignore=all");
        }
      } else if (t->has_value && iequals(t->key, "reason")) {
        if (t->unterminated) {
          report(range(t->begin, t->end), "unterminated quote in the reason of a suppression");
        }
        s.reason = t->value;
      } else if (!t->has_value && iequals(t->key, "ignore")) {
        saw_ignore = true;
        report(range(t->begin, t->end), "\"ignore\" needs a list of rules: ignore=<rule id or slug>[,...]");
      } else if (t->has_value) {
        report(range(t->begin, t->begin + t->key.size()),
               fmt::format("unknown suppression option \"{}\"; expected ignore=, global or reason=",
                           shown(t->key)));
      } else {
        report(range(t->begin, t->end),
               fmt::format("unexpected \"{}\" in a suppression; expected ignore=, global or reason=",
                           shown(t->key)));
      }
      t = std::move(following);
    }
    if (!saw_ignore) {
      report(s.range, "suppression without ignore=; write ignore=<rule id or slug>[,...] or ignore=all");
    }
    if (!s.all && s.rules.empty()) return std::nullopt;
    return s;
  }

  void report(Range r, std::string message) {
    m_problems.push_back(make(bad_suppression_info(), r, std::move(message)));
  }

 private:
  Range range(size_t begin, size_t end) const {
    return m_source.range(m_base + static_cast<uint32_t>(begin), m_base + static_cast<uint32_t>(end));
  }

  // Adds the comma-separated rules of `list`, which starts at line offset `at`.
  void add_rules(Suppression& s, std::string_view list, size_t at, bool& unknown) {
    size_t i = 0;
    while (i <= list.size()) {
      size_t comma = list.find(',', i);
      if (comma == std::string_view::npos) comma = list.size();
      size_t b = i, e = comma;
      while (b < e && is_space(list[b])) ++b;
      while (e > b && is_space(list[e - 1])) --e;
      const std::string_view name = list.substr(b, e - b);
      if (name.empty()) {
        // empty items (`a,,b`, a trailing comma) are harmless
      } else if (iequals(name, "all")) {
        s.all = true;
      } else if (const RuleInfo* info = lookup_rule(name)) {
        if (std::find(s.rules.begin(), s.rules.end(), info->id) == s.rules.end())
          s.rules.emplace_back(info->id);
      } else {
        unknown = true;
        const size_t end = std::min(at + e, m_line.size());
        report(range(std::min(at + b, end), end),
               fmt::format("unknown rule \"{}\" in a suppression", shown(name)));
      }
      i = comma + 1;
    }
  }

  const SourceFile& m_source;
  std::string_view m_line;
  uint32_t m_base;
  std::vector<Finding>& m_problems;
};

enum class LineKind { Blank, Comment, Code };

LineKind line_kind(std::string_view line) {
  for (char c : line) {
    if (is_space(c)) continue;
    return c == '#' ? LineKind::Comment : LineKind::Code;
  }
  return LineKind::Blank;
}

}  // namespace

std::vector<Suppression> find_suppressions(const SourceFile& source,
                                           std::span<const LineSpan> instruction_spans,
                                           std::vector<Finding>& problems) {
  std::vector<LineSpan> spans;
  spans.reserve(instruction_spans.size());
  for (const LineSpan& s : instruction_spans) {
    if (s.first_line == 0) continue;
    spans.push_back({s.first_line, std::max(s.first_line, s.last_line)});
  }
  std::sort(spans.begin(), spans.end(),
            [](const LineSpan& a, const LineSpan& b) { return a.first_line < b.first_line; });

  std::vector<Suppression> out;
  std::vector<size_t> pending;  // line-scoped directives waiting for the next code line
  size_t next_span = 0;
  uint32_t covered_until = 0;  // last line of the spans that started so far
  const uint32_t lines = source.line_count();
  for (uint32_t line = 1; line <= lines; ++line) {
    uint32_t here_last = line;  // last line of the instructions that start on this line
    for (; next_span < spans.size() && spans[next_span].first_line <= line; ++next_span) {
      covered_until = std::max(covered_until, spans[next_span].last_line);
      if (spans[next_span].first_line == line) here_last = std::max(here_last, spans[next_span].last_line);
    }
    const std::string_view text = source.line_text(line);
    switch (line_kind(text)) {
      case LineKind::Blank: break;
      case LineKind::Code:
        for (size_t i : pending) {
          out[i].first_line = line;
          out[i].last_line = here_last;
        }
        pending.clear();
        break;
      case LineKind::Comment: {
        const std::optional<size_t> start = directive_start(text);
        if (!start) break;
        DirectiveParser parser(source, text, problems);
        if (line <= covered_until) {
          // A comment between continuation lines or in a heredoc body belongs to the instruction.
          parser.report(parser.directive_range(),
                        "suppression inside an instruction has no effect; put it on its own line before the "
                        "instruction");
          break;
        }
        std::optional<Suppression> s = parser.parse(*start);
        if (!s) break;
        if (!s->global) pending.push_back(out.size());
        out.push_back(std::move(*s));
        break;
      }
    }
  }
  return out;
}

namespace {

// The suppressions of one scope (the file, or the lines of one instruction), indexed by rule.
// A (suppression, rule) pair is marked used once, so each finding costs O(1) whatever the
// number of directives.
class Scope {
 public:
  void add(const Suppression& s, size_t index) {
    if (s.all) {
      m_has_all = true;
      m_all_unmarked.push_back(index);
    }
    for (size_t r = 0; r < s.rules.size(); ++r) m_by_rule[s.rules[r]].emplace_back(index, r);
  }

  // Whether `rule_id` is suppressed here; marks what matched.
  bool covers(const std::string& rule_id, std::vector<char>& all_used,
              std::vector<std::vector<char>>& rule_used) {
    bool covered = m_has_all;
    for (size_t i : m_all_unmarked) all_used[i] = 1;
    m_all_unmarked.clear();
    if (auto it = m_by_rule.find(rule_id); it != m_by_rule.end()) {
      covered = true;
      for (const auto& [index, r] : it->second) rule_used[index][r] = 1;
      it->second.clear();  // the key stays: later findings of the rule are still covered
    }
    return covered;
  }

 private:
  bool m_has_all = false;
  std::vector<size_t> m_all_unmarked;  // ignore=all directives not yet marked used
  std::unordered_map<std::string, std::vector<std::pair<size_t, size_t>>> m_by_rule;
};

struct LineScope {
  uint32_t first_line = 0;
  uint32_t last_line = 0;
  uint32_t max_last_so_far = 0;  // over this scope and the ones before it
  Scope scope;
};

std::string rule_list(const std::vector<std::string>& rules, const std::vector<char>& used) {
  std::string out;
  for (size_t r = 0; r < rules.size(); ++r) {
    if (used[r]) continue;
    if (!out.empty()) out += ", ";
    out += rules[r];
  }
  return out;
}

}  // namespace

void apply_suppressions(std::vector<Finding>& findings, const std::vector<Suppression>& suppressions,
                        bool warn_unused, std::vector<Finding>& unused_reports) {
  std::vector<char> all_used(suppressions.size(), 0);
  std::vector<std::vector<char>> rule_used(suppressions.size());
  Scope global;
  std::vector<size_t> line_order;
  for (size_t i = 0; i < suppressions.size(); ++i) {
    const Suppression& s = suppressions[i];
    rule_used[i].assign(s.rules.size(), 0);
    if (s.global) {
      global.add(s, i);
    } else if (s.first_line > 0) {
      line_order.push_back(i);
    }
  }
  std::stable_sort(line_order.begin(), line_order.end(), [&](size_t a, size_t b) {
    return suppressions[a].first_line < suppressions[b].first_line;
  });
  std::vector<LineScope> scopes;
  for (size_t i : line_order) {
    const Suppression& s = suppressions[i];
    const uint32_t last = std::max(s.first_line, s.last_line);
    if (scopes.empty() || scopes.back().first_line != s.first_line || scopes.back().last_line != last) {
      const uint32_t before = scopes.empty() ? 0 : scopes.back().max_last_so_far;
      scopes.push_back(LineScope{s.first_line, last, std::max(before, last), Scope{}});
    }
    scopes.back().scope.add(s, i);
  }

  auto suppressed = [&](const Finding& f) {
    bool covered = global.covers(f.rule_id, all_used, rule_used);
    const uint32_t line = f.range.begin.line;
    if (line == 0) return covered;
    auto it = std::upper_bound(scopes.begin(), scopes.end(), line,
                               [](uint32_t l, const LineScope& s) { return l < s.first_line; });
    // Scopes from find_suppressions() are disjoint, so this loop runs once; it walks further back
    // only for overlapping scopes built by hand.
    while (it != scopes.begin()) {
      --it;
      if (it->max_last_so_far < line) break;
      if (it->last_line >= line && it->scope.covers(f.rule_id, all_used, rule_used)) covered = true;
    }
    return covered;
  };
  std::erase_if(findings, suppressed);

  if (!warn_unused) return;
  for (size_t i = 0; i < suppressions.size(); ++i) {
    const Suppression& s = suppressions[i];
    std::string where;
    if (s.global) {
      where = "in this file";
    } else if (s.first_line == 0) {
      where = "(nothing follows it)";
    } else if (s.first_line == s.last_line) {
      where = fmt::format("on line {}", s.first_line);
    } else {
      where = fmt::format("on lines {}-{}", s.first_line, s.last_line);
    }
    if (s.all) {
      if (!all_used[i]) {
        unused_reports.push_back(make(unused_suppression_info(), s.range,
                                      fmt::format("unused suppression of all rules: no finding {}", where)));
      }
      continue;
    }
    const std::string unused = rule_list(s.rules, rule_used[i]);
    if (unused.empty()) continue;
    unused_reports.push_back(
        make(unused_suppression_info(), s.range,
             fmt::format("unused suppression of {}: no such finding {}", unused, where)));
  }
}

}  // namespace layerlint
