"""What leaves the instructor's checkout for students holds nothing of the instructor-only tree.

Two artefacts go to students: the engine's wheel (``pip wheel .``) and the build context of their
server image (``make student-image``, assembled by hub_config/student-image/build_context.py).
Both are built here into temporary folders and checked three ways, none of which names a file of
``reference_solutions/`` (those names change; the content is what must not leak):

* paths: the wheel holds ``autograder/`` and its dist-info only, each engine file byte-identical
  to the checkout's; no path anywhere (context, wheel members) names reference_solutions,
  assignments, suites, tests, .git, test functions, mutants or notebooks;
* lines: :func:`tests.leakscan.secret_lines` (every line of reference_solutions/ that no
  student-facing file holds) searched in every file and every member of every archive, and in
  the strings of every JSON document (a notebook);
* blocks: that scan treats the engine's own lines as public, so course material pasted *into*
  the engine would pass it. Every run of ``BLOCK`` consecutive non-blank lines of
  reference_solutions/ that assignments/ does not hold is searched for as well, with the engine
  not exempt (single lines like ``rng = np.random.default_rng(seed)`` are shared by accident;
  four lines in a row are not), and no file may equal a file of reference_solutions/ byte for
  byte.

Building leaves no ``build/`` or ``*.egg-info`` in the checkout (the build runs on a copy).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT
from tests.leakscan import MIN_LEN, secret_lines

pytestmark = pytest.mark.slow

SCRIPT = ROOT / "hub_config" / "student-image" / "build_context.py"
DOCKERFILE = ROOT / "hub_config" / "student-image" / "Dockerfile"
FORBIDDEN_PARTS = {"reference_solutions", "assignments", "suites", "tests", ".git"}
FORBIDDEN_WORDS = ("testfns", "mutant")
BLOCK = 4


# ----------------------------------------------------------------------------- what is secret


@pytest.fixture(scope="module")
def secret_text() -> set[bytes]:
    lines = secret_lines(ROOT)
    assert len(lines) > 100, "reference_solutions/ looks empty: the scan would prove nothing"
    return lines


def _strings(doc: object) -> Iterator[str]:
    if isinstance(doc, str):
        yield doc
    elif isinstance(doc, dict):
        for key, value in doc.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(doc, list):
        for item in doc:
            yield from _strings(item)


def _text_lines(path: Path) -> list[bytes]:
    """The file's lines and, in a JSON document (a notebook), the lines of its strings."""
    data = path.read_bytes()
    lines = data.split(b"\n")
    if data.lstrip()[:1] in (b"{", b"["):
        try:
            doc = json.loads(data)
        except (ValueError, RecursionError):
            return lines
        lines += "\n".join(_strings(doc)).encode("utf-8", "surrogatepass").split(b"\n")
    return lines


def _files(folder: Path) -> list[Path]:
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]


def _blocks(lines: Iterable[bytes]) -> set[bytes]:
    kept = [s for s in (line.strip() for line in lines) if s]
    return {b"\n".join(kept[i : i + BLOCK]) for i in range(len(kept) - BLOCK + 1)}


@pytest.fixture(scope="module")
def secret_blocks() -> set[bytes]:
    secret: set[bytes] = set()
    for path in _files(ROOT / "reference_solutions"):
        secret |= _blocks(_text_lines(path))
    public: set[bytes] = set()  # what students have anyway: the released tree and the engine
    for folder in (ROOT / "assignments", ROOT / "autograder"):
        for path in _files(folder):
            public |= _blocks(_text_lines(path))
    blocks = {b for b in secret - public if len(b) >= 2 * MIN_LEN}
    assert len(blocks) > 100
    return blocks


@pytest.fixture(scope="module")
def secret_files() -> set[str]:
    return {
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (ROOT / "reference_solutions").rglob("*")
        if p.is_file()
    }


def unpacked(folder: Path, into: Path) -> Iterator[tuple[str, Path]]:
    """Every file under ``folder`` as (name, path), and every member of the zip archives there
    (extracted under ``into``) as ``archive!member``."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        yield rel, path
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if not info.is_dir():
                        target = Path(archive.extract(info, into / rel))
                        yield f"{rel}!{info.filename}", target


def forbidden_name(name: str) -> bool:
    parts = re.split(r"[/!]", name)
    return (
        bool(FORBIDDEN_PARTS & set(parts))
        or name.endswith(".ipynb")
        or any(word in part.lower() for part in parts for word in FORBIDDEN_WORDS)
    )


def assert_nothing_secret(
    folder: Path,
    scratch: Path,
    secret_text: set[bytes],
    secret_blocks: set[bytes],
    secret_files: set[str],
) -> int:
    """The three scans of this module's docstring over ``folder``; returns the files checked."""
    files = list(unpacked(folder, scratch))
    found = [
        (name, line.decode(errors="replace"))
        for name, path in files
        for line in {s.strip() for s in _text_lines(path)} & secret_text
    ]
    assert found == [], f"lines of reference_solutions/: {found[:5]}"
    assert [name for name, _ in files if forbidden_name(name)] == []
    same = [
        name
        for name, path in files
        if hashlib.sha256(path.read_bytes()).hexdigest() in secret_files
    ]
    assert same == [], f"copies of files of reference_solutions/: {same}"
    pasted = [
        (name, block.decode(errors="replace"))
        for name, path in files
        for block in _blocks(_text_lines(path)) & secret_blocks
    ]
    assert pasted == [], f"blocks of reference_solutions/: {pasted[:5]}"
    return len(files)


