#include "core/data_tree.hpp"

#include <charconv>

#include "core/embedded.hpp"

namespace layerlint {

DataNode DataNode::make_scalar(std::string value) {
  DataNode n;
  n.m_kind = Kind::Scalar;
  n.m_scalar = std::move(value);
  return n;
}

DataNode DataNode::make_sequence(std::vector<DataNode> items) {
  DataNode n;
  n.m_kind = Kind::Sequence;
  n.m_items = std::move(items);
  return n;
}

DataNode DataNode::make_map(std::vector<std::pair<std::string, DataNode>> entries) {
  DataNode n;
  n.m_kind = Kind::Map;
  n.m_entries = std::move(entries);
  return n;
}

const DataNode& DataNode::operator[](std::string_view key) const {
  static const DataNode k_null;
  for (const auto& [k, v] : m_entries) {
    if (k == key) return v;
  }
  return k_null;
}

namespace {

// Reads the format written by yaml_to_tree: M<n>;{key value} | S<n>;{value} | V<len>:<bytes> | N
class TreeReader {
 public:
  explicit TreeReader(std::string_view text) : m_text(text) {}

  bool read(DataNode& out, int depth = 0) {
    if (m_at >= m_text.size() || depth > 64) return false;
    const char tag = m_text[m_at++];
    if (tag == 'N') {
      out = DataNode();
      return true;
    }
    size_t n = 0;
    if (!number(n, tag == 'V' ? ':' : ';')) return false;
    if (tag == 'V') {
      if (m_text.size() - m_at < n) return false;
      out = DataNode::make_scalar(std::string(m_text.substr(m_at, n)));
      m_at += n;
      return true;
    }
    if (n > m_text.size() - m_at) return false;  // every element takes at least one byte
    if (tag == 'S') {
      std::vector<DataNode> items(n);
      for (DataNode& item : items) {
        if (!read(item, depth + 1)) return false;
      }
      out = DataNode::make_sequence(std::move(items));
      return true;
    }
    if (tag == 'M') {
      std::vector<std::pair<std::string, DataNode>> entries(n);
      for (auto& [key, value] : entries) {
        DataNode k;
        if (!read(k, depth + 1) || !k.is_scalar() || !read(value, depth + 1)) return false;
        key = k.scalar();
      }
      out = DataNode::make_map(std::move(entries));
      return true;
    }
    return false;
  }

  [[nodiscard]] bool done() const { return m_at == m_text.size(); }

 private:
  bool number(size_t& n, char terminator) {
    const char* begin = m_text.data() + m_at;
    const char* end = m_text.data() + m_text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, n);
    if (ec != std::errc() || ptr == end || *ptr != terminator) return false;
    m_at = static_cast<size_t>(ptr - m_text.data()) + 1;
    return true;
  }

  std::string_view m_text;
  size_t m_at = 0;
};

}  // namespace

std::optional<DataNode> decode_data_tree(std::string_view tree) {
  TreeReader reader(tree);
  DataNode root;
  if (!reader.read(root) || !reader.done()) return std::nullopt;
  return root;
}

DataNode load_embedded_data(std::string_view name) {
  const auto tree = embedded_file(std::string(name) + ".tree");
  if (!tree) return DataNode();
  return decode_data_tree(*tree).value_or(DataNode());
}

}  // namespace layerlint
