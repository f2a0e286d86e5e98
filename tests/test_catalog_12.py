"""12_physics_informed_ml: the reference reproduces every number the notebook quotes.

The catalog's verified fact for chapter 15 (the lecture's mpmath.fourier quadrature of the box
function gives a_0 = 0.4977 and a_2 = 0.0047 instead of 0.5 and 0) and its own derivations that
the notebook teaches (the box's closed-form coefficients a_0 = 1/2, a_n = 2 sin(n pi / 2) / (n pi);
the exact solution of u' = -u as a Lagaris trial function has residual 0; the analytic solution
C1 + C2 exp(-a x) + (b / a) x of u'' + a u' = b; u = x / (1 + t) solves Burgers' equation), and
the worked examples of every question, each checked against an independent closed form where
there is one. In process, no sandbox; about a second.
"""

from __future__ import annotations

import math
from types import ModuleType

import mpmath
import numpy as np
import pytest
import torch

from autograder.course import Assignment
from tests.helpers import ROOT

NU = 0.01 / math.pi


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    return Assignment.load("12_physics_informed_ml", ROOT).reference_module


def column(values: list[float]) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64).reshape(-1, 1)


def test_mpmath_quadrature_of_the_box_is_5e_3_off(ref: ModuleType) -> None:
    """The catalog's verified erratum: the lecture's quadrature across the jump."""
    cos_mp, _ = mpmath.fourier(lambda s: 1 if abs(s) < 0.5 else 0, [-1, 1], 4)
    quadrature = [float(c) for c in cos_mp]
    assert f"{quadrature[0]:.4f}" == "0.4977"
    assert f"{quadrature[2]:.4f}" == "0.0047"
    exact = ref.box_fourier_coeffs(4)
    assert 4e-3 < np.max(np.abs(np.array(quadrature) - exact)) < 6e-3


def test_box_coefficients_closed_form(ref: ModuleType) -> None:
    coeffs = ref.box_fourier_coeffs(3)
    np.testing.assert_allclose(coeffs, [0.5, 2 / math.pi, 0.0, -2 / (3 * math.pi)], atol=1e-15)
    assert f"{coeffs[1]:.8f}" == "0.63661977" and f"{coeffs[3]:.8f}" == "-0.21220659"
    # the closed form against a fine midpoint rule of the defining integrals (w = 0.3)
    s = (np.arange(400_000) + 0.5) / 200_000 - 1.0
    box = (np.abs(s) < 0.3).astype(float)
    integrals = [0.5 * box.mean() * 2] + [
        2 * np.mean(box * np.cos(n * np.pi * s)) for n in range(1, 6)
    ]
    np.testing.assert_allclose(ref.box_fourier_coeffs(5, 0.3), integrals, atol=1e-9)


def test_fourier_features_worked_example(ref: ModuleType) -> None:
    gamma = ref.fourier_features(column([0.1, 0.25]), column([1.0, 2.0]))
    expected = [[0.80901699, 0.30901699, 0.58778525, 0.95105652], [0.0, -1.0, 1.0, 0.0]]
    np.testing.assert_allclose(gamma.numpy(), expected, atol=5e-9)


def test_lagaris_worked_example_and_the_exact_decay(ref: ModuleType) -> None:
    x = column([0.0, 0.5, 1.0])
    u = ref.lagaris_trial(torch.tanh, x, 1.0)
    np.testing.assert_allclose(u.numpy().ravel(), [1.0, 1.23105858, 1.76159416], atol=5e-9)
    xs = np.array([0.0, 0.5, 1.0])
    du = np.tanh(xs) + xs / np.cosh(xs) ** 2  # d/dx (1 + x tanh x)
    np.testing.assert_allclose(du, [0.0, 0.85534102, 1.18156850], atol=5e-9)
    loss = ref.ode_residual_loss(torch.tanh, x, torch.sub, 1.0)
    assert loss.item() == pytest.approx(np.mean((du - (xs - (1 + xs * np.tanh(xs)))) ** 2))
    assert f"{loss.item():.8f}" == "2.43084827"
    exact = ref.ode_residual_loss(
        lambda z: torch.expm1(-z) / z, column(list(np.linspace(0.25, 2.0, 8))),
        lambda z, w: -w, 1.0,
    )  # fmt: skip
    assert exact.item() < 1e-30


