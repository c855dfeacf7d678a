// LL3002 compose-privileged: a Compose service runs with more privilege than a container needs.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "layerlint/compose.hpp"
#include "layerlint/rule.hpp"
#include "rules_all.hpp"

namespace layerlint {
namespace {

bool is_true(std::string_view value) {
  const std::string v = ascii_lower(value);
  return v == "true" || v == "yes" || v == "on";
}

// "/var/run/docker.sock", "//run/docker.sock/", "/var/run/./docker.sock" -> the socket.
bool is_docker_socket(std::string_view path) {
  std::string collapsed;
  for (const char c : path) {
    if (c == '/' && !collapsed.empty() && collapsed.back() == '/') continue;
    collapsed.push_back(c);
  }
  for (size_t at; (at = collapsed.find("/./")) != std::string::npos;) collapsed.erase(at, 2);
  while (collapsed.size() > 1 && collapsed.back() == '/') collapsed.pop_back();
  return collapsed == "/var/run/docker.sock" || collapsed == "/run/docker.sock";
}

// The user part of `user:` ("root", "0", "root:app", "0:0") names root.
bool is_root_user(std::string_view user) {
  const std::string_view name = user.substr(0, user.find(':'));
  if (name == "root") return true;
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c == '0'; });
}

struct SecurityOpt {
  std::string_view key;
  std::string_view value;
  std::string_view message;
  std::string_view fix;
};

constexpr SecurityOpt k_weak_security_opts[] = {
    {"seccomp", "unconfined", "disables the seccomp filter",
     "remove `seccomp:unconfined`; keep the default profile or give a custom one"},
    {"apparmor", "unconfined", "disables the AppArmor profile",
     "remove `apparmor:unconfined`; keep the default profile or give a custom one"},
    {"no-new-privileges", "false", "lets processes gain privileges through setuid binaries",
     "use `no-new-privileges:true`"},
    {"label", "disable", "disables SELinux labelling", "remove `label:disable`"},
};

class ComposePrivileged final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo k_info{"LL3002",
                                 "compose-privileged",
                                 Severity::Warning,
                                 "a compose service runs with host-level privileges",
                                 "security,privilege,compose",
                                 7.5,
                                 "LL3002_compose_privileged.md"};
    return k_info;
  }

  void check_compose(const ComposeFile& compose, std::vector<Finding>& out) const override {
    for (const ComposeService& s : compose.services) check_service(s, out);
  }

 private:
  void report(std::vector<Finding>& out, Range range, std::string message, std::string fix_title,
              Severity severity = Severity::Warning, std::optional<Edit> edit = std::nullopt) const {
    Finding f = make_finding(range, std::move(message));
    f.severity = severity;
    Fix fix;
    fix.title = std::move(fix_title);
    fix.applicability = edit ? Applicability::Unsafe : Applicability::DisplayOnly;
    if (edit) fix.edits.push_back(std::move(*edit));
    f.fix = std::move(fix);
    out.push_back(std::move(f));
  }

  void check_service(const ComposeService& s, std::vector<Finding>& out) const {
    const std::string_view name = s.name.value;
    if (s.privileged && is_true(s.privileged->value)) {
      report(
          out, s.privileged->range,
          fmt::format(
              "service {} runs privileged: every capability, all host devices, no seccomp or AppArmor", name),
          "drop `privileged: true` and add only the capabilities and devices the service needs",
          Severity::Error);
    }
    for (const Word& cap : s.cap_add) {
      std::string c = ascii_lower(cap.value);
      if (c.starts_with("cap_")) c.erase(0, 4);
      if (c == "all") {
        report(out, cap.range, fmt::format("service {} adds every capability (cap_add: {})", name, cap.value),
               "add only the capability the service needs instead of ALL");
      } else if (c == "sys_admin") {
        report(out, cap.range,
               fmt::format("service {} adds {}, which allows mounts and most of what root can do on the host",
                           name, cap.value),
               "drop SYS_ADMIN and add the narrower capability the service needs");
      }
    }
    for (const Word& opt : s.security_opt) {
      const std::string o = ascii_lower(opt.value);
      const size_t sep = o.find_first_of(":=");
      if (sep == std::string::npos) continue;
      const std::string_view key = std::string_view(o).substr(0, sep);
      const std::string_view value = std::string_view(o).substr(sep + 1);
      for (const SecurityOpt& weak : k_weak_security_opts) {
        if (key != weak.key || value != weak.value) continue;
        report(out, opt.range, fmt::format("service {} {} (security_opt: {})", name, weak.message, opt.value),
               std::string(weak.fix));
      }
    }
    for (const ComposeVolume& v : s.volumes) {
      if (!is_docker_socket(v.source.value)) continue;
      report(
          out, v.source.range,
          fmt::format("service {} mounts the Docker socket {}, which gives root on the host", name,
                      v.source.value),
          "remove the Docker socket mount, or reach the daemon through a socket proxy that allows only the "
          "API calls needed",
          Severity::Error);
    }
    if (s.pid && ascii_lower(s.pid->value) == "host") {
      report(out, s.pid->range, fmt::format("service {} shares the host's PID namespace (pid: host)", name),
             "remove `pid: host`");
    }
    if (s.network_mode && ascii_lower(s.network_mode->value) == "host") {
      report(out, s.network_mode->range,
             fmt::format("service {} shares the host's network stack (network_mode: host)", name),
             "remove `network_mode: host` and publish only the ports the service needs");
    }
    if (s.user && is_root_user(s.user->value)) {
      report(out, s.user->range, fmt::format("service {} runs as root (user: {})", name, s.user->value),
             "run as an unprivileged user: `user: \"10001:10001\"`", Severity::Warning,
             Edit{s.user->range, "\"10001:10001\""});
    }
  }
};

}  // namespace

const Rule& rule_LL3002() {
  static const ComposePrivileged k_rule;
  return k_rule;
}

}  // namespace layerlint
