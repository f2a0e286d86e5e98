"""The engine's layout shows its trust boundary: nothing on the trusted side imports the code that
runs beside student code (``autograder.sandboxed`` and the notebooks' ``autograder.public``), and
no two modules import each other, directly or in a ring (imports inside functions included)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "autograder"
UNTRUSTED = ("autograder.sandboxed", "autograder.public")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """Every engine module ``name`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                for a in node.names
            ]
        else:
            continue
        found |= {t for t in targets if t in MODULES and t != name}
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _untrusted(name: str) -> bool:
    return any(name == u or name.startswith(u + ".") for u in UNTRUSTED)


def test_the_trusted_side_never_imports_the_sandboxed_side() -> None:
    crossings = sorted(
        (a, b)
        for a, targets in GRAPH.items()
        for b in targets
        if not _untrusted(a) and _untrusted(b)
    )
    assert crossings == []


def test_the_sandboxed_side_exists_and_is_what_runs_beside_student_code() -> None:
    untrusted = sorted(n for n in MODULES if _untrusted(n))
    assert untrusted == [
        "autograder.public",
        "autograder.sandboxed",
        "autograder.sandboxed.checker",
        "autograder.sandboxed.driver",
        "autograder.sandboxed.nbgrader_runner",
        "autograder.sandboxed.otter_runner",
        "autograder.sandboxed.worker",
    ]


def test_no_import_cycles() -> None:
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)
    assert cycles == []


def test_the_walk_sees_real_imports() -> None:
    """The graph is not empty by accident: known edges are in it."""
    assert "autograder.protocol.perform" in GRAPH["autograder.grading.pipeline"]
    assert "autograder.protocol.perform" in GRAPH["autograder.sandboxed.driver"]
    assert "autograder.sandboxed.driver" in GRAPH["autograder.sandboxed.worker"]


def test_backends_are_built_in_execution_through_the_registry() -> None:
    """The command line and the service name a backend; the registry builds it (no front end
    builds a pool itself, and neither imports the other for it)."""
    for front in ("autograder.cli", "autograder.service.serve"):
        assert "autograder.execution.registry" in GRAPH[front]
        assert not {"autograder.execution.factory", "autograder.execution.pool"} & GRAPH[front]
    assert "autograder.cli" not in GRAPH["autograder.service.serve"]
