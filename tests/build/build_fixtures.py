#!/usr/bin/env python3
"""Builds the LL1xxx fixtures and their fixed versions with real BuildKit and judges them.

Called by tests/build/run.sh, which owns the daemon and the base image. For each fixture:

* original: plant a distinct value for every ARG (literal secrets written in the Dockerfile are
  planted values themselves), every secret mount and every secret file of the build context; build,
  `docker save`, and find where each value ended up (history `created_by`, config, each layer's files,
  whiteout-hidden or not). Each `# expect:` finding at warning/error in a stage that ships must be
  confirmed in its rule's channel; a finding in a stage that does not ship (info, or LL1003 in a
  builder) must leave nothing in the image; a fixture with no expectation must leave nothing in its
  rule's channel.
* fixed: build it with the same build arguments still declared plus `--secret` for every mount
  (`src=` files holding the same values); no planted value may be anywhere in the image, and every
  stub that received a value in the original build must receive it again (the stubs log a hash).

Prints `PASS|FAIL|SKIP <fixture> <reason>` per build and a closing count; exit 1 on any FAIL.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

DOCKER = os.environ.get("DOCKER", "docker")
LAYERLINT = os.environ.get("LAYERLINT", "build/layerlint")
SCRATCH = Path(os.environ.get("SCRATCH", "/tmp/layerlint-docker"))
VERBOSE = os.environ.get("VERBOSE") == "1"

# The channel each rule's finding names: where a shipped leak must show up in the image.
CHANNELS = {
    "LL1001": {"history"},
    "LL1002": {"config"},
    "LL1003": {"history", "config"},
    "LL1004": {"layer"},
    "LL1005": {"hidden"},
    "LL1006": {"history", "config"},
    "LL1007": {"layer"},
    "LL1008": {"layer"},
    "LL1009": {"layer"},
    "LL1010": {"layer"},
}

SECRET_NAME = re.compile(
    r"(^|_)(TOKEN|PASSWORD|PASSWD|SECRET|AUTH|CREDENTIALS?|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY"
    r"|SECRET_ACCESS_KEY)($|_)")
NOT_SECRET_SUFFIX = re.compile(r"_(FILE|URL|PATH|TTL|HOST|DIR)$")
PLACEHOLDERS = {"", "changeme", "change-me", "xxx", "placeholder", "example"}

# Literal credentials written in a Dockerfile: each is the planted value of the original build.
LITERAL_PATTERNS = [
    re.compile(r"\b(ghp_[A-Za-z0-9]{36})"),
    re.compile(r"\b(glpat-[A-Za-z0-9_-]{20})"),
    re.compile(r"\b(npm_[A-Za-z0-9]{36})"),
    re.compile(r"\b(sk_live_[A-Za-z0-9]{16,})"),
    re.compile(r"\b(AKIA[A-Z0-9]{16})\b"),
    re.compile(r"\b(eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+)"),
    re.compile(r"://[^:/@\s$'\"]+:([^@\s$'\"{}]+)@"),          # URL password
    re.compile(r"\s-u\s+[^:\s]+:([^\s$'\"]+)"),                 # curl -u user:pass
    re.compile(r"--password[ =]([^\s$'\"]+)"),                  # --password VALUE
    re.compile(r"\bmysql\b.*\s-p([^\s$'\"]\S*)"),               # mysql -pVALUE
    re.compile(r"echo\s+'[^':]+:([^']+)'\s*\|\s*chpasswd"),      # echo 'user:pass' | chpasswd
    re.compile(r"echo\s+'([^'$]+)'\s*\|\s*docker\s+login"),      # echo 'pass' | docker login
    re.compile(r"\b(glrt-[A-Za-z0-9_-]{20,})"),                    # GitLab runner token
    re.compile(r"\b(hvs\.[A-Za-z0-9_-]{90,})"),                     # Vault service token
    re.compile(r"\b(dop_v1_[a-f0-9]{64})"),                         # DigitalOcean token
    # Vault legacy service token: standing alone as a value, with upper and lower case and a digit
    re.compile(r"(?:^|[\s=:'\"])(s\.(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])"
               r"[A-Za-z0-9]{24})(?=$|[\s'\"]|;\s)", re.M),
    re.compile(r"\b(AT[AC]TT3[A-Za-z0-9_=-]{20,})"),                 # Atlassian API / access token
    re.compile(r"\b((?:sgp|sgd|slk|sgs)_[A-Za-z0-9_]{40,})"),       # Sourcegraph tokens
    # `password = …` lines of the configuration a heredoc, echo or printf writes
    re.compile(r"(?:^|[\s\"'])(?:password|client_secret|DB_PASSWORD)\s*[=:]\s*\"?([A-Za-z0-9][^\"\s'\\]{5,})", re.M),
]
NAMED_LITERAL = re.compile(
    r"^(ENV|ARG)\s+([A-Za-z_][A-Za-z0-9_]*)(?:=|\s+)(?:'([^']*)'|\"?([^\"\s]+)\"?)\s*$")
# Names that are secrets by themselves: Composer's auth, Bundler's per-host credentials.
WELL_KNOWN = re.compile(r"COMPOSER_AUTH|BUNDLE_(?!BUILD__|MIRROR__|LOCAL__)[A-Z0-9_]+__[A-Z0-9_]+")
LABEL_LITERAL = re.compile(r"^LABEL\s+([\w.-]+)=\"?([^\"\s]+)\"?")

# Build-context files that hold a secret, and the content planted in them around value V.
SECRET_FILES = [
    (re.compile(r"(^|/)\.npmrc$"), "//registry.npmjs.org/:_authToken={V}\n"),
    (re.compile(r"(^|/)\.env$"), "DATABASE_PASSWORD={V}\n"),
    (re.compile(r"(^|/)credentials$"), "[default]\naws_access_key_id = AKIASTUBSTUBSTUBSTUB\naws_secret_access_key = {V}\n"),
    (re.compile(r"(^|/)\.netrc$"), "machine files.example.com login ci password {V}\n"),
    (re.compile(r"(^|/)\.pypirc$"), "[pypi]\nusername = __token__\npassword = {V}\n"),
    (re.compile(r"(^|/)settings\.xml$"), "<settings><servers><server><id>nexus</id><username>ci</username><password>{V}</password></server></servers></settings>\n"),
    (re.compile(r"service-account\.json$"), '{{"type": "service_account", "private_key": "{V}"}}\n'),
    (re.compile(r"(^|/)secrets\.ya?ml$"), "db_password: {V}\n"),
    (re.compile(r"(^|/)(id_[a-z0-9]+|[^/]+\.key|[^/]+\.pem)$"),
     "-----BEGIN OPENSSH PRIVATE KEY-----\n{V}\n-----END OPENSSH PRIVATE KEY-----\n"),
]
PUBLIC_FILES = re.compile(r"(\.pub|known_hosts|\.example|\.template|ca-cert\.pem)$")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def plant(tag: str) -> str:
    """A distinct, recognisable value that no base layer can hold by chance."""
    stem = re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")[:24]
    return f"pl4nt-{stem}-{secrets.token_hex(8)}"


def is_secret_name(name: str) -> bool:
    return (bool(SECRET_NAME.search(name.upper())) and not NOT_SECRET_SUFFIX.search(name.upper())) \
        or bool(WELL_KNOWN.fullmatch(name.upper()))


def secret_file_template(rel: str) -> str | None:
    if PUBLIC_FILES.search(rel):
        return None
    for pattern, template in SECRET_FILES:
        if pattern.search(rel):
            return template
    return None


# ---- Dockerfile reading ---------------------------------------------------------------------------

@dataclass
class Instruction:
    line: int          # 1-based first line
    keyword: str
    text: str          # the logical line, continuations joined


def instructions(text: str) -> list[Instruction]:
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        raw = lines[i]
        if not raw.strip() or raw.lstrip().startswith("#"):
            i += 1
            continue
        start, parts = i, [raw]
        while parts[-1].rstrip().endswith("\\") and i + 1 < len(lines):
            parts[-1] = parts[-1].rstrip()[:-1]
            i += 1
            if lines[i].lstrip().startswith("#"):
                continue
            parts.append(lines[i])
        joined = " ".join(p.strip() for p in parts)
        out.append(Instruction(start + 1, joined.split(None, 1)[0].upper(), joined))
        i += 1
    return out


@dataclass
class Stage:
    line: int
    name: str | None
    base: str


def stages(insts: list[Instruction]) -> list[Stage]:
    out = []
    for inst in insts:
        if inst.keyword == "FROM":
            words = [w for w in inst.text.split()[1:] if not w.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            out.append(Stage(inst.line, name, words[0]))
    return out


def shipping_stages(st: list[Stage], target: str | None) -> set[int]:
    """Indexes of the final stage and its FROM ancestors."""
    final = len(st) - 1
    if target:
        final = next(i for i, s in enumerate(st) if s.name == target)
    ships, i = set(), final
    while i is not None and i not in ships:
        ships.add(i)
        base = st[i].base
        i = next((j for j, s in enumerate(st[:i]) if s.name and s.name.lower() == base.lower()), None)
    return ships


def stage_of(st: list[Stage], line: int) -> int:
    idx = -1
    for i, s in enumerate(st):
        if s.line <= line:
            idx = i
    return idx


def arg_decls(insts: list[Instruction]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for inst in insts:
        if inst.keyword != "ARG":
            continue
        for word in inst.text.split()[1:]:
            name, eq, default = word.partition("=")
            if name not in out or out[name] is None:
                out[name] = default.strip("\"'") if eq else None
    return out


def literals(text: str) -> list[tuple[str, str]]:
    """(tag, value) of literal credentials in a Dockerfile, in order of appearance."""
    found: list[tuple[str, str]] = []
    for inst in instructions(text):
        body = inst.text
        m = NAMED_LITERAL.match(body)
        value = (m.group(3) if m.group(3) is not None else m.group(4)) if m else ""
        if m and value and "$" not in value and value.lower() not in PLACEHOLDERS \
                and not value.startswith("/") and is_secret_name(m.group(2)):
            found.append((f"{m.group(1)} {m.group(2)}", value))
        m = LABEL_LITERAL.match(body)
        if m and re.search(r"secret|token|password|key", m.group(1), re.I):
            found.append((f"LABEL {m.group(1)}", m.group(2)))
        for pattern in LITERAL_PATTERNS:
            for m in pattern.finditer(body):
                found.append((f"literal on line {inst.line} ({inst.keyword})", m.group(1)))
    seen, out = set(), []
    for tag, value in found:
        if value not in seen and value.lower() not in PLACEHOLDERS:
            seen.add(value)
            out.append((tag, value))
    return out


MOUNT = re.compile(r"--mount=(\S+)")


def mounts(inst: Instruction) -> list[dict[str, str]]:
    out = []
    for m in MOUNT.finditer(inst.text):
        opts = {}
        for part in m.group(1).split(","):
            k, _, v = part.partition("=")
            opts[k] = v if v else "true"
        out.append(opts)
    return out


EXPECT = re.compile(r"^#\s*expect:\s*(LL\d{4})(.*)$")


@dataclass
class Expectation:
    rule: str
    line: int                      # the instruction it binds to
    severity: str | None
    msg: str | None


def expectations(text: str) -> list[Expectation]:
    out, pending = [], []
    for n, raw in enumerate(text.split("\n"), 1):
        m = EXPECT.match(raw.strip())
        if m:
            rest = m.group(2)
            sev = re.search(r"severity=(\w+)", rest)
            msg = re.search(r'msg~"([^"]*)"', rest)
            line = re.search(r"line=(\d+)", rest)
            pending.append(Expectation(m.group(1), int(line.group(1)) if line else 0,
                                       sev.group(1) if sev else None, msg.group(1) if msg else None))
        elif raw.strip() and not raw.lstrip().startswith("#"):
            for e in pending:
                e.line = e.line or n
            out += pending
            pending = []
    return out


# ---- making what 20.10's builtin frontend builds ------------------------------------------------------

def frontend_rewrites(text: str) -> tuple[str | None, list[str]]:
    """Mechanical rewrites that keep the test meaningful, or None when the file cannot be built."""
    notes = []
    if re.search(r"^#\s*syntax\s*=", text, re.M | re.I):
        return None, ["a `# syntax=` line pulls a frontend image"]
    if "--security=insecure" in text:
        return None, ["--security=insecure is rejected by the builtin frontend"]
    if re.search(r"^RUN\s+(--\S+\s+)*<<", text, re.M):
        return None, ["a RUN whose script is a heredoc (builtin frontend has no heredocs)"]
    if re.search(r"^ADD\s+(--\S+\s+)*https?://", text, re.M):
        return None, ["ADD of a remote URL needs the network"]
    if re.search(r"^RUN\s+(--\S+\s+)*--network[= ]", text, re.M):
        return None, ["RUN --network came with Dockerfile frontend 1.3 (20.10's builtin one rejects it)"]
    lines = text.split("\n")
    # A shell heredoc feeding a command (`cat > f <<EOF`): the same lines through printf.
    out, i = [], 0
    while i < len(lines):
        m = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", lines[i]) if lines[i].startswith("RUN") else None
        if not m:
            out.append(lines[i])
            i += 1
            continue
        word, body, j = m.group(1), [], i + 1
        while j < len(lines) and lines[j].strip() != word:
            body.append(lines[j])
            j += 1
        quoted = " ".join('"' + b.replace("\\", "\\\\").replace('"', '\\"') + '"' for b in body)
        cmd = lines[i][:m.start()] + lines[i][m.end():]
        # `cat > FILE` reading the heredoc becomes `printf ... > FILE`.
        cmd = re.sub(r"\bcat(\s*>)", r"printf '%s\\n' " + quoted.replace("\\", "\\\\") + r"\1", cmd, count=1)
        out.append(cmd)
        notes.append("heredoc written as printf")
        i = j + 1
    text = "\n".join(out)
    # `env=` on secret mounts: a file mount and an export in the command.
    insts = instructions(text)
    if any("env" in m for inst in insts for m in mounts(inst) if m.get("type") == "secret"):
        lines = text.split("\n")
        for inst in reversed(insts):
            envs = [(m["id"], m["env"]) for m in mounts(inst) if m.get("type") == "secret" and "env" in m]
            if not envs:
                continue
            joined = re.sub(r",env=[A-Za-z_][A-Za-z0-9_]*", "", inst.text)
            words = joined.split(" ")
            k = 1
            while k < len(words) and (words[k].startswith("--") or not words[k]):
                k += 1
            exports = " && ".join(f'export {var}="$(cat /run/secrets/{sid})"' for sid, var in envs)
            joined = " ".join(words[:k] + [exports, "&&"] + words[k:])
            lines[inst.line - 1:inst.line - 1 + _physical_lines(lines, inst.line)] = [joined]
        text = "\n".join(lines)
        notes.append("env= secret mounts read /run/secrets/<id> and export")
    return text, notes


def _physical_lines(lines: list[str], first: int) -> int:
    n, i = 1, first - 1
    while lines[i].rstrip().endswith("\\") and i + 1 < len(lines):
        i += 1
        n += 1
    return n


# ---- the image ----------------------------------------------------------------------------------

def b64_needles(value: bytes) -> list[bytes]:
    """Base64 of value at each of the three alignments it can have inside a longer encoding."""
    out = []
    for k in range(3):
        enc = base64.b64encode(b"\0" * k + value)
        start = -(-8 * k // 6)
        end = (8 * (k + len(value))) // 6
        if end - start >= 8:
            out.append(enc[start:end])
    return out


@dataclass
class Location:
    channel: str         # history | config | layer | hidden
    where: str


@dataclass
class ImageReport:
    found: dict[str, list[Location]]
    files: set[str]                      # visible paths in the final filesystem
    stub_log: str
    scan: list[dict] = field(default_factory=list)  # `layerlint image` findings (JSON)
    scan_output: str = ""                # everything `layerlint image` printed
    layer_digests: list[str] = field(default_factory=list)


def inspect_image(image: str, values: dict[str, str], workdir: Path) -> ImageReport:
    tar_path = workdir / "image.tar"
    r = run([DOCKER, "save", "-o", str(tar_path), image])
    if r.returncode:
        raise RuntimeError(f"docker save: {r.stderr.strip()}")
    needles = {tag: [(v.encode(), "")] + [(n, " (base64)") for n in b64_needles(v.encode())]
               for tag, v in values.items()}
    found: dict[str, list[Location]] = {tag: [] for tag in values}

    def search(blob: bytes, channel: str, where: str):
        for tag, ns in needles.items():
            for needle, how in ns:
                if needle in blob:
                    found[tag].append(Location(channel, where + how))
                    break

    # What `layerlint image` finds in the same archive (judged against `found` by the callers).
    scan_run = run([LAYERLINT, "image", "-f", "json", "--fail-level", "none", str(tar_path)])
    scan_output = scan_run.stdout + scan_run.stderr
    try:
        scan = [f for file in json.loads(scan_run.stdout)["files"] for f in file["findings"]]
    except (ValueError, KeyError):
        scan = [{"rule": "LL4000", "severity": "error", "message": f"layerlint image failed: {scan_output[-300:]}",
                 "artifact": ""}]
    with tarfile.open(tar_path) as outer:
        manifest = json.load(outer.extractfile("manifest.json"))[0]
        config = json.load(outer.extractfile(manifest["Config"]))
        layer_digests = list(config.get("rootfs", {}).get("diff_ids", []))
        for n, h in enumerate(config.get("history", [])):
            search(h.get("created_by", "").encode(), "history", f"history[{n}]")
        cfg = config.get("config", {}) or {}
        for key in ("Env", "Labels", "Cmd", "Entrypoint", "User", "WorkingDir", "Volumes",
                    "ExposedPorts", "OnBuild", "Healthcheck", "Shell"):
            if cfg.get(key):
                # Decoded as well: a value with quotes is escaped in the JSON text.
                decoded = "\n".join(cfg[key]) if isinstance(cfg[key], list) and all(isinstance(x, str) for x in cfg[key]) \
                    else "\n".join(f"{k}={v}" for k, v in cfg[key].items()) if isinstance(cfg[key], dict) else ""
                search((json.dumps(cfg[key]) + "\n" + decoded).encode(), "config", f"config.{key}")
        # Each layer's files; a file counts as hidden when a later layer whites it (or a parent)
        # out, or replaces it.
        layers = []
        for path in manifest["Layers"]:
            entries, whiteouts, opaque = {}, set(), set()
            with tarfile.open(fileobj=outer.extractfile(path)) as layer:
                for m in layer:
                    name = m.name.lstrip("./").lstrip("/")
                    base = name.rsplit("/", 1)[-1]
                    parent = name.rsplit("/", 1)[0] if "/" in name else ""
                    if base == ".wh..wh..opq":
                        opaque.add(parent)
                    elif base.startswith(".wh."):
                        whiteouts.add((parent + "/" if parent else "") + base[4:])
                    elif m.isfile():
                        data = layer.extractfile(m).read(16 << 20)
                        entries[name] = data
                    else:
                        entries[name] = None
            layers.append((path, entries, whiteouts, opaque))

    def hidden_later(idx: int, name: str) -> bool:
        for _, entries, whiteouts, opaque in layers[idx + 1:]:
            if name in entries:
                return True
            parts = name.split("/")
            for k in range(1, len(parts) + 1):
                prefix = "/".join(parts[:k])
                if prefix in whiteouts:
                    return True
                if "/".join(parts[:k - 1]) in opaque and k - 1 < len(parts) and k > 1:
                    return True
        return False

    visible, stub_log = set(), ""
    for idx, (path, entries, _, _) in enumerate(layers):
        for name, data in entries.items():
            if idx == 0:
                # The imported base image (busybox, the stubs): the same in every image, and no
                # fixture's doing; a weak literal such as `password` occurs in it by chance.
                visible.add(name)
                continue
            hidden = hidden_later(idx, name)
            if not hidden:
                visible.add(name)
                if name == "var/log/stub-received" and data is not None:
                    stub_log = data.decode(errors="replace")
            if data:
                search(data, "hidden" if hidden else "layer",
                       f"layer {idx + 1} /{name}" + (" (hidden by a later layer)" if hidden else ""))
    tar_path.unlink()
    return ImageReport(found, visible, stub_log, scan, scan_output, layer_digests)


def scan_disagreements(report: ImageReport, values: dict[str, str], negative: bool) -> list[str]:
    """Where `layerlint image` and the harness disagree: a planted value the harness found that the
    scan does not report in the same place (base64 copies aside: no scanner can tell them), a scan
    finding at warning or above in a negative's image (no expected finding, no planted value
    anywhere), or a planted value printed."""
    problems = []
    for tag, value in values.items():
        # A short common word ("password") occurs in any output: only distinctive values are checked.
        if value and len(value) >= 10 and value in report.scan_output:
            problems.append(f"`layerlint image` printed the planted value of {tag}")
    serious = [f for f in report.scan if f["severity"] in ("warning", "error")
               and not f["message"].startswith("[base image]")]
    anything = any(locs for locs in report.found.values())
    if not anything:
        if not negative:
            return problems
        for f in serious:
            problems.append(f"`layerlint image` reports {f['rule']} in an image with no planted value: {f['message']}")
        return problems

    def reported(loc: Location) -> bool:
        if loc.channel == "history":
            n = int(loc.where[len("history["):-1])
            return any(f.get("artifact") == loc.where or f"history entry {n + 1} records it too" in f["message"]
                       for f in serious)
        if loc.channel == "config":
            key = loc.where.split(".", 1)[1]
            return any(f.get("artifact") == f"config.{key}" for f in serious)
        m = re.match(r"layer (\d+) (/\S+)", loc.where)
        if not m:
            return False
        idx, path = int(m.group(1)) - 1, m.group(2)
        digest = report.layer_digests[idx] if idx < len(report.layer_digests) else ""
        hidden = loc.channel == "hidden"
        return any(f.get("artifact") == digest + path and (("still ships it" in f["message"]) == hidden)
                   for f in serious)

    for tag, locs in report.found.items():
        for loc in locs:
            if loc.where.endswith("(base64)"):
                continue
            if not reported(loc):
                problems.append(f"`layerlint image` does not report {tag} in {loc.channel} {loc.where}")
    return problems


def stub_received(log: str) -> set[tuple[str, str]]:
    out = set()
    for line in log.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "got":
            out.add((parts[0], parts[2]))
    return out


def sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# ---- one fixture --------------------------------------------------------------------------------

@dataclass
class Fixture:
    rule: str
    name: str
    dockerfile: Path          # the original
    fixed: Path | None
    folder: Path | None       # folder cases: the build context


def discover(testdata: Path) -> list[Fixture]:
    out = []
    for rule_dir in sorted(testdata.glob("LL1*")):
        for p in sorted(rule_dir.iterdir()):
            if p.is_dir() and (p / "Dockerfile").exists():
                fx = p / "Dockerfile.fixed"
                out.append(Fixture(rule_dir.name, f"{rule_dir.name}/{p.name}", p / "Dockerfile",
                                   fx if fx.exists() else None, p))
            elif p.suffix == ".Dockerfile" and not p.name.endswith(".fixed.Dockerfile"):
                fx = p.with_name(p.name[:-len(".Dockerfile")] + ".fixed.Dockerfile")
                out.append(Fixture(rule_dir.name, f"{rule_dir.name}/{p.stem}", p,
                                   fx if fx.exists() else None, None))
    return out


@dataclass
class Plan:
    """The values one fixture's builds use, shared by the original and the fixed build."""
    build_args: dict[str, str] = field(default_factory=dict)
    searched: dict[str, str] = field(default_factory=dict)   # tag -> value looked for in images
    secret_values: dict[str, str] = field(default_factory=dict)   # mount id -> value
    secret_srcs: dict[str, Path] = field(default_factory=dict)    # mount id -> file given as src
    context_files: dict[str, str] = field(default_factory=dict)   # rel path -> planted value
    notes: list[str] = field(default_factory=list)


