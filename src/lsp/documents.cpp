#include "lsp/documents.hpp"

#include <fstream>
#include <sstream>

#include "cli/walk.hpp"
#include "lsp/uri.hpp"

namespace layerlint::lsp {

namespace {

std::string_view last_segment(std::string_view uri) {
  uri = uri.substr(0, uri.find_first_of("?#"));
  const size_t slash = uri.find_last_of("/:");
  return slash == std::string_view::npos ? uri : uri.substr(slash + 1);
}

}  // namespace

DocumentKind document_kind(std::string_view language_id, std::string_view uri) {
  if (language_id == "dockerfile") return DocumentKind::Dockerfile;
  if (language_id == "dockercompose") return DocumentKind::Compose;
  const auto path = path_from_uri(uri);
  const std::string name = path ? path->filename().string() : std::string(last_segment(uri));
  if (is_dockerfile_name(name)) return DocumentKind::Dockerfile;
  if (is_compose_name(name)) return DocumentKind::Compose;
  return DocumentKind::Other;
}

Document session_document(std::string_view uri, DocumentKind kind) {
  Document d;
  if (const auto path = path_from_uri(uri)) {
    d.place = path->lexically_normal();
    d.path = d.place.string();
  } else {
    d.path = std::string(uri);
  }
  d.compose = kind == DocumentKind::Compose;
  return d;
}

std::optional<std::string> read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

LintedText::LintedText(std::string uri_, int64_t version_, Document document_,
                       std::shared_ptr<const SourceFile> source_, std::shared_ptr<const LoadedConfig> config_,
                       std::vector<Finding> findings_, PositionEncoding encoding)
    : uri(std::move(uri_)),
      version(version_),
      document(std::move(document_)),
      source(std::move(source_)),
      config(std::move(config_)),
      findings(std::move(findings_)),
      index(source->text(), encoding) {}

LspRange lsp_range(const Range& range, const LineIndex& index) {
  if (!range.valid()) return {};
  return {index.position(range.begin.offset), index.position(range.end.offset)};
}

}  // namespace layerlint::lsp
