"""The bubblewrap sandbox that student code runs in.

The sandbox sees a read-only system (``/usr``), the Python installation and virtual environment,
the engine package with its ``suites/`` folder hidden under an empty tmpfs, the assignment's data
files read-only at ``/data``, and a private, size-limited tmpfs for scratch and ``/tmp``. It has
its own user (uid 65534), PID, network (loopback only, nothing reachable), IPC and UTS namespaces,
an environment reduced to a few harmless variables, no capabilities, and GPU device nodes only when
the job asks for CUDA. ``reference_solutions/``, the hidden suites, the gradebook and other
students' files are never mounted.
"""

from __future__ import annotations

import glob
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import autograder
from autograder.exceptions import UsageError

SANDBOX_UID = 65534
SCRATCH = "/grading/work"
DATA = "/grading/data"
SYSTEM_PATHS = ("/usr", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/fonts",
                "/etc/alternatives", "/etc/localtime")
GPU_GLOBS = ("/dev/nvidia*", "/dev/nvidia-caps/*", "/dev/dri/*")
NO_SANDBOX_ENV = "AUTOGRADER_UNSAFE_NO_SANDBOX"


@dataclass(frozen=True)
class SandboxConfig:
    """What the sandbox may see and how large its private scratch space is."""

    data_dir: Path | None = None
    device: str = "cpu"
    scratch_bytes: int = 512 * 1024 * 1024
    extra_ro: tuple[Path, ...] = field(default_factory=tuple)


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def check_available() -> str:
    """The bwrap binary, after proving it can create namespaces here; else a UsageError."""
    path = bwrap_path()
    if path is None:
        raise UsageError("bubblewrap (bwrap) is not installed, so student code cannot be "
                         "sandboxed; install it (Debian: apt-get install bubblewrap) or, for "
                         f"trusted local use only, set {NO_SANDBOX_ENV}=1 or pass --no-sandbox")
    return path


def _python_paths() -> list[str]:
    """Directories the interpreter needs: the base installation and the environment."""
    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    return sorted(p for p in paths if not p.startswith("/usr/"))


def _package_dir() -> Path:
    return Path(autograder.__file__).resolve().parent


def bwrap_command(config: SandboxConfig, argv: list[str], protocol_fd: int = 3) -> list[str]:
    """The full ``bwrap ...`` command line that runs ``argv`` inside the sandbox."""
    cmd = [check_available(), "--unshare-all", "--die-with-parent", "--new-session",
           "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--clearenv",
           "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
           "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"]
    cmd += ["--size", str(config.scratch_bytes), "--tmpfs", SCRATCH,
            "--size", str(config.scratch_bytes // 4), "--tmpfs", "/tmp"]
    for path in SYSTEM_PATHS:
        if os.path.exists(path):
            cmd += ["--ro-bind", path, path]
    for path in _python_paths():
        cmd += ["--ro-bind", path, path]
    package = _package_dir()
    cmd += ["--ro-bind", str(package), str(package)]
    if (package / "suites").exists():
        cmd += ["--tmpfs", str(package / "suites")]
    for extra in config.extra_ro:
        cmd += ["--ro-bind", str(extra), str(extra)]
    cmd += ["--dev", "/dev", "--proc", "/proc"]
    if config.data_dir is not None:
        cmd += ["--ro-bind", str(config.data_dir), DATA]
    if config.device == "cuda":
        for pattern in GPU_GLOBS:
            for node in sorted(glob.glob(pattern)):
                cmd += ["--dev-bind", node, node]
    env = {"PATH": "/usr/bin:/bin", "HOME": SCRATCH, "TMPDIR": "/tmp", "LANG": "C.UTF-8",
           "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/.matplotlib", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
           "CUBLAS_WORKSPACE_CONFIG": ":4096:8", "AUTOGRADER_PROTOCOL_FD": str(protocol_fd)}
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    cmd += ["--chdir", SCRATCH, "--", *argv]
    return cmd
