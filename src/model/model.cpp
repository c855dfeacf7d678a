#include "layerlint/model.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>

#include "layerlint/config.hpp"
#include "model/file_flow.hpp"
#include "model/paths.hpp"

namespace layerlint {

namespace {

constexpr size_t k_max_value = 64 * 1024;  // bytes of an expanded ARG/ENV value that the model keeps

}  // namespace

// Per-stage scope: definitions in order, indexed by name. `position` of a definition is its index in
// `order`; an instruction sees the definitions whose position is below its `visible` count.
struct StageScope {
  std::vector<uint32_t> order;                                     // variable ids
  std::unordered_map<std::string, std::vector<uint32_t>> by_name;  // positions in `order`
};

struct InstructionInfo {
  std::optional<size_t> stage;
  uint32_t visible = 0;  // definitions of the stage scope visible at this instruction
  std::string workdir = "/";
  std::string home = "/root";
  std::optional<std::string> user;
  uint32_t index = 0;                     // position in the file's instruction list
  const Instruction* next_run = nullptr;  // the first RUN after this one in its stage
  size_t script = SIZE_MAX;               // index into Impl::scripts
  size_t heredoc_scripts = SIZE_MAX;      // first index into Impl::scripts for heredoc bodies
};

struct BuildModel::Impl {
  std::unordered_map<const Instruction*, InstructionInfo> info;
  // name -> RUNs referencing $name, in file order (built on first use by next_run_using()).
  std::once_flag runs_by_var_once;
  std::unordered_map<std::string, std::vector<const Instruction*>> runs_by_var;
  std::vector<StageScope> scopes;
  StageScope global;
  std::vector<ShellScript> scripts;
  ShellScript empty_script;
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
  std::string workdir = "/";
  std::string home = "/root";
  std::optional<std::string> user;

  auto visible_lookup = [&](const StageScope& sc, uint32_t visible,
                            std::string_view name) -> const Variable* {
    auto it = sc.by_name.find(std::string(name));
    if (it == sc.by_name.end()) return nullptr;
    const Variable* arg = nullptr;
    for (auto pos = it->second.rbegin(); pos != it->second.rend(); ++pos) {
      if (*pos >= visible) continue;
      const Variable& v = m_variables[sc.order[*pos]];
      if (v.kind == VariableKind::Env) return &v;
      if (!arg) arg = &v;
    }
    return arg;
  };

  auto define = [&](StageScope& sc, Variable var) {
    const auto id = static_cast<uint32_t>(m_variables.size());
    var.strength = name_strength(var.name);
    m_variables.push_back(std::move(var));
    sc.by_name[m_variables.back().name].push_back(static_cast<uint32_t>(sc.order.size()));
    sc.order.push_back(id);
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
        ExpandResult r = expand_word(
            inst.image->value, make_lookup(impl.global, static_cast<uint32_t>(impl.global.order.size())),
            file.escape);
        st.base = r.value;
        const std::string base_lower = ascii_lower(st.base);
        for (const Stage& earlier : m_stages) {
          if (!earlier.name.empty() && earlier.name == base_lower) st.parent = earlier.index;
        }
      }
      m_stages.push_back(st);
      impl.scopes.emplace_back();
      stage = st.index;
      scope = &impl.scopes.back();
      workdir = "/";
      home = "/root";
      user.reset();
      if (st.parent) {
        // ENV (not ARG) is inherited from the parent stage, as are WORKDIR and USER.
        const StageScope& parent_scope = impl.scopes[*st.parent];
        for (uint32_t id : parent_scope.order) {
          if (m_variables[id].kind != VariableKind::Env) continue;
          scope->by_name[m_variables[id].name].push_back(static_cast<uint32_t>(scope->order.size()));
          scope->order.push_back(id);
        }
        const Stage& parent = m_stages[*st.parent];
        const Instruction* last = parent.instructions.empty() ? parent.from : parent.instructions.back();
        auto pit = impl.info.find(last);
        if (pit != impl.info.end()) {
          workdir = pit->second.workdir;
          home = pit->second.home;
          user = pit->second.user;
        }
      }
    } else if (stage) {
      m_stages[*stage].instructions.push_back(&inst);
    }
    info.stage = stage;
    info.index = static_cast<uint32_t>(impl.info.size());
    info.visible = static_cast<uint32_t>(scope->order.size());
    info.workdir = workdir;
    info.home = home;
    info.user = user;

