#include "layerlint/model.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>

#include "layerlint/config.hpp"
#include "model/evidence.hpp"
#include "model/file_flow.hpp"
#include "model/paths.hpp"

namespace layerlint {

namespace {

constexpr size_t k_max_value = 64 * 1024;  // bytes of an expanded ARG/ENV value that the model keeps
constexpr size_t k_max_path = 4096;        // PATH_MAX: a longer WORKDIR fails the build

}  // namespace

constexpr uint32_t k_none = UINT32_MAX;

// Positions 0, 1, 2, ... each filed under a name: the latest position of a name, and for each
// position the previous one of the same name. An open-addressing table over flat arrays, so that
// tens of thousands of names cost a cache miss or two per lookup rather than a walk through
// hash-map nodes. The names themselves live with the caller: `name_at(position)` gives one.
class NameIndex {
 public:
  [[nodiscard]] uint32_t size() const { return static_cast<uint32_t>(m_previous.size()); }
  [[nodiscard]] uint32_t previous(uint32_t position) const { return m_previous[position]; }

  void reserve(size_t positions) {
    if (positions == 0) return;
    m_previous.reserve(positions);
    size_t slots = 16;
    while (slots < positions * 2) slots *= 2;
    if (slots > m_slots.size()) rehash(slots);
  }

  // Files the next position under `name`.
  template <typename NameAt>
  void push(std::string_view name, NameAt name_at) {
    if ((m_names + 1) * 2 > m_slots.size()) rehash(std::max<size_t>(16, m_slots.size() * 2));
    const size_t hash = std::hash<std::string_view>{}(name);
    Slot& slot = m_slots[find(name, hash, name_at)];
    m_previous.push_back(slot.latest);
    if (slot.latest == k_none) ++m_names;
    slot = {hash, static_cast<uint32_t>(m_previous.size() - 1)};
  }

  // The latest position filed under `name`; k_none when there is none.
  template <typename NameAt>
  [[nodiscard]] uint32_t latest(std::string_view name, NameAt name_at) const {
    if (m_slots.empty()) return k_none;
    return m_slots[find(name, std::hash<std::string_view>{}(name), name_at)].latest;
  }

  // Each name's positions that `keep` selects, in one ascending run per name: built once all
  // positions are filed, so that "the latest position of a name below a bound" is a binary search
  // rather than a walk back through every later position of the name.
  struct Runs {
    std::vector<uint32_t> begin;      // by slot, one past the end for the last: offsets into `positions`
    std::vector<uint32_t> positions;  // ascending within each slot's run
  };
  template <typename Keep>
  [[nodiscard]] Runs runs(Keep keep) const {
    Runs out;
    out.begin.assign(m_slots.size() + 1, 0);
    for (size_t i = 0; i < m_slots.size(); ++i) {
      uint32_t count = 0;
      for (uint32_t p = m_slots[i].latest; p != k_none; p = m_previous[p]) count += keep(p) ? 1 : 0;
      out.begin[i + 1] = out.begin[i] + count;
    }
    out.positions.resize(out.begin.back());
    for (size_t i = 0; i < m_slots.size(); ++i) {
      uint32_t at = out.begin[i + 1];
      for (uint32_t p = m_slots[i].latest; p != k_none; p = m_previous[p]) {
        if (keep(p)) out.positions[--at] = p;
      }
    }
    return out;
  }
  // The latest position of `name` in `runs` below `bound`; k_none when there is none.
  template <typename NameAt>
  [[nodiscard]] uint32_t latest_below(const Runs& runs, std::string_view name, uint32_t bound,
                                      NameAt name_at) const {
    if (m_slots.empty()) return k_none;
    const size_t slot = find(name, std::hash<std::string_view>{}(name), name_at);
    const auto first = runs.positions.begin() + runs.begin[slot];
    const auto last = runs.positions.begin() + runs.begin[slot + 1];
    const auto it = std::lower_bound(first, last, bound);
    return it == first ? k_none : *std::prev(it);
  }

 private:
  struct Slot {
    size_t hash = 0;
    uint32_t latest = k_none;  // the latest position of the name; k_none for an empty slot
  };

