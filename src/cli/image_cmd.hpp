// `layerlint image`: options and entry point (main.cpp parses the options).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "layerlint/config.hpp"

namespace layerlint {

struct ImageCliOptions {
  std::string path;    // archive, OCI layout directory, or "-" for standard input
  std::string docker;  // --docker NAME: stream `docker save NAME`
  std::string dockerfile;
  std::string context;
  std::string target;
  std::optional<size_t> base_layers;
  std::optional<uint64_t> max_text_bytes;
  std::string format = "text";
  std::string output_file;
  std::string color = "auto";
  FailLevel fail_level = FailLevel::Warning;
};

// Exit codes as for Dockerfiles: 0 nothing at or above the fail level, 1 findings, 2 usage or an
// image that could not be read at all.
int run_image(const ImageCliOptions& options, std::ostream& out, std::ostream& err, bool stdout_is_tty);

}  // namespace layerlint
