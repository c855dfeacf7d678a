#!/usr/bin/env python3
"""`layerlint lsp` latency: the time from a didChange to the publishDiagnostics of that version.

Usage: lsp_latency.py LAYERLINT SCRATCH TYPICAL_DOCKERFILE [CHANGES]

Speaks the protocol to `LAYERLINT lsp` over pipes, as an editor does: opens a document, then sends
CHANGES full-text changes one at a time (each appends a comment line, so every version is new
text) and waits for the diagnostics of each before the next. Two documents: TYPICAL_DOCKERFILE and a
generated Dockerfile of 1 MB, each copied into its own folder under SCRATCH (its build context).
Prints markdown table rows: median and 90th percentile in milliseconds.
"""
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time


class Server:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.buffer = b""
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                length = int(self.buffer[:end].split(b":")[1])
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4:end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length:]
                    return json.loads(body)
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                raise RuntimeError("the server closed its output")
            self.buffer += chunk

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        while True:
            message = self.receive()
            params = message.get("params", {})
            if (message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri
                    and params.get("version") == version):
                return params["diagnostics"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.proc.wait(timeout=30)


def big_dockerfile():
    lines = ["FROM debian:12", "ARG NPM_TOKEN"]
    size = 0
    i = 0
    while size < 1 << 20:
        line = ("RUN set -eux; apt-get update && apt-get install -y --no-install-recommends pkg%d"
                " && rm -rf /var/lib/apt/lists/*" % i)
        lines.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(lines + ["RUN npm ci", "USER 1000"]) + "\n"


def measure(server, folder, text, changes):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Dockerfile"
    path.write_text(text)
    uri = path.resolve().as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "dockerfile", "version": 1, "text": text}})
    server.diagnostics(uri, 1)
    times = []
    for version in range(2, changes + 2):
        changed = text + "# change %d\n" % version
        start = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": changed}]})
        server.diagnostics(uri, version)
        times.append((time.perf_counter() - start) * 1000)
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return times


def row(label, times):
    p90 = statistics.quantiles(times, n=10)[8]
    return "| %s | %.2f ms | %.2f ms | %d |" % (label, statistics.median(times), p90, len(times))


def main():
    binary, scratch, typical = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    changes = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    server = Server(binary)
    server.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    server.notify("initialized", {})
    typical_text = typical.read_text(errors="replace")
    rows = [
        row("%s (%d lines)" % (str(typical).split("official-images/")[-1], typical_text.count("\n")),
            measure(server, scratch / "typical", typical_text, changes)),
        row("generated Dockerfile, 1 MB", measure(server, scratch / "big", big_dockerfile(), max(changes // 10, 10))),
    ]
    code = server.close()
    print("\n".join(rows))
    if code != 0:
        print("layerlint lsp exited with %d" % code, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
