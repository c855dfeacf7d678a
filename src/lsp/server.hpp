// `layerlint lsp`: a language server (LSP 3.17) over a byte stream, for Dockerfiles and Compose files.
//
// Capabilities: full document sync with open/close/save, diagnostics pushed with the document's
// version, code actions (quick fixes, suppression comments, `source.fixAll.layerlint`) and hovers.
// docs/lsp.md describes the protocol as a client sees it: initialization options, encodings,
// watched files.
//
// Threads: the caller's thread reads and dispatches every message and answers what needs no lint;
// one worker lints (always the newest version of a document, dropping results that a newer version
// made stale), another answers hovers and code actions once the lint of the version they were asked
// about is there. Every lint goes through one Session; its config cache is used by the lint worker
// only.
//
// Contract: serve() never throws and never crashes on any input: a message it cannot use is answered
// with an error (ParseError for bytes that are not JSON, InvalidRequest, MethodNotFound,
// InvalidParams) or, for a notification, logged and dropped.
#pragma once

#include <ostream>

#include "layerlint/session.hpp"

namespace layerlint::lsp {

// Serves one client: reads framed messages from `in_fd` until `exit` or the end of input, writes
// framed messages to `out_fd` (nothing else), logs to `log`. `options` are the command line's; the
// client's initialization options (`config`, `select`, `ignore`) override them. Returns the exit
// code: 0 when `shutdown` came before `exit` (or before the end of input), else 1.
int serve(int in_fd, int out_fd, SessionOptions options, std::ostream& log);

// `layerlint lsp` on standard input and output: the protocol gets its own copy of the standard
// output descriptor, and descriptor 1 then points at standard error, so that nothing else written
// to standard output can reach the client. Logs go to standard error.
int run_stdio_server(SessionOptions options);

}  // namespace layerlint::lsp
