// The Language Server Protocol's base protocol: JSON-RPC 2.0 messages, each a header block
// (`Content-Length: N`, optionally `Content-Type: ...`, each line ending with "\r\n") then N bytes
// of JSON.
//
// Reading is tolerant: header names are case-insensitive, unknown headers are skipped, lines may
// end with a bare "\n", blank lines before a header block are skipped. It is also bounded: a header
// line longer than k_max_header_line, or a body longer than the reader's limit, is an error frame
// (the body is read and dropped, so the next message is read as usual); a header block without a
// usable Content-Length is an error frame too, and the reader looks for the next one.
//
// Contract: a MessageReader is used by one thread. A MessageWriter may be shared: write() is
// thread-safe and writes each message whole. Neither throws; both retry on EINTR.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace layerlint::lsp {

inline constexpr size_t k_max_header_line = 8 * 1024;
inline constexpr uint64_t k_max_body = 64u << 20;

struct Frame {
  enum class Kind { Message, Error, End };
  Kind kind = Kind::End;
  std::string body;   // Message: the JSON text
  std::string error;  // Error: what was wrong with the framing
};

class MessageReader {
 public:
  explicit MessageReader(int fd, uint64_t max_body = k_max_body);
  // The next frame; Kind::End at the end of input (or a read error), also in the middle of a message.
  Frame next();

 private:
  bool fill();
  // The next header line without its line break; sets `too_long` (and drops the line) when it is
  // longer than k_max_header_line. False at the end of input.
  bool read_line(std::string& line, bool& too_long);
  // Reads `n` bytes into `out` (or drops them when `out` is null). False at the end of input.
  bool read_body(uint64_t n, std::string* out);

  int m_fd;
  uint64_t m_max_body;
  std::string m_buffer;
  size_t m_pos = 0;
  bool m_eof = false;
};

// `message` as one JSON text: invalid UTF-8 in its strings becomes U+FFFD instead of an exception.
std::string to_json_text(const nlohmann::json& message);

class MessageWriter {
 public:
  explicit MessageWriter(int fd) : m_fd(fd) {}
  // Frames and writes one message; false once the other end has gone (then every later write is
  // false too, without writing).
  bool write(const nlohmann::json& message);
  bool write_body(std::string_view body);

 private:
  int m_fd;
  std::mutex m_mutex;
  bool m_broken = false;
};

}  // namespace layerlint::lsp
