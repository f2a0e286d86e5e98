"""Deadline night on paper: 2,000 students submitting in the last hour onto K GPU nodes.

    .venv/bin/python bench/deadline_night.py                  # costs from fixed_cost.json
    .venv/bin/python bench/deadline_night.py --service-s 4 --cv 1.0 --workers-per-node 8

A discrete-event simulation of first-come-first-served grading on K nodes of W workers each
(K * W identical servers): each submission waits for the first free worker, occupies it for its
service time, and its feedback latency is the time from its arrival to its result.

* Arrivals: each of the ``--students`` submits ``--attempts`` times (default 1) in the last
  ``--window`` seconds before the deadline, with a density rising exponentially towards it,
  f(t) ~ exp(t / tau) on [0, window] with tau = window / 3: a third of the submissions arrive in
  the last 8 minutes of the hour and the final minute's rate is about 20 times the first's.
* Service: lognormal with mean ``--service-s`` and coefficient of variation ``--cv``. By default
  the mean is the measured worker time of one notebook (``marginal_worker_s`` in
  bench/results/fixed_cost.json, a CPU figure for 01_calculus_autodiff); pass the figure of the
  assignment and node type at hand (a training-heavy question on a GPU costs seconds).
* Output: queue depth (submissions waiting) every 5 minutes until the last result, and the
  latency percentiles p50, p90, p99 and max for each K. Pure Python + NumPy, seeded.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Outcome:
    """One simulated night: per-submission arrival, start and finish times (seconds)."""

    arrivals: np.ndarray
    starts: np.ndarray
    finishes: np.ndarray
    servers: int

    @property
    def latencies(self) -> np.ndarray:
        lat: np.ndarray = self.finishes - self.arrivals
        return lat

    @property
    def waits(self) -> np.ndarray:
        waits: np.ndarray = self.starts - self.arrivals
        return waits

    def percentiles(self) -> dict[str, float]:
        """p50, p90, p99 and max of the feedback latency (0 for an empty night)."""
        lat = self.latencies
        if lat.size == 0:
            return {"p50": 0.0, "p90": 0.0, "p99": 0.0, "max": 0.0}
        p50, p90, p99 = np.percentile(lat, [50, 90, 99])
        return {"p50": float(p50), "p90": float(p90), "p99": float(p99), "max": float(lat.max())}

    def waiting_at(self, times: np.ndarray) -> np.ndarray:
        """How many submissions have arrived but not started at each of ``times``."""
        arrived = np.searchsorted(np.sort(self.arrivals), times, side="right")
        started = np.searchsorted(np.sort(self.starts), times, side="right")
        return arrived - started

    def in_system_at(self, times: np.ndarray) -> np.ndarray:
        """How many submissions have arrived but not finished at each of ``times``."""
        arrived = np.searchsorted(np.sort(self.arrivals), times, side="right")
        finished = np.searchsorted(np.sort(self.finishes), times, side="right")
        return arrived - finished


def arrival_times(n: int, window: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` sorted arrival times in [0, window] with density ~ exp(t / tau), tau = window / 3
    (inverse-CDF sampling; the deadline is at ``window``)."""
    tau = window / 3.0
    u = rng.random(n)
    return np.sort(tau * np.log1p(u * math.expm1(window / tau)))


