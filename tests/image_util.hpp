// Builds image archives in memory for the image reader's tests (libarchive's writer): layers as
// tar streams (plain or gzip), a `docker save` archive, an OCI layout directory or archive.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixture_util.hpp"

namespace layerlint::testing {

struct TarMember {
  std::string name;
  std::string content;
  char type = 'f';  // 'f' file, 'd' directory, 'l' symlink (content = target)
};

inline la_ssize_t append_to_string(struct archive*, void* user, const void* buf, size_t n) {
  static_cast<std::string*>(user)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

// A tar stream of `members`; compressed with gzip or zstd when `filter` says so.
inline std::string make_tar(const std::vector<TarMember>& members, const std::string& filter = "") {
  std::string out;
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (filter == "gzip") archive_write_add_filter_gzip(a);
  if (filter == "zstd") archive_write_add_filter_zstd(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open2(a, &out, nullptr, append_to_string, nullptr, nullptr);
  for (const TarMember& m : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    if (m.type == 'd') {
      archive_entry_set_filetype(e, AE_IFDIR);
      archive_entry_set_perm(e, 0755);
    } else if (m.type == 'l') {
      archive_entry_set_filetype(e, AE_IFLNK);
      archive_entry_set_symlink(e, m.content.c_str());
      archive_entry_set_perm(e, 0777);
    } else {
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      archive_entry_set_size(e, static_cast<la_int64_t>(m.content.size()));
    }
    archive_write_header(a, e);
    if (m.type == 'f' && !m.content.empty()) archive_write_data(a, m.content.data(), m.content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

// The members of a tar stream (regular files only), in order.
inline std::vector<TarMember> read_tar(const std::string& bytes) {
  std::vector<TarMember> members;
  struct archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  archive_read_open_memory(a, bytes.data(), bytes.size());
  struct archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::string content(static_cast<size_t>(archive_entry_size(e)), '\0');
    if (!content.empty()) archive_read_data(a, content.data(), content.size());
    members.push_back({archive_entry_pathname(e), content});
  }
  archive_read_free(a);
  return members;
}

struct TestLayer {
  std::vector<TarMember> files;
  std::string created_by;  // its history entry
};

struct TestImage {
  std::vector<TestLayer> layers;
  // History entries without a layer, inserted before layer `before` (ENV, ARG, ...).
  std::vector<std::pair<size_t, std::string>> empty_entries;
  nlohmann::json config = nlohmann::json::object();  // the "config" object (Env, Labels, Cmd...)
  std::string base_comment = "Imported from -";      // the first layer's history comment
};

inline std::string fake_digest(size_t i) {
  std::string hex = std::to_string(i);
  return "sha256:" + std::string(64 - hex.size(), '0') + hex;
}

inline nlohmann::json image_config(const TestImage& img) {
  nlohmann::json history = nlohmann::json::array();
  for (size_t i = 0; i < img.layers.size(); ++i) {
    for (const auto& [before, text] : img.empty_entries) {
      if (before == i)
        history.push_back(
            {{"created_by", text}, {"empty_layer", true}, {"comment", "buildkit.dockerfile.v0"}});
    }
    nlohmann::json h = {{"created_by", img.layers[i].created_by}};
    h["comment"] = i == 0 ? img.base_comment : "buildkit.dockerfile.v0";
    history.push_back(h);
  }
  for (const auto& [before, text] : img.empty_entries) {
    if (before >= img.layers.size())
      history.push_back({{"created_by", text}, {"empty_layer", true}, {"comment", "buildkit.dockerfile.v0"}});
  }
  nlohmann::json diff_ids = nlohmann::json::array();
  for (size_t i = 0; i < img.layers.size(); ++i) diff_ids.push_back(fake_digest(i + 1));
  return {{"architecture", "amd64"},
          {"os", "linux"},
          {"config", img.config},
          {"history", history},
          {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
}

// A `docker save` archive (docker 20.10's layout: <id>/layer.tar, <config>.json, manifest.json last).
inline std::string docker_save(const TestImage& img) {
  std::vector<TarMember> members;
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < img.layers.size(); ++i) {
    const std::string id = std::string(63, 'a' + static_cast<char>(i % 26)) + std::to_string(i % 10);
    members.push_back({id + "/VERSION", "1.0"});
    members.push_back({id + "/layer.tar", make_tar(img.layers[i].files)});
    layers.push_back(id + "/layer.tar");
  }
  members.push_back({"cfg0.json", image_config(img).dump()});
  members.push_back(
      {"manifest.json",
       nlohmann::json::array({{{"Config", "cfg0.json"}, {"RepoTags", {"t:latest"}}, {"Layers", layers}}})
           .dump()});
  return make_tar(members);
}

// An OCI image layout (gzip layers) as members: oci-layout, index.json, blobs/sha256/...
inline std::vector<TarMember> oci_members(const TestImage& img) {
  std::vector<TarMember> members;
  members.push_back({"oci-layout", R"({"imageLayoutVersion":"1.0.0"})"});
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < img.layers.size(); ++i) {
    const std::string hex = std::string(60, 'b') + std::to_string(1000 + i);
    members.push_back({"blobs/sha256/" + hex, make_tar(img.layers[i].files, "gzip")});
    layers.push_back(
        {{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"}, {"digest", "sha256:" + hex}});
  }
  const std::string cfg_hex = std::string(60, 'c') + "0000";
  members.push_back({"blobs/sha256/" + cfg_hex, image_config(img).dump()});
  const nlohmann::json manifest = {
      {"schemaVersion", 2},
      {"config",
       {{"mediaType", "application/vnd.oci.image.config.v1+json"}, {"digest", "sha256:" + cfg_hex}}},
      {"layers", layers}};
  const std::string man_hex = std::string(60, 'd') + "0000";
  members.push_back({"blobs/sha256/" + man_hex, manifest.dump()});
  members.push_back(
      {"index.json", nlohmann::json{{"schemaVersion", 2},
                                    {"manifests",
                                     {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                       {"digest", "sha256:" + man_hex}}}}}
                         .dump()});
  return members;
}

}  // namespace layerlint::testing