  // The slot holding `name`, or the empty slot where it would go.
  template <typename NameAt>
  [[nodiscard]] size_t find(std::string_view name, size_t hash, NameAt name_at) const {
    const size_t mask = m_slots.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = m_slots[i];
      if (slot.latest == k_none || (slot.hash == hash && name_at(slot.latest) == name)) return i;
    }
  }

  void rehash(size_t slots) {
    std::vector<Slot> old = std::exchange(m_slots, std::vector<Slot>(slots));
    for (const Slot& slot : old) {
      if (slot.latest == k_none) continue;
      size_t i = slot.hash & (slots - 1);
      while (m_slots[i].latest != k_none) i = (i + 1) & (slots - 1);
      m_slots[i] = slot;
    }
  }

  std::vector<uint32_t> m_previous;  // by position: the previous position of the same name
  std::vector<Slot> m_slots;         // a power of two, at most half full
  size_t m_names = 0;
};

// Per-stage scope: ARG/ENV definitions in order. `position` of a definition is its index in the
// scope; an instruction sees the definitions whose position is below its `visible` count.
class StageScope {
  // The name defined at a position.
  [[nodiscard]] auto name_at(const std::vector<Variable>& vars) const {
    return [this, &vars](uint32_t pos) -> std::string_view { return vars[m_order[pos]].name; };
  }

 public:
  [[nodiscard]] uint32_t size() const { return m_names.size(); }
  // Ids of the ENV definitions, inherited and own, in order: what a child stage inherits.
  [[nodiscard]] const std::vector<uint32_t>& envs() const { return m_envs; }

  void reserve(size_t definitions) {
    m_order.reserve(definitions);
    m_names.reserve(definitions);
  }

  // Appends the definition of variable `id`.
  void add(uint32_t id, const std::vector<Variable>& vars) {
    m_names.push(vars[id].name, name_at(vars));
    m_order.push_back(id);
    if (vars[id].kind == VariableKind::Env) m_envs.push_back(id);
  }

  // Once the scope is complete: ENV and ARG positions of each name in sorted runs, so that lookups
  // from any instruction take a binary search, however many times a name is redefined after it.
  void freeze(const std::vector<Variable>& vars) {
    if (m_order.size() <= 64) return;  // a walk back over a few definitions is as quick
    const auto is_env = [&](uint32_t pos) { return vars[m_order[pos]].kind == VariableKind::Env; };
    m_runs = std::make_unique<Frozen>(
        Frozen{m_names.runs(is_env), m_names.runs([&](uint32_t pos) { return !is_env(pos); })});
  }

  // The definition of `name` that an instruction seeing `visible` definitions uses: the latest ENV,
  // else the latest ARG (ENV wins over ARG of the same name, as in BuildKit).
  [[nodiscard]] const Variable* visible(std::string_view name, uint32_t visible,
                                        const std::vector<Variable>& vars) const {
    if (m_runs) {
      uint32_t pos = m_names.latest_below(m_runs->env, name, visible, name_at(vars));
      if (pos == k_none) pos = m_names.latest_below(m_runs->arg, name, visible, name_at(vars));
      return pos == k_none ? nullptr : &vars[m_order[pos]];
    }
    // While the scope is being built, lookups come from its end: the walk back is short.
    const Variable* arg = nullptr;
    for (uint32_t pos = m_names.latest(name, name_at(vars)); pos != k_none; pos = m_names.previous(pos)) {
      if (pos >= visible) continue;
      const Variable& v = vars[m_order[pos]];
      if (v.kind == VariableKind::Env) return &v;
      if (!arg) arg = &v;
    }
    return arg;
  }

 private:
  std::vector<uint32_t> m_order;  // variable ids, by position
  std::vector<uint32_t> m_envs;   // variable ids of the ENV definitions
  NameIndex m_names;
  struct Frozen {
    NameIndex::Runs env;
    NameIndex::Runs arg;
  };
  std::unique_ptr<Frozen> m_runs;  // set by freeze() for scopes with many definitions
};

