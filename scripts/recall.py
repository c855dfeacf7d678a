#!/usr/bin/env python3
"""Recall of layerlint's secret rules (LL1xxx) on labelled third-party Dockerfile sets.

Sets and labels (all under the corpus folder):
  kics          kics/passwords_and_secrets and kics/_checkmarx_upstream_extras/passwords_and_secrets:
                every `*.dockerfile` entry of positive_expected_result.json is one labelled positive
                (file, line); every negative*.dockerfile is a labelled negative (whole file).
  semgrep       semgrep-rules/**/*.dockerfile, only the rule `secret-in-build-arg` (the one secret rule of
                that set; the other rules are hygiene, users, sockets). The labelled line is the first
                non-comment line after `# ruleid: secret-in-build-arg` (positive) or
                `# ok: secret-in-build-arg` (negative).
  semgrep+RUN   the same file with `RUN true` appended. That file has no RUN at all, and layerlint's
                LL1001 only fires for an ARG in scope of a RUN (that is when BuildKit records it); this
                row measures the name recognition alone.
  checkov       Checkov has no CKV_DOCKER_* check about secrets; the secret-related Dockerfile labels are
                graph check RunChpasswd (CKV2_DOCKER_17, a password set on the command line) and the
                secrets scanner's default-detector resources (tests/secrets/resources/file_type, AWS keys).
                Labels are per file (the folder says fail/pass), so a positive counts when the file has
                any LL1xxx finding. The custom_regex / multiline detector resources are excluded: they
                test user-supplied regexes, not default detection.
  vulnerable-misc  intentionally vulnerable Dockerfiles without labels: detection rate = files with at
                least one LL1xxx finding / files.

A line label counts as found when an LL1xxx finding starts within one line of it: the labelled line is
the instruction's line, while layerlint points at the offending token, which can sit on the next
physical line of a continued instruction; kics' own labels drift by one line between versions (see the
_note fields in the corpus). False positives: LL1xxx findings on labelled negatives (ok lines +-0,
negative files: any finding).
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile


def run_layerlint(binary, paths):
    """Map each path to its LL1xxx findings as (line, rule) pairs."""
    out = {}
    for start in range(0, len(paths), 200):
        chunk = paths[start:start + 200]
        proc = subprocess.run([binary, "--format", "json", "--fail-level", "none", "-j", "1", *chunk],
                              capture_output=True, text=True, check=False)
        try:
            doc = json.loads(proc.stdout)
        except json.JSONDecodeError:
            sys.exit(f"recall: {binary} did not print JSON (exit {proc.returncode}): {proc.stderr[:500]}")
        for f in doc.get("files", []):
            out[f["path"]] = [(x["range"]["start"]["line"], x["rule"]) for x in f.get("findings", [])
                              if x["rule"].startswith("LL1")]
    return out


def found_near(findings, line, slack=1):
    return any(abs(fl - line) <= slack for fl, _ in findings)


class Row:
    def __init__(self, name):
        self.name = name
        self.pos = self.hit = self.neg = self.fp = 0
        self.missed = []
        self.false = []

    def cells(self):
        recall = f"{100.0 * self.hit / self.pos:5.1f}%" if self.pos else "   - "
        return [self.name, str(self.pos), str(self.hit), recall, str(self.neg), str(self.fp)]


def kics(corpus, binary):
    row = Row("kics passwords_and_secrets")
    folders = [os.path.join(corpus, "kics/passwords_and_secrets/test"),
               os.path.join(corpus, "kics/_checkmarx_upstream_extras/passwords_and_secrets/test")]
    labels, negatives = [], []
    for d in folders:
        if not os.path.isdir(d):
            continue
        with open(os.path.join(d, "positive_expected_result.json"), encoding="utf-8") as fh:
            for e in json.load(fh):
                path = os.path.join(d, e["fileName"])
                if e["fileName"].endswith(".dockerfile") and os.path.exists(path):
                    labels.append((path, int(e["line"])))
        negatives += sorted(glob.glob(os.path.join(d, "negative*.dockerfile")))
    results = run_layerlint(binary, sorted({p for p, _ in labels}) + negatives)
    for path, line in labels:
        row.pos += 1
        if found_near(results.get(path, []), line):
            row.hit += 1
        else:
            row.missed.append(f"{os.path.relpath(path, corpus)}:{line}")
    for path in negatives:
        row.neg += 1
        if results.get(path):
            row.fp += 1
            row.false.append(f"{os.path.relpath(path, corpus)}: {results[path]}")
    return row


SEMGREP_RULE = "secret-in-build-arg"
LABEL = re.compile(r"^\s*#\s*(ruleid|ok)\s*:\s*([\w.-]+)")


def semgrep_labels(text):
    """(kind, line) for each secret label, the line being the next non-comment, non-blank line."""
    lines = text.split("\n")
    out = []
    for i, l in enumerate(lines):
        m = LABEL.match(l)
        if not m or m.group(2) != SEMGREP_RULE:
            continue
        for j in range(i + 1, len(lines)):
            s = lines[j].strip()
            if s and not s.startswith("#"):
                out.append((m.group(1), j + 1))
                break
    return out


def semgrep(corpus, binary, append_run):
    row = Row("semgrep secret-in-build-arg" + (" +RUN" if append_run else ""))
    files = sorted(glob.glob(os.path.join(corpus, "semgrep-rules/**/*.dockerfile"), recursive=True))
    files = [f for f in files if not f.endswith(".fixed.dockerfile")]
    labelled = []
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        labels = semgrep_labels(text)
        if labels:
            labelled.append((f, text, labels))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, (f, text, _) in enumerate(labelled):
            if append_run:
                p = os.path.join(tmp, f"{n}.Dockerfile")
                with open(p, "w", encoding="utf-8") as fh:
                    fh.write(text.rstrip("\n") + "\nRUN true\n")
            else:
                p = f
            paths.append(p)
        results = run_layerlint(binary, paths)
    for p, (f, _, labels) in zip(paths, labelled):
        findings = results.get(p, [])
        for kind, line in labels:
            where = f"{os.path.relpath(f, corpus)}:{line}"
            if kind == "ruleid":
                row.pos += 1
                if found_near(findings, line):
                    row.hit += 1
                else:
                    row.missed.append(where)
            else:
                row.neg += 1
                if found_near(findings, line, slack=0):
                    row.fp += 1
                    row.false.append(where)
    return row


def checkov(corpus, binary):
    row = Row("checkov secrets (per file)")
    base = os.path.join(corpus, "checkov/tests")
    chpasswd = os.path.join(base, "dockerfile/graph_builder/checks/resources/RunChpasswd")
    positives = sorted(glob.glob(os.path.join(chpasswd, "fail*/Dockerfile*")))
    positives += sorted(glob.glob(os.path.join(base, "secrets/resources/file_type/Dockerfile*")))
    negatives = sorted(glob.glob(os.path.join(chpasswd, "pass*/Dockerfile*")))
    results = run_layerlint(binary, positives + negatives)
    for p in positives:
        row.pos += 1
        if results.get(p):
            row.hit += 1
        else:
            row.missed.append(os.path.relpath(p, corpus))
    for p in negatives:
        row.neg += 1
        if results.get(p):
            row.fp += 1
            row.false.append(f"{os.path.relpath(p, corpus)}: {results[p]}")
    return row


def vulnerable(corpus, binary):
    listing = os.path.join(corpus, "files.txt")
    if os.path.exists(listing):
        with open(listing, encoding="utf-8") as fh:
            files = [os.path.join(corpus, l.strip()) for l in fh if l.startswith("vulnerable-misc/")]
    else:
        files = sorted(p for p in glob.glob(os.path.join(corpus, "vulnerable-misc/**/*"), recursive=True)
                       if os.path.isfile(p))
    files = [f for f in files if os.path.isfile(f)]
    results = run_layerlint(binary, files)
    detected = [f for f in files if results.get(f)]
    per_rule = {}
    for f in files:
        for rule in {r for _, r in results.get(f, [])}:
            per_rule[rule] = per_rule.get(rule, 0) + 1
    return len(files), len(detected), per_rule


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--layerlint", required=True)
    ap.add_argument("--verbose", action="store_true", help="list every missed positive and false positive")
    args = ap.parse_args()
    rows = [kics(args.corpus, args.layerlint), semgrep(args.corpus, args.layerlint, False),
            semgrep(args.corpus, args.layerlint, True), checkov(args.corpus, args.layerlint)]
    header = ["set", "positives", "found", "recall", "negatives", "false pos."]
    table = [header] + [r.cells() for r in rows]
    total, detected, per_rule = vulnerable(args.corpus, args.layerlint)
    rate = f"{100.0 * detected / total:5.1f}%" if total else "   - "
    table.append(["vulnerable-misc (detection rate)", str(total), str(detected), rate, "-", "-"])
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for n, r in enumerate(table):
        print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print("vulnerable-misc files per rule: " + ", ".join(f"{k} {v}" for k, v in sorted(per_rule.items())))
    for r in rows:
        if r.missed:
            shown = r.missed if args.verbose else r.missed[:8]
            more = "" if len(shown) == len(r.missed) else f" (+{len(r.missed) - len(shown)} more, --verbose)"
            print(f"{r.name}: missed " + "; ".join(shown) + more)
        if r.false:
            print(f"{r.name}: false positives " + "; ".join(r.false))


if __name__ == "__main__":
    main()
