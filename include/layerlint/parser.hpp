// Parsing Dockerfiles the way BuildKit's frontend does.
//
// Contract: parse() never throws on any input and never stops at the first problem; it returns the
// tree plus positioned errors. It is reentrant and thread-safe.
#pragma once

#include <string>

#include "layerlint/ast.hpp"
#include "layerlint/source.hpp"

namespace layerlint {

[[nodiscard]] Dockerfile parse_dockerfile(const SourceFile& source);

// BuildKit's parser test dump (one s-expression per instruction, as in the testfiles' `result`).
// Returns false (and an explanation in `error`) where BuildKit's parser would reject the file
// (empty file, no instructions, ENV without value, ...).
[[nodiscard]] bool dump_buildkit_ast(const Dockerfile& file, std::string& out, std::string& error);

}  // namespace layerlint