// What the model knows of one instruction of the file. Strings (WORKDIR, HOME, USER) change at a few
// instructions only, so each instruction holds indices into Impl::strings rather than copies.
struct InstructionInfo {
  std::optional<size_t> stage;
  uint32_t visible = 0;                   // definitions of the stage scope visible at this instruction
  uint32_t workdir = 0;                   // Impl::strings
  uint32_t home = 0;                      // Impl::strings
  uint32_t user = k_none;                 // Impl::strings; k_none when no USER was set
  uint32_t script = k_none;               // index into Impl::scripts
  uint32_t heredoc_scripts = k_none;      // first index into Impl::scripts for heredoc bodies
  uint32_t copy_source = k_none;          // COPY/ADD --from: the stage it reads from
  const Instruction* next_run = nullptr;  // the first RUN after this one in its stage
};

struct BuildModel::Impl {
  const Instruction* first = nullptr;  // file.instructions.data(): info[i] is instruction i
  std::vector<InstructionInfo> info;
  std::vector<std::string> strings{"/", "/root"};
  // name -> RUNs referencing $name, in file order (built on first use by next_run_using()).
  std::once_flag runs_by_var_once;
  StringMap<std::vector<const Instruction*>> runs_by_var;
  NameIndex stage_names;  // stage index -> its lower-cased name ("" for none)
  std::vector<StageScope> scopes;
  StageScope global;
  std::vector<ShellScript> scripts;
  ShellScript empty_script;
  RemovalIndex removals;           // of the model's file events
  std::vector<uint32_t> preorder;  // by stage: its number in a preorder walk of the stage tree
  std::vector<uint32_t> subtree;   // by stage: itself and the stages built FROM it

  // The info of an instruction of the file; null for others (ONBUILD triggers).
  [[nodiscard]] const InstructionInfo* find(const Instruction& inst) const {
    if (info.empty() || std::less<>{}(&inst, first) || !std::less<>{}(&inst, first + info.size()))
      return nullptr;
    return &info[static_cast<size_t>(&inst - first)];
  }
  [[nodiscard]] uint32_t index_of(const Instruction& inst) const {
    return static_cast<uint32_t>(&inst - first);
  }
  // `s` as a string id: `current` when it already holds `s`, else a new one.
  uint32_t keep(std::string_view s, uint32_t current) {
    if (current != k_none && strings[current] == s) return current;
    strings.emplace_back(s);
    return static_cast<uint32_t>(strings.size() - 1);
  }
};

struct ContextSource::State {
  const BuildContext* fixed = nullptr;
  std::function<const BuildContext*()> loader;
  std::once_flag once;
  const BuildContext* loaded = nullptr;
};

ContextSource::ContextSource(const BuildContext* context) : m_state(std::make_shared<State>()) {
  m_state->fixed = context;
}

ContextSource::ContextSource(std::function<const BuildContext*()> loader)
    : m_state(std::make_shared<State>()) {
  m_state->loader = std::move(loader);
}

const BuildContext* ContextSource::get() const {
  if (!m_state->loader) return m_state->fixed;
  std::call_once(m_state->once, [this] { m_state->loaded = m_state->loader(); });
  return m_state->loaded;
}

BuildModel::~BuildModel() = default;

