// The compiled rule data decodes to exactly what the YAML says.
#include <yaml-cpp/yaml.h>
#include "catch.hpp"

#include "core/data_tree.hpp"
#include "core/embedded.hpp"

using namespace layerlint;

namespace {

void require_same(const YAML::Node& yaml, const DataNode& data, const std::string& where) {
  INFO(where);
  if (yaml.IsScalar()) {
    REQUIRE(data.is_scalar());
    CHECK(data.scalar() == yaml.Scalar());
  } else if (yaml.IsSequence()) {
    REQUIRE(data.is_sequence());
    REQUIRE(static_cast<size_t>(data.end() - data.begin()) == yaml.size());
    size_t i = 0;
    for (const DataNode& item : data) {
      require_same(yaml[i], item, where + "[" + std::to_string(i) + "]");
      ++i;
    }
  } else if (yaml.IsMap()) {
    REQUIRE(data.is_map());
    REQUIRE(data.entries().size() == yaml.size());
    for (const auto& kv : yaml) {
      const std::string key = kv.first.Scalar();
      require_same(kv.second, data[key], where + "." + key);
    }
  } else {
    CHECK_FALSE(data);
  }
}

}  // namespace

TEST_CASE("every rule data file decodes from its compiled tree as from its YAML", "[data]") {
  for (const char* name : {"secret-names.yaml", "secret-patterns.yaml", "secret-files.yaml"}) {
    const auto text = embedded_file(name);
    REQUIRE(text);
    REQUIRE(embedded_file(std::string(name) + ".tree"));
    require_same(YAML::Load(std::string(*text)), load_embedded_data(name), name);
  }
}

TEST_CASE("a malformed tree is refused, not trusted", "[data]") {
  for (const char* bad : {"", "M", "M1;", "M1;V1:k", "S2;N", "V5:abc", "V99999999999999999999:x", "X",
                          "S1;NN", "M1;S0;N", "S18446744073709551615;"}) {
    INFO(bad);
    CHECK_FALSE(decode_data_tree(bad));
  }
  const auto ok = decode_data_tree("M2;V1:aS2;V1:xNV1:bV0:");
  REQUIRE(ok);
  CHECK(ok->is_map());
  CHECK((*ok)["b"].is_scalar());
  CHECK((*ok)["b"].scalar().empty());
  CHECK_FALSE((*ok)["missing"]);
}
