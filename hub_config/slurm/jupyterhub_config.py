"""The course hub on a Slurm GPU cluster: batchspawner runs each student's server as a Slurm job.

Deploy the whole hub_config/ folder (this file imports ../course_rbac.py). The hub runs on a
login or service node; student servers are jobs on the GPU partition with one
GPU each (`--gres=gpu:1`). The grading service is hub-managed: the hub starts it through `srun`
on a dedicated GPU node, so grading runs on a GPU with the same drivers students have. Its
storage is that node's local disk; nothing needs a filesystem shared with the students.

Site settings come from the environment (defaults in brackets):
  COURSE_HUB_PUBLIC_URL      the hub's public URL, used in students' servers  [https://hub.example.edu]
  COURSE_ROOT                the course checkout (assignments/, reference_solutions/) on the grader
                             node, readable by the hub's account only        [/opt/course]
  COURSE_SLURM_PARTITION     GPU partition                                    [gpu]
  COURSE_SLURM_ACCOUNT       Slurm account charged for student servers       [ml-course]
  COURSE_GRADER_NODE         GPU node the grading service runs on           [gpu-grader01]
  COURSE_INSTRUCTORS         comma-separated instructor user names           []
  COURSE_STUDENTS_GROUP      the students' Unix group                         [ml-students]

The rest lets the same file run a whole hub on one machine with a single-node Slurm (CI and
tests/test_slurm.py; hub_config/slurm/install-local.sh sets that cluster up):
  COURSE_HUB_HOSTNAME        the hub's address as compute nodes reach it      [hub-login01]
  COURSE_HUB_BIND_URL        where the proxy listens                          [http://127.0.0.1:8000]
  COURSE_HUB_API_PORT        the hub's API port (reached by the servers)      [8081]
  COURSE_HUB_STATE           the hub's database and cookie secret             [/srv/jupyterhub]
  COURSE_PROXY_COMMAND       configurable-http-proxy's path                   [from PATH]
  COURSE_PROXY_API_PORT      the proxy's API port                             [8001]
  COURSE_HUB_ADMIN_TOKEN     a roster-automation token (creates users and groups through the
                             REST API; unset means no such token)
  COURSE_SLURM_EXEC_PREFIX   how the hub submits as the student ('' submits as the hub's
                             own account, whose jobs then run as it)   [sudo -E -u {username}]
  COURSE_SLURM_GRES          a student server's generic resources ('' for none) [gpu:1]
  COURSE_SLURM_CPUS          a student server's CPUs                          [4]
  COURSE_SLURM_MEMORY        a student server's memory                        [16G]
  COURSE_SERVER_PATH         PATH in students' servers (batchspawner-singleuser and
                             jupyterhub-singleuser must be on it)             [the job's login PATH]
  COURSE_JUPYTER_PATH        JUPYTER_PATH in students' servers (the course kernelspec) [unset]
  COURSE_GRADER_PORT         the grading service's port on its node           [10101]
  COURSE_GRADER_DATA         its data folder on its node              [/var/lib/course-grader]
  COURSE_GRADER_DEVICE       its device                                       [cuda]
  COURSE_GRADER_WORKERS      its grading workers                              [8]
  COURSE_GRADER_CPUS         the CPUs its Slurm job asks for                  [16]
  COURSE_GRADER_GRES         the generic resources its job asks for ('' for none) [gpu:1]
  COURSE_ATTEMPTS_PER_HOUR   submissions a student may make per hour          [6]
"""

import os
import sys
from pathlib import Path

import batchspawner  # noqa: F401 - registers batchspawner's API handler with the hub

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_rbac import CUSTOM_SCOPES, course_roles, grader_pages, group_hook

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by JupyterHub

PUBLIC_URL = os.environ.get("COURSE_HUB_PUBLIC_URL", "https://hub.example.edu")
COURSE_ROOT = os.environ.get("COURSE_ROOT", "/opt/course")
PARTITION = os.environ.get("COURSE_SLURM_PARTITION", "gpu")
ACCOUNT = os.environ.get("COURSE_SLURM_ACCOUNT", "ml-course")
GRADER_NODE = os.environ.get("COURSE_GRADER_NODE", "gpu-grader01")
INSTRUCTORS = {n for n in os.environ.get("COURSE_INSTRUCTORS", "").split(",") if n}
SERVICE = "grader"
STATE = os.environ.get("COURSE_HUB_STATE", "/srv/jupyterhub")
EXEC_PREFIX = os.environ.get("COURSE_SLURM_EXEC_PREFIX", "sudo -E -u {username}")
GRADER_PORT = os.environ.get("COURSE_GRADER_PORT", "10101")
GRADER_GRES = os.environ.get("COURSE_GRADER_GRES", "gpu:1")

