"""Record the check statuses the content gate pins: ``python -m tests.record_grades [ID ...]``.

Grades every case of the named assignments (all without arguments) exactly as
``tests/test_content.py`` does and writes them into ``tests/data/recorded_grades.json``; review
the diff before committing it: every changed status is a changed grade."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.test_content import CONTENT, RECORDED, RECORDED_PATH, grade_all, statuses


def main(ids: list[str]) -> int:
    unknown = sorted(set(ids) - set(CONTENT))
    if unknown:
        print(f"unknown assignments: {', '.join(unknown)}; known: {', '.join(CONTENT)}")
        return 2
    recorded = dict(RECORDED)
    for assignment_id in ids or sorted(CONTENT):
        with tempfile.TemporaryDirectory() as tmp:
            results = grade_all(assignment_id, Path(tmp))
        recorded[assignment_id] = {label: statuses(r) for label, r in sorted(results.items())}
        print(f"{assignment_id}: {len(results)} graded cases recorded")
    RECORDED_PATH.parent.mkdir(parents=True, exist_ok=True)
    RECORDED_PATH.write_text(json.dumps(dict(sorted(recorded.items())), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
