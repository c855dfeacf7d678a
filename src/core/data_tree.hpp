// Rule data (rules/*.yaml) is converted at build time into a compact tree (src/tools/yaml_to_tree.cpp)
// and decoded here into DataNode, a small immutable tree, without running a YAML scanner at start-up.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace layerlint {

class DataNode {
 public:
  enum class Kind { Null, Scalar, Sequence, Map };

  DataNode() = default;
  static DataNode make_scalar(std::string value);
  static DataNode make_sequence(std::vector<DataNode> items);
  static DataNode make_map(std::vector<std::pair<std::string, DataNode>> entries);

  [[nodiscard]] bool is_map() const { return m_kind == Kind::Map; }
  [[nodiscard]] bool is_sequence() const { return m_kind == Kind::Sequence; }
  [[nodiscard]] bool is_scalar() const { return m_kind == Kind::Scalar; }
  explicit operator bool() const { return m_kind != Kind::Null; }
  [[nodiscard]] const std::string& scalar() const { return m_scalar; }
  // The value of `key` in a map; a null node when absent or when this is not a map.
  [[nodiscard]] const DataNode& operator[](std::string_view key) const;
  // Sequence items (empty for other kinds).
  [[nodiscard]] std::vector<DataNode>::const_iterator begin() const { return m_items.begin(); }
  [[nodiscard]] std::vector<DataNode>::const_iterator end() const { return m_items.end(); }
  // Map entries in file order (empty for other kinds).
  [[nodiscard]] const std::vector<std::pair<std::string, DataNode>>& entries() const { return m_entries; }

 private:
  Kind m_kind = Kind::Null;
  std::string m_scalar;
  std::vector<DataNode> m_items;
  std::vector<std::pair<std::string, DataNode>> m_entries;
};

// Decodes a tree; nullopt when it is malformed.
std::optional<DataNode> decode_data_tree(std::string_view tree);

// The embedded data file `name` ("secret-names.yaml") from its compiled tree; a null node when it is
// missing or malformed.
DataNode load_embedded_data(std::string_view name);

}  // namespace layerlint
