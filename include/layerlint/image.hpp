// Reading a built image: the secrets that are really in it, where each one is, and a cross-check
// against the Dockerfile it was built from.
//
// Contract: an image is read as a stream. The manifest, config and history are read once, each
// layer's tar stream once, and nothing is ever extracted to disk; memory stays bounded whatever the
// size of a layer (a file's content is held only up to ImageOptions::max_text_bytes, and only when
// it is text). No input makes the reader crash: a truncated tar, a missing blob, a member name that
// leaves the root, a sparse or compressed bomb, invalid JSON all become ImageError entries naming
// the image and the layer, and the rest of the image is still read. An ImageLeak never holds a
// whole secret: values are redacted when the leak is made.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/report.hpp"

namespace layerlint {

struct RuleInfo;

// Where a leak is in the image, named after the part of the image a puller can read.
enum class ImageChannel {
  History,  // a history entry's created_by (build-argument values, literals in RUN, ADD URLs)
  Config,   // the image config: Env, Labels, Cmd, Entrypoint, Healthcheck, OnBuild, ...
  Layer,    // a file visible in the final filesystem
  Hidden,   // a file a later layer deletes (whiteout) or replaces: still in its own layer
};

std::string_view image_channel_name(ImageChannel c);  // "history", "config", "layer", "hidden"

struct ImageLeak {
  const RuleInfo* rule = nullptr;  // one of image_rule_infos()
  Severity severity = Severity::Error;
  ImageChannel channel = ImageChannel::Layer;
  std::string what;      // "build argument TOKEN", "private key", "npm token in .npmrc", ...
  std::string redacted;  // redact() of the value ("" for a file named as secret without a value shown)
  std::string kind;      // recogniser kind ("github-token", "npmrc", "build-arg", ...)
  std::string name;      // the variable, label or config key ("" for files)
  std::optional<size_t> history;       // index into config.history
  std::optional<size_t> layer;         // 0-based layer index
  std::string path;                    // "/root/.npmrc" for files
  std::optional<size_t> hidden_by;     // the later layer that deletes or replaces the file
  std::string config_field;            // "Env", "Labels", "Cmd", ...
  std::optional<size_t> also_history;  // a config leak that this history entry (ENV, LABEL) records too
  bool base = false;                   // in a layer (or history entry) of the base image
  // The secret value itself, held only while the image is scanned (to search the layers for values
  // that history and config give away) and cleared before the report leaves scan_image().
  std::string value_for_search = {};
};

struct ImageLayerInfo {
  std::string digest;             // the layer's diff_id ("sha256:…"), or its blob name
  std::string member;             // the archive member or blob that holds it
  std::optional<size_t> history;  // the history entry that made it
  bool base = false;
  uint64_t files = 0;  // entries read
  uint64_t bytes = 0;  // uncompressed bytes of the tar stream
  bool read = false;   // its stream was found and read (to its end or an error)
};

struct ImageHistoryEntry {
  std::string created_by;  // masked: recognised secret values replaced by their redacted form
  bool empty_layer = false;
  std::optional<size_t> layer;
  bool base = false;
};

struct ImageError {
  std::string where;  // "layer 3 (sha256:1a2b3c4d5e6f)", "manifest.json", "config"
  std::string message;
};

struct ImageReport {
  std::string image;   // as shown to the user
  std::string format;  // "docker-save", "oci-layout", "oci-archive"
  std::string config_digest;
  std::vector<ImageLayerInfo> layers;
  std::vector<ImageHistoryEntry> history;
  std::vector<ImageLeak> leaks;    // sorted: own layers first, then base; by layer, path, history
  std::vector<ImageError> errors;  // bad input; the rest of the image was still read
  size_t base_layers = 0;          // how many of the first layers belong to the base image
  std::string base_reason;         // how base_layers was decided
};

struct ImageOptions {
  // Text files up to this size are scanned in full; larger text files only up to it.
  uint64_t max_text_bytes = 1u << 20;
  // --base-layers N: the first N layers are the base image's (default: from the history).
  std::optional<size_t> base_layers;
  // Past this many uncompressed bytes, a layer that inflates more than max_ratio times is stopped
  // with an error (a compression bomb).
  uint64_t bomb_floor = 1ull << 30;
  uint64_t max_ratio = 200;
};

// Where the image comes from: a path (a `docker save` archive, an OCI layout directory or an OCI
// archive; optionally gzip or zstd compressed) or a readable stream (`docker save NAME`, stdin).
struct ImageSource {
  std::string path = {};     // "" when `fd` is used
  int fd = -1;               // a stream read once, from its start
  std::string display = {};  // the name shown in reports
  // Config and history known before the stream is read (`docker image inspect` / `docker history`
  // for --docker), so that a single pass over a stream can also search the layers for the values
  // history and config give away. Empty otherwise.
  std::string prefetched_config_json = {};
};

// Reads an image and finds its secrets. Never throws for bad input (it becomes errors[]).
ImageReport scan_image(const ImageSource& source, const ImageOptions& options = {});

// The image rules (LL4001…), sorted by id; part of all_rule_infos().
std::vector<const RuleInfo*> image_rule_infos();

// The findings of a scan for the reporters: one FileReport for the image, leaks in the user's own
// layers first, then the base image's. With a Dockerfile (its path and lint options), leaks that
// map to an instruction are reported at that instruction in a FileReport of the Dockerfile, each
// with what the static rules said of it, and the static secret findings get the image's verdict:
// confirmed, or not seen in the image.
struct CrossCheckOptions {
  std::string dockerfile;  // path; "" for none
  std::string context;     // build context ("" = the Dockerfile's folder)
  std::string target;      // --target
};
struct CrossCheck {
  std::vector<FileReport> files;
  size_t confirmed = 0;    // static findings the image confirms
  size_t not_seen = 0;     // static findings with no trace in the image
  size_t unpredicted = 0;  // image leaks no static rule predicted
  std::string error;       // the Dockerfile could not be read
};
CrossCheck image_findings(const ImageReport& report, const CrossCheckOptions& options);

}  // namespace layerlint
