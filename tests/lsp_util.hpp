// Shared by the language server's tests: applying the server's TextEdits as an editor does.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lsp/positions.hpp"

namespace layerlint::testing {

// `text` with the TextEdits of `edits` (a JSON array, positions in `encoding`) applied, as LSP
// says: every range refers to the text before any edit.
inline std::string apply_text_edits(const std::string& text, const nlohmann::json& edits,
                                    lsp::PositionEncoding encoding) {
  const lsp::LineIndex index(text, encoding);
  struct Change {
    uint32_t begin, end;
    std::string text;
  };
  std::vector<Change> changes;
  for (const nlohmann::json& e : edits) {
    const auto at = [&](const nlohmann::json& p) {
      return index.offset({p["line"].get<uint32_t>(), p["character"].get<uint32_t>()});
    };
    changes.push_back({at(e["range"]["start"]), at(e["range"]["end"]), e["newText"].get<std::string>()});
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.begin > b.begin; });
  std::string out = text;
  for (const Change& c : changes) out.replace(c.begin, c.end - c.begin, c.text);
  return out;
}

}  // namespace layerlint::testing
