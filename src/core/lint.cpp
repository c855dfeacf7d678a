#include "layerlint/lint.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "layerlint/compose.hpp"
#include "layerlint/config.hpp"
#include "layerlint/parser.hpp"
#include "layerlint/suppress.hpp"

namespace layerlint {

namespace {

// Trees and models kept for the process's lifetime (Teardown::KeepUntilExit). The list itself is
// never destroyed, so nothing in it is freed at exit, and all of it stays reachable.
void keep_until_exit(std::unique_ptr<const Dockerfile> file, std::unique_ptr<const BuildModel> model) {
  struct Kept {
    std::unique_ptr<const Dockerfile> file;
    std::unique_ptr<const BuildModel> model;
  };
  static std::mutex mutex;
  static auto* kept = new std::vector<Kept>;
  const std::lock_guard lock(mutex);
  kept->push_back({std::move(file), std::move(model)});
}

Finding parse_error(const ParseError& e) {
  const RuleInfo& info = parse_error_info();
  return Finding{
      std::string(info.id), std::string(info.slug), info.severity, e.range, e.message, std::nullopt, {}};
}

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;  // overlong
  return n;
}

}  // namespace

bool check_encoding(const SourceFile& source, std::vector<Finding>& out) {
  const std::string_view text = source.text();
  const RuleInfo& info = parse_error_info();
  auto report = [&](uint32_t offset, std::string message) {
    out.push_back(
        Finding{std::string(info.id),
                std::string(info.slug),
                info.severity,
                source.range(offset, std::min<uint32_t>(offset + 1, static_cast<uint32_t>(text.size()))),
                std::move(message),
                std::nullopt,
                {}});
  };
  auto starts = [&](std::string_view bom) { return text.substr(0, bom.size()) == bom; };
  if (starts(std::string_view("\x00\x00\xFE\xFF", 4)) || starts(std::string_view("\xFF\xFE\x00\x00", 4))) {
    report(0, "the file is UTF-32 encoded; Dockerfiles must be UTF-8");
    return false;
  }
  if (starts("\xFE\xFF") || starts("\xFF\xFE")) {
    report(0, "the file is UTF-16 encoded; Dockerfiles must be UTF-8");
    return false;
  }
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    report(static_cast<uint32_t>(nul), "the file is binary (it contains a NUL byte), not a Dockerfile");
    return false;
  }
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = utf8_sequence(text, i);
    if (n == 0) {
      report(static_cast<uint32_t>(i), "invalid UTF-8 byte sequence");
      break;  // one report per file is enough to locate the problem
    }
    i += n;
  }
  return true;
}

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Whether text[at, at + size) stands as a token of its own: not part of a longer word ("hard" in
// "hardcoded"), and not one segment of a path ("deploy" in "/home/deploy/.ssh"). A value glued to a
// short option ("-phard") or after a URL's "//" is a token too.
bool whole_token_at(std::string_view text, size_t at, size_t size) {
  const size_t end = at + size;
  if (end < text.size() && is_word_char(text[end]) && is_word_char(text[end - 1])) return false;
  if (at == 0 || !is_word_char(text[at])) return true;
  const char before = text[at - 1];
  if (before == '/') return at >= 2 && text[at - 2] == '/';
  if (!is_word_char(before)) return true;
  return at >= 2 && text[at - 2] == '-' && (at == 2 || (!is_word_char(text[at - 3]) && text[at - 3] != '-'));
}

// Every secret a rule marked as sensitive is scrubbed from every finding's text, so a fix that quotes
// an instruction (or a message) cannot carry a value that another rule found.
void scrub_sensitive(const SourceFile& source, std::vector<Finding>& findings) {
  // The secret values the findings mark, each once, longest first (a secret that holds a shorter one
  // is replaced whole).
  std::vector<std::string_view> values;
  for (const Finding& f : findings) {
    for (const Range& r : f.sensitive) {
      if (r.end.offset >= r.begin.offset + 4 && r.end.offset <= source.text().size()) {
        values.push_back(
            std::string_view(source.text()).substr(r.begin.offset, r.end.offset - r.begin.offset));
      }
    }
  }
  if (values.empty()) return;
  std::sort(values.begin(), values.end(), [](std::string_view a, std::string_view b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<std::string> shown;
  shown.reserve(values.size());
  for (std::string_view v : values) shown.push_back(redact(v));

  // Secrets by their first four bytes, so that each text is scanned once whatever the number of
  // secrets (a file with thousands of secret findings stays linear).
  auto head = [](std::string_view s, size_t at) {
    uint32_t h = 0;
    std::memcpy(&h, s.data() + at, sizeof h);
    return h;
  };
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_head;
  for (size_t i = 0; i < values.size(); ++i) by_head[head(values[i], 0)].push_back(static_cast<uint32_t>(i));

  auto scrub = [&](std::string& text) {
    std::string out;
    size_t copied = 0;
    for (size_t at = 0; at + 4 <= text.size();) {
      const auto bucket = by_head.find(head(text, at));
      const uint32_t* hit = nullptr;
      if (bucket != by_head.end()) {
        for (const uint32_t& k : bucket->second) {
          if (std::string_view(text).substr(at).starts_with(values[k]) &&
              whole_token_at(text, at, values[k].size())) {
            hit = &k;
            break;
          }
        }
      }
      if (!hit) {
        ++at;
        continue;
      }
      out.append(text, copied, at - copied);
      out += shown[*hit];
      at += values[*hit].size();
      copied = at;
    }
    if (copied == 0) return;
    out.append(text, copied);
    text = std::move(out);
  };
  for (Finding& f : findings) {
    scrub(f.message);
    if (!f.fix) continue;
    scrub(f.fix->title);
    scrub(f.fix->advice.rewritten);
    for (BuildRecipe& b : f.fix->advice.builds) scrub(b.text);
    for (std::string& a : f.fix->advice.alternatives) scrub(a);
    for (std::string& n : f.fix->advice.notes) scrub(n);
    for (Edit& e : f.fix->edits) scrub(e.replacement);
  }
}

}  // namespace

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.range.begin.offset, a.range.end.offset, a.rule_id) <
           std::tie(b.range.begin.offset, b.range.end.offset, b.rule_id);
  });
}

