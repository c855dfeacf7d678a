// image_findings: an image scan as findings for the reporters, and the cross-check against the
// Dockerfile the image was built from.
//
// History entries are aligned with the instructions of the shipped stage chain (the final stage and
// the stages it is built FROM) by their keywords, from the end: BuildKit and the classic builder
// record one entry per instruction but FROM, so the aligned entries are this Dockerfile's and those
// before them the base image's. A leak then has an instruction, and the static findings on that
// instruction (or on the ARG, ENV or LABEL that declares the leaked name) predicted it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "image/rules.hpp"
#include "layerlint/context.hpp"
#include "layerlint/image.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/model.hpp"
#include "layerlint/parser.hpp"

namespace layerlint {

namespace {

namespace fs = std::filesystem;

std::string clip(std::string_view s, size_t n) {
  std::string out;
  size_t cps = 0, i = 0;
  for (; i < s.size() && cps < n; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++cps;
    out += s[i] == '\n' ? ' ' : s[i];
  }
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) out += s[i++];
  if (i < s.size()) out += "…";
  return out;
}

// Where a leak is, for people, and for SARIF's logical locations.
std::string where(const ImageReport& r, const ImageLeak& l) {
  std::string out;
  switch (l.channel) {
    case ImageChannel::History:
      out = fmt::format("history entry {}", *l.history + 1);
      if (*l.history < r.history.size())
        out += fmt::format(" (`{}`)", clip(r.history[*l.history].created_by, 72));
      return out;
    case ImageChannel::Config: return "the image config's " + l.config_field;
    case ImageChannel::Layer:
    case ImageChannel::Hidden:
      out = fmt::format("layer {} ({}) {}", *l.layer + 1, image::short_digest(r.layers[*l.layer].digest),
                        l.path);
      return out;
  }
  return out;
}

std::string artifact(const ImageReport& r, const ImageLeak& l) {
  switch (l.channel) {
    case ImageChannel::History: return fmt::format("history[{}]", *l.history);
    case ImageChannel::Config: return "config." + l.config_field;
    case ImageChannel::Layer:
    case ImageChannel::Hidden: return r.layers[*l.layer].digest + l.path;
  }
  return {};
}

std::string message(const ImageReport& r, const ImageLeak& l) {
  std::string value = l.redacted.empty() ? std::string() : " (" + l.redacted + ")";
  std::string out;
  switch (l.channel) {
    case ImageChannel::History: out = fmt::format("{} records {}{}", where(r, l), l.what, value); break;
    case ImageChannel::Config:
      out = fmt::format("{} holds {}{}", where(r, l), l.what, value);
      if (l.also_history) out += fmt::format("; history entry {} records it too", *l.also_history + 1);
      break;
    case ImageChannel::Layer: out = fmt::format("{} holds {}{}", where(r, l), l.what, value); break;
    case ImageChannel::Hidden:
      out = fmt::format("{} holds {}{}; layer {} deletes or replaces it, but layer {} still ships it",
                        where(r, l), l.what, value, *l.hidden_by + 1, *l.layer + 1);
      break;
  }
  if (l.base) out = "[base image] " + out;
  return out;
}

Finding leak_finding(const ImageReport& r, const ImageLeak& l) {
  Finding f;
  f.rule_id = std::string(l.rule->id);
  f.slug = std::string(l.rule->slug);
  f.severity = l.severity;
  f.message = message(r, l);
  f.artifact = artifact(r, l);
  return f;
}

Finding error_finding(const ImageError& e) {
  const RuleInfo& info = image::rule_info(image::ImageRule::ReadError);
  Finding f;
  f.rule_id = std::string(info.id);
  f.slug = std::string(info.slug);
  f.severity = info.severity;
  f.message = e.where + ": " + e.message;
  f.artifact = e.where;
  return f;
}

// The first word of a history entry: the instruction that made it.
std::string history_keyword(std::string_view created_by) {
  std::string_view t = created_by;
  if (t.starts_with("/bin/sh -c #(nop) ")) {
    t.remove_prefix(18);
    while (t.starts_with(' ')) t.remove_prefix(1);
  } else if (t.starts_with("/bin/sh -c ") || t.starts_with('|')) {
    return "run";  // the classic builder's RUN
  }
  const size_t sp = t.find(' ');
  std::string k(t.substr(0, sp));
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
  return k;
}

struct Alignment {
  std::map<size_t, const Instruction*> by_history;  // history index -> instruction
  std::optional<size_t> first_own;                  // first history entry of this Dockerfile
};

// Longest common subsequence of keywords, preferring matches late in the history.
Alignment align(const ImageReport& r, const std::vector<const Instruction*>& own) {
  const size_t n = r.history.size(), m = own.size();
  std::vector<std::string> hk(n);
  for (size_t i = 0; i < n; ++i) hk[i] = history_keyword(r.history[i].created_by);
  Alignment a;
  // Walk back from the end so that, among equal alignments, entries late in the history match.
  std::vector<std::pair<size_t, size_t>> pairs;
  {
    // Suffix LCS for a late-preferring walk.
    std::vector<std::vector<uint16_t>> suf(n + 1, std::vector<uint16_t>(m + 1, 0));
    for (size_t i = 1; i <= n; ++i) {
      for (size_t j = 1; j <= m; ++j) {
        std::string ik = own[j - 1]->keyword;
        std::transform(ik.begin(), ik.end(), ik.begin(), [](unsigned char c) { return std::tolower(c); });
        suf[i][j] = hk[i - 1] == ik ? static_cast<uint16_t>(suf[i - 1][j - 1] + 1)
                                    : std::max(suf[i - 1][j], suf[i][j - 1]);
      }
    }
    size_t i = n, j = m;
    while (i > 0 && j > 0) {
      std::string ik = own[j - 1]->keyword;
      std::transform(ik.begin(), ik.end(), ik.begin(), [](unsigned char c) { return std::tolower(c); });
      if (hk[i - 1] == ik && suf[i][j] == suf[i - 1][j - 1] + 1) {
        pairs.emplace_back(i - 1, j - 1);
        --i;
        --j;
      } else if (suf[i - 1][j] >= suf[i][j - 1]) {
        --i;
      } else {
        --j;
      }
    }
  }
  for (const auto& [h, k] : pairs) a.by_history[h] = own[k];
  if (!pairs.empty()) a.first_own = pairs.back().first;
  return a;
}

bool declares(const Instruction& inst, std::string_view name) {
  return std::any_of(inst.pairs.begin(), inst.pairs.end(),
                     [&](const KeyValue& p) { return p.key.value == name; });
}

bool on_lines(const Finding& f, const Instruction& inst) {
  return f.range.begin.line >= inst.range.begin.line && f.range.begin.line <= inst.range.end.line;
}

}  // namespace

