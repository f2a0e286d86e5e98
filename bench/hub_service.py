"""The grading service on a real local hub: submit-to-feedback latency and a load check.

    .venv/bin/python bench/hub_service.py [--n 100] [--latency 10] [--workers 2]

1. starts the local hub (hub_config/local, npm proxy, grading service) on free ports;
2. latency: one student submits 01_calculus_autodiff's full-marks example ``--latency`` times,
   one after another; each figure is from the POST until the service reports the graded result;
3. load: ``--n`` students post their notebook at the same moment (four example submissions in
   turn: full marks, typical mistakes, untouched, broken code); every upload must be
   acknowledged, stored and graded with the score that ``autograder grade`` gives the same
   file, or the run is INVALID;
4. the same ``--n`` notebooks graded by ``autograder grade`` in the same run, for the ratio;
5. prints the figures and writes ``bench/results/hub.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hubtools import RealHub  # noqa: E402  (the same real hub the tests use)

A = "01_calculus_autodiff"
EXAMPLES = REPO / "tests" / "submissions" / A
# the example submissions that are notebooks (erin's damaged file is refused at upload with a
# 400, by design, so it is not part of a load of gradable work)
KINDS = ("alice", "bob", "carol", "dave")


def log(msg: str) -> None:
    print(f"[hub-bench] {msg}", flush=True)


def latency(hub: RealHub, token: str, repeats: int) -> list[float]:
    """Seconds from POST to graded, one submission at a time."""
    work = (EXAMPLES / "alice.ipynb").read_bytes()
    out = []
    with httpx.Client(headers={"Authorization": f"token {token}"}, timeout=60) as client:
        for _ in range(repeats):
            started = time.perf_counter()
            sub = client.post(f"{hub.service}/assignments/{A}/submissions", content=work).json()
            while (state := client.get(f"{hub.service}/submissions/{sub['id']}").json())[
                "status"
            ] not in ("graded", "error"):
                time.sleep(0.01)
            out.append(time.perf_counter() - started)
            assert state["score"] == 18.0, state
    return out


async def load(hub: RealHub, tokens: list[str]) -> dict[str, Any]:
    """Post every notebook at once; wait until all are graded; check nothing was lost."""
    files = [(EXAMPLES / f"{KINDS[i % len(KINDS)]}.ipynb").read_bytes() for i in range(len(tokens))]
    limits = httpx.Limits(max_connections=len(tokens))
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        started = time.perf_counter()

        async def post(token: str, data: bytes) -> tuple[int, dict[str, Any], float]:
            t0 = time.perf_counter()
            reply = await client.post(
                f"{hub.service}/assignments/{A}/submissions",
                content=data,
                headers={"Authorization": f"token {token}"},
            )
            return reply.status_code, reply.json(), time.perf_counter() - t0

        posted = await asyncio.gather(*(post(t, d) for t, d in zip(tokens, files, strict=True)))
        acknowledged = time.perf_counter() - started
        pending = {i: p[1]["id"] for i, p in enumerate(posted) if p[0] == 202}
        graded: dict[int, dict[str, Any]] = {}
        while len(graded) < len(pending):
            for i, sub_id in pending.items():
                if i in graded:
                    continue
                reply = (
                    await client.get(
                        f"{hub.service}/submissions/{sub_id}",
                        headers={"Authorization": f"token {tokens[i]}"},
                    )
                ).json()
                if reply["status"] in ("graded", "error"):
                    graded[i] = reply
            await asyncio.sleep(0.2)
        finished = time.perf_counter() - started
    return {
        "statuses": [p[0] for p in posted],
        "post_seconds": [p[2] for p in posted],
        "acknowledged_s": acknowledged,
        "all_graded_s": finished,
        "scores": {i: g["score"] for i, g in graded.items()},
        "kinds": [KINDS[i % len(KINDS)] for i in range(len(tokens))],
    }


def cli_reference(n: int, workers: int, work: Path) -> tuple[dict[str, float], float]:
    """The same notebooks through ``autograder grade``: scores by kind, and the wall time."""
    folder = work / "cli-submissions"
    folder.mkdir()
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        (folder / f"s{i:03d}.ipynb").write_bytes((EXAMPLES / f"{kind}.ipynb").read_bytes())
    started = time.perf_counter()
    subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "autograder"),
            "grade",
            A,
            str(folder),
            "--out",
            str(work / "cli-out"),
            "--workers",
            str(workers),
        ],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    scores = {}
    for i in range(n):
        data = json.loads((work / "cli-out" / f"s{i:03d}" / "results.json").read_text())
        scores[KINDS[i % len(KINDS)]] = data["score"]
    return scores, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="concurrent submissions (default 100)")
    parser.add_argument("--latency", type=int, default=10, help="sequential submissions timed")
    parser.add_argument("--workers", type=int, default=2, help="grading workers of the service")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "hub.json"))
    args = parser.parse_args()
    os.environ["AUTOGRADER_GRADER_WORKERS"] = str(args.workers)
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        work = Path(tmp)
        hub = RealHub(work / "hub", attempts_per_hour=max(args.latency, 5) + 1)
        started = time.perf_counter()
        hub.start()
        log(f"hub and grading service up in {time.perf_counter() - started:.1f} s")
        try:
            _, teacher = hub.create_user("instructors")
            released = time.perf_counter()
            assert hub.call(teacher, "POST", f"/assignments/{A}/release").status_code == 200
            _, student = hub.create_user("students")
            first = latency(hub, student, 1)[0]
            log(
                f"first submission after release (pool start-up, reference): {first:.2f} s "
                f"({time.perf_counter() - released:.2f} s after the release)"
            )
            times = latency(hub, student, args.latency)
            log(
                f"submit-to-feedback, warm: median {statistics.median(times):.3f} s, "
                f"max {max(times):.3f} s over {len(times)}"
            )
            tokens = [hub.create_user("students")[1] for _ in range(args.n)]
            result = asyncio.run(load(hub, tokens))
        finally:
            hub.stop()
        cli_scores, cli_seconds = cli_reference(args.n, args.workers, work)
    lost = [i for i, s in enumerate(result["statuses"]) if s != 202 or i not in result["scores"]]
    wrong = [i for i, s in result["scores"].items() if s != cli_scores[result["kinds"][i]]]
    valid = not lost and not wrong
    throughput = args.n / result["all_graded_s"]
    figures = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "valid": valid,
        "n": args.n,
        "workers": args.workers,
        "machine": {
            "cores": os.cpu_count(),
            "cpu": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "first_submission_s": round(first, 3),
        "submit_to_feedback_warm_s": {
            "median": round(statistics.median(times), 3),
            "max": round(max(times), 3),
            "n": len(times),
        },
        "load": {
            "acknowledged_all_s": round(result["acknowledged_s"], 3),
            "post_median_s": round(statistics.median(result["post_seconds"]), 3),
            "post_max_s": round(max(result["post_seconds"]), 3),
            "all_graded_s": round(result["all_graded_s"], 3),
            "throughput_per_s": round(throughput, 2),
            "lost": lost,
            "wrong_scores": wrong,
        },
        "cli_same_notebooks_s": round(cli_seconds, 3),
        "ratio_service_over_cli": round(result["all_graded_s"] / cli_seconds, 2),
    }
    print(json.dumps(figures, indent=2))
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    if not valid:
        log(f"INVALID: lost {lost}, scores differing from autograder grade: {wrong}")
        return 1
    log(
        f"{args.n} concurrent submissions: all stored and graded in "
        f"{result['all_graded_s']:.1f} s ({throughput:.1f}/s); autograder grade on the same "
        f"files: {cli_seconds:.1f} s (ratio {figures['ratio_service_over_cli']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
