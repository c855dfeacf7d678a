// libarchive under the image reader: outer archives, layer streams, member names.
#include "image/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace layerlint::image {

namespace {

class FdStream final : public Stream {
 public:
  FdStream(int fd, bool owns) : m_fd(fd), m_owns(owns) {
    struct stat st {};
    m_seekable = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  }
  ~FdStream() override {
    if (m_owns && m_fd >= 0) ::close(m_fd);
  }
  FdStream(const FdStream&) = delete;
  FdStream& operator=(const FdStream&) = delete;

  ssize_t read(void* buf, size_t n) override {
    for (;;) {
      const ssize_t got = ::read(m_fd, buf, n);
      if (got >= 0) return got;
      if (errno == EINTR) continue;
      m_error = std::strerror(errno);
      return -1;
    }
  }
  [[nodiscard]] std::string error() const override { return m_error; }
  int64_t skip(int64_t n) override {
    if (!m_seekable) return 0;
    const off_t at = ::lseek(m_fd, 0, SEEK_CUR);
    const off_t end = ::lseek(m_fd, 0, SEEK_END);
    if (at < 0 || end < 0) {
      m_seekable = false;
      return 0;
    }
    const off_t to = std::min<off_t>(end, at + n);
    if (::lseek(m_fd, to, SEEK_SET) < 0) return 0;
    return to - at;
  }

 private:
  bool m_seekable = true;
  int m_fd;
  bool m_owns;
  std::string m_error;
};

// The data of the current member of an open archive.
class MemberStream final : public Stream {
 public:
  explicit MemberStream(struct archive* a) : m_archive(a) {}
  ssize_t read(void* buf, size_t n) override {
    const la_ssize_t got = archive_read_data(m_archive, buf, n);
    if (got < 0) {
      const char* e = archive_error_string(m_archive);
      m_error = e ? e : "read error";
      return -1;
    }
    return got;
  }
  [[nodiscard]] std::string error() const override { return m_error; }

 private:
  struct archive* m_archive;
  std::string m_error;
};

struct ArchiveDeleter {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveDeleter>;

// libarchive pulls its input through this: from a Stream, counting the bytes.
struct Pull {
  Stream* input = nullptr;
  uint64_t bytes = 0;
  bool failed = false;
  std::string error;
  char buffer[1 << 16];
};

la_ssize_t pull_read(struct archive* a, void* user, const void** out) {
  auto* p = static_cast<Pull*>(user);
  const ssize_t got = p->input->read(p->buffer, sizeof p->buffer);
  if (got < 0) {
    p->failed = true;
    p->error = p->input->error();
    archive_set_error(a, EIO, "%s", p->error.c_str());
    return -1;
  }
  p->bytes += static_cast<uint64_t>(got);
  *out = p->buffer;
  return got;
}

la_int64_t pull_skip(struct archive*, void* user, la_int64_t request) {
  auto* p = static_cast<Pull*>(user);
  const int64_t skipped = p->input->skip(request);
  if (skipped > 0) p->bytes += static_cast<uint64_t>(skipped);
  return skipped;
}

ArchivePtr open_tar(Pull& pull, std::string& error) {
  ArchivePtr a(archive_read_new());
  if (!a) {
    error = "out of memory";
    return nullptr;
  }
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  // An empty stream is an empty archive (a layer with no files), not an error.
  archive_read_support_format_empty(a.get());
  archive_read_set_callback_data(a.get(), &pull);
  archive_read_set_read_callback(a.get(), pull_read);
  archive_read_set_skip_callback(a.get(), pull_skip);
  if (archive_read_open1(a.get()) != ARCHIVE_OK) {
    const char* e = archive_error_string(a.get());
    error = e ? e : "not a tar archive";
    return nullptr;
  }
  return a;
}

std::string archive_problem(struct archive* a, const Pull& pull) {
  if (pull.failed) return pull.error.empty() ? "read error" : pull.error;
  const char* e = archive_error_string(a);
  return e ? e : "corrupt archive";
}

}  // namespace

bool read_up_to(Stream& s, uint64_t limit, std::string& out, bool& truncated) {
  out.clear();
  truncated = false;
  char buf[1 << 16];
  while (out.size() < limit) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(sizeof buf, limit - out.size()));
    const ssize_t got = s.read(buf, want);
    if (got < 0) return false;
    if (got == 0) return true;
    out.append(buf, static_cast<size_t>(got));
  }
  char probe = 0;
  const ssize_t more = s.read(&probe, 1);
  if (more < 0) return false;
  truncated = more > 0;
  return true;
}

std::unique_ptr<Stream> open_file_stream(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return nullptr;
  }
  return std::make_unique<FdStream>(fd, true);
}

std::unique_ptr<Stream> fd_stream(int fd) { return std::make_unique<FdStream>(fd, false); }

std::string normalise_member(std::string_view name, bool& escapes) {
  escapes = false;
  while (name.starts_with("./")) name.remove_prefix(2);
  if (name.starts_with('/')) {
    escapes = true;
    return {};
  }
  std::string out;
  size_t i = 0;
  while (i <= name.size()) {
    size_t j = name.find('/', i);
    if (j == std::string_view::npos) j = name.size();
    const std::string_view part = name.substr(i, j - i);
    if (part == "..") {
      escapes = true;
      return {};
    }
    if (!part.empty() && part != ".") {
      out += '/';
      out += part;
    }
    i = j + 1;
  }
  return out;
}

