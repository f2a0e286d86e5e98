"""The grader's cache folder: reference outcomes (``reference_cache``) and the sandboxes' font
list (``execution.fonts``). Standard library only, as the command line reads it before its heavy
imports."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "AUTOGRADER_CACHE"


def cache_dir() -> Path:
    """The cache folder: ``$AUTOGRADER_CACHE`` when set, else ``~/.cache/autograder/references``."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "autograder" / "references"
