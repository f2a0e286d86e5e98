"""The course hub on one machine (a laptop, a TA box, CI): `make hub` starts it.

- DummyAuthenticator: any user name logs in (development only). Names listed in
  AUTOGRADER_HUB_INSTRUCTORS (default "instructor") join the group `instructors`, everyone else
  joins `students`.
- SimpleLocalProcessSpawner: single-user JupyterLab servers as local processes, homes under the
  state folder, each inside a bubblewrap sandbox built from an allowlist: the system, the two
  Python environments, the engine package, the kernelspec and the user's own home; never the
  course checkout (reference solutions, hidden suites, tests, unreleased assignments, .git) or
  the hub's state. Instructors' servers also see the checkout, read-only. Kernels and terminals
  run the course's Python (the project's .venv) first on PATH, so `check()`, `autograder` and
  `python -m autograder.hub.admin` work.
- The real configurable-http-proxy from npm (hub_config/node_modules).
- The grading service `grader`, started and restarted by the hub and listed on its home page
  (the course pages, logged in through the hub's OAuth); RBAC roles give students and
  instructors its custom scopes.

Environment (all optional): AUTOGRADER_HUB_STATE (default <repo>/.hub), AUTOGRADER_HUB_IP,
AUTOGRADER_HUB_PORT (8000), AUTOGRADER_HUB_API_PORT (8081), AUTOGRADER_PROXY_API_PORT (8001),
AUTOGRADER_SERVICE_PORT (10101), AUTOGRADER_HUB_INSTRUCTORS, AUTOGRADER_ATTEMPTS_PER_HOUR (10),
AUTOGRADER_GRADER_WORKERS (one per core, 2 to 4), AUTOGRADER_HUB_ADMIN_TOKEN (a token for roster
automation: creates users and groups through the REST API; unset means no such token).
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_rbac import CUSTOM_SCOPES, course_roles, grader_pages, group_hook

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by JupyterHub

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
HUB_VENV = HERE.parent / ".venv"
COURSE_VENV = REPO / ".venv"
STATE = Path(os.environ.get("AUTOGRADER_HUB_STATE", REPO / ".hub")).resolve()
COURSE = Path(os.environ.get("AUTOGRADER_COURSE", REPO)).resolve()
IP = os.environ.get("AUTOGRADER_HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("AUTOGRADER_HUB_PORT", "8000"))
HUB_API_PORT = int(os.environ.get("AUTOGRADER_HUB_API_PORT", "8081"))
PROXY_API_PORT = int(os.environ.get("AUTOGRADER_PROXY_API_PORT", "8001"))
SERVICE_PORT = int(os.environ.get("AUTOGRADER_SERVICE_PORT", "10101"))
INSTRUCTORS = {
    n.strip()
    for n in os.environ.get("AUTOGRADER_HUB_INSTRUCTORS", "instructor").split(",")
    if n.strip()
}
SERVICE = "grader"
PUBLIC_URL = f"http://{IP}:{PORT}"

for folder in (STATE, STATE / "home", STATE / "jupyter" / "kernels" / "python3"):
    folder.mkdir(parents=True, exist_ok=True)

# ---- hub, proxy and state ----------------------------------------------------------------------
c.JupyterHub.bind_url = PUBLIC_URL
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = HUB_API_PORT
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [
    str(HERE.parent / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
# a fresh secret per start, shared by the hub and the proxy it launches
c.ConfigurableHTTPProxy.auth_token = secrets.token_hex(32)

# ---- authentication and groups -----------------------------------------------------------------
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.Authenticator.manage_groups = True
c.Authenticator.post_auth_hook = group_hook(INSTRUCTORS)

# ---- RBAC: the grading service's custom scopes, granted to the two groups ----------------------
c.JupyterHub.custom_scopes = CUSTOM_SCOPES
c.JupyterHub.load_roles = course_roles(SERVICE)

# ---- services: the grading service (managed: the hub starts and restarts it) -------------------
grader_command = [
    str(COURSE_VENV / "bin" / "autograder"),
    "serve",
    "--data",
    str(STATE / "grader"),
    "--attempts-per-hour",
    os.environ.get("AUTOGRADER_ATTEMPTS_PER_HOUR", "10"),
]
if os.environ.get("AUTOGRADER_GRADER_WORKERS"):  # else the service's default: one per core, 2-4
    grader_command += ["--workers", os.environ["AUTOGRADER_GRADER_WORKERS"]]
if os.environ.get("AUTOGRADER_UNSAFE_NO_SANDBOX") == "1":
    grader_command.append("--no-sandbox")
c.JupyterHub.services = [
    {
        "name": SERVICE,
        "url": f"http://127.0.0.1:{SERVICE_PORT}",
        "command": grader_command,
        "cwd": str(STATE),
        "environment": {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "AUTOGRADER_COURSE": str(COURSE),
            "AUTOGRADER_PUBLIC_URL": PUBLIC_URL,
        },
        **grader_pages(SERVICE),
    }
]
if os.environ.get("AUTOGRADER_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append(
        {"name": "course-admin", "api_token": os.environ["AUTOGRADER_HUB_ADMIN_TOKEN"]}
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "course-admin",
            "services": ["course-admin"],
            "scopes": ["admin:users", "admin:groups", "tokens", "admin:servers", "access:servers"],
        }
    )

# ---- single-user servers -----------------------------------------------------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(HUB_VENV / "bin" / "jupyterhub-singleuser")]


def environment_paths(venv: Path) -> tuple[Path | None, Path | None]:
    """What a virtual environment needs outside itself at run time: ``sys.base_prefix`` of its
    interpreter (the installation its ``bin/python`` links to: the standard library), and the
    folder its ``autograder`` package is imported from (the course venv's editable install maps
    it to the checkout's ``autograder/``), found without importing it."""
    probe = (
        "import importlib.util, sys; spec = importlib.util.find_spec('autograder'); "
        "print(sys.base_prefix); print((spec.submodule_search_locations or [''])[0] "
        "if spec else '')"
    )
    try:
        out = subprocess.run(
            [str(venv / "bin" / "python"), "-I", "-c", probe],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None, None
    base, _, engine = out.partition("\n")
    return (Path(base) if base else None), (Path(engine.strip()) if engine.strip() else None)


ENV_PATHS = {venv: environment_paths(venv) for venv in (COURSE_VENV, HUB_VENV)}
ENGINE = ENV_PATHS[COURSE_VENV][1] or REPO / "autograder"

# /etc files a server, its kernels and a terminal use: users and groups, name resolution,
# the dynamic linker, certificates, time zone, MIME types, fonts, shell start-up. Not /etc as
# a whole: it holds host secrets (ssh host keys, shadow) that root inside the sandbox could read.
ETC = (
    "passwd",
    "group",
    "nsswitch.conf",
    "hosts",
    "host.conf",
    "resolv.conf",
    "gai.conf",
    "services",
    "protocols",
    "networks",
    "localtime",
    "timezone",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "ssl",
    "ca-certificates",
    "ca-certificates.conf",
    "mime.types",
    "magic",
    "fonts",
    "alternatives",
    "bash.bashrc",
    "profile",
    "profile.d",
    "inputrc",
    "environment",
    "locale.alias",
    "locale.gen",
    "default/locale",
    "terminfo",
    "os-release",
    "debian_version",
    "shells",
    "skel",
)


def is_instructor(spawner) -> bool:  # type: ignore[no-untyped-def]
    user = spawner.user
    return user.name in INSTRUCTORS or any(g.name == "instructors" for g in user.groups)


def server_sandbox(home: Path, instructor: bool) -> list[str]:
    """The bubblewrap arguments of one user's server: an allowlist. The sandbox's root is an
    empty read-only tmpfs; only what is bound below exists in it."""
    ro: dict[Path, Path] = {Path("/usr"): Path("/usr")}
    for name in ETC:
        if (Path("/etc") / name).exists():
            ro[Path("/etc") / name] = Path("/etc") / name
    for venv in (COURSE_VENV, HUB_VENV):
        ro[venv] = venv  # the environments themselves: their scripts name these paths
        base = ENV_PATHS[venv][0]
        if base is not None and not base.is_relative_to("/usr"):
            ro[base] = base.resolve()  # only that installation, never its parents (/root)
    if not ENGINE.is_relative_to(COURSE_VENV):  # the engine package, where `import` finds it
        ro[ENGINE] = ENGINE
    ro[STATE / "jupyter"] = STATE / "jupyter"  # the kernelspec (the course's Python)
    # instructors are trusted: the checkout and the course, read-only (the hub's own config,
    # which runs as root, is in the checkout); the folders in them come with them
    trees = []
    if instructor:
        trees = [REPO] if COURSE.is_relative_to(REPO) else [REPO, COURSE]
    ro = {
        dest: src
        for dest, src in ro.items()
        if not any(dest.is_relative_to(t) for t in trees) or dest.is_relative_to(STATE)
    }
    mounts: list[tuple[Path, str, str]] = [
        (dest, "--ro-bind", str(src)) for dest, src in ro.items()
    ]
    mounts.append((Path("/tmp"), "--tmpfs", ""))
    mounts += [(tree, "--ro-bind", str(tree)) for tree in trees]
    if any(STATE.is_relative_to(t) for t in trees):
        mounts.append((STATE, "--tmpfs", ""))  # never the hub's state
    mounts.append((home, "--bind", str(home)))
    # a parent before what is mounted inside it (the checkout or the state may be under /tmp)
    mounts.sort(key=lambda m: m[0].parts)
    args = []
    for top in ("bin", "sbin", "lib", "lib64", "lib32", "libx32"):
        path = Path("/") / top
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    args += ["--dev", "/dev", "--tmpfs", "/dev/shm", "--proc", "/proc"]
    for dest, kind, src in mounts:
        args += [kind, *([src] if src else []), str(dest)]
    # The folders bwrap created to hold those mounts (/work, the checkout's path, the hub's
    # state, /root/.pyenv...) can be walked through but not listed (root without capabilities
    # obeys the mode): listing the checkout's path fails instead of showing the mount points.
    dests = {dest for dest, _, _ in mounts}
    binds = [dest for dest, kind, _ in mounts if kind != "--tmpfs"]
    skeleton = {
        parent
        for dest in dests
        for parent in dest.parents
        if parent not in dests
        and parent.parts[:2] not in (("/",), ("/", "etc"))
        and not any(parent.is_relative_to(b) for b in binds)
    }
    for folder in sorted(skeleton, key=lambda p: p.parts):
        args += ["--chmod", "0111", str(folder)]
    return [*args, "--remount-ro", "/"]


def sandboxed_server(spawner):  # type: ignore[no-untyped-def]
    """Run the user's whole server (JupyterLab, its kernels and terminals) in bubblewrap with an
    allowlist: the system and the two Python environments read-only, the engine package, the
    kernelspec, their own home writable, a private /tmp, /dev and PID namespace, no
    capabilities. Nothing else of the machine exists in it: not the course checkout (the
    reference solutions, the hidden suites, tests, unreleased assignments, .git), not the hub's
    state (database, grader data, other homes). Instructors also see the checkout, read-only.
    The network is shared: the server must reach the hub and the grading service."""
    bwrap = shutil.which("bwrap")
    if bwrap is None or os.environ.get("AUTOGRADER_UNSAFE_NO_SANDBOX") == "1":
        spawner.log.warning(
            "user servers run WITHOUT a sandbox: they can read the "
            "reference solutions and hidden suites"
        )
        return
    home = Path(spawner.home_dir).resolve()
    home.mkdir(parents=True, exist_ok=True)
    instructor = is_instructor(spawner)
    env = {k: v for k, v in spawner.environment.items() if k != "AUTOGRADER_COURSE"}
    spawner.environment = {**env, "AUTOGRADER_COURSE": str(COURSE)} if instructor else env
    spawner.cmd = [
        bwrap,
        *server_sandbox(home, instructor),
        "--unshare-pid",
        "--unshare-ipc",
        "--die-with-parent",
        "--cap-drop",
        "ALL",
        "--chdir",
        str(home),
        "--",
        str(HUB_VENV / "bin" / "jupyterhub-singleuser"),
    ]


c.Spawner.pre_spawn_hook = sandboxed_server
c.Spawner.default_url = "/lab"
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    # the kernel named python3 is the course's Python: numpy, torch, sympy and the check() helper
    "JUPYTER_PATH": str(STATE / "jupyter"),
    # and so is `python` in a terminal: `autograder ...`, `python -m autograder.hub.admin ...`
    "PATH": os.pathsep.join(
        [str(COURSE_VENV / "bin"), str(HUB_VENV / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]
    ),
    "AUTOGRADER_SERVICE_URL": f"{PUBLIC_URL}/services/{SERVICE}/",
}
(STATE / "jupyter" / "kernels" / "python3" / "kernel.json").write_text(
    json.dumps(
        {
            "argv": [
                str(COURSE_VENV / "bin" / "python"),
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
            ],
            "display_name": "Python 3 (course)",
            "language": "python",
            "env": {"PYTHONNOUSERSITE": "1"},
        },
        indent=1,
    )
)
c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}
c.JupyterHub.log_level = os.environ.get("AUTOGRADER_HUB_LOG_LEVEL", "INFO")
if not (COURSE_VENV / "bin" / "autograder").exists():
    sys.exit(f"the course environment {COURSE_VENV} is missing: run `make install` first")