BuildModel::BuildModel(const SourceFile& source, const Dockerfile& file, const LintOptions& options,
                       ContextSource context)
    : m_source(source),
      m_file(file),
      m_options(options),
      m_context(std::move(context)),
      m_impl(std::make_unique<Impl>()) {
  Impl& impl = *m_impl;
  StageScope* scope = &impl.global;
  std::optional<size_t> stage;
  // WORKDIR, HOME (from USER) and USER in effect, as ids into impl.strings.
  uint32_t workdir = 0;
  uint32_t home = 1;
  uint32_t user = k_none;
  impl.first = file.instructions.data();
  impl.info.reserve(file.instructions.size());
  // Definitions per scope (global first, then each stage), so that each name index is sized once.
  std::vector<size_t> definitions(1, 0);
  for (const Instruction& inst : file.instructions) {
    if (inst.kind == InstructionKind::From) definitions.push_back(0);
    if (inst.kind == InstructionKind::Arg || inst.kind == InstructionKind::Env)
      definitions.back() += inst.pairs.size();
  }
  impl.global.reserve(definitions.front());
  impl.stage_names.reserve(definitions.size() - 1);
  const auto stage_name_at = [this](uint32_t index) -> std::string_view { return m_stages[index].name; };
  m_stages.reserve(definitions.size() - 1);
  impl.scopes.reserve(definitions.size() - 1);
  size_t inherit_budget = 65'536;
  for (size_t d : definitions) inherit_budget += 4 * d;
  // Bytes of expanded values the model keeps, linear in the file's size: ENVs that each append to
  // the one before (`ENV A2=${A1}x`), or stages that each copy a long global default, would keep
  // quadratic bytes. Past the budget, expanded values are cut short (a hostile file only).
  size_t value_budget = (size_t{1} << 20) + 16 * source.text().size();
  auto keep_within_budget = [&](std::string& value) {
    if (value.size() > value_budget) value.resize(value_budget);
    value_budget -= value.size();
  };

  auto visible_lookup = [&](const StageScope& sc, uint32_t visible,
                            std::string_view name) -> const Variable* {
    return sc.visible(name, visible, m_variables);
  };

  auto define = [&](StageScope& sc, Variable var) {
    const auto id = static_cast<uint32_t>(m_variables.size());
    var.strength = name_strength(var.name);
    m_variables.push_back(std::move(var));
    sc.add(id, m_variables);
  };

  auto make_lookup = [&](const StageScope& sc, uint32_t visible) {
    return [&, visible, sc_ptr = &sc](std::string_view name) -> std::optional<std::string> {
      const Variable* v = visible_lookup(*sc_ptr, visible, name);
      if (v) return v->value;
      return std::nullopt;
    };
  };

  m_variables.reserve(64);
  for (const Instruction& inst : file.instructions) {
    InstructionInfo info;
    if (inst.kind == InstructionKind::From) {
      Stage st;
      st.index = m_stages.size();
      st.from = &inst;
      if (inst.stage_name) st.name = ascii_lower(inst.stage_name->value);
      if (inst.image) {
        ExpandResult r =
            expand_word(inst.image->value, make_lookup(impl.global, impl.global.size()), file.escape);
        st.base = r.value;
        // A repeated name means the latest stage of that name.
        if (const std::string base = ascii_lower(st.base); !base.empty()) {
          if (const uint32_t named = impl.stage_names.latest(base, stage_name_at); named != k_none)
            st.parent = named;
        }
      }
      m_stages.push_back(st);
      impl.stage_names.push(m_stages.back().name, stage_name_at);
      impl.scopes.emplace_back();
      stage = st.index;
      scope = &impl.scopes.back();
      scope->reserve(definitions[impl.scopes.size()]);
      workdir = 0;
      home = 1;
      user = k_none;
      if (st.parent) {
        // ENV (not ARG) is inherited from the parent stage, as are WORKDIR and USER.
        // Each child holds its own copy of what it inherits, so a chain of stages each adding an ENV
        // costs copies quadratic in its length: past a budget linear in the file's definitions, a
        // stage inherits only its parent's latest ENVs (a hostile file loses a little precision
        // rather than minutes and gigabytes).
        const std::vector<uint32_t>& inherited = impl.scopes[*st.parent].envs();
        const size_t take = std::min(inherited.size(), inherit_budget);
        inherit_budget -= take;
        for (size_t k = inherited.size() - take; k < inherited.size(); ++k)
          scope->add(inherited[k], m_variables);
        const Stage& parent = m_stages[*st.parent];
        const Instruction* last = parent.instructions.empty() ? parent.from : parent.instructions.back();
        if (const InstructionInfo* p = impl.find(*last)) {
          workdir = p->workdir;
          home = p->home;
          user = p->user;
        }
      }
    } else if (stage) {
      m_stages[*stage].instructions.push_back(&inst);
    }
    info.stage = stage;
    info.visible = scope->size();

    if ((inst.kind == InstructionKind::Copy || inst.kind == InstructionKind::Add) && stage) {
      for (const Flag& f : inst.flags) {
        if (f.name != "from" || !f.value) continue;
        const ExpandResult r = expand_word(*f.value, make_lookup(*scope, info.visible), file.escape);
        if (auto from = stage_named(r.value, *stage)) info.copy_source = static_cast<uint32_t>(*from);
      }
    }
    if (inst.kind == InstructionKind::Arg || inst.kind == InstructionKind::Env) {
      for (const KeyValue& kv : inst.pairs) {
        Variable v;
        v.name = kv.key.value;
        v.kind = inst.kind == InstructionKind::Arg ? VariableKind::Arg : VariableKind::Env;
        v.origin = &inst;
        v.pair = &kv;
        v.global = !stage.has_value();
        const auto visible = scope->size();
        if (kv.value) {
          ExpandResult r = expand_word(kv.value->value, make_lookup(*scope, visible), file.escape);
          // Values that refer to themselves (`ENV A=$A$A`, forty times) would double each time: a
          // bound per value keeps a file's expansions linear in its size.
          if (r.value.size() > k_max_value) r.value.resize(k_max_value);
          if (!r.used.empty()) keep_within_budget(r.value);
          v.value = r.value;
          v.derived_from = r.used;
          v.has_literal = r.used.empty() && !r.value.empty();
          for (const std::string& used : r.used) {
            const Variable* from = visible_lookup(*scope, visible, used);
            if (is_secret_name(name_strength(used)) || (from && from->secret_derived)) {
              v.secret_derived = true;
            }
          }
        }
        if (v.kind == VariableKind::Arg) {
          if (!v.global && !kv.value) {
            // `ARG NAME` in a stage takes the global default.
            if (const Variable* g = visible_lookup(impl.global, impl.global.size(), v.name)) {
              v.value = g->value;
              if (v.value) keep_within_budget(*v.value);
              v.has_literal = g->has_literal;
              v.secret_derived = g->secret_derived;
            }
          }
          auto given = m_options.build_args.find(v.name);
          if (given != m_options.build_args.end()) v.value = given->second;
        }
        define(*scope, std::move(v));
      }
    } else if (inst.kind == InstructionKind::Workdir && !inst.args.empty()) {
      ExpandResult r = expand_word(inst.args.front().value, make_lookup(*scope, info.visible), file.escape);
      std::string dir = paths::resolve(r.value, impl.strings[workdir]);
      if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
      // A path longer than PATH_MAX fails the build; a chain of relative WORKDIRs stops growing.
      if (dir.size() <= k_max_path) workdir = impl.keep(dir, workdir);
    } else if (inst.kind == InstructionKind::User && !inst.args.empty()) {
      ExpandResult r = expand_word(inst.args.front().value, make_lookup(*scope, info.visible), file.escape);
      if (!r.used.empty()) keep_within_budget(r.value);
      const std::string name = r.value.substr(0, r.value.find(':'));
      home = impl.keep((name.empty() || name == "root" || name == "0") ? "/root" : "/home/" + name, home);
      user = impl.keep(r.value, user);
    }
    info.workdir = workdir;
    info.home = home;
    info.user = user;
    if (const Variable* h = visible_lookup(*scope, info.visible, "HOME");
        h && h->kind == VariableKind::Env && h->value) {
      info.home = impl.keep(*h->value, home);
    }
    if (inst.kind == InstructionKind::Run) {
      if (!inst.exec_form) {
        info.script = static_cast<uint32_t>(impl.scripts.size());
        impl.scripts.push_back(parse_shell(inst.command()));
      }
      if (!inst.heredocs.empty()) {
        info.heredoc_scripts = static_cast<uint32_t>(impl.scripts.size());
        for (const Heredoc& h : inst.heredocs) impl.scripts.push_back(parse_shell(h.content));
      }
    }
    impl.info.push_back(info);
  }

  // Each instruction's next RUN in its stage, from the back.
  for (const Stage& st : m_stages) {
    const Instruction* next = nullptr;
    for (auto it = st.instructions.rbegin(); it != st.instructions.rend(); ++it) {
      impl.info[impl.index_of(**it)].next_run = next;
      if ((*it)->kind == InstructionKind::Run) next = *it;
    }
    impl.info[impl.index_of(*st.from)].next_run = next;
  }

  // The final stage and what ships.
  if (!m_stages.empty()) {
    m_final = m_stages.size() - 1;
    if (!m_options.target.empty()) {
      const std::string target = ascii_lower(m_options.target);
      for (const Stage& st : m_stages) {
        if (st.name == target) m_final = st.index;
      }
    }
    for (std::optional<size_t> s = m_final; s; s = m_stages[*s].parent) {
      if (m_stages[*s].ships) break;  // defensive: FROM chains only point backwards
      m_stages[*s].ships = true;
    }
  }

  // The stage tree numbered in preorder: the stages built FROM a stage (directly or not) follow it,
  // so "descends from" is a range test. Parents always come before their children.
  impl.subtree.assign(m_stages.size(), 1);
  for (size_t s = m_stages.size(); s-- > 0;) {
    if (m_stages[s].parent) impl.subtree[*m_stages[s].parent] += impl.subtree[s];
  }
  impl.preorder.assign(m_stages.size(), 0);
  std::vector<uint32_t> next_child(m_stages.size(), 0);
  uint32_t next_root = 0;
  for (const Stage& st : m_stages) {
    uint32_t& slot = st.parent ? next_child[*st.parent] : next_root;
    impl.preorder[st.index] = slot;
    slot += impl.subtree[st.index];
    next_child[st.index] = impl.preorder[st.index] + 1;
  }

  impl.global.freeze(m_variables);
  for (StageScope& sc : impl.scopes) sc.freeze(m_variables);

  find_secret_evidence(*this, m_variables);
  m_events = compute_file_events(*this);
  impl.removals.index(m_events, [&](size_t stage) { return impl.preorder[stage]; });
  impl.removals.limit((size_t{1} << 20) + 16 * (m_events.size() + file.instructions.size()));
}

