"""Content scans for leaks of the instructor-only tree, from wherever untrusted code runs.

Path lists go stale when files move; this module checks content. The trusted side
(:func:`secret_lines`, :func:`Probe`) collects every line of ``reference_solutions/`` that the
student-facing material does not also hold, and sends only *hashes* of those lines to the
untrusted side. There, :func:`scan` (standard library only; its source travels as text into a
student's kernel or a sandboxed submission, see :func:`scanner_code`) walks every readable file
from ``/``, hashes every stripped line, and reports the hits (path and hash), the paths that name
``reference_solutions`` or a ``.git`` folder, and how much it read, so a test can assert that
nothing leaked *and* that the scan really covered something.

Lines are compared as bytes, stripped of ASCII whitespace, at least ``MIN_LEN`` bytes long.
JSON files (notebooks, results) are also decoded and the lines of their strings scanned, and zip
archives are opened, so a notebook or a bundle holding a reference line is found as well. A few
secret lines are also lines of published software (``x = np.asarray(x, dtype=np.float64)`` is in
numpy too): :func:`library_lines` finds them in the installed distributions and the standard
library, and :func:`course_secrets` leaves them out of the probe, since finding one of those is
no leak. ``python -m tests.leakscan [TOP]`` counts the lines and scans this machine.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import re
import textwrap
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MIN_LEN = 20  # shorter lines (`return x`, `import numpy as np`) are everybody's
HASH_CHARS = 16  # hex digits of sha256 sent per line: 64 bits, no collisions among ~1e7 lines
TAG = "LEAKSCAN"
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()[:HASH_CHARS]


def _json_strings(doc: Any) -> Iterator[str]:
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _text_lines(path: Path) -> Iterator[bytes]:
    """The lines a scan sees in ``path``: its raw lines and, for a JSON document (a notebook),
    the lines of every string in it (cell sources, outputs, metadata), as :func:`scan` does."""
    data = path.read_bytes()
    yield from data.split(b"\n")
    if data[:64].lstrip()[:1] in (b"{", b"["):
        try:
            doc = json.loads(data)
        except ValueError:
            return
        for text in _json_strings(doc):
            yield from text.encode("utf-8", "surrogatepass").split(b"\n")


def _files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not SKIP_PARTS & set(path.parts) and path.suffix != ".pyc":
            yield path


def _stripped(lines: Iterable[bytes]) -> set[bytes]:
    return {s for s in (line.strip() for line in lines) if len(s) >= MIN_LEN}


def file_lines(path: Path) -> set[bytes]:
    """The stripped lines of at least ``MIN_LEN`` bytes that a scan sees in ``path``."""
    return _stripped(_text_lines(path))


def secret_lines(root: Path = ROOT) -> set[bytes]:
    """Every stripped line (at least ``MIN_LEN`` bytes) of every file under
    ``reference_solutions/`` (a notebook's cell sources too), minus the lines that
    student-facing material also holds: any file under ``assignments/`` and the engine package
    ``autograder/`` (stubs, docstrings, imports and notebook JSON the student legitimately
    has), whole or inside one of their lines."""
    secret: set[bytes] = set()
    for path in _files(root / "reference_solutions"):
        secret |= file_lines(path)
    public: set[bytes] = set()
    for folder in (root / "assignments", root / "autograder"):
        for path in _files(folder):
            public |= file_lines(path)
    # a line that is only a quoted name the student has anyway (a question id on its own line,
    # as a formatter lays out long calls) reveals nothing
    names = {m for line in public for m in _NAME.findall(line)}
    # nor does a line that student material holds inside a longer line (a suite's
    # `covers=("loss-value",),` within a public check's `covers=("loss-value",), tol=TIGHT,`)
    blob = b"\n".join(public)
    return {
        line for line in secret - public if not _only_a_known_name(line, names) and line not in blob
    }


_NAME = re.compile(rb"[A-Za-z_][\w.]*")


def _only_a_known_name(line: bytes, names: set[bytes]) -> bool:
    bare = line.strip(b"\"', ()[]{}:")
    return bool(_NAME.fullmatch(bare)) and bare in names


SYSTEM_TREES = ("/usr/lib", "/usr/share", "/usr/local/lib", "/opt")


def _library_files(environments: Iterable[Path], root: Path) -> Iterator[str]:
    """Python files of published software in the given environments: every ``.py``/``.pyi``
    that an installed distribution's RECORD lists (not the course's own ``autograder``, nothing
    named ``reference_solutions``, nothing of the checkout outside the environments), the
    standard library of each environment, Debian's own Python files (dpkg's lists), and the
    Python files of the root-owned system trees (``SYSTEM_TREES``)."""
    import importlib.metadata

    envs = [str(e) for e in environments]
    outside = [str(root)]
    seen: set[str] = set()

    def ok(path: str) -> bool:
        if path in seen or "/reference_solutions/" in path or not path.endswith((".py", ".pyi")):
            return False
        if any(path.startswith(o + "/") for o in outside) and not any(
            path.startswith(e + "/") for e in envs
        ):
            return False
        seen.add(path)
        return True

    for env in environments:
        for lib in sorted(env.glob("lib/python3*")):
            site = lib / "site-packages"
            for dist in importlib.metadata.distributions(path=[str(site)]):
                if (dist.metadata["Name"] or "").lower() == "autograder":
                    continue
                for row in (dist.read_text("RECORD") or "").splitlines():
                    path = os.path.normpath(os.path.join(site, row.split(",", 1)[0]))
                    if ok(path):
                        yield path
            for folder, dirs, names in os.walk(lib):
                dirs[:] = [d for d in dirs if d != "site-packages"]
                for name in names:
                    if ok(os.path.join(folder, name)):
                        yield os.path.join(folder, name)
    for listing in sorted(Path("/var/lib/dpkg/info").glob("*.list")):
        for name in listing.read_text(errors="replace").splitlines():
            if name.startswith("/usr/lib/python3") and ok(name):
                yield name
    # software installed outside pip and dpkg into the root-owned system trees (a vendor SDK
    # bundles its own Python: `for _ in range(depth):` is in pyparsing's tests as well as in a
    # reference); nothing the course or its tests write lives there
    for top in SYSTEM_TREES:
        for folder, _dirs, names in os.walk(top):
            for name in names:
                if ok(os.path.join(folder, name)):
                    yield os.path.join(folder, name)


def _lines_in(candidates: set[bytes], paths: list[str]) -> set[bytes]:
    crcs = {zlib.crc32(line) for line in candidates}
    found: set[bytes] = set()
    for path in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        if b"\0" in data[:4096]:
            continue
        parts = data.split(b"\n")
        if crcs.intersection(map(zlib.crc32, map(bytes.strip, parts))):
            found |= candidates.intersection(map(bytes.strip, parts))
    return found


def library_lines(
    candidates: set[bytes], environments: Iterable[Path], root: Path = ROOT, jobs: int = 2
) -> set[bytes]:
    """The ``candidates`` that published software also holds (``x = np.asarray(x,
    dtype=np.float64)`` is in numpy as well as in a reference): finding one of them on a system
    is no leak. ``environments``: the prefixes (venvs, base installations) to look in."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    paths = list(_library_files(environments, root))
    chunks = [paths[i : i + 2000] for i in range(0, len(paths), 2000)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return set().union(*pool.map(_lines_in, [candidates] * len(chunks), chunks))


def course_environments(root: Path = ROOT) -> list[Path]:
    """The course's and the hub's virtual environments and their base installations."""
    envs = []
    for venv in (root / ".venv", root / "hub_config" / ".venv"):
        envs.append(venv)
        config = venv / "pyvenv.cfg"
        if config.is_file():
            for line in config.read_text().splitlines():
                key, _, value = line.partition("=")
                if key.strip() == "home":  # <base>/bin
                    envs.append(Path(value.strip()).resolve().parent)
    return list(dict.fromkeys(p.resolve() for p in envs))


@dataclass(frozen=True)
class Probe:
    """What the untrusted side gets: hashes, never lines. ``crcs`` (CRC-32 of each line) is a
    prefilter that the scanner can apply to every line of a file in C; a CRC hit is confirmed
    by the sha256 prefix in ``hashes``."""

    hashes: frozenset[str]
    crcs: frozenset[int]
    min_len: int
    max_len: int

    @classmethod
    def of(cls, lines: set[bytes] | frozenset[bytes]) -> Probe:
        assert lines, "no secret lines: the probe would mean nothing"
        return cls(
            frozenset(digest(s) for s in lines),
            frozenset(zlib.crc32(s) for s in lines),
            min(map(len, lines)),
            max(map(len, lines)),
        )


@dataclass(frozen=True)
class CourseSecrets:
    """The secret lines of a course checkout, split into what a scan looks for (``probe``) and
    the few that published software also holds (``library``: a hit on those means nothing)."""

    lines: frozenset[bytes]
    library: frozenset[bytes]
    probe: Probe

    @property
    def searched(self) -> frozenset[bytes]:
        return self.lines - self.library


@functools.cache
def course_secrets(root: Path = ROOT) -> CourseSecrets:
    lines = secret_lines(root)
    library = library_lines(lines, course_environments(root), root)
    return CourseSecrets(frozenset(lines), frozenset(library), Probe.of(lines - library))


# ------------------------------------------------------------------------- the untrusted side
# Everything in scan() must be standard library and self-contained: its source is sent as text.


def scan(
    hashes: Any,
    crcs: Any,
    min_len: int,
    max_len: int,
    top: str = "/",
    skip: tuple[str, ...] = ("/proc", "/sys", "/dev"),
    text_cap: int = 8 << 20,
    zip_cap: int = 16 << 20,
    hash_chars: int = 16,
    jobs: int = 2,
    keep: int = 200,
) -> dict[str, Any]:
    """Walk every readable file under ``top`` (not following symbolic links; not ``skip``;
    also from every mount point listed in /proc/self/mountinfo, so a folder that cannot be
    listed does not hide the mounts below it) and report the lines whose hashes are in
    ``hashes``.

    Regular files are read whole up to ``text_cap`` bytes (a longer one: its first
    ``text_cap``). Files whose first 4 KB hold a NUL byte (libraries, compiled caches, images,
    compressed data) are skipped unless their name says text (``.py``, ``.ipynb``, ``.json``...)
    or they are SQLite databases (read like text files: their pages hold text) or zip archives
    up to ``zip_cap`` (their text members are scanned). JSON documents (notebooks) are also
    decoded and the lines of their strings scanned. Sockets, FIFOs and devices are never opened.
    ``jobs`` processes share the files (forked; one when fork fails).

    The report: ``hits`` ([path, hash], ``!member`` for a zip member), ``hit_count``,
    ``hit_files`` (hits per file), ``secret_paths`` (folders or files named
    ``reference_solutions`` or ``.git``, zip members under such a folder) and
    ``secret_path_count``; what it covered: ``files_seen``, ``files_read`` (opened; at least
    their first 4 KB read), ``bytes_read``, ``binary_skipped``, ``truncated``, ``zip_members``,
    ``json_docs``, ``sqlite``, ``dirs``, ``mount_points``, ``unreadable``, ``specials``,
    ``crc_candidates`` (lines whose CRC matched, confirmed or not by the hash), ``jobs``,
    ``walk_seconds`` and ``seconds``."""
    import hashlib
    import json
    import os
    import stat
    import time
    import zipfile
    import zlib

    started = time.monotonic()
    hashes, crcs = set(hashes), set(crcs)
    texty = (
        ".py",
        ".pyi",
        ".ipynb",
        ".json",
        ".txt",
        ".md",
        ".csv",
        ".cfg",
        ".toml",
        ".yaml",
        ".yml",
        ".ini",
        ".rst",
        ".html",
        ".js",
        ".sh",
        ".sql",
        ".log",
        ".tex",
    )
    counters = (
        "files_read",
        "bytes_read",
        "binary_skipped",
        "truncated",
        "zip_members",
        "json_docs",
        "sqlite",
        "unreadable",
        "specials",
        "crc_candidates",
    )

    def new_report() -> dict[str, Any]:
        out: dict[str, Any] = dict.fromkeys(counters, 0)
        out["hits"] = []
        return out

    def lines_of(report: dict[str, Any], where: str, parts: list[bytes]) -> None:
        # the CRC prefilter runs in C over every line; only a CRC match costs Python code
        found = crcs.intersection(map(zlib.crc32, map(bytes.strip, parts)))
        if not found:
            return
        for line in parts:
            s = line.strip()
            if min_len <= len(s) <= max_len and zlib.crc32(s) in found:
                report["crc_candidates"] += 1
                h = hashlib.sha256(s).hexdigest()[:hash_chars]
                if h in hashes:
                    report["hits"].append([where, h])

    def strings(doc: Any) -> list[str]:
        out, stack = [], [doc]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return out

    def content(report: dict[str, Any], where: str, data: bytes) -> None:
        lines_of(report, where, data.split(b"\n"))
        if data[:64].lstrip()[:1] in (b"{", b"["):
            try:
                doc = json.loads(data)
            except (ValueError, RecursionError):
                return
            report["json_docs"] += 1
            text = "\n".join(strings(doc)).encode("utf-8", "surrogatepass")
            lines_of(report, where, text.split(b"\n"))

    def archive(report: dict[str, Any], path: str, fh: Any) -> None:
        try:
            with zipfile.ZipFile(fh) as zf:
                for info in zf.infolist():
                    name = info.filename
                    parts = name.split("/")
                    if "reference_solutions" in parts or ".git" in parts:
                        report.setdefault("zip_secret_paths", []).append(path + "!" + name)
                    if info.is_dir() or info.file_size > text_cap or not name.endswith(texty):
                        continue  # a .class or .so member: not where course text would be
                    data = zf.read(info)
                    report["zip_members"] += 1
                    report["bytes_read"] += len(data)
                    content(report, path + "!" + name, data)
        except Exception:  # damaged, encrypted or not really a zip archive
            report["unreadable"] += 1

    def read(report: dict[str, Any], path: str, size: int) -> None:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError:
            report["unreadable"] += 1
            return
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                report["specials"] += 1
                return
            with os.fdopen(fd, "rb", closefd=False) as fh:
                first = fh.read(4096)
                report["files_read"] += 1
                report["bytes_read"] += len(first)
                if first[:4] == b"PK\x03\x04" and size <= zip_cap:
                    archive(report, path, fh)
                    return
                if (
                    b"\0" in first
                    and not path.endswith(texty)
                    and not first.startswith(b"SQLite format 3\0")
                ):
                    report["binary_skipped"] += 1
                    return
                report["sqlite"] += first.startswith(b"SQLite format 3\0")
                if size > text_cap:
                    report["truncated"] += 1
                # read what stat promised, never a cap-sized buffer per file
                data = first + fh.read(max(min(size, text_cap) - len(first), 0))
                report["bytes_read"] += len(data) - len(first)
        except OSError:
            report["unreadable"] += 1
            return
        finally:
            os.close(fd)
        content(report, path, data)

    def work(files: list[tuple[str, int]]) -> dict[str, Any]:
        report = new_report()
        for path, size in files:
            read(report, path, size)
        return report

    # The walk: every folder once, without following symbolic links, from `top` and from every
    # mount point under it (a folder on the way may be untraversable or unlistable, the mounts
    # below it are not hidden by that).
    mounts = []
    try:
        with open("/proc/self/mountinfo", "rb") as fh:
            for row in fh.read().decode(errors="replace").splitlines():
                point = row.split(" ")[4].encode().decode("unicode_escape")  # \040 is a space
                if point.startswith(top.rstrip("/") + "/") and not any(
                    point == s or point.startswith(s + "/") for s in skip
                ):
                    mounts.append(point)
    except (OSError, IndexError):
        pass
    secret_paths: list[str] = []
    files: list[tuple[str, int]] = []
    dirs = unreadable_dirs = specials = 0
    visited: set[str] = set()
    stack = [*sorted(set(mounts), reverse=True), top]
    while stack:
        folder = stack.pop()
        if folder in visited:
            continue
        visited.add(folder)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            unreadable_dirs += 1
            continue
        dirs += 1
        for entry in entries:
            path = entry.path
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name in (".git", "reference_solutions"):
                        secret_paths.append(path)
                    if path not in skip:
                        stack.append(path)
                elif entry.is_file(follow_symlinks=False):
                    if entry.name in (".git", "reference_solutions"):
                        secret_paths.append(path)  # a worktree's .git file, say
                    files.append((path, entry.stat(follow_symlinks=False).st_size))
                elif not entry.is_symlink():
                    specials += 1
            except OSError:
                unreadable_dirs += 1
    walked = time.monotonic() - started

    # the reads, shared by `jobs` processes
    children = []
    for i in range(1, max(jobs, 1)):
        try:
            rfd, wfd = os.pipe()
            pid = os.fork()
        except OSError:
            break
        if pid == 0:  # the child: its share, as JSON on the pipe, then exit at once
            try:
                os.close(rfd)
                payload = json.dumps(work(files[i::jobs])).encode()
                with os.fdopen(wfd, "wb") as out:
                    out.write(payload)
            finally:
                os._exit(0)
        os.close(wfd)
        children.append((pid, rfd, i))
    shares = [i for _, _, i in children]
    mine = [f for n, f in enumerate(files) if n % max(jobs, 1) not in shares]
    reports = [work(mine)]
    for pid, rfd, i in children:
        with os.fdopen(rfd, "rb") as inp:
            raw = inp.read()
        os.waitpid(pid, 0)
        try:
            reports.append(json.loads(raw))
        except ValueError:  # the child died: do its share here
            reports.append(work(files[i::jobs]))
    total = new_report()
    for part in reports:
        for key in counters:
            total[key] += part[key]
        total["hits"] += part["hits"]
        secret_paths += part.get("zip_secret_paths", [])
    hits = sorted({(p, h) for p, h in total["hits"]})
    per_file: dict[str, int] = {}
    for p, _ in hits:
        per_file[p] = per_file.get(p, 0) + 1
    total.update(
        hits=[list(h) for h in hits[:keep]],
        hit_count=len(hits),
        hit_files=dict(sorted(per_file.items())[:keep]),
        secret_paths=sorted(secret_paths)[:keep],
        secret_path_count=len(secret_paths),
        files_seen=len(files),
        dirs=dirs,
        mount_points=len(set(mounts)),
        unreadable=total["unreadable"] + unreadable_dirs,
        specials=total["specials"] + specials,
        jobs=1 + len(children),
        walk_seconds=round(walked, 2),
        seconds=round(time.monotonic() - started, 2),
    )
    return total


def scanner_code(probe: Probe, top: str = "/", tag: str = TAG) -> str:
    """Python source that runs :func:`scan` with ``probe`` and prints ``<tag> <json report>`` on
    one line: for a kernel cell or a notebook cell graded in the sandbox."""
    return "\n".join(
        [
            "def _leakscan():",
            "    from typing import Any",
            textwrap.indent(inspect.getsource(scan), "    "),
            f"    return scan({sorted(probe.hashes)!r}, {sorted(probe.crcs)!r}, {probe.min_len!r},",
            f"                {probe.max_len!r}, top={top!r})",
            "import json as _json",
            f"print({tag + ' '!r} + _json.dumps(_leakscan()), flush=True)",
            "del _leakscan, _json",
            "",
        ]
    )


def parse_report(stdout: str, tag: str = TAG) -> dict[str, Any]:
    """The report printed by :func:`scanner_code` (the last one in ``stdout``)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(tag + " "):
            report: dict[str, Any] = json.loads(line[len(tag) + 1 :])
            return report
    raise AssertionError(f"{tag} not printed; stdout tail: {stdout[-2000:]!r}")


def which_lines(report: dict[str, Any], lines: Iterable[bytes]) -> list[tuple[str, str]]:
    """The hits of a report as (path, line) on the trusted side, for an assertion message."""
    by_hash = {digest(s): s.decode(errors="replace") for s in lines}
    return [(path, by_hash.get(h, h)) for path, h in report["hits"]]


if __name__ == "__main__":  # python -m tests.leakscan [TOP]: count the lines, scan this host
    import sys

    course = course_secrets()
    print(
        f"{len(course.lines)} secret lines, {len(course.library)} of them also in published "
        f"software, {len(course.probe.hashes)} searched"
    )
    probe = course.probe
    result = scan(
        probe.hashes,
        probe.crcs,
        probe.min_len,
        probe.max_len,
        top=sys.argv[1] if len(sys.argv) > 1 else "/",
    )
    result["hits"] = which_lines(result, course.lines)[:20]
    print(json.dumps(result, indent=1))
