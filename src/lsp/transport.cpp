#include "lsp/transport.hpp"

#include <unistd.h>

#include <cerrno>

#include "core/text.hpp"

namespace layerlint::lsp {

namespace {

constexpr size_t k_read_block = 64 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A decimal length; nullopt for anything else, or for a number past 2^63.
std::optional<uint64_t> parse_length(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 18) return std::nullopt;
  uint64_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

}  // namespace

MessageReader::MessageReader(int fd, uint64_t max_body) : m_fd(fd), m_max_body(max_body) {}

bool MessageReader::fill() {
  if (m_eof) return false;
  if (m_pos > 0) {
    m_buffer.erase(0, m_pos);
    m_pos = 0;
  }
  const size_t had = m_buffer.size();
  m_buffer.resize(had + k_read_block);
  ssize_t n = 0;
  do {
    n = ::read(m_fd, m_buffer.data() + had, k_read_block);
  } while (n < 0 && errno == EINTR);
  m_buffer.resize(had + static_cast<size_t>(std::max<ssize_t>(n, 0)));
  if (n <= 0) m_eof = true;
  return n > 0;
}

bool MessageReader::read_line(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  for (;;) {
    const size_t nl = m_buffer.find('\n', m_pos);
    const size_t end = nl == std::string::npos ? m_buffer.size() : nl;
    if (!too_long) line.append(m_buffer, m_pos, end - m_pos);
    if (line.size() > k_max_header_line) {
      too_long = true;
      line.clear();
    }
    m_pos = end;
    if (nl != std::string::npos) {
      ++m_pos;
      if (line.ends_with('\r')) line.pop_back();
      return true;
    }
    if (!fill()) return false;
  }
}

bool MessageReader::read_body(uint64_t n, std::string* out) {
  if (out) out->reserve(static_cast<size_t>(n));
  while (n > 0) {
    if (m_pos == m_buffer.size() && !fill()) return false;
    const size_t take = static_cast<size_t>(std::min<uint64_t>(n, m_buffer.size() - m_pos));
    if (out) out->append(m_buffer, m_pos, take);
    m_pos += take;
    n -= take;
  }
  return true;
}

Frame MessageReader::next() {
  std::string line;
  bool too_long = false;
  bool any_header = false;
  std::optional<uint64_t> length;
  std::string problem;
  for (;;) {
    if (!read_line(line, too_long)) return {};
    if (too_long) {
      problem = "a header line is longer than " + std::to_string(k_max_header_line) + " bytes";
      any_header = true;
      continue;
    }
    if (trim(line).empty()) {
      if (!any_header) continue;
      break;
    }
    any_header = true;
    // A header may follow garbage on its line (the end of a body whose length was wrong).
    const std::string lower = ascii_lower(line);
    size_t at = lower.find("content-length:");
    if (at != std::string::npos) {
      length = parse_length(std::string_view(line).substr(at + 15));
      if (!length) problem = "the Content-Length header is not a number: '" + std::string(trim(line)) + "'";
      if (at > 0) problem = "unexpected bytes before a header";
      continue;
    }
    at = lower.find(':');
    if (at == std::string::npos) problem = "a header line has no ':'";
  }
  if (!length) {
    return {Frame::Kind::Error, {}, problem.empty() ? "a message has no Content-Length header" : problem};
  }
  if (*length > m_max_body) {
    if (!read_body(*length, nullptr)) return {};
    return {Frame::Kind::Error,
            {},
            "a message of " + std::to_string(*length) + " bytes is over the limit of " +
                std::to_string(m_max_body) + " bytes"};
  }
  Frame frame{Frame::Kind::Message, {}, {}};
  if (!read_body(*length, &frame.body)) return {};
  return frame;
}

std::string to_json_text(const nlohmann::json& message) {
  return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool MessageWriter::write(const nlohmann::json& message) { return write_body(to_json_text(message)); }

bool MessageWriter::write_body(std::string_view body) {
  std::string framed = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  framed += body;
  std::lock_guard lock(m_mutex);
  std::string_view rest = framed;
  while (!m_broken && !rest.empty()) {
    const ssize_t n = ::write(m_fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      m_broken = true;
    else
      rest.remove_prefix(static_cast<size_t>(n));
  }
  return !m_broken;
}

}  // namespace layerlint::lsp
