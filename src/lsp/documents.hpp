// The documents an editor has open, and one lint of one version of a document.
//
// Contract: the functions are pure and thread-safe. A LintedText is immutable once made and safe to
// share across threads (its LineIndex views its own SourceFile).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layerlint/finding.hpp"
#include "layerlint/session.hpp"
#include "layerlint/source.hpp"
#include "lsp/positions.hpp"

namespace layerlint::lsp {

enum class DocumentKind { Dockerfile, Compose, Other };

// What a document is: by its language id (`dockerfile`, `dockercompose`), else by its file name
// (the last segment of `uri`): a Dockerfile or Compose name as a directory walk lints them. Other
// documents (YAML that is not a Compose file, anything else) are not linted.
DocumentKind document_kind(std::string_view language_id, std::string_view uri);

// The session's view of a document: a `file:` URI has its path as its place (its config and build
// context come from there) and is reported by that path; any other URI has no place and is
// reported as the URI.
Document session_document(std::string_view uri, DocumentKind kind);

// The bytes of a file on disk; nullopt when it cannot be read.
std::optional<std::string> read_file_text(const std::filesystem::path& path);

// One lint of one version of a document.
struct LintedText {
  std::string uri;
  int64_t version = 0;
  Document document;
  std::shared_ptr<const SourceFile> source;    // the text as linted
  std::shared_ptr<const LoadedConfig> config;  // the config it was linted under; null when it does not load
  std::vector<Finding> findings;
  LineIndex index;  // over source->text()

  LintedText(std::string uri, int64_t version, Document document, std::shared_ptr<const SourceFile> source,
             std::shared_ptr<const LoadedConfig> config, std::vector<Finding> findings,
             PositionEncoding encoding);
  LintedText(const LintedText&) = delete;
  LintedText& operator=(const LintedText&) = delete;
};

// The LSP range of a layerlint range in `index`'s text, by byte offsets; an invalid range (line
// 0) is 0:0-0:0.
LspRange lsp_range(const Range& range, const LineIndex& index);

}  // namespace layerlint::lsp
