"""Time of the grading analytics of one assignment, and of its figures.

    .venv/bin/python bench/analytics.py [--students 500] [--attempts 3] [--repeats 7]

A synthetic class: each student submits ``--attempts`` times, each attempt graded on 7 questions
of 14 or 15 checks (100 in all), a third of them hidden, with wrong-answer messages that carry
numbers and names. Prints the median time of ``assignment_analytics`` (the message normaliser's
cache cleared before each run, as for a class never seen), wall-clock and CPU time (the CPU time
is the steadier figure on a busy machine), and of the figures (cold and cached).
The target: the analytics of 1,500 attempts well under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("MPLBACKEND", "Agg")

from autograder.checks.base import Status  # noqa: E402
from autograder.grading import analytics_plots as plots  # noqa: E402
from autograder.grading.analytics import (  # noqa: E402
    AttemptRecord,
    assignment_analytics,
    normalise_message,
)
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult  # noqa: E402

QUESTIONS = 7
CHECKS = 100
RELEASE = datetime(2025, 3, 1, 9, tzinfo=UTC)


def _message(rng: random.Random, check: int) -> str:
    kind = check % 3
    if kind == 0:
        return f"f() returned {rng.uniform(-5, 5):.4f}; expected {rng.uniform(-5, 5):.4f}."
    if kind == 1:
        return f"[{rng.randint(0, 9)}]: expected shape ({rng.randint(1, 9)}, 3), got shape (3,)."
    return f"g() raised KeyError: 'k{rng.randint(0, 99)}'"


def synthetic_attempt(rng: random.Random, student: str, skill: float) -> SubmissionResult:
    """One graded attempt: each check passes with probability ``skill``."""
    questions = []
    per = [CHECKS // QUESTIONS + (i < CHECKS % QUESTIONS) for i in range(QUESTIONS)]
    number = 0
    for i, n in enumerate(per):
        checks = []
        for _ in range(n):
            roll = rng.random()
            status: Status = "passed" if roll < skill else ("failed" if roll < 0.95 else "error")
            message = "" if status == "passed" else _message(rng, number)
            qid = f"q{i + 1}"
            checks.append(
                CheckResult(qid, f"c{number}", "value", status, 1.0, number % 3 == 0, message)
            )
            number += 1
        questions.append(QuestionResult(f"q{i + 1}", f"Question {i + 1}", 10.0, tuple(checks)))
    return SubmissionResult("bench", student, tuple(questions))


def synthetic_class(students: int, attempts: int) -> list[AttemptRecord]:
    """Every attempt of a class whose students improve from one attempt to the next."""
    rng = random.Random(1)
    records = []
    for s in range(students):
        name = f"student{s:04d}"
        skill = rng.uniform(0.3, 0.9)
        for a in range(attempts):
            when = RELEASE + timedelta(hours=rng.uniform(1, 48) + 24 * a)
            records.append(AttemptRecord(name, when, synthetic_attempt(rng, name, skill)))
            skill = min(1.0, skill + 0.15)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--attempts", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    attempts = synthetic_class(args.students, args.attempts)
    counted = {a.student: a.result for a in attempts}  # the latest (records are in order)
    times, cpu = [], []
    for _ in range(args.repeats):
        normalise_message.cache_clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = assignment_analytics(attempts, counted, RELEASE)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    checks = sum(len(q.checks) for q in attempts[0].result.questions)
    print(
        f"analytics: {len(attempts)} attempts, {len(counted)} students, "
        f"{len(result.questions)} questions, {checks} checks: "
        f"median {1000 * statistics.median(times):.1f} ms, best {1000 * min(times):.1f} ms "
        f"(CPU time: median {1000 * statistics.median(cpu):.1f} ms)"
    )
    start = time.process_time()
    for _ in range(1_000_000):  # a yardstick of this machine's Python speed at this moment
        pass
    elapsed = 1000 * (time.process_time() - start)
    print(f"yardstick: 1M empty Python loop iterations in {elapsed:.1f} ms")
    figures = [(result.histogram, "Total")] + [(q.histogram, q.title) for q in result.questions]
    plots.histogram_svg_of(*figures[0][:1], title="warm-up")  # Matplotlib's first figure
    for label, cached in (("cold", False), ("cached", True)):
        if not cached:
            plots._svg.cache_clear()
        start = time.perf_counter()
        for counts, title in figures:
            plots.histogram_svg_of(counts, title=title)
        elapsed = time.perf_counter() - start
        print(f"figures ({label}): {len(figures)} SVG histograms in {1000 * elapsed:.1f} ms")


if __name__ == "__main__":
    main()