bool BuildModel::descends(size_t later, size_t earlier) const {
  const auto& pre = m_impl->preorder;
  if (later >= pre.size() || earlier >= pre.size()) return false;
  return pre[earlier] <= pre[later] && pre[later] < pre[earlier] + m_impl->subtree[earlier];
}

NameStrength BuildModel::name_strength(std::string_view name) const {
  for (const std::string& allowed : m_options.allow_names) {
    if (allowed.size() == name.size() &&
        std::equal(allowed.begin(), allowed.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return NameStrength::None;
    }
  }
  return classify_secret_name(name).strength;
}

std::vector<ValueMatch> BuildModel::secret_values(std::string_view text) const {
  std::vector<ValueMatch> found = find_secret_values(text);
  if (const CompiledConfigPatterns* config = m_options.config_patterns.get()) {
    std::erase_if(found, [&](const ValueMatch& m) {
      return config->allowed_value(text.substr(m.begin, m.end - m.begin));
    });
    for (ValueMatch& m : config->find(text)) found.push_back(std::move(m));
    std::sort(found.begin(), found.end(),
              [](const ValueMatch& a, const ValueMatch& b) { return a.begin < b.begin; });
  }
  return found;
}

bool BuildModel::allowed_value(std::string_view value) const {
  return m_options.config_patterns && m_options.config_patterns->allowed_value(value);
}

std::optional<size_t> BuildModel::copy_source(const Instruction& inst) const {
  const InstructionInfo* info = m_impl->find(inst);
  if (!info || info->copy_source == k_none) return std::nullopt;
  return info->copy_source;
}

std::optional<size_t> BuildModel::stage_named(std::string_view name, size_t before) const {
  std::optional<size_t> found;
  if (const std::string lower = ascii_lower(name); !lower.empty()) {
    const auto name_at = [this](uint32_t index) -> std::string_view { return m_stages[index].name; };
    uint32_t named = m_impl->stage_names.latest(lower, name_at);
    while (named != k_none && named >= before) named = m_impl->stage_names.previous(named);
    if (named != k_none) found = named;
  }
  size_t index = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), index);
  if (ec == std::errc() && end == name.data() + name.size() && !name.empty() && index < before &&
      (!found || index > *found)) {
    found = index;
  }
  return found;
}