# ------------------------------------------------------------------------------ the wheel


def checkout_state() -> dict[str, int]:
    """What a build in the checkout would leave: build/ and *.egg-info (with their mtimes)."""
    found = {}
    for pattern in (
        "build",
        "build/**/*",
        "*.egg-info",
        "*.egg-info/**/*",
        "autograder/*.egg-info",
    ):
        for path in ROOT.glob(pattern):
            found[path.relative_to(ROOT).as_posix()] = path.stat().st_mtime_ns
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("wheel")
    before = checkout_state()
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--wheel-only", str(dest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert checkout_state() == before, "the build wrote into the checkout"
    (built,) = dest.glob("*.whl")
    return built


def engine_files() -> dict[str, Path]:
    """The package as the checkout holds it: its modules and py.typed."""
    return {
        p.relative_to(ROOT).as_posix(): p
        for p in (ROOT / "autograder").rglob("*")
        if p.is_file()
        and (p.suffix == ".py" or p.name == "py.typed")
        and "__pycache__" not in p.parts
    }


def test_the_wheel_holds_the_engine_and_its_metadata_only(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    dist_info = f"autograder-{wheel.name.split('-')[1]}.dist-info/"
    assert [n for n in names if not n.startswith(("autograder/", dist_info))] == []
    assert [n for n in names if forbidden_name(n)] == []
    # every module of the package (no subpackage dropped by discovery), nothing else, unchanged
    engine = engine_files()
    packaged = {n for n in names if n.startswith("autograder/")}
    assert packaged == set(engine), packaged ^ set(engine)
    with zipfile.ZipFile(wheel) as archive:
        changed = [n for n in packaged if archive.read(n) != engine[n].read_bytes()]
    assert changed == []
    entry_points = zipfile.ZipFile(wheel).read(dist_info + "entry_points.txt").decode()
    assert "autograder = autograder.cli:run" in entry_points


def test_the_wheel_holds_no_line_block_or_file_of_the_instructor_tree(
    wheel: Path,
    tmp_path: Path,
    secret_text: set[bytes],
    secret_blocks: set[bytes],
    secret_files: set[str],
) -> None:
    checked = assert_nothing_secret(
        wheel.parent, tmp_path, secret_text, secret_blocks, secret_files
    )
    assert checked == 1 + len(zipfile.ZipFile(wheel).namelist())


def test_the_wheel_alone_runs_a_students_public_checks(wheel: Path, tmp_path: Path) -> None:
    """Installed without the course (no checkout, no $AUTOGRADER_COURSE), the engine runs the
    public checks of a released bundle the way check("q") does in a student's notebook."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assignment = next(
        p for p in sorted((ROOT / "assignments").iterdir()) if (p / "public_checks.py").is_file()
    )
    bundle = tmp_path / "home" / assignment.name
    bundle.mkdir(parents=True)
    for path in assignment.iterdir():
        if path.is_file():
            bundle.joinpath(path.name).write_bytes(path.read_bytes())
    code = (
        "import json, runpy, autograder\n"
        "from autograder.public import Checker\n"
        "q = sorted(runpy.run_path('public_checks.py')['PUBLIC'])[0]\n"
        f"verdicts = Checker({assignment.name!r}, {{}}).run(q)\n"
        "print(json.dumps([autograder.__file__, [v.passed for _, v in verdicts]]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_COURSE", "PYTHONPATH")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=bundle,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PYTHONPATH": str(site)},
    )
    assert out.returncode == 0, out.stderr
    module, passed = json.loads(out.stdout.splitlines()[-1])
    assert Path(module).is_relative_to(site)
    assert passed and not any(passed)  # an empty notebook: every check ran, none passed


# ------------------------------------------------------------------ the student image context


def make_student_image(context: Path, tmp: Path, docker_info_rc: int) -> tuple[str, list[str]]:
    """``make student-image`` into ``context`` with a stand-in docker client; returns make's
    output and the docker commands it ran."""
    log = tmp / "docker.log"
    log.unlink(missing_ok=True)
    fake = tmp / "docker"
    fake.write_text(
        f'#!/bin/sh\necho "$*" >> {log}\nif [ "$1" = info ]; then exit {docker_info_rc}; fi\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    out = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "student-image",
            f"STUDENT_CONTEXT={context}",
            f"DOCKER={fake}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout, log.read_text().splitlines() if log.exists() else []


def values_image() -> str:
    """The students' image that the Kubernetes values name (what `make student-image` tags)."""
    values = yaml.safe_load((ROOT / "hub_config" / "kubernetes" / "values.yaml").read_text())
    image = values["singleuser"]["image"]
    return f"{image['name']}:{image['tag']}"


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("image")
    before = checkout_state()
    output, docker = make_student_image(tmp / "context", tmp, docker_info_rc=1)
    assert checkout_state() == before, "the build wrote into the checkout"
    # no engine: nothing is built, and make says where the context is and how to build it
    assert docker == ["info"]
    assert f"the build context is ready in {tmp / 'context'}/" in output
    assert f"docker build -t {values_image()} {tmp / 'context'}" in output
    return tmp / "context"


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    logical, current = [], ""
    for line in text.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1]
            continue
        logical.append(current + line)
        current = ""
    assert not current, "the Dockerfile ends inside a continuation"
    split = [(*w.split(None, 1), "") for w in logical]
    return [(words[0].upper(), words[1]) for words in split]


