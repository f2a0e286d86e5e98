"""Similarity of answer code across students (instructors only): copydetect's method.

Each student's answer cells are joined into one text and normalised as copydetect's tokeniser
does: names become ``V`` (``F`` for a defined function, ``O`` for a class), strings ``S``,
comments and spacing go, so renaming variables or rewording comments changes nothing. The
fingerprints are k-grams of that filtered text (k = ``noise_t``), winnowed so that any match of
``guarantee_t`` characters or more is found; the released stubs are boilerplate and never count.
"Tokens" are characters of filtered code, as in copydetect. Compared with calling copydetect's
``CodeFingerprint``/``compare_files``: a regex lexer (Pygments took 10 s for a class of 200),
hashes stable across runs (copydetect's ``hash()`` is salted per process), boilerplate removal
that keeps a student's repeated code, and both sides' matched lengths from one comparison."""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
from markupsafe import escape

from autograder.exceptions import SubmissionError
from autograder.grading.sanitize import cell_source, nbgrader_meta, read_submission

MATCH_CLASS = "sim-match"  # CSS class of the highlighted spans in the HTML
_MARK_OPEN = f'<mark class="{MATCH_CLASS}">'
_MARK_CLOSE = "</mark>"
_BASE = np.uint64(1_000_003)
# names kept as written, as Pygments (copydetect's lexer) keeps keywords and builtins
_KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(dir(builtins)) | {"self", "cls"}
_LEXER = re.compile(
    r"""(?P<string>(?:[rRbBuUfF]{1,2})?
        (?:'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|\Z)
        |\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:\"\"\"|\Z)
        |'(?:\\.|[^\\'\n])*(?:'|$)|"(?:\\.|[^\\"\n])*(?:"|$)))
    |(?P<comment>\#[^\n]*)
    |(?P<name>[^\W\d]\w*)
    |(?P<number>\d[\w.]*)
    |(?P<space>\s+)
    |(?P<other>.)""",
    re.VERBOSE | re.MULTILINE,
)


@dataclass(frozen=True)
class PeerMatch:
    """A student's most similar peer. The HTML is escaped code (for a ``<pre>``) with the
    matched spans in ``<mark class="sim-match">``; lines: 1-based inclusive matched ranges."""

    student: str
    peer: str
    similarity_student: float  # share of the student's (non-boilerplate) code matched by the peer
    similarity_peer: float  # share of the peer's code matched by the student
    matched_tokens: int  # the student's matched filtered characters
    student_html: str
    peer_html: str
    student_lines: tuple[tuple[int, int], ...] = ()
    peer_lines: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SimilarityReport:
    """The matches, and the students left out with the reason (an unreadable notebook)."""

    matches: list[PeerMatch]
    skipped: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Fingerprint:
    """A student's code, filtered, and its winnowed fingerprints once the boilerplate is out."""

    raw_code: str
    filtered: str
    raw_start: Any  # per filtered character: where its token starts in raw_code
    raw_end: Any  # ... and where it ends
    hashes: Any  # int64 fingerprints, in the order of ``positions``
    positions: Any  # ascending starts of the fingerprinted k-grams in ``filtered``
    unique: Any  # the sorted distinct hashes
    k: int
    coverage: int  # filtered characters under some fingerprint: the denominator of shares