const FileEvent* BuildModel::removal_after(size_t event,
                                           const std::function<bool(const FileEvent&)>& accept) const {
  const uint32_t first = m_impl->preorder[m_events[event].stage];
  const size_t found = m_impl->removals.first_in_subtree(m_events, event, first,
                                                         first + m_impl->subtree[m_events[event].stage],
                                                         [&](size_t j) { return accept(m_events[j]); });
  return found == SIZE_MAX ? nullptr : &m_events[found];
}

std::optional<size_t> BuildModel::stage_of(const Instruction& inst) const {
  const InstructionInfo* info = m_impl->find(inst);
  return info ? info->stage : std::nullopt;
}

bool BuildModel::ships(const Instruction& inst) const {
  auto s = stage_of(inst);
  if (!s) {
    // Global ARGs ship when a shipped stage redeclares them; the caller decides. Treat as shipped.
    return true;
  }
  return m_stages[*s].ships;
}

Severity BuildModel::severity_for(const Instruction& inst, Severity severity) const {
  return ships(inst) ? severity : Severity::Info;
}

const Variable* BuildModel::lookup(const Instruction& inst, std::string_view name) const {
  const InstructionInfo* info = m_impl->find(inst);
  if (!info) return nullptr;
  const StageScope& sc = info->stage ? m_impl->scopes[*info->stage] : m_impl->global;
  return sc.visible(name, info->visible, m_variables);
}

