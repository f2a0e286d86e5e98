"""Reference outcomes cached on disk, so that a second batch does not recompute them.

An entry is keyed by a SHA-256 over everything the outcomes depend on: the master (the reference
module's source), the suite files, the test functions, the assignment's data files, the planned
calls, the device the reference runs on, and the engine (its version, the sources of the packages
that build and perform the calls, and the Python, NumPy, PyTorch and SymPy versions).

An entry holds the plain-data call records the reference run produced, in the protocol's own JSON
form, and is decoded by the same validating :meth:`CallOutcome.from_record` as a fresh run: what
is read back is bit-identical to what was computed, and no file is ever unpickled. Files are
written atomically (a temporary file, then a rename); a file that is corrupted, truncated, of
another format or for another key is recomputed and replaced, never trusted. The folder is
``$AUTOGRADER_CACHE`` or ``~/.cache/autograder/references``; it belongs to the instructor (a
person who can write there can change the references), so it is created private.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import platform
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import autograder
from autograder.course import Assignment
from autograder.exceptions import WireError
from autograder.grading.cache_folder import cache_dir
from autograder.protocol.calls import CallOutcome

log = logging.getLogger(__name__)

FORMAT = 1
# The packages whose sources decide the reference records: calls and checks are built by
# checks/authoring, the master is parsed by authoring, and protocol performs and encodes.
ENGINE_PACKAGES = ("checks", "protocol", "authoring")
LIBRARIES = ("numpy", "torch", "sympy")

Records = dict[int, dict[str, Any]]


@functools.cache
def engine_fingerprint() -> str:
    """A hash of the engine: its version, the sources of the packages that build and perform
    reference calls, and the versions of Python and the numeric libraries (computed once)."""
    digest = hashlib.sha256()
    _feed(digest, "version", autograder.__version__.encode())
    _feed(digest, "python", platform.python_version().encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        _feed(digest, name, version.encode())
    package_root = Path(autograder.__file__).parent
    for package in ENGINE_PACKAGES:
        for path in sorted((package_root / package).rglob("*.py")):
            _feed(digest, path.relative_to(package_root).as_posix(), path.read_bytes())
    return digest.hexdigest()


def reference_key(
    assignment: Assignment, questions: Sequence[Mapping[str, Any]], device: str
) -> str:
    """The cache key of the reference outcomes of ``questions`` (a plan's planned calls)."""
    digest = hashlib.sha256()
    _feed(digest, "format", str(FORMAT).encode())
    _feed(digest, "engine", engine_fingerprint().encode())
    _feed(digest, "assignment", assignment.id.encode())
    _feed(digest, "reference", _read(assignment.reference_path))
    for path in assignment.suite_paths:
        _feed(digest, f"suite {path.name}", _read(path))
    _feed(digest, "functions", assignment.functions_source.encode())
    for path in _data_files(assignment.directory):
        _feed(digest, f"data {path.relative_to(assignment.directory).as_posix()}", _read(path))
    _feed(digest, "device", device.encode())
    _feed(digest, "plan", json.dumps(list(questions), sort_keys=True).encode())
    return digest.hexdigest()


def entry_path(assignment: Assignment, key: str) -> Path:
    """Where the entry for ``key`` lives (named by assignment, for an instructor's eye)."""
    return cache_dir() / f"{assignment.id}-{key[:40]}.json"


def load(path: Path, key: str) -> dict[int, CallOutcome] | None:
    """The outcomes stored at ``path`` for ``key``; None when absent, or (logged) when the file
    is corrupted, truncated, of another format or for another key."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("reference cache %s unreadable (%s): recomputing", path, exc.strerror)
        return None
    try:
        header_line, payload = blob.split(b"\n", 1)
        header = json.loads(header_line)
        if type(header) is not dict or header.get("format") != FORMAT:
            raise ValueError("another format")
        if header.get("key") != key:
            raise ValueError("another key")
        if header.get("sha256") != hashlib.sha256(payload).hexdigest():
            raise ValueError("checksum mismatch")
        return decode(json.loads(payload))
    except (ValueError, WireError) as exc:
        log.warning("reference cache %s is not usable (%s): recomputing", path, exc)
        return None


def decode(entries: Any) -> dict[int, CallOutcome]:
    """Decode stored ``[[call id, record], ...]`` with the protocol's validating decoder."""
    if type(entries) is not list:
        raise ValueError("the records are not a list")
    outcomes: dict[int, CallOutcome] = {}
    for entry in entries:
        if type(entry) is not list or len(entry) != 2 or type(entry[0]) is not int:
            raise ValueError("a malformed record entry")
        outcomes[entry[0]] = CallOutcome.from_record(entry[1])
    return outcomes


def serialise(records: Records) -> bytes:
    """The records as the JSON payload of an entry (the protocol's records are plain JSON)."""
    return json.dumps([[cid, record] for cid, record in records.items()]).encode()


def store(path: Path, key: str, payload: bytes) -> None:
    """Write ``payload`` for ``key`` atomically: readers see the old file or the whole new one,
    and concurrent writers each rename a complete file of their own. Failing to write (a full
    or read-only disk) is logged; grading goes on without the cache."""
    header = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}
    tmp_name = ""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "wb", dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(json.dumps(header).encode() + b"\n" + payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        log.warning("could not write the reference cache %s: %s", path, exc)
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)


def cached_outcomes(
    assignment: Assignment,
    questions: Sequence[Mapping[str, Any]],
    compute: Callable[[], Records],
    device: str = "cpu",
) -> dict[int, CallOutcome]:
    """The reference outcomes of ``questions``: read from the cache when a sound entry exists,
    else ``compute()``d (plain records), stored, and decoded from the stored bytes."""
    key = reference_key(assignment, questions, device)
    path = entry_path(assignment, key)
    outcomes = load(path, key)
    if outcomes is not None:
        return outcomes
    payload = serialise(compute())
    # decoded from the very bytes stored, so this batch and every later one see the same bits
    outcomes = decode(json.loads(payload))
    store(path, key, payload)
    return outcomes


def _feed(digest: Any, label: str, data: bytes) -> None:
    """Add one labelled, length-prefixed part, so that no two part lists hash alike."""
    name = label.encode()
    digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)


def _read(path: Path) -> bytes:
    """A file's bytes, or a marker that it is absent (its appearance changes the key)."""
    try:
        return b"present\n" + path.read_bytes()
    except FileNotFoundError:
        return b"absent"


def _data_files(directory: Path) -> Iterable[Path]:
    """The assignment folder's files the reference may read, without bytecode caches."""
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