def _answer_cells(released: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(grade_id, stub source) of the released notebook's answer cells, in order."""
    out = []
    for cell in released.cells:
        meta = nbgrader_meta(cell)
        gid = meta.get("grade_id")
        if cell.get("cell_type") == "code" and gid and meta.get("solution"):
            out.append((str(gid), cell_source(cell)))
    return out


def answer_code(notebook: nbformat.NotebookNode | Path, released: nbformat.NotebookNode) -> str:
    """The student's answer cells in released order, each after a ``# --- grade_id ---`` line.

    A path is read with :func:`read_submission` (raises :class:`SubmissionError`). A notebook whose
    grading metadata was stripped gives all its code cells that differ from every released cell."""
    if isinstance(notebook, Path):
        notebook, _ = read_submission(notebook)
    stubs = _answer_cells(released)
    code_cells = [c for c in notebook.cells if c.get("cell_type") == "code"]
    if not any(nbgrader_meta(c).get("grade_id") for c in notebook.cells):
        released_sources = {cell_source(c).strip() for c in released.cells}
        parts = [
            f"# --- cell {i} (no grading metadata) ---\n{cell_source(c)}"
            for i, c in enumerate(code_cells, start=1)
            if cell_source(c).strip() not in released_sources
        ]
        return "\n\n".join(parts)
    by_id: dict[str, str] = {}
    for cell in code_cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if gid and gid not in by_id:  # the first copy counts, as when grading
            by_id[str(gid)] = cell_source(cell)
    return "\n\n".join(f"# --- {gid} ---\n{by_id.get(gid, '')}" for gid, _ in stubs)


def boilerplate_code(released: nbformat.NotebookNode) -> str:
    """The released answer cells (the stubs): given code, so it never counts as copying."""
    return "\n\n".join(stub for _, stub in _answer_cells(released))


def _filter(code: str) -> tuple[str, Any, Any]:
    """copydetect's normalisation: names become ``V``, defined functions ``F``, classes ``O``,
    strings ``S``; comments and spacing go; keywords, builtins, numbers, operators stay.

    Returns the filtered text and, per filtered character, its raw start and end offsets. One
    regular expression does the lexing: 10x faster than the Pygments lexer copydetect uses (the
    cost of a class report), and broken code (an unclosed string) still gets filtered."""
    out: list[str] = []
    raw_start: list[int] = []
    raw_end: list[int] = []
    previous = ""
    for token in _LEXER.finditer(code):
        kind, text, begin = token.lastgroup, token.group(), token.start()
        if kind == "space" or kind == "comment":
            continue
        if kind == "name" and (text not in _KEPT_NAMES or previous == "."):
            symbol = {"def": "F", "class": "O"}.get(previous, "V")
        elif kind == "string":
            symbol = "S"
        else:
            symbol = ""
        if symbol:
            out.append(symbol)
            raw_start.append(begin)
            raw_end.append(token.end())
        else:
            out.append(text)
            raw_start.extend(range(begin, begin + len(text)))
            raw_end.extend(range(begin + 1, begin + len(text) + 1))
        previous = text
    return "".join(out), np.array(raw_start, dtype=np.int64), np.array(raw_end, dtype=np.int64)


def _kgram_hashes(text: str, k: int) -> Any:
    """64-bit hashes of every k-character substring, stable across runs (copydetect's use
    Python's ``hash``, salted per process: its figures would change from one run to the next)."""
    count = len(text) - k + 1
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    hashes = np.zeros(count, dtype=np.uint64)
    for j in range(k):  # polynomial rolling hash, then splitmix64's finaliser to spread the bits
        hashes = hashes * _BASE + chars[j : j + count]
    hashes ^= hashes >> np.uint64(30)
    hashes *= np.uint64(0xBF58476D1CE4E5B9)
    hashes ^= hashes >> np.uint64(27)
    hashes *= np.uint64(0x94D049BB133111EB)
    hashes ^= hashes >> np.uint64(31)
    return hashes.view(np.int64)


def _winnow(hashes: Any, window: int) -> Any:
    """Positions chosen by winnowing (the rightmost minimum of every window), ascending: any
    shared run of ``window`` hashes shares a chosen position."""
    if window == 1 or len(hashes) == 0:
        return np.arange(len(hashes))
    windows = np.lib.stride_tricks.sliding_window_view(hashes, min(window, len(hashes)))
    rightmost = windows.shape[1] - 1 - windows[:, ::-1].argmin(axis=1)
    return np.unique(rightmost + np.arange(windows.shape[0]))


def _covered(positions: Any, k: int) -> int:
    """Characters covered by the k-grams starting at ``positions`` (ascending)."""
    if len(positions) == 0:
        return 0
    return int(np.minimum(np.diff(positions), k).sum()) + k


def _fingerprint(code: str, k: int, window: int, boilerplate: Any) -> _Fingerprint:
    """Filter, hash k-grams, winnow, then drop the boilerplate's hashes (every occurrence:
    copydetect's ``intersect1d(assume_unique=True)`` also drops repeats of the student's code)."""
    filtered, raw_start, raw_end = _filter(code)
    all_hashes = _kgram_hashes(filtered, k)
    positions = _winnow(all_hashes, window)
    hashes = all_hashes[positions]
    if len(boilerplate) and len(hashes):
        keep = ~np.isin(hashes, boilerplate)
        hashes, positions = hashes[keep], positions[keep]
    return _Fingerprint(
        code,
        filtered,
        raw_start,
        raw_end,
        hashes,
        positions,
        np.unique(hashes),
        k,
        _covered(positions, k),
    )


def _boilerplate_hashes(code: str, k: int) -> Any:
    """Every k-gram hash of the boilerplate (window 1), as copydetect's CopyDetector does."""
    return np.unique(_kgram_hashes(_filter(code)[0], k))


def _shared_positions(a: _Fingerprint, b: _Fingerprint) -> Any:
    """Positions (ascending) of ``a``'s fingerprints that ``b`` has too."""
    if not len(b.unique) or not len(a.hashes):
        return a.positions[:0]
    at = np.minimum(np.searchsorted(b.unique, a.hashes), len(b.unique) - 1)
    return a.positions[b.unique[at] == a.hashes]


def _slices(a: _Fingerprint, b: _Fingerprint) -> Any:
    """Filtered-code slices (2 x N: starts, ends) of ``a`` whose fingerprints ``b`` has too."""
    from copydetect.utils import get_copied_slices

    return get_copied_slices(_shared_positions(a, b), a.k)


def _matched(slices: Any) -> int:
    return int(np.sum(slices[1] - slices[0])) if slices.shape[1] else 0


def _share(matched: int, fp: _Fingerprint) -> float:
    return min(1.0, matched / fp.coverage) if fp.coverage else 0.0


def _raw_slices(slices: Any, fp: _Fingerprint) -> Any:
    """Filtered-code slices mapped back onto the raw code."""
    if not slices.shape[1]:
        return slices
    return np.array([fp.raw_start[slices[0]], fp.raw_end[slices[1] - 1]])


def _html(code: str, raw: Any) -> str:
    """Escaped code with the matched spans marked."""
    if not raw.shape[1]:
        return str(escape(code))
    parts, at = [], 0
    for start, end in zip(raw[0].tolist(), raw[1].tolist(), strict=True):
        start, end = max(start, at), min(max(end, start), len(code))
        parts += [
            str(escape(code[at:start])),
            _MARK_OPEN,
            str(escape(code[start:end])),
            _MARK_CLOSE,
        ]
        at = end
    parts.append(str(escape(code[at:])))
    return "".join(parts)


def _lines(code: str, raw: Any) -> tuple[tuple[int, int], ...]:
    """1-based inclusive line ranges covered by the matched spans, merged."""
    spans: list[tuple[int, int]] = []
    for start, end in zip(raw[0].tolist(), raw[1].tolist(), strict=True):
        first = code.count("\n", 0, start) + 1
        last = code.count("\n", 0, max(start, end - 1)) + 1
        if spans and first <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(last, spans[-1][1]))
        else:
            spans.append((first, last))
    return tuple(spans)