def make_context(fx: Fixture, text: str, ctx: Path, plan: Plan):
    """The build context: the fixture's folder, or the files its COPY/ADD lines name."""
    if ctx.exists():
        shutil.rmtree(ctx)
    if fx.folder:
        shutil.copytree(fx.folder, ctx)
        for f in ctx.rglob("*"):
            if f.is_file() and f.name not in ("Dockerfile", "Dockerfile.fixed", ".dockerignore"):
                rel = f.relative_to(ctx).as_posix()
                template = secret_file_template(rel)
                if template:
                    value = plan.context_files.setdefault(rel, plant("file " + rel))
                    f.write_text(template.format(V=value))
        return
    ctx.mkdir(parents=True)
    for inst in instructions(text):
        if inst.keyword not in ("COPY", "ADD") or "--from" in inst.text:
            continue
        body = inst.text.split(None, 1)[1]
        if body.lstrip().startswith("["):
            words = json.loads(body[body.index("["):])
        else:
            words = [w for w in body.split() if not w.startswith("--")]
        for src in words[:-1]:
            if "://" in src:
                continue
            src = src.rstrip("/")
            if src in (".", "*"):
                (ctx / "app.js").write_text("console.log('app')\n")
                continue
            if "*" in src:
                src = src.replace("*", "server")
            path = ctx / src
            path.parent.mkdir(parents=True, exist_ok=True)
            if src == "app.tar.gz":
                buf = io.BytesIO()
                with tarfile.open(fileobj=buf, mode="w:gz") as t:
                    info = tarfile.TarInfo("app/README")
                    data = b"app\n"
                    info.size = len(data)
                    t.addfile(info, io.BytesIO(data))
                path.write_bytes(buf.getvalue())
            elif src in (".ssh", "dist", "src"):      # directories the fixtures copy whole
                path.mkdir(parents=True, exist_ok=True)
                inner = "id_rsa" if src == ".ssh" else "index.html"
                rel = f"{src}/{inner}"
                template = secret_file_template(rel)
                value = plan.context_files.setdefault(rel, plant("file " + rel)) if template else ""
                (path / inner).write_text(template.format(V=value) if template else "public\n")
            else:
                rel = src
                template = secret_file_template(rel)
                if template:
                    value = plan.context_files.setdefault(rel, plant("file " + rel))
                    path.write_text(template.format(V=value))
                elif not path.exists():
                    path.write_text("{}\n" if src.endswith(".json") else "public\n")


