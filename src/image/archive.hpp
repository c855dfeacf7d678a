// Streams for reading an image with libarchive: the members of an outer archive (`docker save`,
// an OCI archive) or the blobs of an OCI layout directory, and the entries of a layer's tar stream
// (plain, gzip or zstd). Nothing is extracted: every byte is read once, into bounded buffers.
#pragma once

#include <sys/types.h>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

struct archive;

namespace layerlint::image {

// A byte stream read once from its start.
class Stream {
 public:
  virtual ~Stream() = default;
  // Up to `n` bytes; 0 at the end; -1 on an error (error() says which).
  virtual ssize_t read(void* buf, size_t n) = 0;
  [[nodiscard]] virtual std::string error() const = 0;
  // Skips up to `n` bytes without reading them where the stream can (a regular file); returns how
  // many were skipped (0: read through instead).
  virtual int64_t skip(int64_t /*n*/) { return 0; }
};

// Reads up to `limit` bytes of `s` into `out`; false on a read error. `truncated` says whether the
// stream had more.
bool read_up_to(Stream& s, uint64_t limit, std::string& out, bool& truncated);

// A file (or a descriptor) as a Stream.
std::unique_ptr<Stream> open_file_stream(const std::string& path, std::string& error);
std::unique_ptr<Stream> fd_stream(int fd);  // does not close fd

// The members of an outer tar archive (optionally gzip/zstd compressed). `visit` is called for each
// regular-file member with its name and a Stream of its data, which it may read in part or not at
// all. Returns "" at the end of the archive, or what went wrong (a truncated or corrupt archive).
// Symbolic-link members go to `on_link` with their target as written (`docker save` writes a layer
// that occurs twice as a link to its first copy).
using MemberVisitor = std::function<void(const std::string& name, int64_t size, Stream& data)>;
using LinkVisitor = std::function<void(const std::string& name, const std::string& target)>;
std::string walk_archive(Stream& input, const MemberVisitor& visit, const LinkVisitor& on_link = {});

// One entry of a layer's tar stream.
enum class EntryType { File, Directory, Symlink, Hardlink, Other };
struct LayerEntry {
  std::string path;  // normalised: "/etc/passwd" ("./" and leading '/' removed, then '/' prepended)
  EntryType type = EntryType::Other;
  int64_t size = 0;
  bool sparse = false;
  std::string link;  // hard link target (normalised)
};

struct LayerLimits {
  uint64_t bomb_floor = 1ull << 30;
  uint64_t max_ratio = 200;
};

struct LayerStats {
  uint64_t entries = 0;
  uint64_t uncompressed = 0;  // bytes of the tar stream after decompression
  uint64_t compressed = 0;    // bytes read from the input
  uint64_t bad_names = 0;     // members whose names leave the root (skipped)
  std::string first_bad_name;
};

// Reads a layer (a tar stream, plain or gzip/zstd compressed). `on_entry` gets each entry whose name
// is safe and a Stream of its content (a regular file's data; empty otherwise); it may read part of
// it. Returns "" when the layer was read to its end, else what went wrong; entries before the
// problem have been delivered.
using EntryVisitor = std::function<void(const LayerEntry& entry, Stream& content)>;
std::string read_layer(Stream& input, const LayerLimits& limits, const EntryVisitor& on_entry,
                       LayerStats& stats);

// A member name as an absolute image path ("./etc/x" -> "/etc/x"), or "" with `escapes` set when
// it is absolute or climbs out of the root with `..` (bad input: such a member is reported and
// skipped), or "" when it names the root itself.
std::string normalise_member(std::string_view name, bool& escapes);

}  // namespace layerlint::image
