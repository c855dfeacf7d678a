#include "layerlint/session.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "core/text.hpp"
#include "layerlint/context.hpp"
#include "layerlint/rule.hpp"

namespace layerlint {

namespace fs = std::filesystem;

bool names_rule(std::string_view name, const RuleInfo& info) {
  if (find_rule_info(name) == &info) return true;
  return name.size() >= 2 && name.size() < info.id.size() &&
         ascii_lower(info.id).starts_with(ascii_lower(name)) && ascii_lower(name).starts_with("ll");
}

bool names_some_rule(std::string_view name) {
  const auto infos = all_rule_infos();
  return std::any_of(infos.begin(), infos.end(), [&](const RuleInfo* r) { return names_rule(name, *r); });
}

std::vector<std::string> validate(const SessionOptions& options) {
  std::vector<std::string> problems;
  for (const auto* list : {&options.select, &options.ignore}) {
    for (const std::string& id : *list) {
      if (!names_some_rule(id)) problems.push_back(fmt::format("unknown rule '{}' (see --list-rules)", id));
    }
  }
  if (std::error_code ec; !options.context.empty() && !fs::is_directory(options.context, ec))
    problems.push_back(fmt::format("--context {}: not a directory", options.context));
  return problems;
}

fs::path folder_of(const fs::path& place) {
  if (place.empty()) {
    std::error_code ec;
    return fs::current_path(ec);
  }
  const fs::path dir = place.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

struct Session::Cache {
  ConfigLocator locator;
  std::shared_ptr<const LoadedConfig> none = std::make_shared<const LoadedConfig>();
  // Per config path: the loaded config, or null with the errors that kept it from loading.
  struct Entry {
    std::shared_ptr<const LoadedConfig> loaded;
    std::vector<ConfigError> errors;
  };
  std::unordered_map<std::string, Entry> by_path;
};

Session::Session(SessionOptions options)
    : m_options(std::move(options)), m_cache(std::make_unique<Cache>()) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

std::string Session::config_path_for(const fs::path& place) {
  if (!m_options.config.empty()) return m_options.config;
  const auto found = m_cache->locator.find(place.empty() ? folder_of(place) : place);
  return found ? found->string() : std::string();
}

std::shared_ptr<const LoadedConfig> Session::config_for(const fs::path& place,
                                                        std::vector<ConfigError>& errors) {
  const std::string path = config_path_for(place);
  if (path.empty()) return m_cache->none;
  auto [it, is_new] = m_cache->by_path.try_emplace(path);
  Cache::Entry& entry = it->second;
  if (is_new) {
    if (auto config = load_config(path, entry.errors)) {
      auto patterns = std::make_shared<const CompiledConfigPatterns>(*config);
      const fs::path folder = fs::path(path).parent_path();
      entry.loaded = std::make_shared<const LoadedConfig>(
          LoadedConfig{std::move(*config), std::move(patterns), folder.empty() ? fs::path(".") : folder});
    }
  }
  errors.insert(errors.end(), entry.errors.begin(), entry.errors.end());
  return entry.loaded;
}

void Session::forget_configs() { m_cache = std::make_unique<Cache>(); }

FailLevel Session::fail_level(const LoadedConfig& config) const {
  return m_options.fail_level.value_or(config.config.fail_level.value_or(FailLevel::Warning));
}

RuleFilter Session::filter(const Config& config) const {
  const std::vector<std::string>& chosen = m_options.select;
  std::vector<std::string> select = chosen.empty() ? config.select : chosen;
  // A rule selected in the options runs even when the config ignores it.
  std::vector<std::string> ignore;
  for (const std::string& id : config.ignore) {
    const RuleInfo* info = find_rule_info(id);
    const bool reselected = info && std::any_of(chosen.begin(), chosen.end(),
                                                [&](const std::string& s) { return names_rule(s, *info); });
    if (!reselected) ignore.push_back(id);
  }
  ignore.insert(ignore.end(), m_options.ignore.begin(), m_options.ignore.end());
  return [select = std::move(select), ignore = std::move(ignore)](const RuleInfo& info) {
    auto named = [&](const std::vector<std::string>& list) {
      return std::any_of(list.begin(), list.end(),
                         [&](const std::string& id) { return names_rule(id, info); });
    };
    if (!select.empty() && !named(select)) return false;
    return !named(ignore);
  };
}

std::vector<Finding> Session::lint(const Document& document, const LoadedConfig& config,
                                   const SourceFile& source, Teardown teardown, LintRemains* remains) const {
  LintOptions options;
  options.target = m_options.target;
  options.build_args = m_options.build_args;
  options.warn_unused_ignores = m_options.warn_unused_ignores;
  options.fallback =
      m_options.fallback.value_or(config.config.fallback.value_or(FallbackStrategy::MultiStage));
  options.builder = !m_options.builder.empty() ? m_options.builder : config.config.builder.value_or("docker");
  options.allow_names = config.config.allow_names;
  if (config.patterns && !config.patterns->empty()) options.config_patterns = config.patterns;
  const RuleFilter rules = filter(config.config);

  std::vector<Finding> findings;
  if (document.compose) {
    findings = lint_compose(source, rules, options);
  } else {
    if (document.target) options.target = *document.target;
    for (const auto& [name, value] : document.build_args) options.build_args.try_emplace(name, value);
    options.build_network = document.network;
    // The context is only read if a rule asks for it (a broad COPY/ADD), and afresh for each lint:
    // a fix may have appended to its .dockerignore in between.
    fs::path context_dir;
    if (!document.context.empty()) {
      context_dir = document.context;
    } else if (!m_options.context.empty()) {
      context_dir = m_options.context;
    } else if (!document.place.empty()) {
      context_dir = folder_of(document.place);
    }
    ContextSource context;
    if (!context_dir.empty()) {
      options.context_dir = context_dir;
      auto loaded = std::make_shared<std::optional<BuildContext>>();
      context = ContextSource([loaded, context_dir, dockerfile = document.place]() -> const BuildContext* {
        loaded->emplace(BuildContext::load(context_dir, dockerfile));
        return &**loaded;
      });
    }
    findings = lint_dockerfile(source, options, context, rules, teardown, remains);
  }
  // Severity: the rule's, then the config's override; decided here only.
  for (Finding& f : findings) {
    if (auto it = config.config.severity.find(f.rule_id); it != config.config.severity.end())
      f.severity = it->second;
  }
  return findings;
}

}  // namespace layerlint
