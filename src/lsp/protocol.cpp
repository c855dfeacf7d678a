#include "lsp/protocol.hpp"

namespace layerlint::lsp {

json response(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json error_response(const json& id, int code, std::string_view message) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json notification(std::string_view method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

json request(const json& id, std::string_view method, json params) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

std::string id_key(const json& id) {
  if (id.is_string()) return "s:" + id.get<std::string>();
  return "n:" + id.dump();
}

const json& member(const json& object, std::string_view key) {
  static const json k_null;
  if (!object.is_object()) return k_null;
  const auto it = object.find(key);
  return it == object.end() ? k_null : *it;
}

std::string string_member(const json& object, std::string_view key, std::string fallback) {
  const json& m = member(object, key);
  return m.is_string() ? m.get<std::string>() : fallback;
}

bool bool_member(const json& object, std::string_view key, bool fallback) {
  const json& m = member(object, key);
  return m.is_boolean() ? m.get<bool>() : fallback;
}

}  // namespace layerlint::lsp
