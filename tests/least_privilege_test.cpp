// Base-image families and the least-privilege fixes built for them (src/fix/least_privilege.cpp).
#include "catch.hpp"

#include <string>
#include <vector>

#include "fix/least_privilege.hpp"
#include "layerlint/lint.hpp"
#include "layerlint/parser.hpp"

using namespace layerlint;

TEST_CASE("image references split into registry, repository and tag", "[least-privilege]") {
  struct Case {
    std::string reference, registry, path, tag, name;
  };
  const std::vector<Case> cases = {
      {"python:3.12-alpine", "", "python", "3.12-alpine", "python"},
      {"docker.io/library/Debian:12@sha256:abcd", "docker.io", "debian", "12", "debian"},
      {"library/ubuntu", "", "ubuntu", "", "ubuntu"},
      {"gcr.io/distroless/static-debian12:nonroot", "gcr.io", "distroless/static-debian12", "nonroot",
       "static-debian12"},
      {"localhost:5000/team/app:1.0", "localhost:5000", "team/app", "1.0", "app"},
      {"localhost/app", "localhost", "app", "", "app"},
      {"myorg/base@sha256:ffff", "", "myorg/base", "", "base"},
      {"", "", "", "", ""},
  };
  for (const Case& c : cases) {
    INFO(c.reference);
    const ImageRef ref = parse_image_ref(c.reference);
    CHECK(ref.registry == c.registry);
    CHECK(ref.path == c.path);
    CHECK(ref.tag == c.tag);
    CHECK(ref.name() == c.name);
  }
}

TEST_CASE("base images are told apart by family", "[least-privilege]") {
  const std::vector<std::pair<std::string, ImageFamily>> cases = {
      {"debian:12", ImageFamily::Debian},
      {"debian:12-slim", ImageFamily::Debian},
      {"ubuntu:24.04", ImageFamily::Debian},
      {"python:3.12", ImageFamily::Debian},
      {"python:3.12-slim-bookworm", ImageFamily::Debian},
      {"node:20", ImageFamily::Debian},
      {"docker.io/library/golang:1.22", ImageFamily::Debian},
      {"eclipse-temurin:21-jre", ImageFamily::Debian},
      {"nginx", ImageFamily::Debian},
      {"postgres:16", ImageFamily::Debian},
      {"myorg/base:bookworm", ImageFamily::Debian},  // a Debian codename in the tag
      {"alpine", ImageFamily::Alpine},
      {"alpine:3.20", ImageFamily::Alpine},
      {"python:3.12-alpine", ImageFamily::Alpine},
      {"node:20-alpine3.19", ImageFamily::Alpine},
      {"nginx:alpine", ImageFamily::Alpine},
      {"busybox:1.36", ImageFamily::BusyBox},
      {"fedora:40", ImageFamily::Rhel},
      {"quay.io/centos/centos:stream9", ImageFamily::Rhel},
      {"rockylinux:9", ImageFamily::Rhel},
      {"almalinux:9", ImageFamily::Rhel},
      {"oraclelinux:9", ImageFamily::Rhel},
      {"registry.access.redhat.com/ubi9/ubi:9.4", ImageFamily::Rhel},
      {"redhat/ubi8", ImageFamily::Rhel},
      {"registry.access.redhat.com/ubi9/ubi-minimal", ImageFamily::RhelMinimal},
      {"registry.access.redhat.com/ubi9-minimal:9.4", ImageFamily::RhelMinimal},
      {"registry.access.redhat.com/ubi9/ubi-micro", ImageFamily::RhelMinimal},
      {"rockylinux:9-minimal", ImageFamily::RhelMinimal},
      {"oraclelinux:9-slim", ImageFamily::RhelMinimal},
      {"amazonlinux:2023", ImageFamily::RhelMinimal},
      {"gcr.io/distroless/static-debian12", ImageFamily::Distroless},
      {"gcr.io/distroless/python3-debian12:debug", ImageFamily::Distroless},
      {"cgr.dev/chainguard/wolfi-base", ImageFamily::Distroless},
      {"scratch", ImageFamily::Scratch},
      {"mcr.microsoft.com/windows/servercore:ltsc2022", ImageFamily::Windows},
      {"mcr.microsoft.com/windows/nanoserver:ltsc2022", ImageFamily::Windows},
      {"mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022", ImageFamily::Windows},
      {"python:3.12-windowsservercore-ltsc2022", ImageFamily::Windows},
      {"myorg/base", ImageFamily::Unknown},
      {"myorg/python:3.12", ImageFamily::Unknown},  // only the official image is known to be Debian
      {"registry.example.com/team/scratch", ImageFamily::Unknown},
      {"", ImageFamily::Unknown},  // FROM $BASE without a value
      {"${BASE}", ImageFamily::Unknown},
  };
  for (const auto& [reference, family] : cases) {
    INFO(reference);
    CHECK(family_name(image_family(reference)) == family_name(family));
  }
}

TEST_CASE("a backtick escape makes an unknown base Windows, and nothing else", "[least-privilege]") {
  CHECK(image_family("myorg/iis-base", '`') == ImageFamily::Windows);
  CHECK(image_family("alpine:3.20", '`') == ImageFamily::Alpine);
  CHECK(image_family("", '`') == ImageFamily::Windows);
  CHECK(image_family("myorg/iis-base", '\\') == ImageFamily::Unknown);
}