namespace {

// Suppressions, the meta rules' filter, secret scrubbing and order: the end of every lint.
void finish(const SourceFile& source, std::span<const LineSpan> spans, const LintOptions& options,
            const RuleFilter& filter, std::vector<Finding>& findings) {
  // A finding whose secret value the config allows (allow.values) is not reported.
  if (options.config_patterns) {
    std::erase_if(findings, [&](const Finding& f) {
      return !f.sensitive.empty() && std::all_of(f.sensitive.begin(), f.sensitive.end(), [&](const Range& r) {
        return r.end.offset <= source.text().size() &&
               options.config_patterns->allowed_value(
                   source.text().substr(r.begin.offset, r.end.offset - r.begin.offset));
      });
    });
  }
  const auto suppressions = find_suppressions(source, spans, findings);
  std::vector<Finding> unused;
  apply_suppressions(findings, suppressions, options.warn_unused_ignores, unused);
  findings.insert(findings.end(), unused.begin(), unused.end());
  if (filter) {
    for (const RuleInfo* meta : {&parse_error_info(), &bad_suppression_info(), &unused_suppression_info()}) {
      if (!filter(*meta)) std::erase_if(findings, [&](const Finding& f) { return f.rule_id == meta->id; });
    }
  }
  scrub_sensitive(source, findings);
  sort_findings(findings);
}

}  // namespace

