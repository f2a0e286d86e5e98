"""A real course hub for the tests: the local config, the npm proxy, real single-user servers.

``RealHub`` starts ``jupyterhub -f hub_config/local/jupyterhub_config.py`` from the hub's own
environment on free ports with a private state folder, and talks to it over HTTP like any client:
the hub's REST API with a roster-automation token, the grading service through the proxy, and a
kernel over its websocket.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
HUB_BIN = ROOT / "hub_config" / ".venv" / "bin" / "jupyterhub"
CONFIG = ROOT / "hub_config" / "local" / "jupyterhub_config.py"
PROXY = ROOT / "hub_config" / "node_modules" / ".bin" / "configurable-http-proxy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_hub_environment() -> None:
    """Fail (not skip) with the command that fixes it: these tests are part of the product."""
    missing = [str(p.relative_to(ROOT)) for p in (HUB_BIN, PROXY) if not p.exists()]
    if missing:
        raise RuntimeError(
            f"the hub environment is missing ({', '.join(missing)}); run "
            "`bash hub_config/install.sh` (make install does)"
        )


@dataclass
class RealHub:
    state: Path
    attempts_per_hour: int = 4
    port: int = field(default_factory=free_port)
    admin_token: str = field(default_factory=lambda: secrets.token_hex(16))
    instructor_token: str = ""  # set by the fixture that creates the course's instructor
    config: Path = CONFIG  # another hub configuration (the Slurm one: tests/test_slurm.py)
    environment: dict[str, str] = field(default_factory=dict)  # added to the hub's environment
    proc: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}/hub/api"

    @property
    def service(self) -> str:
        return f"{self.url}/services/grader/api"

    def start(self, timeout: float = 60.0) -> None:
        require_hub_environment()
        env = dict(
            os.environ,
            AUTOGRADER_HUB_STATE=str(self.state),
            AUTOGRADER_HUB_PORT=str(self.port),
            AUTOGRADER_HUB_API_PORT=str(free_port()),
            AUTOGRADER_PROXY_API_PORT=str(free_port()),
            AUTOGRADER_SERVICE_PORT=str(free_port()),
            AUTOGRADER_HUB_ADMIN_TOKEN=self.admin_token,
            AUTOGRADER_ATTEMPTS_PER_HOUR=str(self.attempts_per_hour),
            AUTOGRADER_GRADER_WORKERS="2",
        )
        env.update(self.environment)
        self.state.mkdir(parents=True, exist_ok=True)
        self.log = open(self.state / "hub.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(HUB_BIN), "-f", str(self.config)],
            cwd=self.state,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited at start:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.service}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the hub and its grading service did not come up:\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        text = (self.state / "hub.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the hub stops its servers and service
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if self.log:
            self.log.close()

    # ---- the hub's REST API as the roster-automation service ----------------------------------

    def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(
            method,
            f"{self.api}{path}",
            timeout=30,
            headers={"Authorization": f"token {self.admin_token}"},
            **kwargs,
        )

    def create_user(self, group: str, name: str | None = None) -> tuple[str, str]:
        """A new user in ``group`` and a token of theirs (with their full permissions)."""
        name = name or f"{group[:-1]}-{uuid.uuid4().hex[:6]}"
        assert self.admin("POST", f"/users/{name}").status_code == 201
        assert (
            self.admin("POST", f"/groups/{group}/users", json={"users": [name]}).status_code == 200
        )
        reply = self.admin("POST", f"/users/{name}/tokens", json={"note": "test"})
        assert reply.status_code == 201, reply.text
        return name, reply.json()["token"]

    def start_server(self, name: str, timeout: float = 90.0) -> None:
        reply = self.admin("POST", f"/users/{name}/server")
        assert reply.status_code in (201, 202), reply.text
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.admin("GET", f"/users/{name}").json()["servers"].get("", {})
            if server.get("ready"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"{name}'s server did not start:\n{self.log_tail()}")

    # ---- the grading service -------------------------------------------------------------------

    def call(self, token: str | None, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"token {token}"
        return httpx.request(method, f"{self.service}{path}", headers=headers, timeout=60, **kwargs)

    def wait_graded(self, token: str, submission: int, timeout: float = 120.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self.call(token, "GET", f"/submissions/{submission}").json()
            if reply["status"] in ("graded", "error"):
                return dict(reply)
            time.sleep(0.1)
        raise AssertionError(f"submission {submission} was not graded in {timeout} s")


async def execute(
    hub: RealHub, user: str, token: str, code: str, timeout: float = 120.0
) -> dict[str, Any]:
    """Run ``code`` in a new kernel of the user's server over the kernel websocket; returns the
    stream output, the error (if any) and the final status."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}"}
    base = f"{hub.url}/user/{user}/api"
    async with httpx.AsyncClient(headers=headers, timeout=60) as client:
        kernel = (await client.post(f"{base}/kernels", json={"name": "python3"})).json()
        ws = await websocket_connect(
            HTTPRequest(
                f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{kernel['id']}/channels",
                headers=headers,
            )
        )
        msg_id = uuid.uuid4().hex
        ws.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": user,
                        "session": uuid.uuid4().hex,
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                    },
                }
            )
        )
        out: dict[str, Any] = {"stdout": "", "stderr": "", "error": None}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            raw = await ws.read_message()
            if raw is None:
                break
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out[content["name"]] += content["text"]
            elif kind == "error":
                out["error"] = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                break
        ws.close()
        await client.delete(f"{base}/kernels/{kernel['id']}")
    return out