def parse_options(text: str) -> dict[str, str]:
    m = re.search(r"^#\s*options:\s*(.*)$", text, re.M)
    return dict(kv.split("=", 1) for kv in m.group(1).split()) if m else {}


def plan_values(original: str) -> Plan:
    plan = Plan()
    args = arg_decls(instructions(original))
    for name, default in args.items():
        if default is None:
            plan.build_args[name] = plant("arg " + name)
            if name.upper().endswith(("_B64", "BASE64")):  # the build decodes it
                plan.build_args[name] = base64.b64encode(plan.build_args[name].encode()).decode()
            # A weak name (SSH_KEY, API_PASS) is a secret where the fixture expects a finding on it.
            if is_secret_name(name) or re.search(rf"#\s*expect:.*\b{re.escape(name)}\b", original):
                plan.searched[f"ARG {name}"] = plan.build_args[name]
    for tag, value in literals(original):
        plan.searched[tag] = value
    plan_mounts(plan, original, original)
    return plan


def plan_mounts(plan: Plan, original: str, text: str):
    """A value for each secret mount of text: a fixed file's mount reads what the original had as
    an ARG or a literal (the literal it no longer holds), so the stubs' hashes compare."""
    args = arg_decls(instructions(original))
    taken = set(plan.secret_values.values())
    unused_literals = [(t, v) for t, v in literals(original) if v not in text and v not in taken]
    for inst in instructions(text):
        for m in mounts(inst):
            if m.get("type") != "secret" or m.get("id") in plan.secret_values:
                continue
            sid = m["id"]
            var = m.get("env")
            e = re.search(r'export (\w+)="\$\(cat /run/secrets/' + re.escape(sid) + r'\)"', inst.text)
            if e:
                var = e.group(1)
            if var and var in plan.build_args:
                plan.secret_values[sid] = plan.build_args[var]
            elif var and args.get(var):
                plan.secret_values[sid] = args[var]
            elif "target" in m and not var:
                plan.secret_values[sid] = ""       # a context file: src comes later
            elif var and unused_literals:
                plan.secret_values[sid] = unused_literals.pop(0)[1]
            else:
                plan.secret_values[sid] = plant("secret " + sid)
                plan.searched[f"secret {sid}"] = plan.secret_values[sid]