def service_times(n: int, mean: float, cv: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` lognormal service times with the given mean and coefficient of variation (a
    constant ``mean`` when ``cv`` is 0)."""
    if cv <= 0:
        return np.full(n, float(mean))
    sigma2 = math.log1p(cv * cv)
    return rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), n)


def simulate(arrivals: np.ndarray, services: np.ndarray, servers: int) -> Outcome:
    """First come, first served on ``servers`` identical workers: each submission in arrival
    order takes the worker that frees first (the event queue is a heap of free times)."""
    order = np.argsort(arrivals, kind="stable")
    arrivals, services = arrivals[order], services[order]
    free = [0.0] * servers
    heapq.heapify(free)
    starts = np.empty_like(arrivals)
    for i, (arrival, service) in enumerate(zip(arrivals.tolist(), services.tolist(), strict=True)):
        start = max(arrival, heapq.heappop(free))
        starts[i] = start
        heapq.heappush(free, start + service)
    return Outcome(arrivals, starts, starts + services, servers)


def night(
    students: int,
    attempts: float,
    window: float,
    service_s: float,
    cv: float,
    servers: int,
    seed: int = 2026,
) -> Outcome:
    """One seeded night: the same arrivals and service times for every ``servers`` count."""
    rng = np.random.default_rng(seed)
    n = round(students * attempts)
    arrivals = arrival_times(n, window, rng)
    return simulate(arrivals, service_times(n, service_s, cv, rng), servers)


def measured_service_s(path: Path) -> float | None:
    """The measured worker time of one notebook, from a fixed_cost.json if there is one."""
    try:
        figures = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    value = figures.get("marginal_worker_s")
    return float(value) if isinstance(value, int | float) and value > 0 else None


def report(args: argparse.Namespace, service_s: float, source: str) -> str:
    """The printed report: parameters, then per K the queue depth over time and percentiles."""
    lines = [
        f"{args.students} students x {args.attempts:g} submissions in the last "
        f"{args.window / 60:g} min (density ~ exp(t / (window/3)), rising to the deadline);",
        f"service time lognormal, mean {service_s:.3f} s ({source}), cv {args.cv:g}; "
        f"{args.workers_per_node} workers per node; seed {args.seed}",
    ]
    for k in args.nodes:
        out = night(
            args.students,
            args.attempts,
            args.window,
            service_s,
            args.cv,
            k * args.workers_per_node,
            args.seed,
        )
        end = float(out.finishes.max()) if out.finishes.size else args.window
        step = 300.0
        times = np.arange(step, max(end, args.window) + step, step)
        depth = out.waiting_at(times)
        p = out.percentiles()
        lines.append("")
        lines.append(
            f"K = {k} node(s), {out.servers} workers: latency p50 {p['p50']:.1f} s, "
            f"p90 {p['p90']:.1f} s, p99 {p['p99']:.1f} s, max {p['max']:.1f} s; "
            f"last result {end - args.window:+.0f} s from the deadline"
        )
        lines.append(
            "  waiting at minute: "
            + ", ".join(
                f"{t / 60:.0f}: {d}" for t, d in zip(times.tolist(), depth.tolist(), strict=True)
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--students", type=int, default=2000)
    p.add_argument("--attempts", type=float, default=1.0, help="submissions per student")
    p.add_argument("--window", type=float, default=3600.0, help="seconds before the deadline")
    p.add_argument("--service-s", type=float, help="mean seconds of worker time per submission")
    p.add_argument("--cv", type=float, default=0.5, help="service time variation (default 0.5)")
    p.add_argument("--workers-per-node", type=int, default=8)
    p.add_argument("--nodes", type=lambda s: [int(k) for k in s.split(",")], default=[1, 4, 16])
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--costs", type=Path, default=RESULTS / "fixed_cost.json")
    p.add_argument("--out", type=Path, default=RESULTS / "deadline_night.txt")
    p.add_argument("--append", action="store_true", help="add to --out (another scenario)")
    args = p.parse_args(argv)
    if args.service_s is not None:
        service_s, source = args.service_s, "--service-s"
    else:
        measured = measured_service_s(args.costs)
        if measured is None:
            p.error(
                f"no measured cost in {args.costs}: run bench/fixed_cost.py or pass --service-s"
            )
        service_s, source = measured, f"measured, {args.costs.name}"
    text = report(args, service_s, source)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    previous = args.out.read_text() + "\n" if args.append and args.out.is_file() else ""
    args.out.write_text(previous + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
