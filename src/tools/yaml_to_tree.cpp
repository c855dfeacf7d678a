// Build-time tool: converts rule data YAML into a compact tree that the binary decodes without a
// YAML scanner (yaml-cpp's scanner dominated start-up). Usage: yaml_to_tree IN.yaml OUT.tree
// Format (see src/core/data_tree.hpp): M<n>{key value} | S<n>{value} | V<len>:<bytes> | N
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iostream>

namespace {

void write_node(const YAML::Node& node, std::string& out) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      out += 'M' + std::to_string(node.size()) + ';';
      for (const auto& kv : node) {
        write_node(kv.first, out);
        write_node(kv.second, out);
      }
      break;
    case YAML::NodeType::Sequence:
      out += 'S' + std::to_string(node.size()) + ';';
      for (const auto& item : node) write_node(item, out);
      break;
    case YAML::NodeType::Scalar:
      out += 'V' + std::to_string(node.Scalar().size()) + ':' + node.Scalar();
      break;
    default: out += 'N';
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: yaml_to_tree IN.yaml OUT.tree\n";
    return 2;
  }
  try {
    const YAML::Node root = YAML::LoadFile(argv[1]);
    std::string out;
    write_node(root, out);
    std::ofstream(argv[2], std::ios::binary) << out;
  } catch (const YAML::Exception& e) {
    std::cerr << argv[1] << ":" << e.mark.line + 1 << ":" << e.mark.column + 1 << ": " << e.msg << "\n";
    return 1;
  }
  return 0;
}
