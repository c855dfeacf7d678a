#include "core/data_tree.hpp"

#include <charconv>
#include <string>

#include "core/embedded.hpp"

namespace layerlint {

namespace {

class TreeReader {
 public:
  explicit TreeReader(std::string_view text) : m_text(text) {}

  bool read(YAML::Node& out, int depth = 0) {
    if (m_at >= m_text.size() || depth > 64) return false;
    const char tag = m_text[m_at++];
    if (tag == 'N') {
      out = YAML::Node();
      return true;
    }
    size_t n = 0;
    if (!number(n, tag == 'V' ? ':' : ';')) return false;
    if (tag == 'V') {
      if (m_text.size() - m_at < n) return false;
      out = YAML::Node(std::string(m_text.substr(m_at, n)));
      m_at += n;
      return true;
    }
    if (tag == 'S') {
      out = YAML::Node(YAML::NodeType::Sequence);
      for (size_t i = 0; i < n; ++i) {
        YAML::Node item;
        if (!read(item, depth + 1)) return false;
        out.push_back(item);
      }
      return true;
    }
    if (tag == 'M') {
      out = YAML::Node(YAML::NodeType::Map);
      for (size_t i = 0; i < n; ++i) {
        YAML::Node key, value;
        if (!read(key, depth + 1) || !read(value, depth + 1) || !key.IsScalar()) return false;
        out.force_insert(key.Scalar(), value);  // keys are unique: no lookup per insert
      }
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

std::optional<YAML::Node> decode_data_tree(std::string_view tree) {
  TreeReader reader(tree);
  YAML::Node root;
  if (!reader.read(root) || !reader.done()) return std::nullopt;
  return root;
}

YAML::Node load_embedded_data(std::string_view name) {
  if (const auto tree = embedded_file(std::string(name) + ".tree")) {
    if (auto node = decode_data_tree(*tree)) return *node;
  }
  const auto text = embedded_file(name);
  if (!text) return YAML::Node();
  try {
    return YAML::Load(std::string(*text));
  } catch (const YAML::Exception&) {
    return YAML::Node();
  }
}

}  // namespace layerlint
