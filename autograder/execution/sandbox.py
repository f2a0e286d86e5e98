"""The bubblewrap sandbox that student code runs in.

The sandbox sees a read-only system (``/usr``), the Python installation and virtual environment,
the engine package (which holds no course material), the assignment's student-facing
files read-only at ``/data``, and a private, size-limited tmpfs for scratch and ``/tmp``. It has
its own user (uid 65534), PID, network (loopback only, nothing reachable), IPC and UTS namespaces,
an environment reduced to a few harmless variables, no capabilities, and GPU device nodes (with the
driver's library folders named by ``LD_LIBRARY_PATH``, read-only) only when the job asks for CUDA.
Its ``/etc/passwd`` and ``/etc/group`` name its one user and nothing of the host's, and the
grader's matplotlib font list is mounted read-only (``execution.fonts``).
``reference_solutions/``, the hidden suites, the gradebook, the reference cache and other
students' files are never mounted.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import autograder
from autograder.exceptions import UsageError
from autograder.execution.fonts import MOUNT as FONTS
from autograder.execution.fonts import ready_font_folder

SANDBOX_UID = 65534
SCRATCH = "/grading/work"
DATA = "/grading/data"
SYSTEM_PATHS = (
    "/usr",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/fonts",
    "/etc/alternatives",
    "/etc/localtime",
)
GPU_GLOBS = ("/dev/nvidia*", "/dev/nvidia-caps/*", "/dev/dri/*")
NO_SANDBOX_ENV = "AUTOGRADER_UNSAFE_NO_SANDBOX"
# the sandbox's only user and group, so that code asking who it runs as gets an answer
PASSWD = f"nobody:x:{SANDBOX_UID}:{SANDBOX_UID}:student code:{SCRATCH}:/usr/sbin/nologin\n"
GROUP = f"nogroup:x:{SANDBOX_UID}:\n"


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
        raise UsageError(
            "bubblewrap (bwrap) is not installed, so student code cannot be "
            "sandboxed; install it (Debian: apt-get install bubblewrap) or, for "
            f"trusted local use only, set {NO_SANDBOX_ENV}=1 or pass --no-sandbox"
        )
    return path


def _python_paths() -> list[str]:
    """Directories the interpreter needs: the base installation and the environment."""
    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    return sorted(p for p in paths if not p.startswith("/usr/"))


def gpu_library_dirs() -> list[str]:
    """The grader's ``LD_LIBRARY_PATH`` folders that hold shared libraries, for CUDA jobs: GPU
    container runtimes put the driver's user-space libraries (``libcuda.so.1``) in a folder such
    as ``/usr/local/nvidia/lib64`` that only this variable points the loader to."""
    found: list[str] = []
    for entry in os.environ.get("LD_LIBRARY_PATH", "").split(":"):
        path = os.path.realpath(entry) if entry else ""
        if path and path not in found and glob.glob(os.path.join(glob.escape(path), "*.so*")):
            found.append(path)
    return found


@functools.cache
def _identity_folder() -> str:
    """A world-readable folder holding the sandbox's ``passwd`` and ``group``. Without them
    ``getpass.getuser()`` raises, and torch's compiler imports it (torch 2.11 on CUDA jobs); the
    host's own files would list its users. Made once per grader process, removed at its exit."""
    folder = tempfile.mkdtemp(prefix="autograder-etc-")
    os.chmod(folder, 0o755)
    for name, text in (("passwd", PASSWD), ("group", GROUP)):
        path = os.path.join(folder, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o644)
    owner = os.getpid()

    def remove() -> None:  # in this process only, not in a forked child that exits
        if os.getpid() == owner:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    return folder


def identity_folder() -> str:
    """``_identity_folder``, made again if something removed it (a /tmp cleaner)."""
    folder = _identity_folder()
    if not os.path.isfile(os.path.join(folder, "group")):
        _identity_folder.cache_clear()
        folder = _identity_folder()
    return folder


def _package_dir() -> Path:
    return Path(autograder.__file__).resolve().parent


_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, MS_BIND, MS_REC, MS_PRIVATE = 0x00020000, 4096, 16384, 1 << 18


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


