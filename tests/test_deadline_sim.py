"""The deadline-night simulation (bench/deadline_night.py) obeys queueing sanity: more nodes
never make anyone wait longer, an idle system has no wait, a deterministic overload queues as
arithmetic says, and Little's law holds between its queue depth and its latencies."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from bench.deadline_night import arrival_times, main, night, service_times, simulate


def test_more_nodes_never_make_anyone_wait_longer() -> None:
    nights = [night(2000, 1.0, 3600.0, 8.0, 1.0, servers) for servers in (8, 32, 128)]
    for fewer, more in itertools.pairwise(nights):
        assert np.all(more.latencies <= fewer.latencies + 1e-9)
        for key, value in more.percentiles().items():
            assert value <= fewer.percentiles()[key] + 1e-9, key
    assert nights[0].percentiles()["p99"] > nights[2].percentiles()["p99"]  # it did matter


def test_zero_load_means_zero_wait() -> None:
    rng = np.random.default_rng(1)
    arrivals = np.arange(0.0, 100.0, 10.0)  # one every 10 s, each served in 1 s
    out = simulate(arrivals, np.full(arrivals.size, 1.0), servers=1)
    assert np.all(out.waits == 0) and np.allclose(out.latencies, 1.0)
    sparse = simulate(np.sort(rng.uniform(0, 3600, 5)), np.full(5, 0.1), servers=4)
    assert np.all(sparse.waits == 0)
    empty = night(0, 1.0, 3600.0, 1.0, 0.5, 8)
    assert empty.latencies.size == 0 and empty.percentiles()["max"] == 0.0


def test_a_deterministic_overload_queues_as_arithmetic_says() -> None:
    # one arrival a second, two seconds of work each, one worker: the n-th waits n seconds
    out = simulate(np.arange(10.0), np.full(10, 2.0), servers=1)
    assert np.allclose(out.waits, np.arange(10.0))
    assert out.waiting_at(np.array([9.5])).tolist() == [5]  # 10 arrived, 5 started by 9.5 s
    # and two workers keep up exactly
    assert np.all(simulate(np.arange(10.0), np.full(10, 2.0), servers=2).waits == 0)


def test_littles_law_holds() -> None:
    out = night(2000, 1.0, 3600.0, 10.0, 1.0, servers=8)
    end = float(out.finishes.max())
    grid = np.linspace(0.0, end, 200_001)
    in_system = out.in_system_at(grid).mean()  # L, time-averaged from the depth series
    arrival_rate = out.arrivals.size / end  # lambda over the same horizon
    assert in_system == pytest.approx(arrival_rate * out.latencies.mean(), rel=0.02)
    assert out.waits.mean() > 0  # a loaded night, so the law is tested on real queueing


def test_arrivals_rise_towards_the_deadline_and_services_have_the_mean() -> None:
    rng = np.random.default_rng(7)
    t = arrival_times(100_000, 3600.0, rng)
    assert t.min() >= 0 and t.max() <= 3600.0
    first, last = np.histogram(t, bins=[0, 60, 3540, 3600])[0][[0, 2]]
    assert last / first == pytest.approx(np.exp(3.0), rel=0.15)  # e^(window/tau) = e^3
    s = service_times(200_000, 5.0, 1.0, rng)
    assert s.mean() == pytest.approx(5.0, rel=0.02)
    assert s.std() / s.mean() == pytest.approx(1.0, rel=0.05)


def test_the_report_is_seeded_and_reads_measured_costs(tmp_path: Path) -> None:
    costs = tmp_path / "fixed_cost.json"
    costs.write_text('{"marginal_worker_s": 0.5}')
    outs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for out in outs:
        assert main(["--costs", str(costs), "--out", str(out), "--nodes", "1,4"]) == 0
    text = outs[0].read_text()
    assert text == outs[1].read_text()
    assert "mean 0.500 s (measured" in text and "K = 4 node(s), 32 workers" in text
    with pytest.raises(SystemExit):
        main(["--costs", str(tmp_path / "missing.json"), "--out", str(outs[0])])