def test_bvp_analytic_solution_and_pinn_loss(ref: ModuleType) -> None:
    a, b, u0, u1 = 2.0, 1.0, 0.0, 1.0
    c2 = (u1 - u0 - b / a) / (math.exp(-a) - 1)
    assert f"{c2:.8f}" == "-0.57825882"
    x = column([0.0, 0.5, 1.0])
    u = ref.pinn_exact(x, a, b, u0, u1).numpy().ravel()
    np.testing.assert_allclose(u, [0.0, 0.61552929, 1.0], atol=5e-9)
    # u'' + a u' = b, by hand: u' = -a C2 exp(-a x) + b / a, u'' = a^2 C2 exp(-a x)
    xs = np.linspace(0, 1, 7)
    residual = a**2 * c2 * np.exp(-a * xs) + a * (-a * c2 * np.exp(-a * xs) + b / a) - b
    assert np.max(np.abs(residual)) < 1e-14
    grid = column(list(np.linspace(0.0, 1.0, 11)))
    exact_loss = ref.pinn_loss(lambda z: ref.pinn_exact(z, a, b, u0, u1), grid, a, b, u0, u1)
    assert exact_loss.item() < 1e-25
    sin_loss = ref.pinn_loss(torch.sin, column([0.25, 0.5, 0.75]), a, b, u0, u1)
    pts = np.array([0.25, 0.5, 0.75])
    by_hand = np.mean((-np.sin(pts) + a * np.cos(pts) - b) ** 2) + 0.0 + (np.sin(1.0) - 1) ** 2
    assert sin_loss.item() == pytest.approx(by_hand, rel=1e-12)
    assert f"{sin_loss.item():.8f}" == "0.22524851"
    # a = 0: the parabola is the limit a -> 0 of the general formula
    x_mid = torch.tensor([0.3], dtype=torch.float64)
    parabola = ref.pinn_exact(x_mid, 0.0, -1.2, 0.4, 0.9).item()
    assert parabola == pytest.approx(0.4 + 1.1 * 0.3 - 0.6 * 0.09, rel=1e-15)
    for a_small in (1e-3, -1e-3):
        limit = ref.pinn_exact(x_mid, a_small, -1.2, 0.4, 0.9).item()
        assert parabola == pytest.approx(limit, abs=1e-3)


