// command_line_credentials: literal credentials in a shell script's command lines.
#include "secrets/command_line.hpp"

#include <fmt/format.h>

#include "model/commands.hpp"
#include "model/paths.hpp"

namespace layerlint {

namespace {

bool is_login(const SimpleCommand& cmd) {
  for (const ShellWord& w : cmd.words) {
    if (w.value == "login") return true;
  }
  return false;
}

}  // namespace

bool literal_credential(std::string_view value) {
  return !value.empty() && value.find('$') == std::string_view::npos &&
         value.find('`') == std::string_view::npos && !is_placeholder_value(value);
}

std::vector<CommandCredential> command_line_credentials(
    const ShellScript& script, const std::function<NameStrength(std::string_view)>& strength) {
  std::vector<CommandCredential> out;
  const SimpleCommand* previous = nullptr;
  for (const SimpleCommand& cmd : script.commands) {
    auto report_part = [&](const ShellWord& w, std::string_view secret, std::string_view what,
                           bool in_written_file = false) {
      out.push_back({&w, std::string(secret), std::string(what), in_written_file});
    };
    for (const ShellWord& a : cmd.assignments) {
      const size_t eq = a.value.find('=');
      if (eq == std::string::npos) continue;
      const std::string name = a.value.substr(0, eq);
      const std::string value = a.value.substr(eq + 1);
      if (is_secret_name(strength(name)) && literal_credential(value) && !is_placeholder_value(value, name)) {
        report_part(a, value, fmt::format("value of {}", name));
      }
    }
    // The program that runs (`exec mysql`, `sudo mysql`), read through the wrappers.
    const commands::WordIndices programs = commands::program_words(cmd);
    const std::string_view base = programs.size() == 0
                                      ? std::string_view{}
                                      : paths::basename(cmd.words[programs[programs.size() - 1]].value);
    const auto& w = cmd.words;
    // What echo and printf write: `api_key = …` in the configuration text they print.
    if (base == "echo" || base == "printf") {
      for (size_t i = 1; i < w.size(); ++i) {
        for (const ValueMatch& m : find_keyword_assignments(w[i].value)) {
          report_part(w[i], std::string_view(w[i].value).substr(m.begin, m.end - m.begin), m.description,
                      true);
        }
      }
    }
    for (size_t i = 1; i < w.size(); ++i) {
      const std::string& v = w[i].value;
      const ShellWord* next = i + 1 < w.size() ? &w[i + 1] : nullptr;
      // curl/wget -u user:password
      if ((base == "curl" || base == "wget") && (v == "-u" || v == "--user") && next) {
        const size_t colon = next->value.find(':');
        if (colon != std::string::npos && literal_credential(next->value.substr(colon + 1)) &&
            !is_placeholder_credential(std::string_view(next->value).substr(0, colon),
                                       std::string_view(next->value).substr(colon + 1))) {
          report_part(*next, next->value.substr(colon + 1), "password passed with " + v);
        }
      }
      if ((v == "-H" || v == "--header") && next) {
        const std::string& h = next->value;
        const size_t colon = h.find(':');
        if (colon != std::string::npos) {
          std::string name = h.substr(0, colon);
          for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          std::string value = h.substr(colon + 1);
          value.erase(0, value.find_first_not_of(' '));
          if (name == "authorization" || name == "proxy-authorization") {
            const size_t sp = value.find(' ');
            if (sp != std::string::npos) value = value.substr(sp + 1);
          }
          const bool secret_header = name == "authorization" || name == "proxy-authorization" ||
                                     is_secret_name(strength(name)) || name == "x-api-key";
          if (secret_header && literal_credential(value))
            report_part(*next, value, "credential in HTTP header " + name);
        }
      }
      // mysql -pSECRET (attached), --password=SECRET, --password SECRET
      if ((base == "mysql" || base == "mysqladmin" || base == "mysqldump" || base == "mariadb") &&
          v.starts_with("-p") && v.size() > 2 && !v.starts_with("--")) {
        if (literal_credential(v.substr(2))) report_part(w[i], v.substr(2), "password passed with -p");
      }
      for (std::string_view opt :
           {"--password", "--passwd", "--pass", "--token", "--api-key", "--apikey", "--secret",
            "--client-secret", "--auth-token", "--access-token", "--http-password", "--ftp-password",
            "--proxy-password", "--registry-password"}) {
        if (v == opt && next && literal_credential(next->value))
          report_part(*next, next->value, "value of " + v);
        if (v.size() > opt.size() && v.starts_with(opt) && v[opt.size()] == '=' &&
            literal_credential(v.substr(opt.size() + 1))) {
          report_part(w[i], v.substr(opt.size() + 1), std::string("value of ") + std::string(opt));
        }
      }
      if ((v == "-p" || v == "--password") && next && (base == "sshpass" || is_login(cmd))) {
        if (literal_credential(next->value)) report_part(*next, next->value, "password passed with " + v);
      }
      if (v == "--password-stdin" && previous && previous->separator == Separator::Pipe) {
        const std::string_view feeder = paths::basename(previous->name());
        if ((feeder == "echo" || feeder == "printf") && previous->words.size() >= 2) {
          const ShellWord& last = previous->words.back();
          if (!last.value.starts_with("-") && literal_credential(last.value)) {
            report_part(last, last.value, "password piped to --password-stdin");
          }
        }
      }
    }
    // `echo 'user:password' | chpasswd` (and `passwd --stdin`, `smbpasswd -s`).
    const bool reads_password =
        base == "chpasswd" || ((base == "passwd" || base == "smbpasswd") && w.size() >= 2);
    if (reads_password && previous && previous->separator == Separator::Pipe) {
      const std::string_view feeder = paths::basename(previous->name());
      if ((feeder == "echo" || feeder == "printf") && previous->words.size() >= 2) {
        const ShellWord& last = previous->words.back();
        std::string value = last.value;
        if (base == "chpasswd") {
          const size_t colon = value.find(':');
          value = colon == std::string::npos ? "" : value.substr(colon + 1);
        } else {
          value = value.substr(0, value.find("\\n"));
        }
        if (literal_credential(value)) report_part(last, value, "password piped to " + std::string(base));
      }
    }
    previous = &cmd;
  }
  return out;
}

}  // namespace layerlint
