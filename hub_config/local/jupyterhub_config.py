"""The course hub on one machine (a laptop, a TA box, CI): `make hub` starts it.

- DummyAuthenticator: any user name logs in (development only). Names listed in
  AUTOGRADER_HUB_INSTRUCTORS (default "instructor") join the group `instructors`, everyone else
  joins `students`.
- SimpleLocalProcessSpawner: single-user JupyterLab servers as local processes, homes under the
  state folder, each inside a bubblewrap sandbox that hides the reference solutions, the hidden
  suites and the hub's state. Their kernels run the course's Python (the project's .venv), so
  `check()` works.
- The real configurable-http-proxy from npm (hub_config/node_modules).
- The grading service `grader`, started and restarted by the hub; RBAC roles give students and
  instructors its custom scopes.

Environment (all optional): AUTOGRADER_HUB_STATE (default <repo>/.hub), AUTOGRADER_HUB_IP,
AUTOGRADER_HUB_PORT (8000), AUTOGRADER_HUB_API_PORT (8081), AUTOGRADER_PROXY_API_PORT (8001),
AUTOGRADER_SERVICE_PORT (10101), AUTOGRADER_HUB_INSTRUCTORS, AUTOGRADER_ATTEMPTS_PER_HOUR (10),
AUTOGRADER_GRADER_WORKERS (1), AUTOGRADER_HUB_ADMIN_TOKEN (a token for roster automation: creates
users and groups through the REST API; unset means no such token).
"""

import json
import os
import secrets
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_rbac import CUSTOM_SCOPES, course_roles, group_hook

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by JupyterHub

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
HUB_VENV = HERE.parent / ".venv"
COURSE_VENV = REPO / ".venv"
STATE = Path(os.environ.get("AUTOGRADER_HUB_STATE", REPO / ".hub")).resolve()
IP = os.environ.get("AUTOGRADER_HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("AUTOGRADER_HUB_PORT", "8000"))
HUB_API_PORT = int(os.environ.get("AUTOGRADER_HUB_API_PORT", "8081"))
PROXY_API_PORT = int(os.environ.get("AUTOGRADER_PROXY_API_PORT", "8001"))
SERVICE_PORT = int(os.environ.get("AUTOGRADER_SERVICE_PORT", "10101"))
INSTRUCTORS = {n.strip() for n in os.environ.get("AUTOGRADER_HUB_INSTRUCTORS",
                                                 "instructor").split(",") if n.strip()}
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
c.ConfigurableHTTPProxy.command = [str(HERE.parent / "node_modules" / ".bin" /
                                       "configurable-http-proxy")]
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
grader_command = [str(COURSE_VENV / "bin" / "autograder"), "serve",
                  "--data", str(STATE / "grader"),
                  "--attempts-per-hour", os.environ.get("AUTOGRADER_ATTEMPTS_PER_HOUR", "10"),
                  "--workers", os.environ.get("AUTOGRADER_GRADER_WORKERS", "1")]
if os.environ.get("AUTOGRADER_UNSAFE_NO_SANDBOX") == "1":
    grader_command.append("--no-sandbox")
c.JupyterHub.services = [{
    "name": SERVICE,
    "url": f"http://127.0.0.1:{SERVICE_PORT}",
    "command": grader_command,
    "cwd": str(STATE),
    "environment": {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                    "AUTOGRADER_COURSE": os.environ.get("AUTOGRADER_COURSE", str(REPO))},
    "display": False,
}]
if os.environ.get("AUTOGRADER_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "course-admin",
                                  "api_token": os.environ["AUTOGRADER_HUB_ADMIN_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "course-admin", "services": ["course-admin"],
                                    "scopes": ["admin:users", "admin:groups", "tokens",
                                               "admin:servers", "access:servers"]})

# ---- single-user servers -----------------------------------------------------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(HUB_VENV / "bin" / "jupyterhub-singleuser")]


def sandboxed_server(spawner):  # type: ignore[no-untyped-def]
    """Run the student's whole server (JupyterLab, its kernels and terminals) in bubblewrap: a
    read-only system, their own home writable, a private /tmp and PID namespace, no
    capabilities, and an empty folder where the reference solutions, the hidden suites and the
    hub's state (database, grader data, other students' homes) are. The network is shared: the
    server must reach the hub and the grading service."""
    bwrap = shutil.which("bwrap")
    if bwrap is None or os.environ.get("AUTOGRADER_UNSAFE_NO_SANDBOX") == "1":
        spawner.log.warning("student servers run WITHOUT a sandbox: they can read the "
                            "reference solutions and hidden suites")
        return
    home = str(Path(spawner.home_dir).resolve())
    Path(home).mkdir(parents=True, exist_ok=True)
    hidden = [REPO / "reference_solutions", REPO / "autograder" / "suites", STATE]
    # order matters: later mounts go over earlier ones (the checkout may itself be under /tmp)
    spawner.cmd = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                   "--tmpfs", "/tmp", "--tmpfs", "/dev/shm", "--ro-bind", str(REPO), str(REPO),
                   "--unshare-pid", "--unshare-ipc", "--die-with-parent", "--cap-drop", "ALL",
                   *[arg for path in hidden if path.exists()
                     for arg in ("--tmpfs", str(path))],
                   "--ro-bind", str(STATE / "jupyter"), str(STATE / "jupyter"),
                   "--bind", home, home, "--chdir", home, "--",
                   str(HUB_VENV / "bin" / "jupyterhub-singleuser")]


c.Spawner.pre_spawn_hook = sandboxed_server
c.Spawner.default_url = "/lab"
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    # the kernel named python3 is the course's Python: numpy, torch, sympy and the check() helper
    "JUPYTER_PATH": str(STATE / "jupyter"),
    "AUTOGRADER_SERVICE_URL": f"{PUBLIC_URL}/services/{SERVICE}/",
}
(STATE / "jupyter" / "kernels" / "python3" / "kernel.json").write_text(json.dumps({
    "argv": [str(COURSE_VENV / "bin" / "python"), "-m", "ipykernel_launcher",
             "-f", "{connection_file}"],
    "display_name": "Python 3 (course)", "language": "python",
    "env": {"PYTHONNOUSERSITE": "1"}}, indent=1))
c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}
c.JupyterHub.log_level = os.environ.get("AUTOGRADER_HUB_LOG_LEVEL", "INFO")
if not (COURSE_VENV / "bin" / "autograder").exists():
    sys.exit(f"the course environment {COURSE_VENV} is missing: run `make install` first")