def test_burgers_worked_example_and_exact_solutions(ref: ModuleType) -> None:
    def wave(x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return torch.sin(math.pi * x) * torch.exp(-t)

    res = ref.burgers_residual(wave, column([0.25, -0.5]), column([0.1, 0.4]))
    xs, ts = np.array([0.25, -0.5]), np.array([0.1, 0.4])
    u = np.sin(np.pi * xs) * np.exp(-ts)
    u_x = np.pi * np.cos(np.pi * xs) * np.exp(-ts)
    by_hand = -u + u * u_x + NU * np.pi**2 * u
    np.testing.assert_allclose(res.detach().numpy().ravel(), by_hand, rtol=1e-13)
    np.testing.assert_allclose(by_hand, [0.66634302, 0.64926132], atol=5e-9)
    x, t = column([-0.8, 0.1, 0.6]), column([0.0, 0.5, 0.9])
    assert ref.burgers_residual(lambda x, t: x / (1 + t), x, t).abs().max().item() < 1e-15
    front = ref.burgers_residual(
        lambda x, t: 0.3 - 0.05 * torch.tanh(0.05 * (x - 0.3 * t) / (2 * NU)), x, t
    )
    assert front.abs().max().item() < 1e-15


def test_pinn_training_run_of_the_notebook(ref: ModuleType) -> None:
    gen = np.random.default_rng(1)
    params0 = (
        torch.tensor(gen.normal(size=(1, 6))),
        torch.tensor(0.5 * gen.normal(size=6)),
        torch.tensor(gen.normal(size=(6, 1)) / math.sqrt(6)),
        torch.zeros(1, dtype=torch.float64),
    )
    x_col = torch.linspace(0.0, 1.0, 12, dtype=torch.float64).reshape(-1, 1)
    trained, losses = ref.train_pinn(params0, x_col, 2.0, 1.0, 0.0, 1.0, 200, 0.05)
    assert [f"{v:.8f}" for v in losses[:3]] == ["4.95080151", "3.34307874", "2.17710372"]
    x_fine = np.linspace(0.0, 1.0, 201)
    c2 = (1.0 - 0.5) / (math.exp(-2.0) - 1.0)
    exact = -c2 + c2 * np.exp(-2.0 * x_fine) + 0.5 * x_fine
    with torch.no_grad():
        u_hat = ref.pinn_net(trained, torch.tensor(x_fine).reshape(-1, 1)).numpy().ravel()
    error = np.max(np.abs(u_hat - exact))
    assert f"{error:.5f}" == "0.00161"
    assert error <= 0.01  # the catalog's bound max |u_hat - u| <= 1e-2


def test_verlet_worked_example_and_energy(ref: ModuleType) -> None:
    xs, vs = ref.velocity_verlet(np.array([1.0]), np.array([0.0]), 0.1, 1000, lambda x: -np.sin(x))
    # the first step by hand
    x1 = 1.0 - 0.5 * 0.01 * math.sin(1.0)
    v1 = -0.05 * (math.sin(1.0) + math.sin(x1))
    assert xs[1, 0] == pytest.approx(x1, rel=1e-15) and vs[1, 0] == pytest.approx(v1, rel=1e-14)
    assert f"{x1:.8f}" == "0.99579265" and f"{v1:.8f}" == "-0.08403306"
    energies = ref.energy(xs, vs, lambda x: float(1 - np.cos(x[0])))
    assert f"{energies[0]:.8f}" == "0.45969769"
    drift = np.max(np.abs(energies - energies[0])) / energies[0]
    assert f"{drift:.1e}" == "2.3e-03"
    x, v = np.array([1.0]), np.array([0.0])
    euler = [(x, v)]
    for _ in range(1000):
        x, v = x + 0.1 * v, v - 0.1 * np.sin(x)
        euler.append((x, v))
    e_euler = ref.energy(
        np.array([p for p, _ in euler]), np.array([q for _, q in euler]),
        lambda x: float(1 - np.cos(x[0])),
    )  # fmt: skip
    assert f"{np.max(np.abs(e_euler - e_euler[0])) / e_euler[0]:.1f}" == "11.3"


def test_euler_energy_grows_by_one_plus_dt_squared() -> None:
    """The text's claim for the oscillator V = x^2 / 2 under explicit Euler."""
    x, v, dt = 0.7, -0.2, 0.1
    e0 = 0.5 * (x**2 + v**2)
    x, v = x + dt * v, v - dt * x
    assert 0.5 * (x**2 + v**2) == pytest.approx(e0 * (1 + dt**2), rel=1e-14)


def test_verlet_energy_error_on_the_kepler_orbit_stays_below_1e_4(ref: ModuleType) -> None:
    xs, vs = ref.velocity_verlet(
        np.array([1.0, 0.0]), np.array([0.0, 1.2]), 0.01, 5000,
        lambda x: -x / np.linalg.norm(x) ** 3,
    )  # fmt: skip
    e = 0.5 * np.sum(vs**2, axis=1) - 1 / np.linalg.norm(xs, axis=1)
    assert np.max(np.abs(e - e[0])) / abs(e[0]) < 1e-4