def test_the_context_holds_the_dockerfile_the_wheel_and_the_server_requirements(
    context: Path,
) -> None:
    names = sorted(p.name for p in context.iterdir())
    (wheel_name,) = [n for n in names if n.endswith(".whl")]
    assert names == sorted(["Dockerfile", wheel_name, "overrides.json", "requirements-server.txt"])
    assert (context / "Dockerfile").read_bytes() == DOCKERFILE.read_bytes()
    # JupyterHub's singleuser and JupyterLab at the versions the course hub runs
    wanted = [
        line
        for line in (ROOT / "hub_config" / "requirements.txt").read_text().splitlines()
        if re.match(r"(jupyterhub|jupyterlab)\b(?![-_])", line.strip(), re.I)
    ]
    server = [
        line
        for line in (context / "requirements-server.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(wanted) == 2 and server == wanted
    instructions = dockerfile_instructions((context / "Dockerfile").read_text())
    assert instructions[0][0] == "FROM" and instructions[-1] == ("CMD", '["jupyterhub-singleuser"]')
    run = " ".join(args for kind, args in instructions if kind == "RUN")
    assert "-r /tmp/context/requirements-server.txt" in run and "/tmp/context/*.whl" in run
    assert "ipykernel install --prefix /opt/server --name python3" in run


def test_the_dockerfile_copies_from_the_context_only(context: Path) -> None:
    copies = [
        (k, a)
        for k, a in dockerfile_instructions((context / "Dockerfile").read_text())
        if k in ("COPY", "ADD")
    ]
    assert copies, "the Dockerfile copies nothing: the wheel is never installed"
    inside = context.resolve()
    copied: set[Path] = set()
    for kind, args in copies:
        words = json.loads(args) if args.lstrip().startswith("[") else args.split()
        flags = [w for w in words if w.startswith("--")]
        assert not [f for f in flags if f.startswith("--from")], (kind, args)
        sources = [w for w in words if not w.startswith("--")][:-1]
        assert sources, (kind, args)
        for source in sources:
            assert (
                "://" not in source
                and not source.startswith("/")
                and ".." not in Path(source).parts
            ), (kind, source)
            matched = list(inside.glob(source))
            assert matched, f"{kind} {source}: not in the context"
            assert all(m.resolve().is_relative_to(inside) for m in matched)
            copied.update(m.resolve() for m in matched)
    # everything the context holds is used (the Dockerfile itself is not copied)
    assert copied == {p.resolve() for p in inside.iterdir() if p.name != "Dockerfile"}


def test_the_context_holds_nothing_of_the_instructor_tree(
    context: Path,
    tmp_path: Path,
    secret_text: set[bytes],
    secret_blocks: set[bytes],
    secret_files: set[str],
) -> None:
    checked = assert_nothing_secret(context, tmp_path, secret_text, secret_blocks, secret_files)
    assert checked > 40  # the context's files and the wheel's members were all read


def test_make_builds_the_image_values_yaml_names_where_docker_answers(tmp_path: Path) -> None:
    _, docker = make_student_image(tmp_path / "context", tmp_path, docker_info_rc=0)
    assert docker == ["info", f"build -t {values_image()} {tmp_path / 'context'}"]
