"""Sanitize a submission: parse it, find its answer cells by nbgrader metadata, restore locked
cells from the released copy, and say in plain words what was wrong with the file.

The result is the ordered list of code cells the sandbox runs. nbgrader test cells (``grade`` and
``locked``: in our notebooks they only call the public ``check``) and locked exploration cells
(grade_id ending in ``_explore``: plots and demos for the student) are never run when grading:
they decide nothing and can cost seconds (a training demo) or call a hanging answer.

Cells the student added (code cells without an nbgrader ``grade_id`` in a notebook that has the
metadata) are run in order with the others, so a helper defined there keeps working, except:

- a code cell without a ``grade_id`` that uses the hub client (imports ``autograder.hub``, or
  calls ``submit``, ``status``, ``feedback`` or ``fetch`` imported from it, in that cell or an
  earlier one) is not run at all: it talks to the service, never decides a grade, and inside the
  sandbox it can only fail. Cells are read with :mod:`ast`; one that does not parse is run.
- an error in an added cell is reported as a cell the student added, which decides nothing by
  itself, with the answers that use what it defines (:attr:`Sanitized.added`), not as an error
  of the answer cells.
"""

from __future__ import annotations

import ast
import functools
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from autograder.exceptions import SubmissionError
from autograder.protocol.wire import AST_LOCK

MAX_NOTEBOOK_BYTES = 200 * 1024 * 1024
EXPLORE_SUFFIX = "_explore"  # locked exploration/plot cells: for the student, not for grading
CLIENT_FUNCTIONS = ("submit", "status", "feedback", "fetch")  # autograder.hub.client's
# IPython magics and shell escapes, commented out before parsing as the sandbox's driver does
# before running (the trusted side does not import the sandboxed side)
_MAGIC = re.compile(r"^(\s*)([%!].*)$", re.MULTILINE)


@dataclass
class Sanitized:
    """Cells to execute (name + source) and notes for the student about the file itself."""

    cells: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    added: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Cells the student added, by name (``cell 33``): the answers that use what each defines."""


def nbgrader_meta(cell: Any) -> dict[str, Any]:
    """A cell's nbgrader metadata ({} when absent or malformed)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def cell_source(cell: Any) -> str:
    """A cell's source as one string (nbformat allows a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def read_submission(path: Path) -> tuple[nbformat.NotebookNode, list[str]]:
    """Parse a submitted notebook, or raise :class:`SubmissionError` saying what is wrong.

    Saved outputs are dropped at once (they are never graded, and may be huge); duplicated cell
    ids are repaired. Returns the notebook and notes about the file for the student."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(
            f"{path.name}: the file is {len(raw) / 2**20:.0f} MB, above the "
            f"{MAX_NOTEBOOK_BYTES // 2**20} MB limit; clear the outputs and "
            f"submit again."
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # editors on Windows may add a BOM
    except UnicodeDecodeError:
        raise SubmissionError(
            f"{path.name}: is not a notebook (the file is not text; was something else uploaded?)"
        ) from None
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"{path.name}: is not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}); the notebook file is damaged. Open it in "
            f"a text editor or download a fresh copy and re-enter your "
            f"answers."
        ) from None
    if not isinstance(data, dict) or ("cells" not in data and "worksheets" not in data):
        raise SubmissionError(f"{path.name}: is JSON but not a Jupyter notebook (no cells).")
    major = data.get("nbformat")
    if major not in (3, 4):
        raise SubmissionError(
            f"{path.name}: unsupported notebook format version {major!r} (expected 4)."
        )
    notes = []
    cells = data.get("cells")
    if isinstance(cells, list):
        ids = [c.get("id") for c in cells if isinstance(c, dict) and c.get("id")]
        if len(ids) != len(set(ids)):
            notes.append("Some cells share the same id (copied cells?); the ids were repaired.")
        for cell in cells:
            if isinstance(cell, dict) and "outputs" in cell:
                cell["outputs"] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nbformat.reads(json.dumps(data), as_version=4), notes
    except Exception as exc:  # nbformat raises a variety of errors on malformed cells
        raise SubmissionError(f"{path.name}: the notebook structure is damaged ({exc}).") from None