def docker_build(ctx: Path, dockerfile: Path, tag: str, plan: Plan, text: str,
                 target: str | None, log: Path, srcs: dict[str, Path] | None = None) -> tuple[bool, str]:
    # --no-cache: a secret's content is not part of BuildKit's cache key, so a RUN another fixture
    # built with the same text would come back from the cache holding that fixture's value.
    cmd = [DOCKER, "build", "--no-cache", "--network=none", "-q", "-f", str(dockerfile), "-t", tag]
    if target:
        cmd += ["--target", target]
    declared = arg_decls(instructions(text))
    for name, value in plan.build_args.items():
        if name in declared:
            cmd += ["--build-arg", f"{name}={value}"]
    ids = {m["id"] for inst in instructions(text) for m in mounts(inst) if m.get("type") == "secret"}
    for sid in sorted(ids):
        src = (srcs or {}).get(sid) or plan.secret_srcs[sid]
        cmd += ["--secret", f"id={sid},src={src if src.is_absolute() else ctx / src}"]
    if any(m.get("type") == "ssh" for inst in instructions(text) for m in mounts(inst)):
        cmd += ["--ssh", "default"]
    cmd.append(str(ctx))
    env = dict(os.environ, DOCKER_BUILDKIT="1")
    r = run(cmd, env=env)
    log.write_text(" ".join(cmd) + "\n" + r.stdout + r.stderr)
    if r.returncode:
        err = [l for l in r.stderr.splitlines() if l.strip()]
        return False, (err[-1] if err else "docker build failed")[:300]
    return True, ""


