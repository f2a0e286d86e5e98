"""Memory limits through a cgroup per sandbox worker, where the machine lets us create one.

cgroup v2 (``memory.max``, ``memory.events`` oom_kill) and v1 (``memory.limit_in_bytes``,
``memory.oom_control`` oom_kill) are both handled. Without a writable memory controller the pool
falls back to an address-space limit for CPU-only jobs.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path


def _own_cgroup_dir() -> tuple[Path, int] | None:
    """This process's memory cgroup directory and the cgroup version, if writable."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            base = Path("/sys/fs/cgroup/memory") / path.lstrip("/")
            if os.access(base, os.W_OK):
                return base, 1
    for line in lines:
        if line.startswith("0::"):
            base = Path("/sys/fs/cgroup") / line[3:].lstrip("/")
            if (
                (base / "cgroup.subtree_control").exists()
                and os.access(base, os.W_OK)
                and "memory" in (base / "cgroup.controllers").read_text()
            ):
                return base, 2
    return None


def _sweep_stale(base: Path) -> None:
    """Remove the empty cgroups of grader processes that died without cleaning up (a SIGKILLed
    service, say): names are ``autograder-w<creator pid>-...``."""
    for path in base.glob("autograder-w*-*"):
        pid = path.name.removeprefix("autograder-w").split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # its creator is alive and owns it
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        with contextlib.suppress(OSError):
            path.rmdir()  # fails, harmlessly, if anything still runs inside


@dataclass
class MemoryCgroup:
    """A child memory cgroup with a hard limit; processes enter it before exec."""

    path: Path
    version: int

    @classmethod
    def create(cls, name: str, limit_bytes: int) -> MemoryCgroup | None:
        if os.environ.get("AUTOGRADER_NO_CGROUP"):
            return None
        found = _own_cgroup_dir()
        if found is None:
            return None
        base, version = found
        _sweep_stale(base)
        path = base / f"autograder-{name}"
        try:
            path.mkdir()
            if version == 1:
                (path / "memory.limit_in_bytes").write_text(str(limit_bytes))
            else:
                (path / "memory.max").write_text(str(limit_bytes))
                with contextlib.suppress(OSError):
                    (path / "memory.swap.max").write_text("0")
        except OSError:
            with contextlib.suppress(OSError):
                path.rmdir()
            return None
        return cls(path, version)

    def enter(self) -> None:
        """Move the calling process into the cgroup (used as a pre-exec hook)."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def oom_kills(self) -> int:
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        try:
            for line in (self.path / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except OSError:
            pass
        return 0

    def remove(self) -> None:
        """Delete the cgroup. Its last processes may still be exiting when the sandbox's parent
        has gone (rmdir then fails with EBUSY), so kill what is left and retry for up to 2 s."""
        for _ in range(100):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                with contextlib.suppress(OSError, ValueError):
                    for pid in (self.path / "cgroup.procs").read_text().split():
                        with contextlib.suppress(ProcessLookupError, PermissionError):
                            os.kill(int(pid), 9)
                time.sleep(0.02)