@dataclass
class Launch:
    """A sandbox command line, and how to start it.

    When the grader runs as root, bwrap itself runs as uid 65534 so that the sandbox is an
    unprivileged user on the host as well (root is exempt from RLIMIT_NPROC, among others). Paths
    that user cannot reach (a Python under ``/root``) are first bind-mounted onto a world-readable
    staging folder in a private mount namespace of the launching process; the host's mounts are
    not touched."""

    argv: list[str]
    stage: list[tuple[str, str]] = field(default_factory=list)
    staging_dir: str | None = None
    drop_to_uid: int | None = None

    def pre_exec(self) -> None:
        """Runs in the child between fork and exec."""
        if self.drop_to_uid is None:
            return
        _check(_libc.unshare(CLONE_NEWNS), "unshare")
        _check(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "make-private")
        for src, dst in self.stage:
            _check(
                _libc.mount(src.encode(), dst.encode(), None, MS_BIND | MS_REC, None), f"bind {src}"
            )
        os.setgroups([])
        os.setresgid(self.drop_to_uid, self.drop_to_uid, self.drop_to_uid)
        os.setresuid(self.drop_to_uid, self.drop_to_uid, self.drop_to_uid)

    def cleanup(self) -> None:
        """Remove the (empty) staging mount points on the host."""
        if self.staging_dir:
            shutil.rmtree(self.staging_dir, ignore_errors=True)


def bwrap_command(config: SandboxConfig, argv: list[str], protocol_fd: int = 3) -> Launch:
    """The ``bwrap ...`` command line that runs ``argv`` inside the sandbox."""
    launch = Launch([])
    if os.geteuid() == 0:
        launch.drop_to_uid = SANDBOX_UID
        launch.staging_dir = tempfile.mkdtemp(prefix="autograder-stage-")
        os.chmod(launch.staging_dir, 0o755)

    def bind(path: str | Path, dest: str | Path) -> list[str]:
        source = str(path)
        if launch.staging_dir is not None:
            staged = os.path.join(launch.staging_dir, str(len(launch.stage)))
            os.mkdir(staged)
            os.chmod(staged, 0o755)
            launch.stage.append((source, staged))
            source = staged
        return ["--ro-bind", source, str(dest)]

    cmd = [
        check_available(),
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--uid",
        str(SANDBOX_UID),
        "--gid",
        str(SANDBOX_UID),
        "--clearenv",
        "--symlink",
        "usr/lib",
        "/lib",
        "--symlink",
        "usr/lib64",
        "/lib64",
        "--symlink",
        "usr/bin",
        "/bin",
        "--symlink",
        "usr/sbin",
        "/sbin",
    ]
    cmd += [
        "--size",
        str(config.scratch_bytes),
        "--tmpfs",
        SCRATCH,
        "--size",
        str(config.scratch_bytes // 4),
        "--tmpfs",
        "/tmp",
    ]
    for path in SYSTEM_PATHS:
        if os.path.exists(path):
            cmd += ["--ro-bind", path, path]
    identity = identity_folder()
    cmd += ["--ro-bind", f"{identity}/passwd", "/etc/passwd"]
    cmd += ["--ro-bind", f"{identity}/group", "/etc/group"]
    for path in _python_paths():
        cmd += bind(path, path)
    package = _package_dir()
    cmd += bind(package, package)
    for extra in config.extra_ro:
        cmd += bind(extra, extra)
    cmd += [
        "--dev",
        "/dev",
        "--size",
        str(config.scratch_bytes // 4),
        "--tmpfs",
        "/dev/shm",
        "--proc",
        "/proc",
    ]
    if config.data_dir is not None:
        cmd += bind(config.data_dir, DATA)
    fonts = ready_font_folder()
    if fonts is not None:
        cmd += bind(fonts, FONTS)
    libraries = gpu_library_dirs() if config.device == "cuda" else []
    if config.device == "cuda":
        for pattern in GPU_GLOBS:
            for node in sorted(glob.glob(pattern)):
                cmd += ["--dev-bind", node, node]
        for path in libraries:
            if not path.startswith("/usr/"):
                cmd += bind(path, path)
    # nothing is writable but the scratch tmpfs, /tmp and /dev/shm (all size-limited)
    cmd += ["--remount-ro", "/dev", "--remount-ro", "/"]
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": SCRATCH,
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/.matplotlib",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "CUBLAS_WORKSPACE_CONFIG": ":4096:8",
        "AUTOGRADER_PROTOCOL_FD": str(protocol_fd),
        "AUTOGRADER_DEVICE": config.device,
        **({"AUTOGRADER_FONTS": FONTS} if fonts is not None else {}),
        # the engine is importable without being installed in the environment (a GPU image's
        # Python, a checkout): only the package folder itself is mounted under this path
        "PYTHONPATH": str(package.parent),
    }
    if libraries:
        env["LD_LIBRARY_PATH"] = ":".join(libraries)
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    cmd += ["--chdir", SCRATCH, "--", *argv]
    launch.argv = cmd
    return launch


def run_sandboxed(
    config: SandboxConfig, argv: list[str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """Run one command in a fresh sandbox and wait for it, its output captured: for probes of
    the sandbox itself (grading runs in the warm pool's workers)."""
    launch = bwrap_command(config, argv)
    try:
        return subprocess.run(
            launch.argv, preexec_fn=launch.pre_exec, capture_output=True, text=True, timeout=timeout
        )
    finally:
        launch.cleanup()
