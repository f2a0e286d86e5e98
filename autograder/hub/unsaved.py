"""The unsaved-work gate of ``submit()``: the answer cells of the notebook file on disk must be
what the kernel last ran, so that a tab with unsaved changes (the kernel ran the new code, the
file still holds the old) or an edit saved but never run is not graded by surprise.

Each answer cell (nbgrader ``solution`` metadata, as the released notebooks mark them) is looked
up in the kernel's input history, newest first, trailing whitespace ignored. The first entry that
is either the disk source itself, or defines one of the same functions or classes (a cell's
later or earlier version), decides: the disk source passes, anything else is stale. No such
entry means the cell was never run in this kernel, which is refused too.

The gate runs only in an IPython kernel whose notebook (``JPY_SESSION_NAME``, set by Jupyter
Server) is the file being submitted: a bare kernel, a console or a terminal has no history of
that file. Standard library only, like the client.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path
from typing import Any

REFUSAL = (
    "cell for question {gid} on disk is not what the kernel ran: save the notebook (Ctrl+S) "
    "and run it, then submit"
)


def normalise(source: str) -> str:
    """The source without trailing whitespace on its lines and without blank edge lines."""
    lines = [line.rstrip() for line in source.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def answer_cells(notebook: Any) -> list[tuple[str, str]]:
    """``(grade_id, source)`` of each answer code cell, in notebook order."""
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    out = []
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {})
        nbgrader = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
        if isinstance(nbgrader, dict) and nbgrader.get("solution") and nbgrader.get("grade_id"):
            source = cell.get("source", "")
            out.append(
                (str(nbgrader["grade_id"]), "".join(source) if isinstance(source, list) else source)
            )
    return out


def defined_names(source: str) -> set[str]:
    """The functions and classes a cell defines at top level; its assigned names when it
    defines none; nothing when it does not parse."""
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError):
        return set()
    defs = {
        node.name
        for node in body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    if defs:
        return defs
    assigned: set[str] = set()
    for node in body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        for target in targets:
            assigned |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return assigned


def first_stale(notebook: Any, raw: list[str], parsed: list[str]) -> str | None:
    """The grade id of the first answer cell whose disk source is not what the kernel last ran
    (``raw``: the history as typed, ``parsed``: as IPython transformed it, index for index)."""
    entries = [(normalise(r), p) for r, p in zip(raw, parsed, strict=False)][1:]  # [0] is ""
    names_of: dict[int, set[str]] = {}
    for gid, source in answer_cells(notebook):
        disk, names = normalise(source), defined_names(source)
        for index in range(len(entries) - 1, -1, -1):
            ran, transformed = entries[index]
            if ran == disk:
                break
            if index not in names_of:
                names_of[index] = defined_names(transformed)
            if names & names_of[index]:
                return gid  # the kernel last ran another version of this cell
        else:
            return gid  # never ran
    return None


def kernel_history() -> tuple[list[str], list[str]] | None:
    """The running IPython kernel's input history (raw, transformed), or None outside one."""
    ipython = sys.modules.get("IPython")  # imported by every IPython kernel; never import it
    shell = ipython.get_ipython() if ipython is not None else None
    history = getattr(shell, "history_manager", None)
    if getattr(shell, "kernel", None) is None or history is None:
        return None
    return list(history.input_hist_raw), list(history.input_hist_parsed)


def is_kernels_notebook(notebook: Path) -> bool:
    """Whether ``notebook`` is the file this kernel runs for (Jupyter Server's session name,
    relative to the server's root; the kernel runs in the notebook's folder)."""
    session = os.environ.get("JPY_SESSION_NAME")
    if not session:
        return False
    target = notebook.resolve()
    return any(c.resolve() == target for c in (Path(session), Path(Path(session).name)))


def unsaved_work(notebook: Path) -> str | None:
    """Why ``notebook`` must not be submitted from this kernel as it is, or None."""
    history = kernel_history()
    if history is None or not is_kernels_notebook(notebook):
        return None
    try:
        data = json.loads(notebook.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None  # the service says what is wrong with the file itself
    gid = first_stale(data, *history)
    return None if gid is None else REFUSAL.format(gid=gid)
