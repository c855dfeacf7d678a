#include "lsp/uri.hpp"

#include "core/text.hpp"

namespace layerlint::lsp {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::filesystem::path> path_from_uri(std::string_view uri) {
  constexpr std::string_view k_scheme = "file://";
  if (uri.size() < k_scheme.size() || ascii_lower(uri.substr(0, k_scheme.size())) != k_scheme)
    return std::nullopt;
  std::string_view rest = uri.substr(k_scheme.size());
  rest = rest.substr(0, rest.find_first_of("?#"));
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view host = rest.substr(0, slash);
  if (!host.empty() && ascii_lower(host) != "localhost") return std::nullopt;
  std::string path;
  for (size_t i = slash; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex_value(rest[i + 1]) >= 0 && hex_value(rest[i + 2]) >= 0) {
      path += static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return std::filesystem::path(path);
}

std::string uri_from_path(const std::filesystem::path& path) {
  return "file://" + uri_escape(path.generic_string());
}

}  // namespace layerlint::lsp
