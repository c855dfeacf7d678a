#include "cli/fix_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <set>
#include <system_error>

namespace layerlint {

namespace fs = std::filesystem;

namespace {

std::string errno_text() { return std::error_code(errno, std::generic_category()).message(); }

// Closes the descriptor and removes the temporary file unless the rename consumed it.
class TempFile {
 public:
  explicit TempFile(std::string pattern)
      : m_path(std::move(pattern)), m_fd(::mkstemp(m_path.data())), m_created(m_fd >= 0) {}
  ~TempFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (m_created && !m_renamed) ::unlink(m_path.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  [[nodiscard]] int fd() const { return m_fd; }
  [[nodiscard]] const std::string& path() const { return m_path; }
  bool close() {
    const int fd = m_fd;
    m_fd = -1;
    return ::close(fd) == 0;
  }
  void renamed() { m_renamed = true; }

 private:
  std::string m_path;
  int m_fd;
  bool m_created;
  bool m_renamed = false;
};

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    content.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// The permission bits a new file gets from open(2) with 0666. umask() can only be read by setting it,
// so it is set back at once; the command line calls this after its workers have finished.
mode_t new_file_mode() {
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return 0666 & ~mask;
}

std::string_view without_cr(std::string_view line) {
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

}  // namespace

std::string write_atomically(const std::string& path, std::string_view content) {
  // Through a symbolic link, the file it points to is replaced and the link kept.
  fs::path target = path;
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(target, ec))) {
    target = fs::canonical(target, ec);
    if (ec) return ec.message();
  }
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  const mode_t mode = exists ? (st.st_mode & 07777) : new_file_mode();
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  TempFile temp((dir / ("." + target.filename().string() + ".layerlint-XXXXXX")).string());
  if (temp.fd() < 0) return errno_text();
  if (!write_all(temp.fd(), content) || ::fchmod(temp.fd(), mode) != 0 || ::fsync(temp.fd()) != 0) {
    return errno_text();
  }
  if (!temp.close()) return errno_text();
  if (::rename(temp.path().c_str(), target.c_str()) != 0) return errno_text();
  temp.renamed();
  // The rename itself reaches the disk with the directory.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

std::string append_missing_lines(std::string_view content, std::string_view lines) {
  std::set<std::string_view> present;
  for (size_t at = 0; at < content.size();) {
    const size_t nl = std::min(content.find('\n', at), content.size());
    present.insert(without_cr(content.substr(at, nl - at)));
    at = nl + 1;
  }
  const size_t first_nl = content.find('\n');
  const std::string_view eol =
      first_nl != std::string_view::npos && first_nl > 0 && content[first_nl - 1] == '\r' ? "\r\n" : "\n";
  std::string out(content);
  std::set<std::string> added;
  for (size_t at = 0; at < lines.size();) {
    const size_t nl = std::min(lines.find('\n', at), lines.size());
    const std::string_view line = without_cr(lines.substr(at, nl - at));
    at = nl + 1;
    if (line.empty() || present.contains(line) || !added.emplace(line).second) continue;
    if (!out.empty() && !out.ends_with('\n')) out += eol;
    out += line;
    out += eol;
  }
  return out;
}

}  // namespace layerlint
