"""Read an otter-grader assignment as ``otter assign`` produces it (trusted side).

Accepted: the autograder zip, a folder holding it (``otter assign``'s ``autograder/``; the newest
zip wins), or an unzipped folder with ``tests/*.py`` and ``otter_config.json``. Test files are
the instructor's (OK format, ``OK_FORMAT = True``, or exception-based ``@test_case``): they are
read here with otter's own parser to learn each question's cases, visibility and points, which
therefore never come from the sandbox. Support files (``files/`` in the zip) travel to the
sandbox base64-encoded, by their path under ``files/`` (otter copies them beside the
submission).
"""

from __future__ import annotations

import base64
import json
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.exceptions import UsageError
from autograder.interop.formats import OTTER_CONFIG


@dataclass(frozen=True)
class OtterCase:
    """One test case of an otter test file: its name, visibility and resolved points."""

    name: str
    hidden: bool
    points: float


@dataclass(frozen=True)
class OtterQuestion:
    """One otter test file: the question's name (our question id), its cases and points."""

    name: str
    cases: tuple[OtterCase, ...]
    all_or_nothing: bool = False

    @property
    def points(self) -> float:
        """otter's ``possible``: the sum of the cases' points."""
        return float(sum(c.points for c in self.cases))


@dataclass(frozen=True)
class OtterAssignment:
    """An otter assignment: its name, test files (text), support files and otter's config."""

    name: str
    tests: dict[str, str]
    questions: tuple[OtterQuestion, ...]
    files: dict[str, str] = field(default_factory=dict)  # name -> base64 contents
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def question_ids(self) -> list[str]:
        return [q.name for q in self.questions]

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))

    def runner_input(self, notebook_text: str) -> dict[str, Any]:
        """The plain-data input of the sandboxed ``otter`` runner for one submission."""
        return {
            "notebook": notebook_text,
            "tests": dict(self.tests),
            "files": dict(self.files),
            "config": {k: self.config.get(k) for k in ("seed", "seed_variable")},
        }


def _from_zip(path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    tests: dict[str, str] = {}
    files: dict[str, str] = {}
    config: dict[str, Any] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename
                if info.is_dir():
                    continue
                parts = Path(name).parts
                if len(parts) == 2 and parts[0] == "tests" and name.endswith(".py"):
                    tests[parts[1]] = archive.read(info).decode("utf-8")
                elif len(parts) >= 2 and parts[0] == "files" and ".." not in parts:
                    files["/".join(parts[1:])] = base64.b64encode(archive.read(info)).decode()
                elif name == OTTER_CONFIG:
                    config = json.loads(archive.read(info))
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise UsageError(f"cannot read the otter autograder zip {path}: {exc}") from None
    return tests, files, config


def _from_dir(path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    tests = {p.name: p.read_text(encoding="utf-8") for p in sorted((path / "tests").glob("*.py"))}
    files = {
        p.relative_to(path / "files").as_posix(): base64.b64encode(p.read_bytes()).decode()
        for p in sorted((path / "files").rglob("*"))
        if p.is_file()
    }
    config_path = path / OTTER_CONFIG
    config = json.loads(config_path.read_text()) if config_path.is_file() else {}
    return tests, files, config


def autograder_zip(path: Path) -> Path | None:
    """The autograder zip ``path`` is or holds (the newest one), if any."""
    if path.is_file():
        return path
    zips = sorted(path.glob("*.zip"), key=lambda p: (p.stat().st_mtime, p.name))
    return zips[-1] if zips else None


def parse_questions(tests: dict[str, str]) -> tuple[OtterQuestion, ...]:
    """Each test file read by otter's own parser (instructor material: trusted)."""
    with warnings.catch_warnings():  # otter imports ipylab, which uses deprecated traitlets
        warnings.simplefilter("ignore", DeprecationWarning)
        from otter.nbmeta_config import NBMetadataConfig
        from otter.test_files import create_test_file

    questions = []
    with tempfile.TemporaryDirectory(prefix="otter-tests-") as scratch:
        for name, text in sorted(tests.items()):
            target = Path(scratch) / name
            target.write_text(text, encoding="utf-8")
            try:
                test_file = create_test_file(str(target), NBMetadataConfig())
            except Exception as exc:
                raise UsageError(f"cannot read otter test file {name}: {exc}") from None
            cases = tuple(
                OtterCase(str(c.name), bool(c.hidden), float(c.points or 0.0))
                for c in test_file.test_cases
            )
            questions.append(
                OtterQuestion(str(test_file.name), cases, bool(test_file.all_or_nothing))
            )
    return tuple(questions)


def load_otter(path: Path | str) -> OtterAssignment:
    """Read the otter assignment at ``path`` (zip, folder with the zip, or unzipped folder)."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"otter autograder {path} does not exist")
    archive = autograder_zip(path)
    if archive is not None:
        tests, files, config = _from_zip(archive)
    else:
        tests, files, config = _from_dir(path)
    if not tests:
        raise UsageError(f"{path} has no otter test files (tests/*.py)")
    name = str(config.get("assignment_name") or path.stem.split("-autograder")[0])
    return OtterAssignment(name, tests, parse_questions(tests), files, config)