ExpandResult BuildModel::expand(const Instruction& inst, std::string_view word) const {
  return expand_word(
      word,
      [&](std::string_view name) -> std::optional<std::string> {
        const Variable* v = lookup(inst, name);
        return v ? v->value : std::nullopt;
      },
      m_file.escape);
}

const ShellScript& BuildModel::script(const Instruction& inst) const {
  const InstructionInfo* info = m_impl->find(inst);
  if (!info || info->script == k_none) return m_impl->empty_script;
  return m_impl->scripts[info->script];
}

const ShellScript& BuildModel::heredoc_script(const Instruction& inst, size_t heredoc) const {
  const InstructionInfo* info = m_impl->find(inst);
  if (!info || info->heredoc_scripts == k_none || heredoc >= inst.heredocs.size())
    return m_impl->empty_script;
  return m_impl->scripts[info->heredoc_scripts + heredoc];
}

Range BuildModel::command_range(const Instruction& inst, uint32_t begin, uint32_t end) const {
  if (inst.command_map.empty()) return inst.range;
  return m_source.range(inst.command_map, begin, end);
}

std::string BuildModel::network(const Instruction& run) const {
  std::string network;
  if (run.kind == InstructionKind::Run) {
    for (const Flag& f : run.flags) {
      if (f.name == "network" && f.value) network = expand(run, *f.value).value;
    }
  }
  if (network.empty() || network == "default") network = m_options.build_network;
  return network.empty() ? "default" : network;
}

bool BuildModel::joins_named_network(const Instruction& run) const {
  const std::string joined = network(run);
  return joined != "default" && joined != "none" && joined != "host";
}

bool BuildModel::is_secret_mount_env(const Instruction& inst, std::string_view var) const {
  return std::any_of(inst.mounts.begin(), inst.mounts.end(), [&](const Mount& m) {
    return m.type == MountType::Secret && !m.env.empty() && m.env == var;
  });
}

const Mount* BuildModel::secret_mount_at(const Instruction& inst, std::string_view path) const {
  for (const Mount& m : inst.mounts) {
    if (m.type != MountType::Secret || (!m.env.empty() && m.target.empty())) continue;
    const std::string target = paths::resolve(m.effective_target(), workdir(inst));
    if (paths::is_within(path, target)) return &m;
  }
  return nullptr;
}

std::string BuildModel::workdir(const Instruction& inst) const {
  const InstructionInfo* info = m_impl->find(inst);
  return info ? m_impl->strings[info->workdir] : "/";
}

