"""Small file helpers both sides use: copying data files into a scratch folder, and
reading the tail of a captured output file."""

from __future__ import annotations

import shutil
from pathlib import Path

OUTPUT_TAIL_BYTES = 1024 * 1024


def copy_data(src: Path, dst: Path) -> None:
    """Copy an assignment's data files into a submission's working folder (never the notebook,
    the public checks or their stored outcomes)."""
    for item in src.iterdir():
        if item.suffix in (".ipynb",) or item.name.startswith(("public_", "__")):
            continue
        if item.is_dir():
            shutil.copytree(item, dst / item.name)
        else:
            shutil.copy2(item, dst / item.name)


def read_tail(path: Path, limit: int = OUTPUT_TAIL_BYTES) -> str:
    """The last ``limit`` bytes of a student's output file, saying how much was cut."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            f.seek(max(size - limit, 0))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return text if size <= limit else f"[... {size - limit} bytes cut ...]\n{text}"