    if (inst.kind == InstructionKind::Arg || inst.kind == InstructionKind::Env) {
      for (const KeyValue& kv : inst.pairs) {
        Variable v;
        v.name = kv.key.value;
        v.kind = inst.kind == InstructionKind::Arg ? VariableKind::Arg : VariableKind::Env;
        v.origin = &inst;
        v.pair = &kv;
        v.global = !stage.has_value();
        const auto visible = static_cast<uint32_t>(scope->order.size());
        if (kv.value) {
          ExpandResult r = expand_word(kv.value->value, make_lookup(*scope, visible), file.escape);
          // Values that refer to themselves (`ENV A=$A$A`, forty times) would double each time: a
          // bound per value keeps a file's expansions linear in its size.
          if (r.value.size() > k_max_value) r.value.resize(k_max_value);
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
            if (const Variable* g =
                    visible_lookup(impl.global, static_cast<uint32_t>(impl.global.order.size()), v.name)) {
              v.value = g->value;
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
      workdir = paths::resolve(r.value, workdir);
      if (workdir.size() > 1 && workdir.back() == '/') workdir.pop_back();
    } else if (inst.kind == InstructionKind::User && !inst.args.empty()) {
      ExpandResult r = expand_word(inst.args.front().value, make_lookup(*scope, info.visible), file.escape);
      const std::string name = r.value.substr(0, r.value.find(':'));
      home = (name.empty() || name == "root" || name == "0") ? "/root" : "/home/" + name;
      user = r.value;
    }
    if (const Variable* h = visible_lookup(*scope, info.visible, "HOME");
        h && h->kind == VariableKind::Env && h->value) {
      info.home = *h->value;
    }
    if (inst.kind == InstructionKind::Run) {
      if (!inst.exec_form) {
        info.script = impl.scripts.size();
        impl.scripts.push_back(parse_shell(inst.command));
      }
      if (!inst.heredocs.empty()) {
        info.heredoc_scripts = impl.scripts.size();
        for (const Heredoc& h : inst.heredocs) impl.scripts.push_back(parse_shell(h.content));
      }
    }
    impl.info.emplace(&inst, std::move(info));
  }

  // Each instruction's next RUN in its stage, from the back.
  for (const Stage& st : m_stages) {
    const Instruction* next = nullptr;
    for (auto it = st.instructions.rbegin(); it != st.instructions.rend(); ++it) {
      impl.info[*it].next_run = next;
      if ((*it)->kind == InstructionKind::Run) next = *it;
    }
    impl.info[st.from].next_run = next;
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

  m_events = compute_file_events(*this);
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

std::optional<size_t> BuildModel::stage_of(const Instruction& inst) const {
  auto it = m_impl->info.find(&inst);
  return it == m_impl->info.end() ? std::nullopt : it->second.stage;
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
  auto it = m_impl->info.find(&inst);
  if (it == m_impl->info.end()) return nullptr;
  const StageScope& sc = it->second.stage ? m_impl->scopes[*it->second.stage] : m_impl->global;
  auto named = sc.by_name.find(std::string(name));
  if (named == sc.by_name.end()) return nullptr;
  const Variable* arg = nullptr;
  for (auto pos = named->second.rbegin(); pos != named->second.rend(); ++pos) {
    if (*pos >= it->second.visible) continue;
    const Variable& v = m_variables[sc.order[*pos]];
    if (v.kind == VariableKind::Env) return &v;
    if (!arg) arg = &v;
  }
  return arg;
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
  auto it = m_impl->info.find(&inst);
  if (it == m_impl->info.end() || it->second.script == SIZE_MAX) return m_impl->empty_script;
  return m_impl->scripts[it->second.script];
}

const ShellScript& BuildModel::heredoc_script(const Instruction& inst, size_t heredoc) const {
  auto it = m_impl->info.find(&inst);
  if (it == m_impl->info.end() || it->second.heredoc_scripts == SIZE_MAX || heredoc >= inst.heredocs.size()) {
    return m_impl->empty_script;
  }
  return m_impl->scripts[it->second.heredoc_scripts + heredoc];
}

Range BuildModel::command_range(const Instruction& inst, uint32_t begin, uint32_t end) const {
  if (inst.command_map.empty()) return inst.range;
  return m_source.range(inst.command_map, begin, end);
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
  auto it = m_impl->info.find(&inst);
  return it == m_impl->info.end() ? "/" : it->second.workdir;
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
  auto it = m_impl->info.find(&inst);
  return it == m_impl->info.end() ? nullptr : it->second.next_run;
}

const Instruction* BuildModel::next_run_using(const Instruction& inst, std::string_view name) const {
  Impl& impl = *m_impl;
  std::call_once(impl.runs_by_var_once, [&] {
    for (const Instruction& i : m_file.instructions) {
      if (i.kind != InstructionKind::Run) continue;
      std::vector<std::string> names = referenced_variables(i.command);
      for (const Heredoc& h : i.heredocs) {
        for (std::string& n : referenced_variables(h.content)) names.push_back(std::move(n));
      }
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      for (std::string& n : names) impl.runs_by_var[std::move(n)].push_back(&i);
    }
  });
  auto self = impl.info.find(&inst);
  auto runs = impl.runs_by_var.find(std::string(name));
  if (self == impl.info.end() || runs == impl.runs_by_var.end()) return nullptr;
  const uint32_t after = self->second.index;
  const auto& list = runs->second;
  auto it = std::upper_bound(list.begin(), list.end(), after,
                             [&](uint32_t a, const Instruction* run) { return a < impl.info.at(run).index; });
  if (it == list.end()) return nullptr;
  const auto run_info = impl.info.find(*it);
  return run_info->second.stage == self->second.stage ? *it : nullptr;
}

std::optional<std::string> BuildModel::user(const Instruction& inst) const {
  auto it = m_impl->info.find(&inst);
  return it == m_impl->info.end() ? std::nullopt : it->second.user;
}

std::string BuildModel::home(const Instruction& inst) const {
  auto it = m_impl->info.find(&inst);
  return it == m_impl->info.end() ? "/root" : it->second.home;
}

}  // namespace layerlint
