"""The production hub configurations load the way their tools load them: the Zero to JupyterHub
values parse, use only keys the chart defines and KubeSpawner traits that exist, and their
hooks work on a pod; the Slurm config is parsed by JupyterHub and renders a GPU batch script;
every role names scopes JupyterHub accepts."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT
from tests.hubtools import require_hub_environment

pytestmark = pytest.mark.hub

HUB_PYTHON = ROOT / "hub_config" / ".venv" / "bin" / "python"
VALUES = ROOT / "hub_config" / "kubernetes" / "values.yaml"

# The chart's values schema (jupyterhub chart 4.x, values.schema.yaml): the keys this file may use
CHART_KEYS: dict[str, set[str]] = {
    "": {
        "fullnameOverride",
        "nameOverride",
        "enabled",
        "imagePullSecret",
        "imagePullSecrets",
        "hub",
        "proxy",
        "singleuser",
        "scheduling",
        "ingress",
        "prePuller",
        "custom",
        "cull",
        "debug",
        "rbac",
        "global",
    },
    "hub": {
        "config",
        "services",
        "loadRoles",
        "extraConfig",
        "networkPolicy",
        "image",
        "db",
        "extraEnv",
        "resources",
        "cookieSecret",
        "concurrentSpawnLimit",
        "baseUrl",
        "nodeSelector",
        "tolerations",
        "extraVolumes",
        "extraVolumeMounts",
        "service",
        "allowNamedServers",
        "namedServerLimitPerUser",
        "activeServerLimit",
    },
    "proxy": {"service", "chp", "traefik", "https", "secretToken", "annotations", "labels"},
    "proxy.chp": {
        "networkPolicy",
        "image",
        "resources",
        "extraCommandLineFlags",
        "nodeSelector",
        "tolerations",
    },
    "singleuser": {
        "image",
        "defaultUrl",
        "cpu",
        "memory",
        "extraEnv",
        "storage",
        "networkPolicy",
        "profileList",
        "nodeSelector",
        "extraTolerations",
        "extraResource",
        "cmd",
        "uid",
        "fsGid",
        "startTimeout",
        "cloudMetadata",
        "extraLabels",
        "extraAnnotations",
        "lifecycleHooks",
        "initContainers",
    },
    "singleuser.storage": {
        "type",
        "capacity",
        "extraVolumes",
        "extraVolumeMounts",
        "dynamic",
        "static",
        "homeMountPath",
        "extraLabels",
    },
    "singleuser.networkPolicy": {
        "enabled",
        "ingress",
        "egress",
        "egressAllowRules",
        "interNamespaceAccessLabels",
        "allowedIngressPorts",
    },
    "singleuser.networkPolicy.egressAllowRules": {
        "cloudMetadataServer",
        "dnsPortsCloudMetadataServer",
        "dnsPortsKubeSystemNamespace",
        "dnsPortsPrivateIPs",
        "nonPrivateIPs",
        "privateIPs",
    },
    "scheduling": {"userScheduler", "podPriority", "userPlaceholder", "corePods", "userPods"},
    "cull": {
        "enabled",
        "timeout",
        "every",
        "maxAge",
        "users",
        "adminUsers",
        "removeNamedServers",
        "concurrency",
    },
}
PROFILE_KEYS = {
    "display_name",
    "description",
    "slug",
    "default",
    "kubespawner_override",
    "profile_options",
}


def probe(kind: str, target: Path, **env: str) -> dict[str, Any]:
    """What the hub's own Python makes of a config (tests/hub_config_probe.py)."""
    require_hub_environment()
    out = subprocess.run(
        [str(HUB_PYTHON), str(ROOT / "tests" / "hub_config_probe.py"), kind, str(target)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    return dict(json.loads(out.stdout))


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return dict(yaml.safe_load(VALUES.read_text()))


def _walk(tree: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for key, value in tree.items():
        found.append((prefix, key))
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and path in CHART_KEYS:
            found += _walk(value, path)
    return found


def test_values_use_only_keys_the_chart_defines(values: dict[str, Any]) -> None:
    unknown = [f"{p}.{k}".lstrip(".") for p, k in _walk(values) if k not in CHART_KEYS[p]]
    assert not unknown, unknown
    for profile in values["singleuser"]["profileList"]:
        assert set(profile) <= PROFILE_KEYS, profile


def test_values_have_the_gpu_profile_network_policy_culler_and_grading_service(
    values: dict[str, Any],
) -> None:
    gpu = next(p for p in values["singleuser"]["profileList"] if p["slug"] == "gpu")
    override = gpu["kubespawner_override"]
    assert override["extra_resource_limits"] == {"nvidia.com/gpu": "1"}
    assert override["node_selector"] and override["tolerations"][0]["key"] == "nvidia.com/gpu"
    shm = values["singleuser"]["storage"]["extraVolumes"][0]
    assert shm["emptyDir"]["medium"] == "Memory"
    assert {"name": "shm", "mountPath": "/dev/shm"} in values["singleuser"]["storage"][
        "extraVolumeMounts"
    ]
    policy = values["singleuser"]["networkPolicy"]
    assert policy["enabled"] and policy["egressAllowRules"]["nonPrivateIPs"] is False
    assert values["cull"]["enabled"] and values["cull"]["timeout"] <= 3600
    assert values["hub"]["services"]["grader"]["url"].startswith("http://grader:")
    assert set(values["hub"]["loadRoles"]) >= {"course-student", "course-instructor"}


def test_values_overrides_are_kubespawner_traits_and_the_hooks_work() -> None:
    seen = probe("kubernetes", VALUES)
    assert seen["unknown_overrides"] == []
    assert seen["scope_errors"] == []
    assert seen["custom_scopes"] == ["custom:grader:manage", "custom:grader:submit"]
    # the GPU pod's /dev/shm is enlarged by the hook; CPU pods keep the default
    assert (seen["shm_gpu"], seen["shm_cpu"]) == ("8Gi", "1Gi")


def test_grader_manifest_wires_the_chart_generated_token_and_a_gpu() -> None:
    docs = {
        d["kind"]: d
        for d in yaml.safe_load_all(
            (ROOT / "hub_config" / "kubernetes" / "grader.yaml").read_text()
        )
    }
    container = docs["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"] == {
        "name": "hub",
        "key": "hub.services.grader.apiToken",
    }
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == "/services/grader/"
    assert container["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert (
        "--device" in container["command"] and docs["Service"]["spec"]["ports"][0]["port"] == 10101
    )


def test_slurm_config_is_parsed_by_jupyterhub_and_requests_one_gpu() -> None:
    seen = probe("slurm", ROOT / "hub_config" / "slurm" / "jupyterhub_config.py")
    assert seen["spawner_class"] == "batchspawner.SlurmSpawner"
    script = seen["script"]
    for line in (
        "#SBATCH --partition=gpu",
        "#SBATCH --gres=gpu:1",
        "#SBATCH --time=04:00:00",
        "#SBATCH --mem=16G",
    ):
        assert line in script.splitlines(), script
    assert seen["hub_ip"] == "0.0.0.0" and seen["start_timeout"] >= 300
    assert seen["scope_errors"] == []
    grader = next(s for s in seen["services"] if s["name"] == "grader")
    assert grader["command"][0] == "srun" and "--gres=gpu:1" in grader["command"]
    assert "cuda" in grader["command"]


def test_local_config_uses_the_real_proxy_and_runs_as_root(tmp_path: Path) -> None:
    seen = probe(
        "local",
        ROOT / "hub_config" / "local" / "jupyterhub_config.py",
        AUTOGRADER_HUB_STATE=str(tmp_path),
    )
    assert seen["spawner_class"] == "simple" and seen["authenticator_class"] == "dummy"
    assert seen["proxy_command"][0].endswith("node_modules/.bin/configurable-http-proxy")
    assert Path(seen["proxy_command"][0]).exists()
    assert [s["name"] for s in seen["services"]] == ["grader"]
    assert ("--allow-root" in seen["args"]) == (os.geteuid() == 0)
