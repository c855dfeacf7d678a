// Shared by the language server's tests: applying the server's TextEdits as an editor does, and a
// client that drives a server (in this process, or `layerlint lsp`) through a pair of pipes.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "layerlint/session.hpp"
#include "lsp/positions.hpp"
#include "lsp/server.hpp"

extern char** environ;

namespace layerlint::testing {

// `text` with the TextEdits of `edits` (a JSON array, positions in `encoding`) applied, as LSP
// says: every range refers to the text before any edit.
inline std::string apply_text_edits(const std::string& text, const nlohmann::json& edits,
                                    lsp::PositionEncoding encoding) {
  const lsp::LineIndex index(text, encoding);
  struct Change {
    uint32_t begin, end;
    std::string text;
  };
  std::vector<Change> changes;
  for (const nlohmann::json& e : edits) {
    const auto at = [&](const nlohmann::json& p) {
      return index.offset({p["line"].get<uint32_t>(), p["character"].get<uint32_t>()});
    };
    changes.push_back({at(e["range"]["start"]), at(e["range"]["end"]), e["newText"].get<std::string>()});
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.begin > b.begin; });
  std::string out = text;
  for (const Change& c : changes) out.replace(c.begin, c.end - c.begin, c.text);
  return out;
}

// A language client for tests. It talks to serve() on a thread of this process, or to the real
// `layerlint lsp` in a child process, and keeps every byte the server wrote: `pure()` tells whether
// they are nothing but framed messages. Waits are bounded (10 s); a wait that times out returns null.
class LspClient {
 public:
  using json = nlohmann::json;
  static constexpr std::chrono::seconds k_wait{10};

  // In this process.
  explicit LspClient(SessionOptions options = {}) {
    std::signal(SIGPIPE, SIG_IGN);  // a write to a server that has ended fails instead
    open_pipes();
    m_server = std::thread([this, options = std::move(options)]() mutable {
      const int code = lsp::serve(m_server_in, m_server_out, std::move(options), m_log);
      ::close(m_server_out);
      ::close(m_server_in);
      std::lock_guard lock(m_mutex);
      m_exit_code = code;
      m_cv.notify_all();
    });
    start_reader();
  }

  // `binary lsp args...` in a child process.
  LspClient(const std::string& binary, std::vector<std::string> args) {
    std::signal(SIGPIPE, SIG_IGN);
    open_pipes();
    args.insert(args.begin(), {binary, "lsp"});
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, m_server_in, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, m_server_out, STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);  // its logs
    if (posix_spawn(&m_child, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) m_child = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(m_server_in);
    ::close(m_server_out);
    start_reader();
  }

  ~LspClient() { finish(); }
  LspClient(const LspClient&) = delete;
  LspClient& operator=(const LspClient&) = delete;

