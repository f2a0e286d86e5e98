"""Assemble the Docker build context of the students' single-user server image.

    python hub_config/student-image/build_context.py out/student-image   # `make student-image`
    python hub_config/student-image/build_context.py --wheel-only DIR    # the engine's wheel only

The context holds only what the image needs, so a ``COPY`` in the Dockerfile cannot reach
anything else of the checkout:

    Dockerfile                 hub_config/student-image/Dockerfile
    autograder-*.whl           the engine built from this checkout (``autograder/`` only: no hidden
                               suites, reference solutions, mutants or example solutions)
    requirements-server.txt    the JupyterHub and JupyterLab lines of hub_config/requirements.txt
    overrides.json             JupyterLab's defaults for students (hub_config/lab-overrides.json)

The wheel is built from a temporary copy of the checkout, so the build leaves no ``build/`` or
``*.egg-info`` behind.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# the packages the student's server needs from hub_config/requirements.txt (the spawners and
# the culler there are the hub's, not the student's)
SERVER_PACKAGES = ("jupyterhub", "jupyterlab")
# never copied into the build's source tree (what .gitignore ignores, for checkouts without git)
SKIPPED = {
    ".git",
    ".venv",
    "out",
    "build",
    "node_modules",
    "__pycache__",
    ".hub",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".venv-nbgrader",
}


def source_files(root: Path) -> list[Path]:
    """The checkout's files as git sees them (tracked, or untracked and not ignored)."""
    if (root / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            check=True,
            capture_output=True,
        ).stdout.decode()
        return sorted({Path(p) for p in listed.split("\0") if p and (root / p).is_file()})
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED and not d.endswith(".egg-info")]
        found += [Path(folder, f).relative_to(root) for f in files]
    return sorted(found)


def _can_build_here() -> bool:
    """Whether this Python has the build backend (else pip builds in an isolated environment,
    which needs the package index). setuptools builds wheels by itself from 70.1 on."""
    if importlib.util.find_spec("setuptools") is None:
        return False
    major, minor = (int(x) for x in version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def build_wheel(root: Path, dest: Path) -> Path:
    """Build the project's wheel from a temporary copy of ``root`` into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="autograder-wheel-") as tmp:
        source = Path(tmp) / "src"
        for rel in source_files(root):
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, source / rel)
        isolation = ["--no-build-isolation"] if _can_build_here() else []
        built = Path(tmp) / "dist"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                *isolation,
                "--wheel-dir",
                str(built),
                str(source),
            ],
            check=True,
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )
        (wheel,) = built.glob("*.whl")
        target = dest / wheel.name
        shutil.move(wheel, target)
    return target


def server_requirements(root: Path) -> str:
    """The lines of hub_config/requirements.txt that name JupyterHub or JupyterLab."""
    wanted = []
    for line in (root / "hub_config" / "requirements.txt").read_text().splitlines():
        name = re.split(r"[\s<>=!~\[;]", line.strip(), maxsplit=1)[0].lower()
        if name in SERVER_PACKAGES:
            wanted.append(line.strip())
    missing = set(SERVER_PACKAGES) - {
        re.split(r"[\s<>=!~\[;]", w, maxsplit=1)[0].lower() for w in wanted
    }
    if missing:
        raise SystemExit(f"hub_config/requirements.txt names no {', '.join(sorted(missing))}")
    return (
        "# from hub_config/requirements.txt: the single-user server (jupyterhub-singleuser) "
        "and JupyterLab\n" + "\n".join(wanted) + "\n"
    )


def assemble(root: Path, dest: Path) -> list[Path]:
    """Write the build context into ``dest`` (replacing a previous context there)."""
    if dest.exists():
        if any(dest.iterdir()) and not (dest / "Dockerfile").exists():
            raise SystemExit(f"{dest} is not empty and holds no Dockerfile: not replacing it")
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy2(HERE / "Dockerfile", dest / "Dockerfile")
    (dest / "requirements-server.txt").write_text(server_requirements(root))
    shutil.copy2(root / "hub_config" / "lab-overrides.json", dest / "overrides.json")
    build_wheel(root, dest)
    return sorted(dest.iterdir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="the folder to write (replaced if it exists)")
    parser.add_argument(
        "--wheel-only", action="store_true", help="build only the engine's wheel into DEST"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.wheel_only:
        print(build_wheel(root, args.dest))
        return 0
    files = assemble(root, args.dest)
    total = sum(f.stat().st_size for f in files)
    print(
        f"student image build context in {args.dest}/ ({len(files)} files, {total / 1024:.0f} KiB):"
    )
    for f in files:
        print(f"  {f.name:40} {f.stat().st_size:>9} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