namespace {

// One root cause, one finding: where two rules see the same leak at the same place, the more specific
// one reports it, naming the channel the other one saw, and its fix covers both.
struct Supersession {
  std::string_view winner;
  std::string_view loser;
  bool same_range;           // the same source range (else: the same instruction, overlapping or not)
  std::string_view channel;  // what the loser adds to the winner's message
  // Only a finding on a literal value (one that marks a source range as secret) wins; only one on
  // a variable reference (none marked) loses.
  bool literal_winner = false;
  bool reference_loser = false;
};

constexpr std::array k_supersessions = {
    Supersession{"LL1005", "LL1004", true, ""},
    Supersession{"LL1007", "LL1009", true, ""},
    // A clone or `git config` URL: the credential from a variable is the file's finding (its fix resets
    // the file); a literal one is the URL's (its fix replaces the literal and resets the file too).
    Supersession{"LL1009", "LL1006", false, "the URL in the command, shown in the build log", false, true},
    Supersession{"LL1006", "LL1009", false, "the file the command keeps the URL in", true, false},
    Supersession{"LL1003", "LL1009", false, "the file the command writes it to", true, false},
    Supersession{"LL1002", "LL1003", false, "the Dockerfile itself, so revoke the value"},
    Supersession{"LL1002", "LL1006", false, "the Dockerfile itself, so revoke the value"},
    Supersession{"LL1001", "LL1003", false, "the Dockerfile itself, so revoke the value"},
    Supersession{"LL1001", "LL1006", false, "the Dockerfile itself, so revoke the value"},
};

void supersede(const Dockerfile& file, std::vector<Finding>& findings) {
  if (findings.size() < 2) return;
  // The instruction holding an offset: instructions are in file order.
  auto instruction_at = [&](uint32_t offset) -> size_t {
    const auto& insts = file.instructions;
    auto it = std::upper_bound(insts.begin(), insts.end(), offset,
                               [](uint32_t o, const Instruction& i) { return o < i.range.begin.offset; });
    return it == insts.begin() ? SIZE_MAX : static_cast<size_t>(it - insts.begin() - 1);
  };
  // Secret findings by instruction and rule, so that each pair of rules is matched in one pass
  // over their findings (one RUN may hold thousands).
  std::map<std::pair<size_t, std::string_view>, std::vector<size_t>> by_rule;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (!findings[i].rule_id.starts_with("LL1")) continue;
    const size_t inst = instruction_at(findings[i].range.begin.offset);
    if (inst != SIZE_MAX) by_rule[{inst, findings[i].rule_id}].push_back(i);
  }
  std::vector<bool> gone(findings.size(), false);
  auto absorb = [&](size_t winner, size_t loser, const Supersession& s) {
    gone[loser] = true;
    Finding& w = findings[winner];
    if (!s.channel.empty() && w.message.find(s.channel) == std::string::npos)
      w.message += fmt::format("; it also leaks through {} ({})", s.channel, s.loser);
    for (const Range& r : findings[loser].sensitive) w.sensitive.push_back(r);
  };
  auto begin_of = [&](size_t i) { return findings[i].range.begin.offset; };
  for (const auto& [key, losers] : by_rule) {
    for (const Supersession& s : k_supersessions) {
      if (key.second != s.loser) continue;
      const auto found = by_rule.find({key.first, s.winner});
      if (found == by_rule.end()) continue;
      std::vector<size_t> winners = found->second;
      std::erase_if(winners, [&](size_t w) { return gone[w]; });
      if (winners.empty()) continue;
      // Findings of a rule come in position order; a winner overlapping a loser starts before its end.
      std::sort(winners.begin(), winners.end(),
                [&](size_t a, size_t b) { return begin_of(a) < begin_of(b); });
      if (s.literal_winner) {
        std::erase_if(winners, [&](size_t w) { return findings[w].sensitive.empty(); });
        if (winners.empty()) continue;
      }
      for (size_t l : losers) {
        if (gone[l] || (s.reference_loser && !findings[l].sensitive.empty())) continue;
        const Range& lr = findings[l].range;
        if (s.same_range) {
          auto it = std::lower_bound(winners.begin(), winners.end(), lr.begin.offset,
                                     [&](size_t w, uint32_t at) { return begin_of(w) < at; });
          for (; it != winners.end() && begin_of(*it) == lr.begin.offset; ++it) {
            if (findings[*it].range == lr) {
              absorb(*it, l, s);
              break;
            }
          }
        } else if (s.winner == "LL1009" || s.loser == "LL1009") {
          // The clone's finding covers the URL whose credentials the other one names.
          auto it = std::upper_bound(winners.begin(), winners.end(), lr.end.offset,
                                     [&](uint32_t at, size_t w) { return at <= begin_of(w); });
          if (it != winners.begin() && findings[*std::prev(it)].range.end.offset > lr.begin.offset)
            absorb(*std::prev(it), l, s);
        } else {
          absorb(winners.front(), l, s);
        }
      }
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (gone[i]) continue;
    if (i != kept) findings[kept] = std::move(findings[i]);
    ++kept;
  }
  findings.resize(kept);
}

}  // namespace

std::vector<Finding> lint_dockerfile(const SourceFile& source, const LintOptions& options,
                                     ContextSource context, const RuleFilter& filter, Teardown teardown,
                                     LintRemains* remains) {
  std::vector<Finding> findings;
  if (!check_encoding(source, findings)) return findings;
  auto file = std::make_unique<const Dockerfile>(parse_dockerfile(source));
  for (const ParseError& e : file->errors) findings.push_back(parse_error(e));
  auto model = std::make_unique<const BuildModel>(source, *file, options, std::move(context));
  for (const Rule* rule : all_rules()) {
    if (filter && !filter(rule->info())) continue;
    rule->check(*model, findings);
  }
  supersede(*file, findings);
  std::vector<LineSpan> spans;
  spans.reserve(file->instructions.size());
  for (const Instruction& inst : file->instructions) {
    // A range that ends at column 1 ends with the line break of the line before.
    const uint32_t last = inst.range.end.column == 1 && inst.range.end.line > inst.range.begin.line
                              ? inst.range.end.line - 1
                              : inst.range.end.line;
    spans.push_back({inst.range.begin.line, last});
  }
  finish(source, spans, options, filter, findings);
  if (teardown == Teardown::KeepUntilExit) keep_until_exit(std::move(file), std::move(model));
  if (teardown == Teardown::HandOver && remains) {
    // The model refers to the tree: it goes first (members go in reverse order).
    struct Remains {
      std::unique_ptr<const Dockerfile> file;
      std::unique_ptr<const BuildModel> model;
    };
    *remains = std::make_shared<const Remains>(Remains{std::move(file), std::move(model)});
  }
  return findings;
}

std::vector<Finding> lint_compose(const SourceFile& source, const RuleFilter& filter,
                                  const LintOptions& options) {
  std::vector<Finding> findings;
  if (!check_encoding(source, findings)) return findings;
  const ComposeFile compose = parse_compose(source);
  if (!filter || filter(parse_error_info())) {
    for (const ComposeError& e : compose.errors)
      findings.push_back(parse_error(ParseError{e.message, e.range}));
  }
  for (const Rule* rule : all_rules()) {
    if (filter && !filter(rule->info())) continue;
    rule->check_compose(compose, findings);
  }
  finish(source, {}, options, filter, findings);
  return findings;
}

}  // namespace layerlint
