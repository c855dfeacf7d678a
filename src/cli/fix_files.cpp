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
  // Hands the descriptor over: the destructor no longer closes it.
  void release() { m_fd = -1; }

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

struct FileBatch::Staged {
  std::string path;  // as given, for errors
  fs::path target;   // the file replaced (a symbolic link's target)
  std::string temp;  // the temporary file beside it
  int fd = -1;       // open until commit()
  dev_t device = 0;
};

FileBatch::FileBatch() = default;

FileBatch::~FileBatch() {
  for (Staged& s : m_staged) {
    if (s.fd >= 0) ::close(s.fd);
    if (!s.temp.empty()) ::unlink(s.temp.c_str());
  }
}

std::string FileBatch::stage(const std::string& path, std::string_view content) {
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
  struct stat made {};
  if (!write_all(temp.fd(), content) || ::fchmod(temp.fd(), mode) != 0 || ::fstat(temp.fd(), &made) != 0) {
    return errno_text();
  }
  Staged staged{path, target, temp.path(), temp.fd(), made.st_dev};
  temp.renamed();  // the batch owns it now
  temp.release();
  m_staged.push_back(std::move(staged));
  return {};
}

std::vector<std::pair<std::string, std::string>> FileBatch::commit() {
  std::vector<std::pair<std::string, std::string>> failed;
  // One flush per filesystem for every staged file, instead of one per file: the contents reach the
  // disk before any rename makes them visible under the real name.
  auto flush_filesystems = [&] {
    std::set<dev_t> done;
    for (const Staged& s : m_staged) {
      if (s.fd >= 0 && done.insert(s.device).second) ::syncfs(s.fd);
    }
  };
  flush_filesystems();
  for (Staged& s : m_staged) {
    if (s.fd >= 0 && ::close(s.fd) != 0) {
      failed.emplace_back(s.path, errno_text());
      s.fd = -1;
      continue;
    }
    s.fd = -1;
    if (::rename(s.temp.c_str(), s.target.c_str()) != 0) {
      failed.emplace_back(s.path, errno_text());
      continue;
    }
    s.temp.clear();
  }
  // The renames reach the disk with their directories: once more, one flush per filesystem.
  std::set<dev_t> done;
  for (const Staged& s : m_staged) {
    if (!s.temp.empty() || !done.insert(s.device).second) continue;
    const fs::path dir = s.target.parent_path().empty() ? fs::path(".") : s.target.parent_path();
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir_fd >= 0) {
      ::syncfs(dir_fd);
      ::close(dir_fd);
    }
  }
  m_staged.clear();
  return failed;
}

std::string write_atomically(const std::string& path, std::string_view content) {
  FileBatch batch;
  if (std::string e = batch.stage(path, content); !e.empty()) return e;
  const auto failed = batch.commit();
  return failed.empty() ? std::string() : failed.front().second;
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