bool BuildModel::broad_context_source(std::string_view source) const {
  if (source.find_first_of("*?[") != std::string_view::npos) return true;
  if (source.empty() || source == "." || source == "./" || source == "/" || source.ends_with('/'))
    return true;
  if (!m_options.context_dir) return true;
  std::error_code ec;
  return std::filesystem::is_directory(*m_options.context_dir / std::filesystem::path(source).relative_path(),
                                       ec);
}

const Instruction* BuildModel::next_run(const Instruction& inst) const {
  const InstructionInfo* info = m_impl->find(inst);
  return info ? info->next_run : nullptr;
}

const std::vector<const Instruction*>* BuildModel::runs_referencing(std::string_view name) const {
  Impl& impl = *m_impl;
  std::call_once(impl.runs_by_var_once, [&] {
    for (const Instruction& i : m_file.instructions) {
      if (i.kind != InstructionKind::Run) continue;
      std::vector<std::string> names = referenced_variables(i.command());
      for (const Heredoc& h : i.heredocs) {
        for (std::string& n : referenced_variables(h.content)) names.push_back(std::move(n));
      }
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      for (std::string& n : names) impl.runs_by_var[std::move(n)].push_back(&i);
    }
  });
  auto runs = impl.runs_by_var.find(name);
  return runs == impl.runs_by_var.end() ? nullptr : &runs->second;
}

const Instruction* BuildModel::next_run_using(const Instruction& inst, std::string_view name) const {
  const auto found = runs_using(inst, name, false, 1);
  return found.empty() ? nullptr : found.front();
}

std::vector<const Instruction*> BuildModel::runs_using(const Instruction& inst, std::string_view name,
                                                       bool descendants, size_t limit) const {
  const Impl& impl = *m_impl;
  std::vector<const Instruction*> out;
  const std::vector<const Instruction*>* list = runs_referencing(name);
  const InstructionInfo* self = impl.find(inst);
  if (!self || !self->stage || !list) return out;
  const uint32_t after = impl.index_of(inst);
  auto it = std::upper_bound(list->begin(), list->end(), after,
                             [&](uint32_t a, const Instruction* run) { return a < impl.index_of(*run); });
  for (; it != list->end() && out.size() < limit; ++it) {
    const std::optional<size_t> stage = impl.find(**it)->stage;
    if (!stage) continue;
    if (*stage == *self->stage || (descendants && descends(*stage, *self->stage))) {
      out.push_back(*it);
    } else if (!descendants) {
      break;  // stages follow one another: the first RUN of a later stage ends this one's
    }
  }
  return out;
}

std::vector<const Instruction*> BuildModel::runs_after(const Instruction& inst, bool descendants,
                                                       size_t limit) const {
  std::vector<const Instruction*> out;
  const InstructionInfo* self = m_impl->find(inst);
  if (!self || !self->stage) return out;
  const size_t stage = *self->stage;
  // Stages after `stage + limit` are not looked at: a bound that keeps a fix per finding linear.
  for (size_t s = stage; s < m_stages.size() && s <= stage + limit && out.size() < limit; ++s) {
    if (s != stage && !(descendants && descends(s, stage))) continue;
    const auto& insts = m_stages[s].instructions;
    // In its own stage, from the first instruction after `inst` (a binary search: instructions are in
    // file order), so that a call per finding stays logarithmic in the stage's length.
    auto it = s != stage ? insts.begin()
                         : std::upper_bound(
                               insts.begin(), insts.end(), inst.range.begin.offset,
                               [](uint32_t at, const Instruction* i) { return at < i->range.begin.offset; });
    for (; it != insts.end() && out.size() < limit; ++it) {
      if ((*it)->kind == InstructionKind::Run) out.push_back(*it);
    }
    if (!descendants) break;
  }
  return out;
}

std::optional<std::string> BuildModel::user(const Instruction& inst) const {
  const InstructionInfo* info = m_impl->find(inst);
  if (!info || info->user == k_none) return std::nullopt;
  return m_impl->strings[info->user];
}

std::string BuildModel::home(const Instruction& inst) const {
  const InstructionInfo* info = m_impl->find(inst);
  return info ? m_impl->strings[info->home] : "/root";
}

}  // namespace layerlint