CrossCheck image_findings(const ImageReport& report, const CrossCheckOptions& options) {
  CrossCheck out;
  ImageReport r = report;

  // --- the Dockerfile, its shipped chain and its static findings
  std::unique_ptr<SourceFile> source;
  std::unique_ptr<Dockerfile> file;
  std::unique_ptr<BuildModel> model;
  std::vector<Finding> statics;
  std::vector<const Instruction*> own;
  Alignment alignment;
  if (!options.dockerfile.empty()) {
    std::ifstream in(options.dockerfile, std::ios::binary);
    if (!in) {
      out.error = options.dockerfile + ": cannot read the Dockerfile";
    } else {
      std::ostringstream ss;
      ss << in.rdbuf();
      source = std::make_unique<SourceFile>(options.dockerfile, ss.str());
      LintOptions lo;
      lo.target = options.target;
      fs::path context =
          options.context.empty() ? fs::path(options.dockerfile).parent_path() : fs::path(options.context);
      if (context.empty()) context = ".";
      lo.context_dir = context;
      auto loaded = std::make_shared<std::optional<BuildContext>>();
      const fs::path dockerfile(options.dockerfile);
      ContextSource ctx([loaded, context, dockerfile]() -> const BuildContext* {
        loaded->emplace(BuildContext::load(context, dockerfile));
        return &**loaded;
      });
      statics = lint_dockerfile(*source, lo, ctx);
      file = std::make_unique<Dockerfile>(parse_dockerfile(*source));
      model = std::make_unique<BuildModel>(*source, *file, lo, ctx);
      if (const auto final = model->final_stage()) {
        std::vector<size_t> chain;
        for (std::optional<size_t> s = final; s; s = model->stages()[*s].parent) chain.push_back(*s);
        std::reverse(chain.begin(), chain.end());
        for (size_t s : chain) {
          for (const Instruction* inst : model->stages()[s].instructions) own.push_back(inst);
        }
      }
      alignment = align(r, own);
      // The entries before this Dockerfile's first are the base image's (unless --base-layers said).
      if (alignment.first_own && r.base_reason != "--base-layers") {
        size_t layers = 0;
        for (size_t i = 0; i < *alignment.first_own; ++i) {
          if (r.history[i].layer) ++layers;
        }
        r.base_layers = layers;
        r.base_reason = "--dockerfile";
        for (size_t i = 0; i < r.layers.size(); ++i) r.layers[i].base = i < layers;
        for (size_t i = 0; i < r.history.size(); ++i) r.history[i].base = i < *alignment.first_own;
        for (ImageLeak& l : r.leaks) {
          const bool was = l.base;
          l.base = l.layer ? *l.layer < layers : l.history ? *l.history < *alignment.first_own : false;
          if (was && !l.base) l.severity = l.rule->severity;
          if (!was && l.base && l.severity == Severity::Error) l.severity = Severity::Warning;
        }
        std::stable_sort(r.leaks.begin(), r.leaks.end(),
                         [](const ImageLeak& a, const ImageLeak& b) { return a.base < b.base; });
      }
    }
  }

  // --- which instruction made each leak
  auto instruction_of = [&](const ImageLeak& l) -> const Instruction* {
    if (!model) return nullptr;
    if (l.channel == ImageChannel::Config) {
      // The last instruction of the chain that sets the field.
      for (auto it = own.rbegin(); it != own.rend(); ++it) {
        const Instruction& inst = **it;
        if (l.config_field == "Env" && inst.kind == InstructionKind::Env && declares(inst, l.name))
          return &inst;
        if (l.config_field == "Labels" && inst.kind == InstructionKind::Label && declares(inst, l.name))
          return &inst;
        std::string kw = inst.keyword;
        std::transform(kw.begin(), kw.end(), kw.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string field = l.config_field;
        std::transform(field.begin(), field.end(), field.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (kw == field) return &inst;
      }
      return nullptr;
    }
    if (!l.history) return nullptr;
    auto it = alignment.by_history.find(*l.history);
    return it == alignment.by_history.end() ? nullptr : it->second;
  };
  // The static findings that predicted a leak: on its instruction, or on the ARG/ENV/LABEL that
  // declares its name.
  std::vector<bool> confirmed(statics.size(), false);
  auto predicted_by = [&](const ImageLeak& l, const Instruction* inst) {
    std::vector<size_t> hits;
    for (size_t i = 0; i < statics.size(); ++i) {
      const Finding& f = statics[i];
      if (!f.rule_id.starts_with("LL1") || f.severity == Severity::Info) continue;
      bool hit = inst && on_lines(f, *inst);
      if (!hit && !l.name.empty() && file) {
        for (const Instruction* d : own) {
          if ((d->kind == InstructionKind::Arg || d->kind == InstructionKind::Env ||
               d->kind == InstructionKind::Label) &&
              declares(*d, l.name) && on_lines(f, *d))
            hit = true;
        }
        // A global ARG (before the first FROM) declares build arguments too.
        for (const Instruction& g : file->instructions) {
          if (g.kind == InstructionKind::From) break;
          if (g.kind == InstructionKind::Arg && declares(g, l.name) && on_lines(f, g)) hit = true;
        }
      }
      if (hit) hits.push_back(i);
    }
    return hits;
  };

  FileReport image_file;
  image_file.path = r.image;
  FileReport docker_file;
  if (source) docker_file.path = options.dockerfile;
  for (const ImageLeak& l : r.leaks) {
    Finding f = leak_finding(r, l);
    const Instruction* inst = l.base ? nullptr : instruction_of(l);
    if (model && !l.base) {
      const std::vector<size_t> hits = predicted_by(l, inst);
      if (hits.empty()) {
        ++out.unpredicted;
        f.message += "; no static rule predicted it (a gap in the Dockerfile model)";
      } else {
        std::string ids;
        for (size_t i : hits) {
          if (!confirmed[i]) ++out.confirmed;
          confirmed[i] = true;
          const std::string id =
              fmt::format("{} at line {}", statics[i].rule_id, statics[i].range.begin.line);
          if (ids.find(id) == std::string::npos) ids += (ids.empty() ? "" : ", ") + id;
        }
        f.message += "; predicted by " + ids;
      }
    }
    if (inst) {
      f.range = inst->keyword_range;
      docker_file.findings.push_back(std::move(f));
    } else {
      image_file.findings.push_back(std::move(f));
    }
  }
  for (const ImageError& e : r.errors) image_file.findings.push_back(error_finding(e));
  if (model) {
    for (size_t i = 0; i < statics.size(); ++i) {
      Finding f = statics[i];
      if (!f.rule_id.starts_with("LL1")) continue;
      if (confirmed[i]) {
        f.message += "; the image confirms it";
      } else if (f.severity != Severity::Info) {
        f.message += "; not seen in the image (built without that value, or a false positive)";
        ++out.not_seen;
      } else {
        continue;
      }
      docker_file.findings.push_back(std::move(f));
    }
    std::stable_sort(docker_file.findings.begin(), docker_file.findings.end(),
                     [](const Finding& a, const Finding& b) {
                       return std::tie(a.range.begin.line, a.range.begin.column) <
                              std::tie(b.range.begin.line, b.range.begin.column);
                     });
    docker_file.source = std::shared_ptr<const SourceFile>(std::move(source));
  }
  if (!docker_file.path.empty()) out.files.push_back(std::move(docker_file));
  out.files.push_back(std::move(image_file));
  return out;
}

}  // namespace layerlint