def build_cells(submission: nbformat.NotebookNode, released: nbformat.NotebookNode) -> Sanitized:
    """Merge the submission with the released notebook into the cells the sandbox runs."""
    out = Sanitized()
    locked: dict[str, str] = {}
    order: list[str] = []
    answers: set[str] = set()
    tests: set[str] = set()
    for cell in released.cells:
        meta = nbgrader_meta(cell)
        gid = meta.get("grade_id")
        if cell.cell_type != "code" or not gid:
            continue
        order.append(gid)
        is_test = meta.get("grade") and meta.get("locked") and not meta.get("solution")
        if is_test or (meta.get("locked") and gid.endswith(EXPLORE_SUFFIX)):
            tests.add(gid)  # never run when grading
        elif meta.get("solution"):
            answers.add(gid)
        elif meta.get("locked"):
            locked[gid] = cell_source(cell)

    has_metadata = any(nbgrader_meta(c).get("grade_id") for c in submission.cells)
    if not has_metadata:
        out.notes.append(
            "The notebook's grading metadata is missing (another editor may have "
            "stripped it); all code cells were run in order and the locked cells "
            "were restored from the released notebook."
        )
    seen: set[str] = set()
    entries: list[tuple[str | None, str, str]] = []  # (grade_id, name, source)
    hub = HubNames()
    not_run: list[tuple[int, frozenset[str]]] = []  # hub cells: index, names they bind
    for index, cell in enumerate(submission.cells, start=1):
        gid = nbgrader_meta(cell).get("grade_id")
        if gid in answers and cell.cell_type != "code":
            out.notes.append(
                f"The answer cell for {gid} is a {cell.cell_type} cell, so it was "
                f"not run; change it back to a code cell."
            )
            continue
        if cell.cell_type != "code":
            continue
        if gid in seen:
            out.notes.append(f"Cell {index} repeats the id {gid}; only its first copy was used.")
            continue
        if gid:
            seen.add(gid)
        if gid in tests:
            continue
        source = cell_source(cell)
        if gid in locked:
            if source != locked[gid]:
                out.notes.append(
                    f"The locked cell {gid} was edited; the released version was run instead."
                )
            source = locked[gid]
        name = f"cell {index}" + (f" ({gid})" if gid else "")
        talks_to_hub = hub.uses_hub(source)  # also notes the hub names an answer cell imports
        if talks_to_hub and not gid:
            not_run.append((index, bound_names(source) - hub.functions - hub.modules))
            continue
        entries.append((gid, name, source))

    for gid in answers - seen:
        out.notes.append(f"The answer cell for {gid} is missing from the notebook.")
    _restore_missing_locked(entries, order, locked, seen)
    out.cells = [{"name": name, "source": src} for _, name, src in entries]
    used = set().union(*(used_names(src) for _, _, src in entries))
    for index, defines in not_run:
        if missed := sorted(defines & used):
            out.notes.append(
                f"Cell {index} calls the hub client, so it was not run when grading, and what "
                f"it defines ({', '.join(missed)}) was missing: move that to another cell."
            )
    if has_metadata:
        out.added = _added_cells(entries, answers)
    return out


def _restore_missing_locked(
    entries: list[tuple[str | None, str, str]],
    order: list[str],
    locked: dict[str, str],
    seen: set[str],
) -> None:
    """Insert released locked cells the student deleted, after their released predecessor."""
    for pos, gid in enumerate(order):
        if gid not in locked or gid in seen:
            continue
        before = set(order[:pos])
        at = 0
        for i, (eg, _, _) in enumerate(entries):
            if eg in before:
                at = i + 1
        entries.insert(at, (gid, f"restored cell ({gid})", locked[gid]))
        seen.add(gid)