  void send_raw(const std::string& bytes) {
    std::string_view rest = bytes;
    while (!rest.empty() && m_to_server >= 0) {
      const ssize_t n = ::write(m_to_server, rest.data(), rest.size());
      if (n <= 0) break;
      rest.remove_prefix(static_cast<size_t>(n));
    }
  }
  void send(const json& message) {
    const std::string body = message.dump();
    send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  void notify(const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  // Sends a request and returns its id.
  int64_t send_request(const std::string& method, json params) {
    const int64_t id = ++m_next_id;
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    return id;
  }
  json request(const std::string& method, json params) {
    return response(send_request(method, std::move(params)));
  }

  // The response to request `id` (null on timeout).
  json response(const json& id) {
    return wait_for(
        [&](const json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
  }
  // The first message received that `match` accepts and that no earlier wait took (null on timeout).
  json wait_for(const std::function<bool(const json&)>& match, std::chrono::milliseconds limit = k_wait) {
    std::unique_lock lock(m_mutex);
    json found;
    m_cv.wait_for(lock, limit, [&] {
      for (size_t i = 0; i < m_messages.size(); ++i) {
        if (!m_taken[i] && match(m_messages[i])) {
          m_taken[i] = true;
          found = m_messages[i];
          return true;
        }
      }
      return false;
    });
    return found;
  }
  // The next diagnostics published for `uri` (null on timeout).
  json diagnostics(const std::string& uri) {
    return wait_for([&](const json& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
    });
  }
  // Every message received so far.
  std::vector<json> messages() {
    std::lock_guard lock(m_mutex);
    return m_messages;
  }

  json initialize(json capabilities = json::object(), json options = nullptr, json root = nullptr) {
    json params = {{"processId", nullptr}, {"rootUri", root}, {"capabilities", std::move(capabilities)}};
    if (!options.is_null()) params["initializationOptions"] = std::move(options);
    json r = request("initialize", std::move(params));
    notify("initialized", json::object());
    return r;
  }
  void open(const std::string& uri, const std::string& text, int version = 1,
            const std::string& language = "dockerfile") {
    notify(
        "textDocument/didOpen",
        {{"textDocument", {{"uri", uri}, {"languageId", language}, {"version", version}, {"text", text}}}});
  }
  void change(const std::string& uri, const std::string& text, int version) {
    notify("textDocument/didChange",
           {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", {{{"text", text}}}}});
  }

  // Closes the server's input and waits for it to end: its exit code (-1 when it did not end).
  int finish() {
    if (m_to_server >= 0) {
      ::close(m_to_server);
      m_to_server = -1;
    }
    if (m_server.joinable()) m_server.join();
    if (m_child > 0) {
      int status = 0;
      // Bounded: the child is asked to end, and killed when it does not.
      for (int i = 0; i < 1000 && ::waitpid(m_child, &status, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (i == 999) {
          ::kill(m_child, SIGKILL);
          ::waitpid(m_child, &status, 0);
        }
      }
      m_child = -1;
      std::lock_guard lock(m_mutex);
      m_exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (m_reader.joinable()) m_reader.join();
    if (m_from_server >= 0) {
      ::close(m_from_server);
      m_from_server = -1;
    }
    std::lock_guard lock(m_mutex);
    return m_exit_code;
  }
  // Waits (bounded) for the server to end on its own, after `exit`: its exit code, or -1.
  int exit_code() {
    if (m_child > 0) return finish();
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, k_wait, [&] { return m_exit_code != -1; });
    return m_exit_code;
  }

  // Whether every byte the server wrote so far is part of a framed message.
  bool pure() {
    std::lock_guard lock(m_mutex);
    return m_pure && m_raw.size() == m_parsed;
  }
  std::string log() const { return m_log.str(); }

 private:
  void open_pipes() {
    int to_server[2], from_server[2];
    if (::pipe2(to_server, O_CLOEXEC) != 0 || ::pipe2(from_server, O_CLOEXEC) != 0) return;
    m_server_in = to_server[0];
    m_to_server = to_server[1];
    m_from_server = from_server[0];
    m_server_out = from_server[1];
  }
  void start_reader() {
    m_reader = std::thread([this] {
      char block[65536];
      for (;;) {
        const ssize_t n = ::read(m_from_server, block, sizeof block);
        if (n <= 0) break;
        std::lock_guard lock(m_mutex);
        m_raw.append(block, static_cast<size_t>(n));
        parse();
        m_cv.notify_all();
      }
      std::lock_guard lock(m_mutex);
      m_cv.notify_all();
    });
  }
  // Takes the complete frames from m_raw: exactly "Content-Length: N\r\n\r\n" and N bytes of JSON.
  void parse() {
    for (;;) {
      const std::string_view rest = std::string_view(m_raw).substr(m_parsed);
      const size_t end = rest.find("\r\n\r\n");
      if (end == std::string_view::npos) return;
      const std::string_view header = rest.substr(0, end);
      if (!header.starts_with("Content-Length: ")) {
        m_pure = false;
        return;
      }
      size_t length = 0;
      try {
        length = std::stoul(std::string(header.substr(16)));
      } catch (...) {
        m_pure = false;
        return;
      }
      if (rest.size() < end + 4 + length) return;
      json message = json::parse(rest.substr(end + 4, length), nullptr, false);
      if (message.is_discarded()) m_pure = false;
      m_messages.push_back(std::move(message));
      m_taken.push_back(false);
      m_parsed += end + 4 + length;
    }
  }

  int m_server_in = -1, m_server_out = -1, m_to_server = -1, m_from_server = -1;
  pid_t m_child = -1;
  std::thread m_server;
  std::thread m_reader;
  std::ostringstream m_log;
  int64_t m_next_id = 0;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::string m_raw;
  size_t m_parsed = 0;
  bool m_pure = true;
  std::vector<json> m_messages;
  std::vector<bool> m_taken;
  int m_exit_code = -1;
};

}  // namespace layerlint::testing
