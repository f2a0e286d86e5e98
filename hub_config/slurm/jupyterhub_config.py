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

# ---- hub: compute nodes must reach the hub API --------------------------------------------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # TLS terminates at the site's reverse proxy
c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_connect_ip = os.environ.get("COURSE_HUB_HOSTNAME", "hub-login01")
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/jupyterhub_cookie_secret"

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
c.SlurmSpawner.req_gres = "gpu:1"
c.SlurmSpawner.req_nprocs = "4"
c.SlurmSpawner.req_memory = "16G"
c.SlurmSpawner.req_runtime = "04:00:00"
c.SlurmSpawner.req_options = f"--account={ACCOUNT}"
c.SlurmSpawner.req_prologue = "module load cuda/12 2>/dev/null || true"
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 600  # the queue may keep a job pending for minutes
c.Spawner.environment = {
    "AUTOGRADER_SERVICE_URL": f"{PUBLIC_URL}/services/{SERVICE}/",
    # full-precision matmuls, so student results match the float64 reference within tolerance
    "NVIDIA_TF32_OVERRIDE": "0",
}

# ---- the grading service: hub-managed, started through srun on the grading GPU node -------------
c.JupyterHub.services = [
    {
        "name": SERVICE,
        "url": f"http://{GRADER_NODE}:10101",
        "command": [
            "srun",
            f"--partition={PARTITION}",
            f"--nodelist={GRADER_NODE}",
            "--gres=gpu:1",
            f"--account={ACCOUNT}",
            "--time=7-00:00:00",
            "--cpus-per-task=16",
            f"{COURSE_ROOT}/.venv/bin/autograder",
            "serve",
            "--host",
            "0.0.0.0",
            "--data",
            "/var/lib/course-grader",
            "--course",
            COURSE_ROOT,
            "--device",
            "cuda",
            "--workers",
            "8",
            "--attempts-per-hour",
            "6",
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
            "python3",
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