class HubNames:
    """The names a notebook bound to the hub client so far, cell by cell: ``uses_hub`` tells
    whether a cell imports ``autograder.hub`` or calls what was imported from it."""

    def __init__(self) -> None:
        self.functions: set[str] = set()  # from autograder.hub.client import submit [as s]
        self.modules: set[str] = set()  # import autograder.hub.client as c; from ... import client

    def uses_hub(self, source: str) -> bool:
        """Whether the cell talks to the service; False for a cell that does not parse."""
        if "hub" not in source and not any(n in source for n in self.functions | self.modules):
            return False  # it can neither import the client nor name what was imported from it
        tree = _parse(source)
        found = False
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if _is_hub(alias.name):
                        found = True
                        self.modules.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    if _is_hub(f"{node.module}.{alias.name}"):
                        found = True
                        module = node.module in ("autograder", "autograder.hub")
                        names = (
                            CLIENT_FUNCTIONS if alias.name == "*" else (alias.asname or alias.name,)
                        )
                        (self.modules if module else self.functions).update(names)
            elif isinstance(node, ast.Call) and self._is_hub_call(node.func):
                found = True
        return found

    def _is_hub_call(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            return func.id in self.functions
        chain = []
        while isinstance(func, ast.Attribute):
            chain.append(func.attr)
            func = func.value
        if not isinstance(func, ast.Name) or func.id not in self.modules:
            return False
        return func.id != "autograder" or "hub" in chain


def _is_hub(dotted: str) -> bool:
    return dotted == "autograder.hub" or dotted.startswith("autograder.hub.")


# a notebook's locked cells are the same in every submission, and each cell is read three
# times (hub use, names bound, names used): parses and name sets are kept by source
@functools.lru_cache(maxsize=2048)
def _parse(source: str) -> ast.Module | None:
    """The cell's syntax tree (shared: never modified), None when it does not parse."""
    try:
        with AST_LOCK:  # grading threads parse cells concurrently (see AST_LOCK)
            return ast.parse(_MAGIC.sub(r"\1# \2", source))
    except (SyntaxError, ValueError):  # ValueError: a null byte in the source
        return None


@functools.lru_cache(maxsize=2048)
def bound_names(source: str) -> frozenset[str]:
    """The names a cell binds at its top level (functions, classes, assignments, imports);
    empty for a cell that does not parse."""
    tree = _parse(source)
    names: set[str] = set()
    stack: list[ast.AST] = list(tree.body) if tree else []
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue  # what its body binds is local to it
        if isinstance(
            node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
        ):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        stack.extend(ast.iter_child_nodes(node))
    return frozenset(names)


@functools.lru_cache(maxsize=2048)
def used_names(source: str) -> frozenset[str]:
    """Every name a cell reads, inside its functions too; empty for a cell that does not parse."""
    tree = _parse(source)
    nodes = ast.walk(tree) if tree else ()
    return frozenset(n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))


def _added_cells(
    entries: list[tuple[str | None, str, str]], answers: set[str]
) -> dict[str, tuple[str, ...]]:
    """Each added cell's name and the answers (in notebook order) that use what it defines,
    directly or through other cells (an answer calling a helper that calls the cell's helper).
    A name a locked cell binds too (``np`` from the setup cell) does not count."""
    cells = [(gid, name, bound_names(src), used_names(src)) for gid, name, src in entries]
    locked = set().union(*(d for g, _, d, _ in cells if g and g not in answers))
    added: dict[str, tuple[str, ...]] = {}
    for gid, name, defines, _ in cells:
        if gid:
            continue
        tainted, affected, changed = defines - locked, [], True
        while changed:
            changed = False
            for other_gid, other, other_defines, uses in cells:
                if other == name or not uses & tainted:
                    continue
                if other_gid in answers and other_gid not in affected:
                    affected.append(other_gid)
                    changed = True
                if not other_defines - locked <= tainted:
                    tainted |= other_defines - locked
                    changed = True
        order = [g for g, _, _, _ in cells]
        added[name] = tuple(sorted(affected, key=order.index))
    return added
