// Least-privilege fixes per base-image family (see least_privilege.hpp).
#include "fix/least_privilege.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

#include "core/text.hpp"

namespace layerlint {
namespace {

// How an unprivileged user is made and named in one family. `create` is "" where no user needs to
// be (or can be) created: the image already has one, or has no tools to make one.
struct FamilyUser {
  ImageFamily family;
  std::string_view label;  // for the list of options when the family is not known
  std::string_view create;
  std::string_view user;
  std::string_view note;  // what is particular to the family; "" when nothing is
};

// --system: no login shell, no aging, a uid below 1000; --no-create-home: the service needs none.
constexpr std::string_view k_useradd =
    "RUN groupadd --system app && useradd --system --gid app --no-create-home app";

constexpr std::array k_family_users{
    FamilyUser{ImageFamily::Debian, "Debian, Ubuntu and the images built on them", k_useradd, "app", ""},
    FamilyUser{ImageFamily::Alpine, "Alpine", "RUN addgroup -S app && adduser -S -D -H -G app app", "app",
               ""},
    // BusyBox's adduser makes the group of the same name itself.
    FamilyUser{ImageFamily::BusyBox, "BusyBox", "RUN adduser -D -H app", "app", ""},
    FamilyUser{ImageFamily::Rhel, "Fedora, CentOS, Rocky Linux, AlmaLinux, Oracle Linux, UBI", k_useradd,
               "app", ""},
    FamilyUser{
        ImageFamily::RhelMinimal, "ubi-minimal, ubi-micro, amazonlinux (no useradd)", "", "1001",
        "the image has no useradd: a numeric user needs no /etc/passwd entry; for a named user install "
        "shadow-utils first (`microdnf install -y shadow-utils` on ubi-minimal, `dnf` or `yum` on "
        "amazonlinux; ubi-micro has no package manager)"},
    FamilyUser{ImageFamily::Distroless, "distroless, Chainguard", "", "nonroot",
               "the image defines nonroot as uid and gid 65532"},
    FamilyUser{ImageFamily::Scratch, "scratch", "", "65532:65532",
               "scratch has no /etc/passwd: only a numeric user works"},
    FamilyUser{ImageFamily::Windows, "Windows", "", "ContainerUser",
               "ContainerUser is the unprivileged account of the Windows base images"},
};

const FamilyUser* family_user(ImageFamily family) {
  const auto it = std::find_if(k_family_users.begin(), k_family_users.end(),
                               [&](const FamilyUser& f) { return f.family == family; });
  return it == k_family_users.end() ? nullptr : &*it;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

template <size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Official images built on Debian or Ubuntu (their default tags; `-alpine` tags are told apart first).
constexpr std::array<std::string_view, 35> k_debian_official{
    "debian",    "ubuntu",  "python",          "node",     "golang",
    "ruby",      "openjdk", "eclipse-temurin", "php",      "buildpack-deps",
    "nginx",     "httpd",   "postgres",        "perl",     "rust",
    "gcc",       "haskell", "julia",           "r-base",   "elixir",
    "erlang",    "clojure", "maven",           "gradle",   "tomcat",
    "redis",     "mariadb", "mongo",           "rabbitmq", "memcached",
    "wordpress", "drupal",  "swift",           "pypy",     "neurodebian"};
constexpr std::array<std::string_view, 7> k_debian_codenames{"trixie", "bookworm", "bullseye", "buster",
                                                             "noble",  "jammy",    "focal"};
constexpr std::array<std::string_view, 5> k_rhel_names{"fedora", "centos", "rockylinux", "almalinux",
                                                       "oraclelinux"};
// Their container images ship without shadow-utils.
constexpr std::array<std::string_view, 3> k_without_useradd{"amazonlinux", "amazoncorretto",
                                                            "fedora-minimal"};
// Chainguard bases that run as root until told otherwise; every other Chainguard image runs as nonroot.
constexpr std::array<std::string_view, 3> k_chainguard_root{"wolfi-base", "chainguard-base", "busybox"};

// "ubi", "ubi9", "ubi9-minimal", "ubi-micro", "ubi8-init": UBI, and whether it is a variant without
// useradd. nullopt for anything else ("python-311" under ubi8/ is a language image).
std::optional<bool> ubi_minimal(std::string_view name) {
  if (!name.starts_with("ubi")) return std::nullopt;
  std::string_view rest = name.substr(3);
  while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
  if (rest.empty() || rest == "-init") return false;
  if (rest == "-minimal" || rest == "-micro") return true;
  return std::nullopt;
}

bool windows_image(const ImageRef& ref) {
  return (ref.registry == "mcr.microsoft.com" &&
          (ref.path == "windows" || ref.path.starts_with("windows/"))) ||
         ref.name() == "windowsservercore" || ref.name() == "nanoserver" ||
         contains(ref.tag, "windowsservercore") || contains(ref.tag, "nanoserver") ||
         contains(ref.tag, "ltsc20");
}

bool chainguard_image(const ImageRef& ref) {
  return ref.registry == "cgr.dev" && ref.path.starts_with("chainguard/");
}

ImageFamily known_family(const ImageRef& ref) {
  const std::string_view name = ref.name();
  const bool official = ref.path.find('/') == std::string::npos;
  if (ref.path == "scratch" && ref.registry.empty()) return ImageFamily::Scratch;
  if (windows_image(ref)) return ImageFamily::Windows;
  if ((ref.registry == "gcr.io" && ref.path.starts_with("distroless/")) || chainguard_image(ref))
    return ImageFamily::Distroless;
  if (name == "alpine" || contains(ref.tag, "alpine")) return ImageFamily::Alpine;
  if (name == "busybox") return ImageFamily::BusyBox;
  if (const std::optional<bool> minimal = ubi_minimal(name))
    return *minimal ? ImageFamily::RhelMinimal : ImageFamily::Rhel;
  if (one_of(name, k_without_useradd)) return ImageFamily::RhelMinimal;
  if (one_of(name, k_rhel_names)) {
    const bool slim = contains(ref.tag, "minimal") || contains(ref.tag, "micro") ||
                      (name == "oraclelinux" && contains(ref.tag, "slim"));
    return slim ? ImageFamily::RhelMinimal : ImageFamily::Rhel;
  }
  if (name == "debian" || name == "ubuntu" || (official && one_of(name, k_debian_official)))
    return ImageFamily::Debian;
  if (std::any_of(k_debian_codenames.begin(), k_debian_codenames.end(),
                  [&](std::string_view c) { return contains(ref.tag, c); }))
    return ImageFamily::Debian;
  return ImageFamily::Unknown;
}

// The whitespace that indents the line holding `offset` up to it ("" when text precedes it).
std::string indentation(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  const size_t line = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const size_t begin = line == std::string_view::npos || offset == 0 ? 0 : line + 1;
  const std::string_view lead = text.substr(begin, offset - begin);
  return lead.find_first_not_of(" \t") == std::string_view::npos ? std::string(lead) : std::string();
}

// `lines` (separated by '\n') with `indent` before each one.
std::string indented(std::string_view lines, std::string_view indent) {
  std::string out;
  for (size_t at = 0; at <= lines.size();) {
    const size_t end = std::min(lines.find('\n', at), lines.size());
    if (!out.empty()) out += '\n';
    out.append(indent).append(lines.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// What a fix switches to: the user, and the RUN that creates it first ("" when none is needed).
struct Plan {
  std::string create;
  std::string user;
  std::string note;
  bool existing = false;

  [[nodiscard]] std::string lines() const {
    return create.empty() ? fmt::format("USER {}", user) : fmt::format("{}\nUSER {}", create, user);
  }
};

std::optional<Plan> plan_for(ImageFamily family, std::string_view existing_user) {
  if (!existing_user.empty()) return Plan{"", std::string(existing_user), "", true};
  const FamilyUser* f = family_user(family);
  if (!f) return std::nullopt;
  return Plan{std::string(f->create), std::string(f->user), std::string(f->note), false};
}

// The fix every family shares once the plan is known: title, applicability and advice; edits apart.
Fix planned_fix(const Plan& plan) {
  Fix fix;
  if (plan.existing)
    fix.title = fmt::format("switch to the user {} that the build already has", plan.user);
  else if (!plan.create.empty())
    fix.title = fmt::format("create the unprivileged user {} and switch to it", plan.user);
  else
    fix.title = fmt::format("switch to the unprivileged user {}", plan.user);
  // Unsafe: what the process writes at run time (data, caches, sockets) may now be out of its reach.
  fix.applicability = Applicability::Unsafe;
  fix.advice.rewritten = plan.lines();
  if (!plan.note.empty()) fix.advice.notes.push_back(plan.note);
  fix.advice.notes.push_back(fmt::format(
      "files and folders the process writes at run time must be writable by {} (COPY --chown, or chown "
      "them before the USER line)",
      plan.user));
  return fix;
}

// The base image is not one the table knows: every family's remedy, to pick from.
Fix unknown_family_fix() {
  Fix fix;
  fix.title = "switch to an unprivileged user that the base image supports";
  fix.applicability = Applicability::DisplayOnly;
  fix.advice.notes.emplace_back(
      "the base image is not one layerlint recognises: pick the remedy of the family it is built on, "
      "after the last instruction that needs root");
  for (const FamilyUser& f : k_family_users) {
    fix.advice.alternatives.push_back(f.create.empty()
                                          ? fmt::format("{}: USER {}", f.label, f.user)
                                          : fmt::format("{}: {}, then USER {}", f.label, f.create, f.user));
  }
  return fix;
}

}  // namespace

std::string_view family_name(ImageFamily family) {
  switch (family) {
    case ImageFamily::Debian: return "debian";
    case ImageFamily::Alpine: return "alpine";
    case ImageFamily::BusyBox: return "busybox";
    case ImageFamily::Rhel: return "rhel";
    case ImageFamily::RhelMinimal: return "rhel-minimal";
    case ImageFamily::Distroless: return "distroless";
    case ImageFamily::Scratch: return "scratch";
    case ImageFamily::Windows: return "windows";
    case ImageFamily::Unknown: break;
  }
  return "unknown";
}

std::string_view ImageRef::name() const {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string_view(path) : std::string_view(path).substr(slash + 1);
}

ImageRef parse_image_ref(std::string_view reference) {
  std::string ref = ascii_lower(reference.substr(0, reference.find('@')));
  ImageRef out;
  // As Docker reads it: the first component is a registry when it has a '.' or a ':', or is localhost.
  if (const size_t slash = ref.find('/'); slash != std::string::npos) {
    const std::string_view first = std::string_view(ref).substr(0, slash);
    if (contains(first, ".") || contains(first, ":") || first == "localhost") {
      out.registry = std::string(first);
      ref.erase(0, slash + 1);
    }
  }
  const size_t last_slash = ref.rfind('/');
  if (const size_t colon = ref.rfind(':');
      colon != std::string::npos && (last_slash == std::string::npos || colon > last_slash)) {
    out.tag = ref.substr(colon + 1);
    ref.resize(colon);
  }
  if ((out.registry.empty() || out.registry == "docker.io") && ref.starts_with("library/")) ref.erase(0, 8);
  out.path = std::move(ref);
  return out;
}

ImageFamily image_family(std::string_view reference, char escape) {
  const bool expanded = !reference.empty() && !contains(reference, "$");
  const ImageFamily family = expanded ? known_family(parse_image_ref(reference)) : ImageFamily::Unknown;
  return family == ImageFamily::Unknown && escape == '`' ? ImageFamily::Windows : family;
}

bool runs_unprivileged_by_default(std::string_view reference) {
  const ImageRef ref = parse_image_ref(reference);
  if (contains(ref.path, "nonroot") || contains(ref.tag, "nonroot") || contains(ref.path, "rootless") ||
      contains(ref.tag, "rootless"))
    return true;
  if (chainguard_image(ref)) return !one_of(ref.name(), k_chainguard_root);
  // Nano Server's default account is ContainerUser; Server Core's is ContainerAdministrator.
  return windows_image(ref) && (ref.name() == "nanoserver" || contains(ref.tag, "nanoserver"));
}

Fix add_user_fix(const BuildModel& model, const Instruction& after, ImageFamily family,
                 std::string_view existing_user) {
  const std::optional<Plan> plan = plan_for(family, existing_user);
  if (!plan) return unknown_family_fix();
  Fix fix = planned_fix(*plan);
  if (!after.range.valid()) return fix;
  // The new lines go after the instruction that keeps needing root, indented as it is.
  const std::string_view text = model.source().text();
  const Range at{after.range.end, after.range.end};
  const std::string lines = indented(fix.advice.rewritten, indentation(text, after.range.begin.offset));
  const bool ends_line = after.range.end.offset > 0 && after.range.end.offset <= text.size() &&
                         text[after.range.end.offset - 1] == '\n';
  fix.edits.push_back(Edit{at, ends_line ? lines + "\n" : "\n" + lines});
  return fix;
}

Fix replace_root_user_fix(const BuildModel& model, const Instruction& user, ImageFamily family,
                          std::string_view existing_user) {
  const std::optional<Plan> plan = plan_for(family, existing_user);
  if (!plan) return unknown_family_fix();
  Fix fix = planned_fix(*plan);
  if (user.args.empty() || !user.range.valid()) return fix;
  const Range& arg = user.args.front().range;
  if (plan->create.empty()) {
    fix.edits.push_back(Edit{arg, plan->user});
    return fix;
  }
  // The user must exist before USER names it: the instruction becomes the creating RUN and the USER,
  // on lines of their own with the indentation of the line they replace.
  const Range whole{user.range.begin, user.args.back().range.end};
  const std::string indent = indentation(model.source().text(), user.range.begin.offset);
  fix.edits.push_back(Edit{whole, fmt::format("{}\n{}USER {}", plan->create, indent, plan->user)});
  return fix;
}

}  // namespace layerlint
