"""Run by the hub's own Python (hub_config/.venv): load a hub configuration the way JupyterHub
and its spawners do, and print what the tests check as JSON. Not a test module."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any


def load(path: str) -> Any:
    """The config as JupyterHub itself reads it (the file is executed by the hub's loader)."""
    from jupyterhub.app import JupyterHub

    app = JupyterHub()
    app.load_config_file(path)
    return app.config


def scope_errors(custom: dict[str, Any], roles: list[dict[str, Any]]) -> list[str]:
    """Scopes the roles name that JupyterHub would reject at start-up."""
    from jupyterhub import scopes

    scopes.define_custom_scopes(custom)
    errors = []
    for role in roles:
        try:
            scopes._check_scopes_exist(role["scopes"], who_for=f"role {role['name']}")
        except KeyError as exc:
            errors.append(str(exc))
    return errors


def slurm(path: str) -> dict[str, Any]:
    from batchspawner import SlurmSpawner, format_template

    config = load(path)
    spawner = SlurmSpawner(config=config)
    # what the hub knows only at spawn time: the user's account and environment
    spawner.req_username, spawner.req_homedir, spawner.req_keepvars = "alice", "/home/alice", "ALL"
    subvars = spawner.get_req_subvars()
    subvars["cmd"] = "jupyterhub-singleuser"
    script = format_template(spawner.batch_script, **subvars)
    return {
        "spawner_class": config.JupyterHub.spawner_class,
        "script": script,
        "services": config.JupyterHub.services,
        "roles": config.JupyterHub.load_roles,
        "custom_scopes": sorted(config.JupyterHub.custom_scopes),
        "scope_errors": scope_errors(config.JupyterHub.custom_scopes, config.JupyterHub.load_roles),
        "hub_ip": config.JupyterHub.hub_ip,
        "start_timeout": spawner.start_timeout,
        "environment": spawner.environment,
    }


def local(path: str) -> dict[str, Any]:
    config = load(path)
    return {
        "spawner_class": config.JupyterHub.spawner_class,
        "authenticator_class": config.JupyterHub.authenticator_class,
        "proxy_command": config.ConfigurableHTTPProxy.command,
        "services": [
            {k: v for k, v in s.items() if k != "api_token"} for s in config.JupyterHub.services
        ],
        "roles": config.JupyterHub.load_roles,
        "args": config.Spawner.args,
    }


def kubernetes(path: str) -> dict[str, Any]:
    import yaml
    from kubernetes_asyncio.client import V1EmptyDirVolumeSource, V1Pod, V1PodSpec, V1Volume
    from kubespawner import KubeSpawner
    from traitlets.config import Config

    values = yaml.safe_load(Path(path).read_text())
    traits = set(KubeSpawner.class_trait_names())
    unknown = [
        f"{p['slug']}.{k}"
        for p in values["singleuser"]["profileList"]
        for k in p.get("kubespawner_override", {})
        if k not in traits
    ]
    c = Config()
    for name, code in sorted(values["hub"]["extraConfig"].items()):
        exec(compile(code, name, "exec"), {"c": c, "get_config": lambda: c})
    hook = c.KubeSpawner.modify_pod_hook

    def shm_after_hook(limits: dict[str, str]) -> str:
        pod = V1Pod(
            spec=V1PodSpec(
                containers=[],
                volumes=[
                    V1Volume(
                        name="shm",
                        empty_dir=V1EmptyDirVolumeSource(medium="Memory", size_limit="1Gi"),
                    )
                ],
            )
        )
        out = hook(SimpleNamespace(extra_resource_limits=limits), pod)
        return str(out.spec.volumes[0].empty_dir.size_limit)

    roles = [{"name": k, **v} for k, v in values["hub"]["loadRoles"].items()]
    return {
        "unknown_overrides": unknown,
        "custom_scopes": sorted(c.JupyterHub.custom_scopes),
        "scope_errors": scope_errors(c.JupyterHub.custom_scopes, roles),
        "shm_gpu": shm_after_hook({"nvidia.com/gpu": "1"}),
        "shm_cpu": shm_after_hook({}),
    }


if __name__ == "__main__":
    kind, target = sys.argv[1], sys.argv[2]
    print(
        json.dumps(
            {"slurm": slurm, "local": local, "kubernetes": kubernetes}[kind](target), default=str
        )
    )
