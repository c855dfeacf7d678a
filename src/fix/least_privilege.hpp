// Least-privilege fixes: which unprivileged user a final stage can run as, and the edits that get it
// there, for the family of its base image. Rules decide what is wrong; this module writes the Fix.
//
// Contract: never throws on any input; pure functions of their arguments (the model is only read);
// thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "layerlint/finding.hpp"
#include "layerlint/model.hpp"

namespace layerlint {

// Base images grouped by how an unprivileged user is made in them.
enum class ImageFamily {
  Debian,       // Debian, Ubuntu and the official images built on them: useradd (shadow-utils)
  Alpine,       // alpine and every `*alpine*` tag: BusyBox addgroup/adduser
  BusyBox,      // busybox: adduser
  Rhel,         // Fedora, CentOS, Rocky, Alma, Oracle Linux, UBI: useradd (shadow-utils)
  RhelMinimal,  // ubi-minimal/micro, `*-minimal`, oraclelinux `*-slim`, amazonlinux: no useradd
  Distroless,   // gcr.io/distroless, Chainguard: no shell, a `nonroot` user (65532) in /etc/passwd
  Scratch,      // nothing at all, not even /etc/passwd
  Windows,      // Windows Server Core, Nano Server: the `ContainerUser` account exists
  Unknown,      // an image the table does not know, or a reference that did not expand
};

// "debian", "alpine", "busybox", "rhel", "rhel-minimal", "distroless", "scratch", "windows", "unknown".
std::string_view family_name(ImageFamily family);

// An image reference without its digest, lower-cased: "docker.io/library/python:3.12-alpine@sha256:…"
// gives {"docker.io", "python", "3.12-alpine"}.
struct ImageRef {
  std::string registry;  // "" for Docker Hub without a registry host
  std::string path;      // the repository, without "library/": "python", "distroless/static"
  std::string tag;       // "" when there is none
  [[nodiscard]] std::string_view name() const;  // the last path component: "static"
};

ImageRef parse_image_ref(std::string_view reference);

// The family of `reference`, the image a final stage's FROM chain starts from (expanded). `escape` is
// the file's escape character: an image the table does not know in a file that declares
// `# escape=`` is taken as Windows, the only platform whose paths make that directive common.
ImageFamily image_family(std::string_view reference, char escape = '\\');

// Whether `reference` runs as an unprivileged user without any USER line: `:nonroot` tags,
// `-rootless` variants, Chainguard images other than their root-by-default bases, Nano Server
// (ContainerUser).
bool runs_unprivileged_by_default(std::string_view reference);

// The final stage has no USER. Switches to `existing_user` when the build already creates one (""
// when not), else to the family's user, created first where the family has the tools. The lines go
// right after `after` with its indentation. DisplayOnly without edits for an Unknown family and no
// existing user.
Fix add_user_fix(const BuildModel& model, const Instruction& after, ImageFamily family,
                 std::string_view existing_user);

// The last USER (`user`, whose first argument names root) is explicit. Replaces the argument with
// `existing_user` when the build already has an unprivileged one, else with the family's user; where
// that user must be created first (Debian, Alpine, BusyBox, RHEL) the whole instruction becomes the
// creating RUN and the USER line. DisplayOnly without edits for an Unknown family and no existing user.
Fix replace_root_user_fix(const BuildModel& model, const Instruction& user, ImageFamily family,
                          std::string_view existing_user);

}  // namespace layerlint
