// JSON-RPC 2.0 messages as the Language Server Protocol uses them: error codes and the shapes of
// responses and notifications.
//
// Contract: pure functions, thread-safe, never throw (but for std::bad_alloc).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace layerlint::lsp {

using json = nlohmann::json;

namespace error_code {
inline constexpr int k_parse_error = -32700;
inline constexpr int k_invalid_request = -32600;
inline constexpr int k_method_not_found = -32601;
inline constexpr int k_invalid_params = -32602;
inline constexpr int k_internal_error = -32603;
inline constexpr int k_server_not_initialized = -32002;
inline constexpr int k_request_cancelled = -32800;
inline constexpr int k_content_modified = -32801;
}  // namespace error_code

json response(const json& id, json result);
json error_response(const json& id, int code, std::string_view message);
json notification(std::string_view method, json params);
json request(const json& id, std::string_view method, json params);

// A request id as a map key: "n:<number>" or "s:<string>" (ids of both kinds may coexist).
std::string id_key(const json& id);

// The member `key` of `object` (null when `object` is not an object or has no such member); a
// string or boolean member, or `fallback` when it is missing or of another type. Never throw.
const json& member(const json& object, std::string_view key);
std::string string_member(const json& object, std::string_view key, std::string fallback = {});
bool bool_member(const json& object, std::string_view key, bool fallback = false);

}  // namespace layerlint::lsp