def _match(student: str, peer: str, fps: Mapping[str, _Fingerprint]) -> PeerMatch:
    a, b = fps[student], fps[peer]
    slices_a, slices_b = _slices(a, b), _slices(b, a)
    raw_a, raw_b = _raw_slices(slices_a, a), _raw_slices(slices_b, b)
    matched = _matched(slices_a)
    return PeerMatch(
        student,
        peer,
        _share(matched, a),
        _share(_matched(slices_b), b),
        matched,
        _html(a.raw_code, raw_a),
        _html(b.raw_code, raw_b),
        _lines(a.raw_code, raw_a),
        _lines(b.raw_code, raw_b),
    )


def _bounds(prints: list[_Fingerprint], k: int) -> Any:
    """Upper bounds of each student's matched length against each peer (n x n): k times the
    number of their fingerprints the peer shares, at most their coverage; -1 on the diagonal."""
    from scipy import sparse

    n = len(prints)
    owner = np.repeat(np.arange(n), [len(fp.hashes) for fp in prints])
    every = np.concatenate([fp.hashes for fp in prints])
    _, column = np.unique(every, return_inverse=True)
    counts = sparse.csr_matrix(
        (np.ones(len(every), dtype=np.int64), (owner, column)), shape=(n, column.max(initial=0) + 1)
    )
    counts.sum_duplicates()
    present = counts.copy()
    present.data[:] = 1
    shared = np.asarray((counts @ present.T).todense())
    bound = np.minimum(shared * k, np.array([fp.coverage for fp in prints])[:, None])
    np.fill_diagonal(bound, -1)
    return bound


