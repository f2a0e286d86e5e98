"""Lazy notebooks: every answer returns ``None``, ``0.0``, its first argument or its first
argument times 0. A suite must give each of them 0 points: a non-answer earns nothing."""

from __future__ import annotations

import ast

from autograder.authoring.master import stub_code
from autograder.course import Assignment

LAZY_KINDS: dict[str, str] = {
    "none": "every function returns None",
    "zero": "every function returns 0.0",
    "first": "every function returns its first argument",
    "first-times-zero": "every function returns its first argument times 0",
}


def _is_stub(node: ast.stmt) -> bool:
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _lazy_statement(fn: ast.FunctionDef, kind: str) -> ast.stmt:
    if fn.name == "__init__":
        return ast.parse("super().__init__()").body[0]
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args if a.arg not in ("self", "cls")]
    first = params[0] if params else "None"
    expr = {
        "none": "None",
        "zero": "0.0",
        "first": first,
        "first-times-zero": f"{first} * 0",
    }[kind]
    return ast.parse(f"return {expr}").body[0]


class _Lazify(ast.NodeTransformer):
    def __init__(self, kind: str) -> None:
        self.kind = kind

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        self.generic_visit(node)
        node.body = [_lazy_statement(node, self.kind) if _is_stub(s) else s for s in node.body]
        return node


def lazy_answers(assignment: Assignment, kind: str) -> dict[str, str]:
    """Answer-cell code by question: the released stubs with each stub made lazy."""
    if kind not in LAZY_KINDS:
        raise ValueError(f"unknown lazy kind {kind!r}; one of {sorted(LAZY_KINDS)}")
    answers = {}
    for cell in assignment.master.cells:
        if cell.kind == "answer" and cell.question:
            tree = _Lazify(kind).visit(ast.parse(stub_code(cell.source)))
            answers[cell.question] = ast.unparse(ast.fix_missing_locations(tree)) + "\n"
    return answers