# ---- hub: compute nodes must reach the hub API --------------------------------------------------
# TLS terminates at the site's reverse proxy
c.JupyterHub.bind_url = os.environ.get("COURSE_HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_port = int(os.environ.get("COURSE_HUB_API_PORT", "8081"))
c.JupyterHub.hub_connect_ip = os.environ.get("COURSE_HUB_HOSTNAME", "hub-login01")
c.JupyterHub.db_url = f"sqlite:///{STATE}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{STATE}/jupyterhub_cookie_secret"
if os.environ.get("COURSE_PROXY_COMMAND"):
    c.ConfigurableHTTPProxy.command = [os.environ["COURSE_PROXY_COMMAND"]]
PROXY_API_PORT = os.environ.get("COURSE_PROXY_API_PORT", "8001")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"

# ---- authentication: the cluster's own accounts; groups from the Unix groups --------------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {os.environ.get("COURSE_STUDENTS_GROUP", "ml-students")}
c.Authenticator.allowed_users = INSTRUCTORS
c.Authenticator.manage_groups = True
c.Authenticator.post_auth_hook = group_hook(INSTRUCTORS)

# ---- RBAC: the grading service's custom scopes (the same roles as the local config) -------------
c.JupyterHub.custom_scopes = CUSTOM_SCOPES
c.JupyterHub.load_roles = course_roles(SERVICE)

# ---- student servers: one Slurm job each on the GPU partition -----------------------------------
c.JupyterHub.spawner_class = "batchspawner.SlurmSpawner"
c.SlurmSpawner.req_partition = PARTITION
c.SlurmSpawner.req_gres = os.environ.get("COURSE_SLURM_GRES", "gpu:1")
c.SlurmSpawner.req_nprocs = os.environ.get("COURSE_SLURM_CPUS", "4")
c.SlurmSpawner.req_memory = os.environ.get("COURSE_SLURM_MEMORY", "16G")
c.SlurmSpawner.req_runtime = "04:00:00"
c.SlurmSpawner.req_options = f"--account={ACCOUNT}"
c.SlurmSpawner.req_prologue = "module load cuda/12 2>/dev/null || true"
c.SlurmSpawner.exec_prefix = EXEC_PREFIX
if not EXEC_PREFIX.strip() and os.geteuid() == 0:
    c.Spawner.args = ["--allow-root"]  # jobs submitted by a root hub run as root (CI only)
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 600  # the queue may keep a job pending for minutes
c.Spawner.environment = {
    "AUTOGRADER_SERVICE_URL": f"{PUBLIC_URL}/services/{SERVICE}/",
    # full-precision matmuls, so student results match the float64 reference within tolerance
    "NVIDIA_TF32_OVERRIDE": "0",
}
for var, name in (("PATH", "COURSE_SERVER_PATH"), ("JUPYTER_PATH", "COURSE_JUPYTER_PATH")):
    if os.environ.get(name):
        c.Spawner.environment[var] = os.environ[name]

# ---- the grading service: hub-managed, started through srun on the grading GPU node -------------
c.JupyterHub.services = [
    {
        "name": SERVICE,
        "url": f"http://{GRADER_NODE}:{GRADER_PORT}",
        "command": [
            "srun",
            f"--partition={PARTITION}",
            f"--nodelist={GRADER_NODE}",
            *([f"--gres={GRADER_GRES}"] if GRADER_GRES else []),
            f"--account={ACCOUNT}",
            "--time=7-00:00:00",
            f"--cpus-per-task={os.environ.get('COURSE_GRADER_CPUS', '16')}",
            "--job-name=course-grader",
            "--quit-on-interrupt",  # the hub stops its services with SIGINT: end the job then
            f"{COURSE_ROOT}/.venv/bin/autograder",
            "serve",
            "--host",
            "0.0.0.0",
            "--data",
            os.environ.get("COURSE_GRADER_DATA", "/var/lib/course-grader"),
            "--course",
            COURSE_ROOT,
            "--device",
            os.environ.get("COURSE_GRADER_DEVICE", "cuda"),
            "--workers",
            os.environ.get("COURSE_GRADER_WORKERS", "8"),
            "--attempts-per-hour",
            os.environ.get("COURSE_ATTEMPTS_PER_HOUR", "6"),
        ],
        "environment": {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "AUTOGRADER_PUBLIC_URL": PUBLIC_URL,
        },
        **grader_pages(SERVICE),
    }
]

# ---- idle servers give their GPU back -----------------------------------------------------------
c.JupyterHub.services.append(
    {
        "name": "idle-culler",
        "command": [
            sys.executable,  # the hub's own Python, where jupyterhub-idle-culler is installed
            "-m",
            "jupyterhub_idle_culler",
            "--timeout=3600",
            "--cull-every=300",
        ],
    }
)
c.JupyterHub.load_roles.append(
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }
)

# ---- roster automation: a token that creates users and groups through the REST API --------------
if os.environ.get("COURSE_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append(
        {"name": "course-admin", "api_token": os.environ["COURSE_HUB_ADMIN_TOKEN"]}
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "course-admin",
            "services": ["course-admin"],
            "scopes": ["admin:users", "admin:groups", "tokens", "admin:servers", "access:servers"],
        }
    )