std::string walk_archive(Stream& input, const MemberVisitor& visit, const LinkVisitor& on_link) {
  auto pull = std::make_unique<Pull>();
  pull->input = &input;
  std::string error;
  ArchivePtr a = open_tar(*pull, error);
  if (!a) return error;
  MemberStream data(a.get());
  for (;;) {
    struct archive_entry* entry = nullptr;
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) return {};
    if (r < ARCHIVE_WARN) return archive_problem(a.get(), *pull);
    const char* name = archive_entry_pathname(entry);
    if (archive_entry_filetype(entry) == AE_IFLNK && name && on_link) {
      const char* target = archive_entry_symlink(entry);
      if (target) on_link(name, target);
      continue;
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    if (!name) continue;
    visit(name, archive_entry_size(entry), data);
    // The rest of the member is skipped by the next header read.
  }
}

std::string read_layer(Stream& input, const LayerLimits& limits, const EntryVisitor& on_entry,
                       LayerStats& stats) {
  auto pull = std::make_unique<Pull>();
  pull->input = &input;
  std::string error;
  ArchivePtr a = open_tar(*pull, error);
  if (!a) return error;

  // A Stream over the current entry that also watches the inflation ratio.
  class Content final : public Stream {
   public:
    Content(struct archive* a, const Pull& pull, const LayerLimits& limits)
        : m_a(a), m_pull(pull), m_limits(limits) {}
    ssize_t read(void* buf, size_t n) override {
      if (!m_bomb.empty()) return -1;
      if (m_sparse) return 0;  // never materialise the holes of a sparse file
      const la_ssize_t got = archive_read_data(m_a, buf, n);
      if (got < 0) {
        m_error = archive_problem(m_a, m_pull);
        return -1;
      }
      if (bomb()) return -1;
      return got;
    }
    [[nodiscard]] std::string error() const override { return m_bomb.empty() ? m_error : m_bomb; }
    // Whether the stream inflates past the limits; sets the error once.
    bool bomb() {
      if (!m_bomb.empty()) return true;
      const auto out = static_cast<uint64_t>(archive_filter_bytes(m_a, 0));
      const uint64_t in = m_pull.bytes;
      if (out > m_limits.bomb_floor && out / std::max<uint64_t>(in, 1) > m_limits.max_ratio) {
        m_bomb = fmt::format(
            "the layer inflates more than {}:1 past {} MiB ({} MiB from {} KiB): a compression bomb?",
            m_limits.max_ratio, m_limits.bomb_floor >> 20, out >> 20, in >> 10);
        return true;
      }
      return false;
    }
    [[nodiscard]] bool stopped() const { return !m_bomb.empty(); }
    void start(bool sparse) { m_sparse = sparse; }
    // Skips the rest of the entry, watching the ratio. A sparse entry's stored data is skipped
    // without materialising its holes.
    bool skip_rest() {
      if (m_sparse) {
        if (archive_read_data_skip(m_a) < ARCHIVE_WARN) {
          m_error = archive_problem(m_a, m_pull);
          return false;
        }
        return !bomb();
      }
      char buf[1 << 16];
      for (;;) {
        const la_ssize_t got = archive_read_data(m_a, buf, sizeof buf);
        if (got == 0) return true;
        if (got < 0) {
          m_error = archive_problem(m_a, m_pull);
          return false;
        }
        if (bomb()) return false;
      }
    }

   private:
    struct archive* m_a;
    const Pull& m_pull;
    const LayerLimits& m_limits;
    std::string m_error;
    std::string m_bomb;
    bool m_sparse = false;
  };
  Content content(a.get(), *pull, limits);

  for (;;) {
    struct archive_entry* entry = nullptr;
    const int r = archive_read_next_header(a.get(), &entry);
    stats.compressed = pull->bytes;
    stats.uncompressed = static_cast<uint64_t>(archive_filter_bytes(a.get(), 0));
    if (r == ARCHIVE_EOF) return {};
    if (r < ARCHIVE_WARN) return archive_problem(a.get(), *pull);
    ++stats.entries;
    const char* raw = archive_entry_pathname(entry);
    bool escapes = false;
    LayerEntry e;
    e.path = normalise_member(raw ? raw : "", escapes);
    if (escapes) {
      if (stats.bad_names++ == 0) stats.first_bad_name = raw ? raw : "";
    }
    if (escapes || e.path.empty()) {
      content.start(archive_entry_sparse_count(entry) > 0);
      if (!content.skip_rest()) return content.error();
      continue;
    }
    switch (archive_entry_filetype(entry)) {
      case AE_IFREG: e.type = EntryType::File; break;
      case AE_IFDIR: e.type = EntryType::Directory; break;
      case AE_IFLNK: e.type = EntryType::Symlink; break;
      default: e.type = EntryType::Other; break;
    }
    if (const char* hl = archive_entry_hardlink(entry)) {
      bool bad = false;
      e.type = EntryType::Hardlink;
      e.link = normalise_member(hl, bad);
    }
    e.size = archive_entry_size(entry);
    e.sparse = archive_entry_sparse_count(entry) > 0;
    content.start(e.sparse || e.type != EntryType::File);
    on_entry(e, content);
    if (content.stopped()) return content.error();
    if (!content.skip_rest()) return content.error();
  }
}

}  // namespace layerlint::image
