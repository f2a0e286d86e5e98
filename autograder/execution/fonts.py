"""matplotlib's font list, built once per machine and handed to every sandbox read-only.

Every notebook of the course imports matplotlib.pyplot, and a fresh sandbox has an empty
matplotlib cache folder, so each warm worker searched the system's fonts again (0.13 s of its
start, on the way to a batch's first result). The grader builds the list once, in a child Python
that sees the system fonts as a sandbox does (no home folder, so no user fonts), keeps it in
``fonts/matplotlib-<version>`` of the reference cache's folder, and mounts that folder (never its
parent) read-only at ``/grading/fonts``; the worker copies the list into its own cache folder
before it imports matplotlib. A list that does not match what matplotlib expects is rebuilt by
matplotlib itself, as before.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from autograder.grading.cache_folder import cache_dir

MOUNT = "/grading/fonts"
_building = threading.Lock()
_started: set[Path] = set()


def font_folder() -> Path | None:
    """Where this machine's font list for the installed matplotlib lives; None without one."""
    try:
        version = importlib.metadata.version("matplotlib")
    except importlib.metadata.PackageNotFoundError:
        return None
    return cache_dir() / "fonts" / f"matplotlib-{version}"


def ready_font_folder() -> Path | None:
    """The folder when its list is built; otherwise start building it in the background (once
    per process) and return None, so this sandbox searches the fonts itself."""
    folder = font_folder()
    if folder is None:
        return None
    if any(folder.glob("fontlist-*.json")):
        return folder
    with _building:
        if folder not in _started:
            _started.add(folder)
            threading.Thread(target=build, args=(folder,), daemon=True).start()
    return None


def build(folder: Path) -> bool:
    """Build the list into ``folder`` (atomically: a half-built one is never seen)."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        work = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    except OSError:  # an unusable cache folder: sandboxes search the fonts themselves
        return False
    try:
        home = work / "home"
        home.mkdir()
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "MPLCONFIGDIR": str(work / "list"),
            "MPLBACKEND": "Agg",
            "LANG": "C.UTF-8",
        }
        done = subprocess.run(
            [sys.executable, "-c", "import matplotlib.font_manager"],
            env=env,
            capture_output=True,
            timeout=300,
        )
        lists = list((work / "list").glob("fontlist-*.json"))
        if done.returncode != 0 or not lists:
            return False
        os.chmod(work / "list", 0o755)
        for path in lists:
            os.chmod(path, 0o644)
        with contextlib.suppress(OSError):  # another grader built it first: keep theirs
            os.rename(work / "list", folder)
        return any(folder.glob("fontlist-*.json"))
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        shutil.rmtree(work, ignore_errors=True)