def stage_logs(tag: str, text: str, ctx: Path, dockerfile: Path, plan: Plan, target: str | None,
               main_log: str, workdir: Path, srcs: dict[str, Path] | None = None) -> str:
    """The stub log of every stage whose RUNs got a secret; stages that are not the image built
    with --target (cached)."""
    st = stages(instructions(text))
    ships = shipping_stages(st, target)
    final = max(ships) if ships else len(st) - 1
    logs = [main_log]
    for i, s in enumerate(st):
        if i == final or not s.name:
            continue
        stage_tag = f"{tag}-stage-{i}"
        ok, _ = docker_build(ctx, dockerfile, stage_tag, plan, text, s.name, workdir / f"{stage_tag}.log", srcs)
        if ok:
            r = run([DOCKER, "run", "--rm", "--network=none", "--entrypoint", "/bin/cat", stage_tag,
                     "/var/log/stub-received"])
            logs.append(r.stdout)
    return "\n".join(logs)


def associated(plan: Plan, msg: str | None) -> dict[str, str]:
    """The planted values an expectation's message names (all of them when it names none)."""
    if msg:
        picked = {t: v for t, v in plan.searched.items()
                  if msg in t or t.split(" ", 1)[-1] in msg or msg.split("/")[-1] in t}
        if picked:
            return picked
    return dict(plan.searched)