def similarity_report(
    codes: Mapping[str, str], boilerplate: str, *, noise_t: int = 25, guarantee_t: int = 30
) -> list[PeerMatch]:
    """For each student, the peer whose code matches most of theirs, longest matches first.

    ``noise_t``: shortest match counted (filtered characters); ``guarantee_t``: matches this long
    are always found. Fewer than two students give an empty report."""
    if not 0 < noise_t <= guarantee_t:
        raise ValueError(f"need 0 < noise_t <= guarantee_t, got {noise_t} and {guarantee_t}")
    names = sorted(codes)
    if len(names) < 2:
        return []
    window = guarantee_t - noise_t + 1
    base = _boilerplate_hashes(boilerplate, noise_t)
    prints = [_fingerprint(codes[name], noise_t, window, base) for name in names]
    bound = _bounds(prints, noise_t)
    done: dict[tuple[int, int], tuple[int, int]] = {}

    def matched(i: int, j: int) -> tuple[int, int]:
        """Matched lengths of i against j and of j against i, each pair computed once."""
        lo, hi = min(i, j), max(i, j)
        if (lo, hi) not in done:
            a, b = prints[lo], prints[hi]
            done[lo, hi] = (
                _covered(_shared_positions(a, b), noise_t),
                _covered(_shared_positions(b, a), noise_t),
            )
        pair = done[lo, hi]
        return pair if i == lo else (pair[1], pair[0])

    best: dict[str, str] = {}
    for i in range(len(names)):
        # a student's key: their matched length, the share of the peer's code, the peer's name
        top: tuple[int, float, int] = (-1, -1.0, 0)
        for j in np.argsort(-bound[i], kind="stable").tolist():
            if j == i or bound[i, j] < top[0] or (top[0] >= 0 and bound[i, j] == 0):
                break  # peers come in descending bounds: none further can do better
            mine, theirs = matched(i, j)
            top = max(top, (mine, _share(theirs, prints[j]), -j))
        best[names[i]] = names[-top[2]]
    fps = dict(zip(names, prints, strict=True))
    matches = [_match(name, best[name], fps) for name in names]
    matches.sort(key=lambda m: (-m.matched_tokens, -m.similarity_student, m.student))
    return matches


def report_from_notebooks(
    notebooks: Mapping[str, Path], released_notebook: Path, **options: int
) -> SimilarityReport:
    """The similarity report of submitted notebooks (student -> path); unreadable ones are
    skipped with the reason. ``options`` go to :func:`similarity_report`."""
    released = nbformat.read(released_notebook, as_version=4)
    codes: dict[str, str] = {}
    skipped: dict[str, str] = {}
    for student, path in notebooks.items():
        try:
            codes[student] = answer_code(path, released)
        except SubmissionError as exc:
            skipped[student] = str(exc)
    return SimilarityReport(
        similarity_report(codes, boilerplate_code(released), **options), skipped
    )
