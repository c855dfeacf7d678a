#include "lsp/server.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "lsp/actions.hpp"
#include "lsp/documents.hpp"
#include "lsp/protocol.hpp"
#include "lsp/transport.hpp"
#include "lsp/uri.hpp"

namespace layerlint::lsp {

namespace fs = std::filesystem;

namespace {

// A request whose params are not what its method takes: answered with InvalidParams.
struct InvalidParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& required(const json& object, std::string_view key) {
  const json& m = member(object, key);
  if (m.is_null()) throw InvalidParams(fmt::format("missing '{}'", key));
  return m;
}

std::string required_string(const json& object, std::string_view key) {
  const json& m = required(object, key);
  if (!m.is_string()) throw InvalidParams(fmt::format("'{}' is not a string", key));
  return m.get<std::string>();
}

LspPosition required_position(const json& object) {
  const json& line = required(object, "line");
  const json& character = required(object, "character");
  if (!line.is_number_integer() || !character.is_number_integer() || line.get<int64_t>() < 0 ||
      character.get<int64_t>() < 0) {
    throw InvalidParams("a position is not two non-negative integers");
  }
  const auto clamp = [](const json& n) {
    return static_cast<uint32_t>(std::min<int64_t>(n.get<int64_t>(), UINT32_MAX));
  };
  return {clamp(line), clamp(character)};
}

std::vector<std::string> strings_of(const json& array) {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  for (const json& s : array) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

bool contains(const json& array, std::string_view value) {
  const std::vector<std::string> values = strings_of(array);
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Files whose change on disk changes what a lint says: configs and .dockerignore files.
bool is_lint_input_name(const std::string& name) {
  return name == ".layerlint.yaml" || name == ".layerlint.yml" || name == ".dockerignore" ||
         name.ends_with(".dockerignore");
}

// A config problem that keeps a document from being linted, as one finding at its start.
Finding config_problem(const std::vector<ConfigError>& errors) {
  Finding f;
  f.rule_id = "config";
  f.slug = "config";
  f.severity = Severity::Error;
  f.message = errors.empty() ? "not linted: the config does not load"
                             : fmt::format("not linted: the config {} does not load ({})",
                                           errors.front().path, errors.front().message);
  return f;
}

class Server {
 public:
  Server(int out_fd, SessionOptions options, std::ostream& log)
      : m_out(out_fd), m_options(std::move(options)), m_log(log) {}
  ~Server() { stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int run(int in_fd);

 private:
  enum class State { Uninitialized, Running, ShutDown };

  // A hover or code action waiting for the lint of the version it was asked about.
  struct Deferred {
    json id;
    std::string method;
    json params;
    std::string uri;
    uint64_t generation = 0;  // of the document's text when it was asked
  };

  struct OpenDocument {
    int64_t version = 0;      // the client's
    uint64_t generation = 0;  // the server's: new with every text, so a reopened document is new too
    std::shared_ptr<const std::string> text;
    Document document;
    std::shared_ptr<const LintedText> linted;  // the newest lint, maybe of an older text
    uint64_t linted_generation = 0;
  };

  void log(std::string_view message);
  void send(const json& message) { m_out.write(message); }

  // The reading thread.
  void dispatch(const json& message);
  void on_request(const json& id, const std::string& method, const json& params);
  void on_notification(const std::string& method, const json& params);
  json initialize(const json& params);
  void initialized();
  void did_open(const json& params);
  void did_change(const json& params);
  void did_save(const json& params);
  void did_close(const json& params);
  void lint_inputs_changed();
  void watch_bases(const Config& config);
  void cancel(const json& params);
  void defer(const json& id, const std::string& method, const json& params);
  void stop();

  // The lint worker.
  void lint_loop();
  void lint_one(const std::string& uri);
  std::shared_ptr<const LoadedConfig> config_for(const Document& document, std::vector<ConfigError>& errors);
  void publish_config_errors(const std::vector<ConfigError>& errors);
  void reconcile_config_errors();

  // The request worker.
  void request_loop();
  std::optional<std::pair<Deferred, std::shared_ptr<const LintedText>>> take_ready(json& answer_now);
  json answer(const Deferred& d, const LintedText& linted);

  MessageWriter m_out;
  SessionOptions m_options;
  std::ostream& m_log;
  std::mutex m_log_mutex;

  // Set by initialize, read-only afterwards.
  State m_state = State::Uninitialized;
  PositionEncoding m_encoding = PositionEncoding::Utf16;
  EditSupport m_edits;
  bool m_watch_registration = false;
  fs::path m_root;
  std::optional<Session> m_session;
  bool m_exit = false;
  int m_exit_code = 1;

  std::mutex m_mutex;  // guards what follows
  std::map<std::string, OpenDocument> m_docs;
  uint64_t m_generations = 0;
  std::deque<std::string> m_queue;  // documents to lint, each once
  bool m_forget_configs = false;
  std::set<std::string> m_bases;  // configs that a config extends (absolute), watched for changes
  unsigned m_base_registrations = 0;
  std::vector<Deferred> m_pending;
  bool m_stopping = false;
  std::condition_variable m_lint_cv;
  std::condition_variable m_request_cv;
  std::thread m_lint_thread;
  std::thread m_request_thread;

  // The lint worker's own: config errors published per config file, and those seen since the
  // configs were last forgotten.
  std::map<std::string, std::vector<ConfigError>> m_config_published;
  std::map<std::string, std::vector<ConfigError>> m_config_seen;
  bool m_reconcile = false;
};

void Server::log(std::string_view message) {
  std::lock_guard lock(m_log_mutex);
  m_log << "layerlint lsp: " << message << '\n' << std::flush;
}

int Server::run(int in_fd) {
  MessageReader reader(in_fd);
  while (!m_exit) {
    Frame frame = reader.next();
    if (frame.kind == Frame::Kind::End) break;
    if (frame.kind == Frame::Kind::Error) {
      log(frame.error);
      send(error_response(nullptr, error_code::k_parse_error, frame.error));
      continue;
    }
    const json message = json::parse(frame.body, nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded()) {
      log("a message is not JSON");
      send(error_response(nullptr, error_code::k_parse_error, "the message is not JSON"));
      continue;
    }
    dispatch(message);
  }
  stop();
  if (m_exit) return m_exit_code;
  return m_state == State::ShutDown ? 0 : 1;
}

void Server::dispatch(const json& message) {
  const json& method = member(message, "method");
  const bool has_id = message.is_object() && message.contains("id");
  const json id = has_id ? message["id"] : json();
  if (!message.is_object() || (has_id && !id.is_string() && !id.is_number_integer() && !id.is_null())) {
    send(error_response(nullptr, error_code::k_invalid_request, "not a JSON-RPC request or notification"));
    return;
  }
  if (!method.is_string()) {
    if (has_id && (message.contains("result") || message.contains("error"))) return;  // a client's answer
    send(error_response(id, error_code::k_invalid_request, "the message has no method"));
    return;
  }
  const std::string name = method.get<std::string>();
  const json& params = member(message, "params");
  if (!has_id) {
    try {
      on_notification(name, params);
    } catch (const std::exception& e) {
      log(fmt::format("{}: {}", name, e.what()));
    }
    return;
  }
  try {
    on_request(id, name, params);
  } catch (const InvalidParams& e) {
    send(error_response(id, error_code::k_invalid_params, fmt::format("{}: {}", name, e.what())));
  } catch (const json::exception& e) {
    send(error_response(id, error_code::k_invalid_params, fmt::format("{}: {}", name, e.what())));
  } catch (const std::exception& e) {
    log(fmt::format("{}: {}", name, e.what()));
    send(error_response(id, error_code::k_internal_error, fmt::format("{}: {}", name, e.what())));
  }
}

void Server::on_request(const json& id, const std::string& method, const json& params) {
  if (method == "initialize") {
    if (m_state != State::Uninitialized) {
      send(error_response(id, error_code::k_invalid_request, "initialize was already sent"));
      return;
    }
    send(response(id, initialize(params)));
    // Problems with the options (unknown rules): shown, and the server runs all the same.
    for (const std::string& p : validate(m_options)) {
      log(p);
      send(notification("window/showMessage", {{"type", 2}, {"message", "layerlint: " + p}}));
    }
    return;
  }
  if (m_state == State::Uninitialized) {
    send(error_response(id, error_code::k_server_not_initialized, "the server is not initialized"));
    return;
  }
  if (m_state == State::ShutDown) {
    send(error_response(id, error_code::k_invalid_request, "the server is shut down"));
    return;
  }
  if (method == "shutdown") {
    m_state = State::ShutDown;
    send(response(id, nullptr));
  } else if (method == "textDocument/hover" || method == "textDocument/codeAction") {
    defer(id, method, params);
  } else {
    send(error_response(id, error_code::k_method_not_found, fmt::format("unknown method {}", method)));
  }
}

void Server::on_notification(const std::string& method, const json& params) {
  if (method == "exit") {
    m_exit = true;
    m_exit_code = m_state == State::ShutDown ? 0 : 1;
    return;
  }
  if (m_state != State::Running) return;  // before initialize, or after shutdown
  if (method == "initialized") {
    initialized();
  } else if (method == "textDocument/didOpen") {
    did_open(params);
  } else if (method == "textDocument/didChange") {
    did_change(params);
  } else if (method == "textDocument/didSave") {
    did_save(params);
  } else if (method == "textDocument/didClose") {
    did_close(params);
  } else if (method == "workspace/didChangeWatchedFiles") {
    lint_inputs_changed();
  } else if (method == "$/cancelRequest") {
    cancel(params);
  }
  // Other notifications ($/setTrace, workspace/didChangeConfiguration, ...) are not used.
}

json Server::initialize(const json& params) {
  const json& capabilities = member(params, "capabilities");
  // The encoding: UTF-8 when the client offers it (LSP 3.17, or clangd's offsetEncoding), else UTF-16.
  const json& offered = member(member(capabilities, "general"), "positionEncodings");
  const json& clangd_offered = member(capabilities, "offsetEncoding");
  if (contains(offered, "utf-8") || contains(clangd_offered, "utf-8")) m_encoding = PositionEncoding::Utf8;
  const json& workspace = member(capabilities, "workspace");
  const json& workspace_edit = member(workspace, "workspaceEdit");
  m_edits.document_changes = bool_member(workspace_edit, "documentChanges");
  m_edits.create_files = contains(member(workspace_edit, "resourceOperations"), "create");
  m_watch_registration = bool_member(member(workspace, "didChangeWatchedFiles"), "dynamicRegistration");

  std::optional<fs::path> root;
  if (const json& folders = member(params, "workspaceFolders"); folders.is_array() && !folders.empty())
    root = path_from_uri(string_member(folders.front(), "uri"));
  if (!root) root = path_from_uri(string_member(params, "rootUri"));
  if (!root && !string_member(params, "rootPath").empty()) root = fs::path(string_member(params, "rootPath"));
  if (root) m_root = root->lexically_normal();

  const json& init = member(params, "initializationOptions");
  if (const std::string config = string_member(init, "config"); !config.empty()) {
    m_options.config =
        (m_root.empty() || fs::path(config).is_absolute()) ? config : (m_root / config).string();
  }
  if (!m_options.config.empty()) {
    std::error_code ec;
    m_options.config = fs::absolute(m_options.config, ec).lexically_normal().string();
  }
  if (member(init, "select").is_array()) m_options.select = strings_of(init["select"]);
  if (member(init, "ignore").is_array()) m_options.ignore = strings_of(init["ignore"]);
  m_session.emplace(m_options);
  m_state = State::Running;
  m_lint_thread = std::thread([this] { lint_loop(); });
  m_request_thread = std::thread([this] { request_loop(); });

  const bool literal_actions =
      !member(member(member(capabilities, "textDocument"), "codeAction"), "codeActionLiteralSupport")
           .is_null();
  json result = {
      {"capabilities",
       {{"positionEncoding", encoding_name(m_encoding)},
        {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
        {"hoverProvider", true}}},
      {"serverInfo", {{"name", "layerlint"}, {"version", LAYERLINT_VERSION}}}};
  result["capabilities"]["codeActionProvider"] =
      literal_actions ? json{{"codeActionKinds", {k_quickfix, k_fix_all}}} : json(true);
  if (clangd_offered.is_array()) result["offsetEncoding"] = encoding_name(m_encoding);
  return result;
}

void Server::initialized() {
  if (!m_watch_registration) return;
  json watchers = json::array();
  for (const char* glob : {"**/.layerlint.y*ml", "**/.dockerignore", "**/*.dockerignore"})
    watchers.push_back({{"globPattern", glob}});
  if (!m_options.config.empty()) watchers.push_back({{"globPattern", m_options.config}});
  send(request("layerlint/register-watchers", "client/registerCapability",
               {{"registrations",
                 {{{"id", "layerlint-watched-files"},
                   {"method", "workspace/didChangeWatchedFiles"},
                   {"registerOptions", {{"watchers", watchers}}}}}}}));
}

void Server::did_open(const json& params) {
  const json& doc = required(params, "textDocument");
  const std::string uri = required_string(doc, "uri");
  const DocumentKind kind = document_kind(string_member(doc, "languageId"), uri);
  if (kind == DocumentKind::Other) return;
  const json& version = member(doc, "version");
  OpenDocument open;
  open.version = version.is_number_integer() ? version.get<int64_t>() : 0;
  open.text = std::make_shared<const std::string>(required_string(doc, "text"));
  open.document = session_document(uri, kind);
  std::lock_guard lock(m_mutex);
  open.generation = ++m_generations;
  m_docs[uri] = std::move(open);
  if (std::find(m_queue.begin(), m_queue.end(), uri) == m_queue.end()) m_queue.push_back(uri);
  m_lint_cv.notify_one();
  m_request_cv.notify_one();
}

void Server::did_change(const json& params) {
  const json& doc = required(params, "textDocument");
  const std::string uri = required_string(doc, "uri");
  const json& changes = required(params, "contentChanges");
  if (!changes.is_array()) throw InvalidParams("'contentChanges' is not an array");
  std::shared_ptr<const std::string> old_text;
  {
    std::lock_guard lock(m_mutex);
    const auto it = m_docs.find(uri);
    if (it == m_docs.end()) return;
    old_text = it->second.text;
  }
  // Full sync sends the whole text; a client that sends ranges anyway gets them applied in order.
  std::string text = *old_text;
  for (const json& change : changes) {
    const std::string replacement = required_string(change, "text");
    const json& range = member(change, "range");
    if (range.is_null()) {
      text = replacement;
      continue;
    }
    const LineIndex index(text, m_encoding);
    const uint32_t begin = index.offset(required_position(required(range, "start")));
    const uint32_t end = std::max(begin, index.offset(required_position(required(range, "end"))));
    text.replace(begin, end - begin, replacement);
  }
  const json& version = member(doc, "version");
  std::lock_guard lock(m_mutex);
  const auto it = m_docs.find(uri);
  if (it == m_docs.end()) return;
  it->second.version = version.is_number_integer() ? version.get<int64_t>() : it->second.version + 1;
  it->second.text = std::make_shared<const std::string>(std::move(text));
  it->second.generation = ++m_generations;
  if (std::find(m_queue.begin(), m_queue.end(), uri) == m_queue.end()) m_queue.push_back(uri);
  m_lint_cv.notify_one();
  m_request_cv.notify_one();
}

void Server::did_save(const json& params) {
  const std::string uri = required_string(required(params, "textDocument"), "uri");
  const auto path = path_from_uri(uri);
  bool base = false;
  if (path) {
    std::lock_guard lock(m_mutex);
    base = m_bases.contains(path->string());
  }
  if (path && (is_lint_input_name(path->filename().string()) || path->string() == m_options.config || base)) {
    lint_inputs_changed();
    return;
  }
  // The build context may have changed with the save: lint the document again.
  std::lock_guard lock(m_mutex);
  if (m_docs.contains(uri) && std::find(m_queue.begin(), m_queue.end(), uri) == m_queue.end()) {
    m_queue.push_back(uri);
    m_lint_cv.notify_one();
  }
}

void Server::did_close(const json& params) {
  const std::string uri = required_string(required(params, "textDocument"), "uri");
  std::lock_guard lock(m_mutex);
  if (m_docs.erase(uri) == 0) return;
  std::erase(m_queue, uri);
  send(notification("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}}));
  m_request_cv.notify_one();
}

void Server::lint_inputs_changed() {
  std::lock_guard lock(m_mutex);
  m_forget_configs = true;
  for (const auto& [uri, doc] : m_docs) {
    if (std::find(m_queue.begin(), m_queue.end(), uri) == m_queue.end()) m_queue.push_back(uri);
  }
  m_lint_cv.notify_one();
}

// A config's bases can have any name: each is watched from the first lint that reads it, so that a
// change to it re-lints the open documents as a change to a .layerlint.yaml does.
void Server::watch_bases(const Config& config) {
  json watchers = json::array();
  unsigned registration = 0;
  {
    std::lock_guard lock(m_mutex);
    registration = ++m_base_registrations;
    for (const std::string& base : config.extends) {
      std::error_code ec;
      const std::string path = fs::absolute(base, ec).lexically_normal().string();
      if (ec || !m_bases.insert(path).second) continue;
      if (!is_lint_input_name(fs::path(path).filename().string()))
        watchers.push_back({{"globPattern", path}});
    }
  }
  if (watchers.empty() || !m_watch_registration) return;
  send(request(fmt::format("layerlint/register-bases-{}", registration), "client/registerCapability",
               {{"registrations",
                 {{{"id", fmt::format("layerlint-config-bases-{}", registration)},
                   {"method", "workspace/didChangeWatchedFiles"},
                   {"registerOptions", {{"watchers", watchers}}}}}}}));
}

void Server::cancel(const json& params) {
  const json& id = member(params, "id");
  if (!id.is_string() && !id.is_number_integer()) return;
  std::lock_guard lock(m_mutex);
  const auto it = std::find_if(m_pending.begin(), m_pending.end(),
                               [&](const Deferred& d) { return id_key(d.id) == id_key(id); });
  if (it == m_pending.end()) return;  // answered already
  m_pending.erase(it);
  send(error_response(id, error_code::k_request_cancelled, "cancelled"));
}

void Server::defer(const json& id, const std::string& method, const json& params) {
  const std::string uri = required_string(required(params, "textDocument"), "uri");
  // The params are checked now, so that the worker only answers well-formed requests.
  if (method == "textDocument/hover") {
    required_position(required(params, "position"));
  } else {
    const json& range = required(params, "range");
    required_position(required(range, "start"));
    required_position(required(range, "end"));
  }
  std::lock_guard lock(m_mutex);
  const auto it = m_docs.find(uri);
  if (it == m_docs.end()) {  // not open, or not a document the server lints
    send(response(id, method == "textDocument/hover" ? json() : json::array()));
    return;
  }
  m_pending.push_back({id, method, params, uri, it->second.generation});
  m_request_cv.notify_one();
}

void Server::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_lint_cv.notify_all();
  m_request_cv.notify_all();
  if (m_lint_thread.joinable()) m_lint_thread.join();
  if (m_request_thread.joinable()) m_request_thread.join();
}

void Server::lint_loop() {
  for (;;) {
    std::unique_lock lock(m_mutex);
    m_lint_cv.wait(lock, [&] { return m_stopping || !m_queue.empty() || m_forget_configs; });
    if (m_stopping) return;
    const bool forget = std::exchange(m_forget_configs, false);
    std::string uri;
    if (!m_queue.empty()) {
      uri = std::move(m_queue.front());
      m_queue.pop_front();
    }
    lock.unlock();
    try {
      if (forget) {
        m_session->forget_configs();
        m_config_seen.clear();
        m_reconcile = true;
      }
      if (!uri.empty()) lint_one(uri);
      lock.lock();
      const bool idle = m_queue.empty() && !m_forget_configs;
      lock.unlock();
      if (idle && m_reconcile) reconcile_config_errors();
    } catch (const std::exception& e) {
      log(fmt::format("lint of {}: {}", uri, e.what()));
    }
  }
}

std::shared_ptr<const LoadedConfig> Server::config_for(const Document& document,
                                                       std::vector<ConfigError>& errors) {
  if (!document.place.empty()) return m_session->config_for(document.place, errors);
  // A document with no place (an unsaved buffer): the workspace's config, an explicit one, or none.
  if (!m_root.empty()) return m_session->config_for(m_root, errors);
  if (!m_options.config.empty()) return m_session->config_for(fs::path(), errors);
  return std::make_shared<const LoadedConfig>();
}

void Server::lint_one(const std::string& uri) {
  int64_t version = 0;
  uint64_t generation = 0;
  std::shared_ptr<const std::string> text;
  Document document;
  {
    std::lock_guard lock(m_mutex);
    const auto it = m_docs.find(uri);
    if (it == m_docs.end()) return;
    version = it->second.version;
    generation = it->second.generation;
    text = it->second.text;
    document = it->second.document;
  }
  std::vector<ConfigError> errors;
  std::shared_ptr<const LoadedConfig> config = config_for(document, errors);
  publish_config_errors(errors);
  if (config) watch_bases(config->config);
  auto source = std::make_shared<const SourceFile>(document.path, *text);
  std::vector<Finding> findings;
  // The tree and model are freed once the diagnostics are out (declared before the lock below, so
  // released after it), not between the lint and its answer.
  LintRemains remains;
  if (config) {
    findings = m_session->lint(document, *config, *source, Teardown::HandOver, &remains);
  } else {
    findings.push_back(config_problem(errors));
  }
  auto linted = std::make_shared<const LintedText>(uri, version, document, std::move(source),
                                                   std::move(config), std::move(findings), m_encoding);
  const std::string message =
      to_json_text(notification("textDocument/publishDiagnostics",
                                {{"uri", uri}, {"version", version}, {"diagnostics", diagnostics(*linted)}}));
  std::lock_guard lock(m_mutex);
  const auto it = m_docs.find(uri);
  if (it == m_docs.end() || it->second.generation != generation) return;  // stale: a newer text is queued
  it->second.linted = std::move(linted);
  it->second.linted_generation = generation;
  m_out.write_body(message);
  m_request_cv.notify_one();
}

void Server::publish_config_errors(const std::vector<ConfigError>& errors) {
  std::map<std::string, std::vector<ConfigError>> by_file;
  for (const ConfigError& e : errors) by_file[e.path].push_back(e);
  for (auto& [path, list] : by_file) {
    m_config_seen[path] = list;
    auto& published = m_config_published[path];
    if (published == list) continue;
    published = list;
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec).lexically_normal();
    const json diags = config_diagnostics(list, read_file_text(absolute).value_or(""), m_encoding);
    send(notification("textDocument/publishDiagnostics",
                      {{"uri", uri_from_path(absolute)}, {"diagnostics", diags}}));
  }
}

void Server::reconcile_config_errors() {
  m_reconcile = false;
  for (auto it = m_config_published.begin(); it != m_config_published.end();) {
    if (m_config_seen.contains(it->first)) {
      ++it;
      continue;
    }
    std::error_code ec;
    send(notification("textDocument/publishDiagnostics",
                      {{"uri", uri_from_path(fs::absolute(it->first, ec).lexically_normal())},
                       {"diagnostics", json::array()}}));
    it = m_config_published.erase(it);
  }
}

std::optional<std::pair<Server::Deferred, std::shared_ptr<const LintedText>>> Server::take_ready(
    json& answer_now) {
  for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
    const auto doc = m_docs.find(it->uri);
    std::shared_ptr<const LintedText> linted;
    if (doc == m_docs.end()) {
      answer_now = response(it->id, it->method == "textDocument/hover" ? json() : json::array());
    } else if (doc->second.generation != it->generation) {
      answer_now = error_response(it->id, error_code::k_content_modified, "the document changed");
    } else if (doc->second.linted && doc->second.linted_generation == it->generation) {
      linted = doc->second.linted;
    } else {
      continue;
    }
    Deferred d = std::move(*it);
    m_pending.erase(it);
    return std::make_pair(std::move(d), std::move(linted));
  }
  return std::nullopt;
}

void Server::request_loop() {
  for (;;) {
    std::unique_lock lock(m_mutex);
    json answer_now;
    std::optional<std::pair<Deferred, std::shared_ptr<const LintedText>>> ready;
    m_request_cv.wait(lock, [&] { return m_stopping || (ready = take_ready(answer_now)).has_value(); });
    if (m_stopping) return;
    lock.unlock();
    const auto& [deferred, linted] = *ready;
    if (!linted) {
      send(answer_now);
      continue;
    }
    try {
      send(response(deferred.id, answer(deferred, *linted)));
    } catch (const InvalidParams& e) {
      send(error_response(deferred.id, error_code::k_invalid_params, e.what()));
    } catch (const std::exception& e) {
      log(fmt::format("{}: {}", deferred.method, e.what()));
      send(error_response(deferred.id, error_code::k_internal_error, e.what()));
    }
  }
}

json Server::answer(const Deferred& d, const LintedText& linted) {
  if (d.method == "textDocument/hover") return hover(linted, required_position(d.params["position"]));
  const json& range = d.params["range"];
  ActionQuery query;
  query.range = {required_position(range["start"]), required_position(range["end"])};
  const json& context = member(d.params, "context");
  query.context_diagnostics = member(context, "diagnostics");
  query.only = strings_of(member(context, "only"));
  Linter lint;
  if (linted.config) {
    lint = [&](const SourceFile& source) {
      std::vector<Finding> findings = m_session->lint(linted.document, *linted.config, source);
      if (!linted.document.compose) guard_parse_errors(findings, source);
      return findings;
    };
  }
  return code_actions(linted, query, m_edits, lint);
}

}  // namespace

int serve(int in_fd, int out_fd, SessionOptions options, std::ostream& log) {
  try {
    Server server(out_fd, std::move(options), log);
    return server.run(in_fd);
  } catch (const std::exception& e) {
    log << "layerlint lsp: internal error: " << e.what() << '\n';
    return 1;
  }
}

int run_stdio_server(SessionOptions options) {
  // A client that goes away must not kill the server in the middle of a write.
  std::signal(SIGPIPE, SIG_IGN);
  const int protocol = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (protocol < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    std::cerr << "layerlint lsp: cannot set up standard output\n";
    return 1;
  }
  const int code = serve(STDIN_FILENO, protocol, std::move(options), std::cerr);
  ::close(protocol);
  return code;
}

}  // namespace layerlint::lsp