def judge_original(fx: Fixture, text: str, plan: Plan, report: ImageReport,
                   severities: dict[int, str], target: str | None, other_rules: set[str],
                   notes: list[str]) -> list[str]:
    problems = []
    insts = instructions(text)
    st = stages(insts)
    ships = shipping_stages(st, target)
    exps = expectations(text)
    channels = CHANNELS[fx.rule]
    # A leak another rule reports (warning or above) in its own channel is that rule's.
    explained = set().union(*[CHANNELS.get(r, set()) for r in other_rules])

    def where(tags, chans):
        return [f"{t}: {l.where}" for t in tags for l in report.found.get(t, []) if l.channel in chans]

    for e in exps:
        sev = e.severity or severities.get(e.line, "warning")
        in_shipping = stage_of(st, e.line) in ships
        vals = associated(plan, e.msg)
        label = f"{e.rule} line {e.line}" + (f" ({e.msg})" if e.msg else "")
        if sev in ("warning", "error") and in_shipping:
            if vals:
                if not where(vals, channels):
                    anywhere = where(vals, {"history", "config", "layer", "hidden"})
                    problems.append(f"{label}: planted value not in {'/'.join(sorted(channels))}"
                                    + (f" (only in {'; '.join(anywhere)})" if anywhere else " (nowhere)"))
            else:
                # Nothing planted (a key the build generates): the named file must ship.
                needle = (e.msg or "").lstrip("/")
                hit = [f for f in report.files if needle and f.endswith(needle)]
                if "hidden" in channels or not hit:
                    if not hit:
                        problems.append(f"{label}: no planted value, and no shipped file matches {e.msg!r}")
        else:
            # Not shipped (info, or LL1003 in a builder: the Dockerfile holds it): the image must
            # not hold it, but through a channel another rule reports.
            leaked = where(vals, channels | ({"history", "config", "layer", "hidden"} - explained))
            other = where(vals, explained - channels)
            if other:
                notes.append(f"{label}: {'; '.join(other)} is reported by {', '.join(sorted(other_rules))}")
            if leaked:
                problems.append(f"{label} ({sev}, stage {'ships' if in_shipping else 'does not ship'}): "
                                f"planted value in the image: {'; '.join(leaked)}")
    if not exps:
        leaked = where(plan.searched, channels - explained)
        other = where(plan.searched, channels & explained)
        if other:
            notes.append(f"{'; '.join(other)} is reported by {', '.join(sorted(other_rules))}")
        if leaked:
            problems.append(f"no {fx.rule} finding expected, but {'/'.join(sorted(channels))} holds "
                            f"{'; '.join(leaked)}")
    return problems


def serious_rules(path: Path, target: str | None) -> set[str]:
    """Rules with a warning or error on the file, all rules on, with the rules their messages name
    as further channels ("… (LL1006)")."""
    cmd = [LAYERLINT, "-f", "json", "--fail-level", "none"] + (["--target", target] if target else [])
    r = run(cmd + [str(path)])
    out = set()
    try:
        for f in json.loads(r.stdout)["files"][0]["findings"]:
            if f["severity"] in ("warning", "error"):
                out.add(f["rule"])
                out.update(re.findall(r"\((LL\d{4})\)", f["message"]))
    except (ValueError, KeyError, IndexError):
        pass
    return out


def lint_severities(path: Path, rule: str, target: str | None) -> dict[int, str]:
    cmd = [LAYERLINT, "-f", "json", "--select", rule, "--fail-level", "none"]
    if target:
        cmd += ["--target", target]
    r = run(cmd + [str(path)])
    out = {}
    try:
        for f in json.loads(r.stdout)["files"][0]["findings"]:
            out[f["range"]["start"]["line"]] = f["severity"]
    except (ValueError, KeyError, IndexError):
        pass
    return out


def secret_srcs_from_advice(fx: Fixture) -> dict[str, str]:
    """`src=` of the fix's build command (a path in the build context) per secret id."""
    r = run([LAYERLINT, "-f", "json", "--select", fx.rule, "--fail-level", "none", str(fx.dockerfile)])
    out = {}
    for m in re.finditer(r"--secret id=([\w.-]+),src=(\S+?)[\s\"]", r.stdout):
        src = Path(m.group(2))
        # src= is a host path relative to the current directory; the build context is the fixture's
        # folder (for a folder case) or the folder the Dockerfile is in.
        context = fx.folder or fx.dockerfile.parent
        try:
            rel = src.resolve().relative_to(context.resolve())
        except ValueError:
            rel = Path(src.name)
        out[m.group(1)] = rel.as_posix()
    return out


