// `file://` URIs and the paths they name (RFC 8089 as editors write it).
//
// Contract: pure functions, thread-safe, never throw.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace layerlint::lsp {

// The path of a `file:` URI ("file:///a%20b/c" → "/a b/c"; "file://localhost/x" → "/x"), percent
// escapes decoded; nullopt for another scheme, a remote host, a relative path, or a path holding a
// NUL byte.
std::optional<std::filesystem::path> path_from_uri(std::string_view uri);

// The `file:` URI of an absolute path: every byte but an unreserved one (RFC 3986) or '/' is
// percent-escaped.
std::string uri_from_path(const std::filesystem::path& path);

}  // namespace layerlint::lsp