TEST_CASE("images that run unprivileged without a USER line", "[least-privilege]") {
  CHECK(runs_unprivileged_by_default("gcr.io/distroless/static-debian12:nonroot"));
  CHECK(runs_unprivileged_by_default("gcr.io/distroless/base:debug-nonroot"));
  CHECK(runs_unprivileged_by_default("docker:dind-rootless"));
  CHECK(runs_unprivileged_by_default("cgr.dev/chainguard/python:latest-dev"));
  CHECK(runs_unprivileged_by_default("cgr.dev/chainguard/static"));
  CHECK(runs_unprivileged_by_default("mcr.microsoft.com/windows/nanoserver:ltsc2022"));
  CHECK_FALSE(runs_unprivileged_by_default("cgr.dev/chainguard/wolfi-base"));
  CHECK_FALSE(runs_unprivileged_by_default("gcr.io/distroless/static-debian12"));
  CHECK_FALSE(runs_unprivileged_by_default("mcr.microsoft.com/windows/servercore:ltsc2022"));
  CHECK_FALSE(runs_unprivileged_by_default("debian:12"));
  CHECK_FALSE(runs_unprivileged_by_default(""));
}

namespace {

struct Linted {
  SourceFile source;
  Dockerfile file;
  BuildModel model;
  explicit Linted(std::string text)
      : source("Dockerfile", std::move(text)), file(parse_dockerfile(source)), model(source, file, {}) {}
  const Instruction& at(size_t i) const { return file.instructions.at(i); }
};

}  // namespace

TEST_CASE("add_user_fix inserts after the given instruction with its indentation", "[least-privilege]") {
  const Linted l("FROM alpine\n  RUN apk add curl\n  CMD [\"curl\"]\n");
  const Fix fix = add_user_fix(l.model, l.at(1), ImageFamily::Alpine, "");
  CHECK(fix.applicability == Applicability::Unsafe);
  CHECK(fix.title == "create the unprivileged user app and switch to it");
  CHECK(fix.advice.rewritten == "RUN addgroup -S app && adduser -S -D -H -G app app\nUSER app");
  REQUIRE(fix.edits.size() == 1);
  CHECK(fix.edits[0].range.begin.line == 2);
  CHECK(fix.edits[0].range.begin.column == 19);
  CHECK(fix.edits[0].replacement == "\n  RUN addgroup -S app && adduser -S -D -H -G app app\n  USER app");
}

TEST_CASE("add_user_fix at the end of a file without a final line break", "[least-privilege]") {
  const Linted l("FROM scratch\nCOPY app /app");
  const Fix fix = add_user_fix(l.model, l.at(1), ImageFamily::Scratch, "");
  REQUIRE(fix.edits.size() == 1);
  CHECK(fix.edits[0].replacement == "\nUSER 65532:65532");
  CHECK(fix.advice.notes.front().find("no /etc/passwd") != std::string::npos);
}

TEST_CASE("a user the build already has is switched to, whatever the family", "[least-privilege]") {
  const Linted l("FROM myorg/base\nRUN adduser svc\n");
  const Fix fix = add_user_fix(l.model, l.at(1), ImageFamily::Unknown, "svc");
  CHECK(fix.applicability == Applicability::Unsafe);
  REQUIRE(fix.edits.size() == 1);
  CHECK(fix.edits[0].replacement == "\nUSER svc");
}

TEST_CASE("an unknown family gets a display-only fix listing every family", "[least-privilege]") {
  const Linted l("FROM myorg/base\nUSER root\n");
  for (const Fix& fix : {add_user_fix(l.model, l.at(0), ImageFamily::Unknown, ""),
                         replace_root_user_fix(l.model, l.at(1), ImageFamily::Unknown, "")}) {
    CHECK(fix.applicability == Applicability::DisplayOnly);
    CHECK(fix.edits.empty());
    REQUIRE(fix.advice.alternatives.size() == 8);
    CHECK(fix.advice.alternatives.front().find("useradd --system") != std::string::npos);
    CHECK(fix.advice.alternatives.back() == "Windows: USER ContainerUser");
  }
}

TEST_CASE("replace_root_user_fix replaces the argument or the whole instruction", "[least-privilege]") {
  const Linted l("FROM debian:12\n\tUSER root:staff\n");
  const Fix created = replace_root_user_fix(l.model, l.at(1), ImageFamily::Debian, "");
  REQUIRE(created.edits.size() == 1);
  CHECK(created.edits[0].range.begin.column == 2);
  CHECK(created.edits[0].range.end.column == 17);
  CHECK(created.edits[0].replacement ==
        "RUN groupadd --system app && useradd --system --gid app --no-create-home app\n\tUSER app");

  const Fix distroless = replace_root_user_fix(l.model, l.at(1), ImageFamily::Distroless, "");
  REQUIRE(distroless.edits.size() == 1);
  CHECK(distroless.edits[0].range.begin.column == 7);
  CHECK(distroless.edits[0].replacement == "nonroot");

  const Fix minimal = replace_root_user_fix(l.model, l.at(1), ImageFamily::RhelMinimal, "");
  REQUIRE(minimal.edits.size() == 1);
  CHECK(minimal.edits[0].replacement == "1001");
  CHECK(minimal.advice.notes.front().find("microdnf install -y shadow-utils") != std::string::npos);

  const Fix existing = replace_root_user_fix(l.model, l.at(1), ImageFamily::Debian, "app");
  REQUIRE(existing.edits.size() == 1);
  CHECK(existing.edits[0].replacement == "app");
  CHECK(existing.title == "switch to the user app that the build already has");
}