def run_fixture(fx: Fixture, root: Path, results: list[tuple[str, str, str]]):
    work = SCRATCH / "work" / fx.name.replace("/", "__")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    original_raw = fx.dockerfile.read_text()
    fixed_raw = fx.fixed.read_text() if fx.fixed else None
    options = parse_options(original_raw)
    target = options.get("target")

    original, notes = frontend_rewrites(original_raw)
    fixed, fixed_notes = frontend_rewrites(fixed_raw) if fixed_raw is not None else (None, [])
    if original is None:
        results.append(("SKIP", fx.name, notes[0]))
        if fixed_raw is not None:
            if fixed is None:
                results.append(("SKIP", fx.name + " (fixed)", fixed_notes[0]))
            else:
                results.append(("SKIP", fx.name + " (fixed)", "its original does not build here: " + notes[0]))
        return

    plan = plan_values(original)
    if fixed is not None:
        plan_mounts(plan, original, fixed)
    ctx = work / "context"
    make_context(fx, original, ctx, plan)
    for rel, value in plan.context_files.items():
        plan.searched[f"file {rel}"] = value
    # What `layerlint --fix --unsafe-fixes` makes of the file with every rule on (what users run),
    # and with the fixture's rule alone for a folder case (the .fixed file plus the .dockerignore
    # edit, which only exists in the context).
    variants = []   # (label, fixed text as written, context)
    if fixed_raw is not None:
        fctx = ctx
        if fx.folder:
            fctx, text = fix_in_context(ctx, work / "context-fixed", original_raw, fx.rule, target)
            if text != fixed_raw:
                fixed_notes.append("--fix output differs from Dockerfile.fixed")
        variants.append(("fixed", fixed_raw, fctx))
        actx, all_text = fix_in_context(ctx, work / "context-allfix", original_raw, None, target)
        if all_text != fixed_raw and all_text != original_raw:
            variants.append(("fixed, all rules", all_text, actx))
    for _, text, _ in variants[1:]:
        rewritten, _ = frontend_rewrites(text)
        if rewritten is not None:
            plan_mounts(plan, original, rewritten)
    # Secret mounts of a context file (target=): src is the file, as the fix's build command says.
    advice = secret_srcs_from_advice(fx) if variants else {}
    for sid, value in list(plan.secret_values.items()):
        src = work / "secrets" / sid
        src.parent.mkdir(exist_ok=True)
        if not value and (advice.get(sid) or "") and (ctx / advice[sid]).exists():
            plan.secret_srcs[sid] = Path(advice[sid])
            plan.secret_values[sid] = plan.context_files.get(advice[sid], "")
            continue
        if not value:
            value = plan.secret_values[sid] = plant("secret " + sid)
            plan.searched[f"secret {sid}"] = value
        src.write_text(value)
        plan.secret_srcs[sid] = src
    if VERBOSE:
        print(f"  {fx.name}: args={plan.build_args} secrets={plan.secret_values} "
              f"srcs={ {k: str(v) for k, v in plan.secret_srcs.items()} } searched={plan.searched}",
              file=sys.stderr)

    tag = "fixture-" + re.sub(r"[^a-z0-9]+", "-", fx.name.lower())
    # ---- original
    df = work / "Dockerfile.original"
    df.write_text(original)
    rewrite = f" [rewritten: {', '.join(notes)}]" if notes else ""
    ok, err = docker_build(ctx, df, tag, plan, original, target, work / "original.log")
    original_log = ""
    if not ok:
        results.append(("FAIL", fx.name, f"original does not build: {err}{rewrite}"))
    else:
        report = inspect_image(tag, plan.searched, work)
        sev = lint_severities(fx.dockerfile, fx.rule, target)
        others = serious_rules(fx.dockerfile, target) - {fx.rule}
        judged_notes: list[str] = []
        problems = judge_original(fx, original, plan, report, sev, target, others, judged_notes)
        problems += scan_disagreements(report, plan.searched, negative=not expectations(original))
        original_log = stage_logs(tag, original, ctx, df, plan, target, report.stub_log, work)
        if problems:
            results.append(("FAIL", fx.name, "; ".join(problems) + rewrite))
        else:
            shown = sorted({l.channel for locs in report.found.values() for l in locs})
            results.append(("PASS", fx.name, ("leaks in " + ", ".join(shown) if shown else "no planted value in the image")
                            + "".join(f" ({n})" for n in judged_notes) + rewrite))
    for label, text, fctx in variants:
        judge_fixed(fx, f"{fx.name} ({label})", text, fctx, plan, target, original_log, work,
                    tag + "-" + re.sub(r"[^a-z]+", "-", label), fixed_notes if label == "fixed" else [],
                    results)


def fix_in_context(ctx: Path, dest: Path, original_raw: str, rule: str | None,
                   target: str | None) -> tuple[Path, str]:
    """A copy of the context with the Dockerfile as `layerlint --fix --unsafe-fixes` leaves it."""
    shutil.copytree(ctx, dest)
    (dest / "Dockerfile").write_text(original_raw)
    cmd = [LAYERLINT, "--fix", "--unsafe-fixes", "--fail-level", "none"]
    cmd += (["--select", rule] if rule else []) + (["--target", target] if target else [])
    run(cmd + [str(dest / "Dockerfile")])
    return dest, (dest / "Dockerfile").read_text()


