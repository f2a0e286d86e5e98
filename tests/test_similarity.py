"""Similarity report of answer code: copies found through renames and new comments, independent
answers and the released stubs score low, the HTML is escaped, the report is ordered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.grading.similarity import (
    MATCH_CLASS,
    PeerMatch,
    answer_code,
    boilerplate_code,
    report_from_notebooks,
    similarity_report,
)

STUBS = {
    "q1_mean": 'def running_mean(values, window):\n    """Mean of each window."""\n'
    "    raise NotImplementedError\n",
    "q2_norm": 'def normalize(rows):\n    """Rows scaled to unit length."""\n'
    "    raise NotImplementedError\n",
}

ORIGINAL = {
    "q1_mean": '''def running_mean(values, window):
    """Mean of each window."""
    # slide a window over the values and keep a running total
    total = 0.0
    means = []
    for index, value in enumerate(values):
        total += value
        if index >= window:
            total -= values[index - window]
        if index >= window - 1:
            means.append(total / window)
    return means
''',
    "q2_norm": '''def normalize(rows):
    """Rows scaled to unit length."""
    result = []
    for row in rows:
        length = sum(item * item for item in row) ** 0.5
        result.append([item / length if length else 0.0 for item in row])
    return result
''',
}

# ORIGINAL with every name changed and the comments rewritten: the same filtered code
RENAMED = {
    "q1_mean": '''def running_mean(values, window):
    """Mean of each window."""
    # my own approach: accumulate and subtract the element leaving the window
    acc = 0.0
    out = []
    for k, v in enumerate(values):
        acc += v  # add the newcomer
        if k >= window:
            acc -= values[k - window]
        if k >= window - 1:
            out.append(acc / window)
    return out
''',
    "q2_norm": '''def normalize(rows):
    """Rows scaled to unit length."""
    answer = []
    for r in rows:
        norm = sum(x * x for x in r) ** 0.5  # Euclidean norm
        answer.append([x / norm if norm else 0.0 for x in r])
    return answer
''',
}

INDEPENDENT = {
    "q1_mean": '''def running_mean(values, window):
    """Mean of each window."""
    import numpy as np

    kernel = np.ones(window) / window
    return list(np.convolve(np.asarray(values, dtype=float), kernel, mode="valid"))
''',
    "q2_norm": '''def normalize(rows):
    """Rows scaled to unit length."""
    import numpy as np

    matrix = np.asarray(rows, dtype=float)
    lengths = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, lengths, out=np.zeros_like(matrix), where=lengths > 0).tolist()
''',
}

OTHER = {
    "q1_mean": '''def running_mean(values, window):
    """Mean of each window."""
    return [sum(values[i:i + window]) / window for i in range(len(values) - window + 1)]
''',
    "q2_norm": '''def normalize(rows):
    """Rows scaled to unit length."""
    def scale(row):
        n = max(abs(t) for t in row) and sum(t ** 2 for t in row) ** 0.5
        return [t / n for t in row] if n else [0.0] * len(row)
    return list(map(scale, rows))
''',
}


def _cell(gid: str, source: str, **flags: bool) -> nbformat.NotebookNode:
    cell: nbformat.NotebookNode = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": gid, "grade": False, "locked": False, **flags}
    return cell


def released() -> nbformat.NotebookNode:
    """A released notebook: a locked setup cell, the two answer stubs, a test cell."""
    notebook: nbformat.NotebookNode = new_notebook(
        cells=[
            new_markdown_cell("# Week 1"),
            _cell("setup", "import math\n", locked=True),
            _cell("q1_mean", STUBS["q1_mean"], solution=True),
            _cell("q2_norm", STUBS["q2_norm"], solution=True),
            _cell("q2_tests", "check('q2_norm')\n", locked=True, grade=True),
        ]
    )
    return notebook


def submission(answers: dict[str, str], *, metadata: bool = True) -> nbformat.NotebookNode:
    """The released notebook with the answers typed in (the answer cells in reverse order)."""
    nb = released()
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    nb.cells[2], nb.cells[3] = nb.cells[3], nb.cells[2]
    if not metadata:
        for cell in nb.cells:
            cell.metadata.pop("nbgrader", None)
    return nb


def codes(**students: dict[str, str]) -> dict[str, str]:
    rel = released()
    return {name: answer_code(submission(ans), rel) for name, ans in students.items()}


def by_student(matches: list[PeerMatch]) -> dict[str, PeerMatch]:
    return {m.student: m for m in matches}


def test_answer_code_in_released_order_with_a_header_per_cell() -> None:
    code = answer_code(submission(ORIGINAL), released())
    assert code.index("# --- q1_mean ---") < code.index("# --- q2_norm ---")
    assert ORIGINAL["q1_mean"] in code and ORIGINAL["q2_norm"] in code
    assert "import math" not in code and "check(" not in code  # locked and test cells left out


def test_answer_code_missing_cell_and_stripped_metadata() -> None:
    nb = submission(ORIGINAL)
    del nb.cells[2]  # the q2 answer cell (moved before q1 by submission())
    assert answer_code(nb, released()).endswith("# --- q2_norm ---\n")
    stripped = answer_code(submission(ORIGINAL, metadata=False), released())
    assert ORIGINAL["q1_mean"] in stripped and "import math" not in stripped  # released cells out


def test_boilerplate_is_the_stubs() -> None:
    assert boilerplate_code(released()) == STUBS["q1_mean"] + "\n\n" + STUBS["q2_norm"]


def test_renamed_copy_is_each_others_most_similar_peer() -> None:
    report = by_student(
        similarity_report(
            codes(ann=ORIGINAL, bob=INDEPENDENT, cid=RENAMED, dan=OTHER),
            boilerplate_code(released()),
        )
    )
    assert report["ann"].peer == "cid" and report["cid"].peer == "ann"
    # names, comments and spacing are normalised away: the filtered code is the same
    assert report["ann"].similarity_student == report["ann"].similarity_peer == 1.0
    assert report["cid"].similarity_student == 1.0
    assert report["bob"].similarity_student < 0.2 and report["dan"].similarity_student < 0.2


def test_identical_copies_score_one_and_empty_answers_zero() -> None:
    matches = by_student(
        similarity_report(
            {"a": "x = [1, 2, 3]\n" * 20, "b": "x = [1, 2, 3]\n" * 20, "c": "", "d": "\n"}, ""
        )
    )
    assert matches["a"].similarity_student == pytest.approx(1.0)
    assert matches["a"].similarity_peer == pytest.approx(1.0)
    assert matches["c"].similarity_student == 0.0 and matches["c"].matched_tokens == 0
    assert matches["d"].similarity_student == 0.0 and matches["d"].student_lines == ()


def test_repeated_code_survives_unrelated_boilerplate() -> None:
    # copydetect's own removal (np.intersect1d with assume_unique) also drops the second copy of
    # a block the student wrote twice: its report gives "a" 36 tokens and 0.40 here
    block = "for item in range(10):\n    total = total + item * item - offset[item] / scale\n"
    block += "    counts.append(total)\n"
    stub = "def stub(a, b):\n    raise NotImplementedError('write stub(a, b) here')\n"
    docs = {"a": "def f(v):\n    return v * 2 + 1\n" + block * 2, "b": block + "print(total)\n"}
    with_stub = by_student(similarity_report(docs, stub, guarantee_t=25))["a"]
    without = by_student(similarity_report(docs, "", guarantee_t=25))["a"]
    assert with_stub.matched_tokens == without.matched_tokens == 72
    assert with_stub.similarity_student == without.similarity_student > 0.75
    assert with_stub.student_lines == ((3, 8),)


def test_released_stubs_score_zero_against_each_other() -> None:
    stubs = codes(ann={}, bob={}, cid={})  # nobody typed anything
    assert all(
        m.matched_tokens == 0 for m in similarity_report(stubs, boilerplate_code(released()))
    )
    # without the boilerplate the same notebooks are full copies: the boilerplate does the work
    assert all(m.similarity_student > 0.9 for m in similarity_report(stubs, ""))


def test_stub_kept_in_one_cell_does_not_count() -> None:
    # q2 left as the stub by both; their q1 answers differ
    pair = codes(ann={"q1_mean": ORIGINAL["q1_mean"]}, bob={"q1_mean": INDEPENDENT["q1_mean"]})
    assert (
        by_student(similarity_report(pair, boilerplate_code(released())))["ann"].matched_tokens == 0
    )
    assert by_student(similarity_report(pair, ""))["ann"].matched_tokens >= 25


def test_html_is_escaped_and_marks_the_matches() -> None:
    evil = 'def f():\n    return "</pre><script>alert(1)</script>" + "<b>" * 3\n' * 3
    match = by_student(similarity_report({"a": evil, "b": evil}, ""))["a"]
    assert "<script>" not in match.student_html and "&lt;script&gt;" in match.student_html
    assert "<script>" not in match.peer_html and "</pre>" not in match.peer_html
    assert f'<mark class="{MATCH_CLASS}">' in match.student_html
    stripped = match.student_html.replace(f'<mark class="{MATCH_CLASS}">', "")
    assert "<" not in stripped.replace("</mark>", "")  # the only tags are the marks


def test_line_spans_cover_the_copied_lines() -> None:
    shared = "".join(f"value_{i} = compute({i}, [{i}, {i + 1}])\n" for i in range(8))
    own_a = "".join(f"print('a{i}')\n" for i in range(5))
    own_b = "".join(f"print({i} * {i}); del q\n" for i in range(5))
    match = by_student(similarity_report({"a": own_a + shared, "b": shared + own_b}, ""))["a"]
    assert match.student_lines == ((6, 13),) and match.peer_lines == ((1, 8),)
    assert 0.5 < match.similarity_student < 1.0


def test_ordered_by_matched_length() -> None:
    line = "result.append(compute(alpha, beta) * gamma - delta / epsilon)\n"
    docs = {"short1": line * 2, "short2": line * 2, "long1": line * 9, "long2": line * 9}
    docs["long1"] += "if x:\n    raise ValueError('a')\n"
    matches = similarity_report(docs, "")
    tokens = [m.matched_tokens for m in matches]
    assert tokens == sorted(tokens, reverse=True) and tokens[0] > tokens[-1]
    assert {m.student for m in matches[:2]} == {"long1", "long2"}


@pytest.mark.parametrize("students", [{}, {"solo": ORIGINAL["q1_mean"]}])
def test_fewer_than_two_students_give_an_empty_report(students: dict[str, str]) -> None:
    assert similarity_report(students, "") == []


def test_report_from_notebooks_skips_unreadable_files(tmp_path: Path) -> None:
    rel_path = tmp_path / "released.ipynb"
    nbformat.write(released(), rel_path)
    paths = {}
    for name, answers in (("ann", ORIGINAL), ("cid", RENAMED), ("bob", INDEPENDENT)):
        paths[name] = tmp_path / f"{name}.ipynb"
        nbformat.write(submission(answers), paths[name])
    paths["eve"] = tmp_path / "eve.ipynb"
    paths["eve"].write_text('{"cells": [')
    report = report_from_notebooks(paths, rel_path)
    assert set(report.skipped) == {"eve"} and "eve.ipynb" in report.skipped["eve"]
    assert [m.student for m in report.matches[:2]] in (["ann", "cid"], ["cid", "ann"])
    assert {m.student for m in report.matches} == {"ann", "bob", "cid"}


def test_broken_code_is_compared_too() -> None:
    broken = ORIGINAL["q1_mean"].replace("total = 0.0", 'total = "unclosed') + "  bad dedent\n"
    broken += 'doc = """never closed\n' + ORIGINAL["q2_norm"]
    report = by_student(similarity_report({"a": broken, "b": broken, "c": OTHER["q1_mean"]}, ""))
    assert report["a"].peer == "b" and report["a"].similarity_student == 1.0
    assert report["c"].similarity_student < 0.2


def test_figures_are_the_same_in_every_run() -> None:
    # copydetect hashes with Python's hash(), salted per process: its figures vary between runs
    script = (
        "import sys, json\n"
        "from autograder.grading.similarity import similarity_report\n"
        "m = similarity_report(json.loads(sys.stdin.read()), '')\n"
        "print([(x.student, x.peer, x.matched_tokens, x.similarity_peer) for x in m])\n"
    )
    # partial matches: which fingerprints winnowing keeps decides the matched lengths
    block = "for item in range(10):\n    total = total + item * item - offset[item] / scale\n"
    docs = json.dumps(
        {
            "ann": ORIGINAL["q1_mean"] + block,
            "bob": RENAMED["q2_norm"] + ORIGINAL["q1_mean"][:300],
            "dan": "def f(v):\n    return v * 2 + 1\n" + block * 2,
        }
    )
    root = Path(__file__).resolve().parent.parent
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            input=docs,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    figures = outputs.pop()
    assert "ann" in figures and "'dan', 'ann', 0," not in figures  # real, partial matches
