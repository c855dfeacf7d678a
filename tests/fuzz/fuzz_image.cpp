// libFuzzer target for `layerlint image`: the input as an image archive, read both ways the reader
// reads one (a seekable file, two passes; and a stream, one pass), then reported in every format.
// Oracles: no crash, no leak, no hang (libFuzzer's), and no report prints the planted value that the
// seed images hold.
//
// With LAYERLINT_IMAGE_SEEDS=DIR in the environment, the target first writes seed images there
// (a docker save archive, an OCI archive, a gzip-compressed one).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "../image_util.hpp"
#include "layerlint/image.hpp"
#include "layerlint/report.hpp"

namespace {

constexpr std::string_view k_planted = "ghp_Fz7Qk2Lm9Xv4Rb8Nc3Hd6Tj1Wp5Ys0Ga2Ue7K";

layerlint::testing::TestImage seed_image() {
  using layerlint::testing::TestImage;
  TestImage img;
  img.layers.push_back({{{"etc/passwd", "root:x:0:0::/root:/bin/sh\n"}}, ""});
  img.layers.push_back(
      {{{"root/.npmrc", "//registry.npmjs.org/:_authToken=" + std::string(k_planted) + "\n"},
        {"root/.ssh/id_rsa",
         "-----BEGIN OPENSSH PRIVATE KEY-----\nabcdefabcdefabcdef\n-----END OPENSSH PRIVATE KEY-----\n"}},
       "RUN |1 GITHUB_TOKEN=" + std::string(k_planted) + " /bin/sh -c x # buildkit"});
  img.layers.push_back(
      {{{"root/.ssh/.wh.id_rsa", ""}, {"a", "b", 'l'}, {"b", "a", 'l'}}, "RUN rm x # buildkit"});
  img.config = {{"Env", {"TOKEN=" + std::string(k_planted)}}};
  return img;
}

void write_seeds(const char* dir) {
  using namespace layerlint::testing;
  const std::filesystem::path d(dir);
  write_file(d / "seed-docker-save", docker_save(seed_image()));
  write_file(d / "seed-oci", make_tar(oci_members(seed_image())));
  write_file(d / "seed-docker-save-gz", make_tar({{"manifest.json", "[]"}}, "gzip"));
}

void check_reports(const layerlint::ImageReport& r) {
  const layerlint::CrossCheck check = layerlint::image_findings(r, {});
  for (std::string_view format : layerlint::report_formats()) {
    std::ostringstream out;
    layerlint::write_report(format, check.files, layerlint::ReportOptions{}, out);
    if (out.str().find(k_planted) != std::string::npos) {
      std::fprintf(stderr, "layerlint oracle: the %.*s report prints the planted value\n",
                   static_cast<int>(format.size()), format.data());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("LAYERLINT_IMAGE_SEEDS")) write_seeds(dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = memfd_create("image", MFD_CLOEXEC);
  if (fd < 0) return 0;
  size_t at = 0;
  while (at < size) {
    const ssize_t n = write(fd, data + at, size - at);
    if (n <= 0) break;
    at += static_cast<size_t>(n);
  }
  layerlint::ImageOptions options;
  options.bomb_floor = 1u << 20;  // small inputs: stop inflation early
  // As a file: two passes.
  layerlint::ImageSource file;
  file.path = "/proc/self/fd/" + std::to_string(fd);
  check_reports(layerlint::scan_image(file, options));
  // As a stream: one pass.
  lseek(fd, 0, SEEK_SET);
  layerlint::ImageSource stream;
  stream.fd = fd;
  stream.display = "<stdin>";
  check_reports(layerlint::scan_image(stream, options));
  close(fd);
  return 0;
}