def judge_fixed(fx: Fixture, name: str, fixed_raw: str, fctx: Path, plan: Plan, target: str | None,
                original_log: str, work: Path, ftag: str, notes: list[str],
                results: list[tuple[str, str, str]]):
    """(a) it builds, (b) no planted value anywhere in the image, (c) every stub that got a value
    in the original build gets it again."""
    fixed, more_notes = frontend_rewrites(fixed_raw)
    if fixed is None:
        results.append(("SKIP", name, more_notes[0]))
        return
    # The fix must use the portable form (/run/secrets/<id>) unless the file opts into a frontend
    # with env=; a mount the original already had is the user's own line.
    def env_mounts(text):
        return {(m.get("id"), m["env"]) for inst in instructions(text) for m in mounts(inst) if "env" in m}
    opted_in = re.search(r"^#\s*syntax\s*=", fixed_raw, re.M | re.I)
    written = env_mounts(fixed_raw) - env_mounts(fx.dockerfile.read_text())
    if written and not opted_in:
        results.append(("FAIL", name, "(a) the fix writes env= secret mounts (" +
                        ", ".join(f"id={i},env={e}" for i, e in sorted(written)) +
                        ") that Dockerfile frontends before 1.10 reject, without a # syntax= line"))
        return
    notes = notes + more_notes
    rewrite = f" [rewritten: {', '.join(notes)}]" if notes else ""
    fdf = work / f"Dockerfile.{ftag}"
    fdf.write_text(fixed)
    # Context-relative secret sources resolve in this context.
    srcs = {sid: (src if src.is_absolute() else fctx / src) for sid, src in plan.secret_srcs.items()}
    ok, err = docker_build(fctx, fdf, ftag, plan, fixed, target, work / f"{ftag}.log", srcs)
    if not ok:
        results.append(("FAIL", name, f"(a) does not build: {err}{rewrite}"))
        return
    report = inspect_image(ftag, plan.searched, work)
    problems = scan_disagreements(report, plan.searched,
                                  negative=not any(v and v in fixed_raw for v in plan.searched.values()))
    # A literal the fixed file still holds was left by an advice-only fix (no edit can take an ENV's
    # or a LABEL's token out safely): the edits are judged, not what they left alone.
    leaked = [f"{t} in {l.where}" for t, locs in report.found.items() for l in locs
              if not (plan.searched.get(t) and plan.searched[t] in fixed_raw)]
    if leaked:
        problems.append("(b) planted value still in the image: " + "; ".join(leaked))
    fixed_log = stage_logs(ftag, fixed, fctx, fdf, plan, target, report.stub_log, work, srcs)
    if VERBOSE:
        print(f"  original stub log:\n{original_log}\n  {name} stub log:\n{fixed_log}", file=sys.stderr)
    got_fixed, got_original = stub_received(fixed_log), stub_received(original_log)
    c_notes = []
    for sid, value in plan.secret_values.items():
        if not any(sid == m.get("id") for inst in instructions(fixed) for m in mounts(inst)):
            continue
        # A tool may get part of the value: the password of a URL-valued secret.
        hashes = {sha(value)} | {sha(v) for v in plan.searched.values() if v and v in value}
        tools_fixed = {t for t, hh in got_fixed if hh in hashes}
        tools_orig = {t for t, hh in got_original if hh in hashes}
        if not tools_fixed and not tools_orig:
            c_notes.append(f"{sid} is read by no stub (nor in the original build)")
        elif not tools_fixed:
            problems.append(f"(c) no stub received secret {sid}"
                            + (f" (the original handed it to {', '.join(sorted(tools_orig))})" if tools_orig else ""))
        elif tools_orig - tools_fixed:
            problems.append(f"(c) secret {sid} no longer reaches {', '.join(sorted(tools_orig - tools_fixed))}")
        else:
            c_notes.append(f"{sid} reaches {', '.join(sorted(tools_fixed))}")
    # A value the original handed to a tool that the fixed build hands to nobody.
    for tag_, value in plan.searched.items():
        h = sha(value)
        lost = {t for t, hh in got_original if hh == h} - {t for t, hh in got_fixed if hh == h}
        if lost and not any(plan.secret_values.get(s) == value for s in plan.secret_values):
            problems.append(f"(c) {tag_} reached {', '.join(sorted(lost))} in the original, nothing in the fixed build")
    if problems:
        results.append(("FAIL", name, "; ".join(problems) + rewrite))
    else:
        results.append(("PASS", name, ("; ".join(c_notes) if c_notes else
                                       "no secret mount to check (nothing read it)") + rewrite))


def base_images(testdata: Path) -> list[str]:
    names = set()
    for df in list(testdata.glob("LL1*/*.Dockerfile")) + list(testdata.glob("LL1*/*/Dockerfile*")):
        insts = instructions(df.read_text())
        st = stages(insts)
        first_from = st[0].line if st else 10**9
        # Global ARG defaults, for `FROM node:${NODE_VERSION}-alpine`.
        args = {k: v for k, v in arg_decls([i for i in insts if i.line < first_from]).items() if v}
        stage_names = {s.name.lower() for s in st if s.name}
        for s in st:
            base = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m.group(1) or m.group(2), ""), s.base)
            if base.lower() not in stage_names and base != "scratch":
                names.add(base if ":" in base.rsplit("/", 1)[-1] else base + ":latest")
    return sorted(names)


def main():
    if sys.argv[1] == "--base-images":
        print("\n".join(base_images(Path(sys.argv[2]))))
        return 0
    root = Path(sys.argv[2])
    filters = sys.argv[3:]
    fixtures = [f for f in discover(root / "testdata") if not filters or any(s in f.name for s in filters)]
    results: list[tuple[str, str, str]] = []
    # The stub checks run.sh printed already count in the totals.
    for line in os.environ.get("STUB_CHECKS", "").splitlines():
        status, _, rest = line.partition(" ")
        if status in ("PASS", "FAIL", "SKIP"):
            name, _, reason = rest.partition(" ")
            results.append((status, name, reason))
    for fx in fixtures:
        before = len(results)
        try:
            run_fixture(fx, root, results)
        except Exception as exc:  # a harness error is a failure of that fixture, not of the run
            results.append(("FAIL", fx.name, f"harness error: {type(exc).__name__}: {exc}"))
        for status, name, reason in results[before:]:
            print(f"{status} {name} {reason}", flush=True)
    counts = {s: sum(1 for r in results if r[0] == s) for s in ("PASS", "FAIL", "SKIP")}
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
