"""Hidden suite for 14_hyperparameter_search, continued from suite.py: questions 4 and 5.

Inputs differ from the notebook's worked examples. Expected improvement: sigma = 0 at a gain of
exactly 0 (no warning, no NaN), a gain below 0, z = -13.75 and 25, negative sigma, the default
xi; the seeded Monte-Carlo EI on 4 seeds of 20,000 draws against the closed form. The GP and
Bayesian optimisation: a 1-D and a 2-D kernel, duplicate observations, posterior variances that
round below 0, a point far from the data, ties of a capped acquisition. Trusted comparisons with
scikit-learn (the RBF kernel) and with numerical integration (EI) do not depend on the reference.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np
from scipy import integrate, stats
from sklearn.gaussian_process.kernels import RBF, ConstantKernel

from autograder.authoring import (
    Call,
    Callable_,
    FlagsCheck,
    NoMutationCheck,
    NoWarningsCheck,
    Question,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
    StatisticalCheck,
    ThresholdCheck,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(14_5_2026)  # question 5's points and observations
TIGHT = Tolerance(1e-10, 1e-12)
tight_value = partial(ValueCheck, tol=TIGHT)  # float64 closed forms
# the GP posterior through another factorisation (np.linalg.solve, an inverse) moves by about
# cond(K) * 1e-16; the kernels below have cond(K) <= 1e5
GP_TOL = Tolerance(1e-8, 1e-10)
gp_value = partial(ValueCheck, tol=GP_TOL)
C = "course."


def power_of_ten(x: float) -> float:
    """The smallest power of ten >= x (0 for 0): what a threshold check's message prints of a
    distance to a hidden value, so that the value cannot be solved for from it."""
    return 0.0 if x == 0 else float(10.0 ** math.ceil(math.log10(x)))


# -- q4 ---------------------------------------------------------------------------------------
# f_best - mu - xi = 0.375, 0.125, -0.125, -0.375, -1.375 | 0 exactly, -0.375, 0.625 | 0.025
MU4 = np.array([-1.25, -1.0, -0.75, -0.5, 0.5, -0.875, -0.5, -1.5, -0.9])
SG4 = np.array([0.3, 0.05, 0.4, 0.2, 0.1, 0.0, 0.0, 0.0, 0.001])
FB4, XI4 = -0.75, 0.125
EI4 = Call("expected_improvement", (MU4, SG4, FB4, XI4))
MU_MC = np.array([0.1, 0.35, 0.5, 0.9, 0.2])
SG_MC = np.array([0.5, 0.2, 0.0, 0.7, 0.0])
Z_MC = np.array([-2.1, -0.4, 0.0, 0.7, 1.9, -1.3, 2.6])
MC = Call("ei_monte_carlo", (MU_MC, SG_MC, 0.45, 0.05), {"z": Z_MC})


def ei_by_quadrature(mu: float, sigma: float, f_best: float, xi: float) -> float:
    """E[max(0, f_best - f - xi)] for f ~ N(mu, sigma^2), by numerical integration."""
    top = f_best - xi
    value, _ = integrate.quad(
        lambda f: (top - f) * stats.norm.pdf(f, mu, sigma),
        mu - 12 * sigma,
        top,
        epsabs=1e-14,
        epsrel=1e-12,
    )
    return max(float(value), 0.0)


EI4_QUAD = np.array(
    [
        ei_by_quadrature(m, s, FB4, XI4) if s > 0 else max(FB4 - m - XI4, 0.0)
        for m, s in zip(MU4, SG4, strict=True)
    ]
)


def quad_gap(out: Any) -> float:
    """Largest absolute difference to EI computed by numerical integration."""
    got = np.asarray(out, dtype=np.float64)
    if got.shape != EI4_QUAD.shape:
        raise ValueError(f"shape {got.shape} is not (M,)")
    return power_of_ten(float(np.max(np.abs(got - EI4_QUAD))))


# The statistical check: 4 seeds x 20,000 draws at five points with
# (f_best - mu - xi) / sigma = 2, 0.9, -0.05, -1.07, -1.24 (EI from 0.4 down to 0.02).
MU_S = np.array([0.08, 0.3, 0.5, 0.8, 1.1])
SG_S = np.array([0.2, 0.2, 0.4, 0.3, 0.5])
FB_S, XI_S, N_S = 0.5, 0.02, 20_000
SEEDS_S = (1401, 1402, 1403, 1404)
_GAIN_S = FB_S - MU_S - XI_S
_R_S = _GAIN_S / SG_S
EI_S = _GAIN_S * stats.norm.cdf(_R_S) + SG_S * stats.norm.pdf(_R_S)
# E[I^2] for I = max(0, gain - sigma Z): (gain^2 + sigma^2) Phi(r) + gain sigma phi(r)
_EI2_S = (_GAIN_S**2 + SG_S**2) * stats.norm.cdf(_R_S) + _GAIN_S * SG_S * stats.norm.pdf(_R_S)
SD_ONE_ESTIMATE = np.sqrt(_EI2_S - EI_S**2) / math.sqrt(N_S)


def estimates(out: Any) -> np.ndarray:
    """One row of M estimates per seed."""
    return np.asarray(out, dtype=np.float64).reshape(1, MU_S.size)


q4 = Question(
    "q4_expected_improvement",
    points=4,
    title="Expected improvement",
    checks=(
        tight_value(
            name="expected_improvement at 9 points: both signs of the gain, sigma = 0, z = 25",
            covers=("ei-value", "ei-sigma0", "ei-shape"),
            call=EI4,
        ),
        ThresholdCheck(
            name="expected_improvement agrees with numerical integration of the improvement",
            covers=("ei-value", "ei-sigma0"),
            call=EI4,
            params=((),),
            loss=quad_gap,
            threshold=power_of_ten(1e-9),
            what="the largest difference to the integral (as a power of ten)",
        ),
        tight_value(
            name="expected_improvement with the default xi",
            covers=("ei-default", "ei-value"),
            call=Call("expected_improvement", (MU4[:5], SG4[:5], FB4)),
        ),
        NoWarningsCheck(
            name="expected_improvement emits no warning where sigma = 0",
            covers=("ei-no-warnings",),
            call=EI4,
        ),
        ShapeCheck(
            name="expected_improvement returns shape (M,)",
            covers=("ei-shape",),
            expect="a float64 array of shape (M,)",
            call=EI4,
        ),
        RaisesCheck(
            name="expected_improvement with a negative sigma raises ValueError",
            covers=("ei-negative",),
            exception="ValueError",
            match="sigma",
            says='"sigma"',
            call=Call("expected_improvement", (MU4[:3], np.array([0.1, -0.2, 0.3]), FB4)),
        ),
        NoMutationCheck(
            name="expected_improvement does not modify mu or sigma",
            covers=("no-mutation",),
            call=Call("expected_improvement", (MU4.copy(), SG4.copy(), FB4, XI4)),
        ),
        tight_value(
            name="ei_monte_carlo with 7 given draws at 5 points",
            covers=("mc-value", "mc-shared"),
            call=MC,
        ),
        tight_value(
            name="ei_monte_carlo with a single given draw",
            covers=("mc-value", "mc-shared"),
            call=Call("ei_monte_carlo", (MU_MC, SG_MC, 0.45, 0.05), {"z": np.array([-0.8])}),
        ),
        StatisticalCheck(
            name="ei_monte_carlo with its own seed agrees with the closed form (4 x 20,000 draws)",
            covers=("mc-unbiased", "mc-seed"),
            call=Call("ei_monte_carlo", (MU_S, SG_S, FB_S, XI_S), {"n_samples": N_S}),
            seeds=SEEDS_S,
            what="the mean of the seeded Monte-Carlo estimates",
            observe=estimates,
            mean=EI_S.tolist(),
            sigma=SD_ONE_ESTIMATE.tolist(),
        ),
        SeedCheck(
            name="ei_monte_carlo: the seed alone decides the draws; the global RNG untouched",
            covers=("mc-seed",),
            seed_arg="seed",
            call=Call("ei_monte_carlo", (MU_S, SG_S, FB_S, XI_S), {"n_samples": 500}),
        ),
        ShapeCheck(
            name="ei_monte_carlo returns shape (M,)",
            covers=("mc-shape",),
            expect="a float64 array of shape (M,)",
            call=MC,
        ),
        NoMutationCheck(
            name="ei_monte_carlo does not modify mu, sigma or z",
            covers=("no-mutation",),
            call=Call(
                "ei_monte_carlo", (MU_MC.copy(), SG_MC.copy(), 0.45, 0.05), {"z": Z_MC.copy()}
            ),
        ),
    ),
)


# -- q5 ---------------------------------------------------------------------------------------
A5 = rng.uniform(-1.0, 2.0, size=(5, 2))
B5 = rng.uniform(-1.0, 2.0, size=(4, 2))
RBF5 = Call("rbf_kernel", (A5, B5, 0.7, 2.5))
SK_RBF5 = (ConstantKernel(2.5) * RBF(0.7))(A5, B5)
XO5 = rng.uniform(0.0, 3.0, size=(8, 2))
YO5 = 40.0 + np.sin(XO5[:, 0]) * np.cos(XO5[:, 1]) + rng.normal(scale=0.1, size=8)
XN5 = np.vstack([rng.uniform(-0.5, 3.5, size=(5, 2)), [[10.0, 10.0]]])  # the last one far away
GP5 = Call("gp_posterior", (XO5, YO5, XN5, 0.6, 1.7, 1e-6))
XO_DUP = np.array([[0.0, 0.0], [1.0, 0.5], [1.0, 0.5], [2.0, 1.5]])  # a repeated point
YO_DUP = np.array([0.3, -0.2, 0.1, 0.6])
XO_CLIP = rng.uniform(0.0, 3.0, size=(6, 2))
YO_CLIP = rng.normal(size=6)
X1D = np.array([0.0, 0.4, 1.1, 1.5, 2.3])
Y1D = np.array([0.9, 0.35, 0.1, 0.45, 0.8])  # smallest in the middle, the last not the smallest
CAND1D = np.linspace(-0.5, 3.0, 36)
BO_EI = Call("bo_step", (X1D, Y1D, CAND1D, 0.5, 0.1, 1e-8, Callable_(C + "ei_acquisition")))


def rbf_gap(out: Any) -> float:
    """Largest difference to scikit-learn's ConstantKernel(2.5) * RBF(0.7), over 2.5."""
    got = np.asarray(out, dtype=np.float64)
    if got.shape != SK_RBF5.shape:
        raise ValueError(f"shape {got.shape} is not (n, m)")
    return power_of_ten(float(np.max(np.abs(got - SK_RBF5)) / 2.5))


q5 = Question(
    "q5_gp_bo",
    points=4,
    title="A Gaussian-process surrogate and one Bayesian-optimisation step",
    checks=(
        tight_value(
            name="rbf_kernel between 5 and 4 points in 2-D",
            covers=("rbf-value", "rbf-shape"),
            call=RBF5,
        ),
        ThresholdCheck(
            name="rbf_kernel equals scikit-learn's ConstantKernel(v) * RBF(l)",
            covers=("rbf-value",),
            call=RBF5,
            params=((),),
            loss=rbf_gap,
            threshold=power_of_ten(1e-12),
            what="the largest difference to scikit-learn's kernel matrix over v (a power of ten)",
        ),
        tight_value(
            name="rbf_kernel of 1-D arrays (points in one dimension)",
            covers=("rbf-1d", "rbf-value"),
            call=Call(
                "rbf_kernel",
                (np.array([0.0, 0.3, 0.9, 1.7, 2.0, 3.1]), np.array([0.1, 1.0, 2.5]), 0.35, 0.8),
            ),
        ),
        ShapeCheck(
            name="rbf_kernel returns shape (n, m)",
            covers=("rbf-shape",),
            expect="a float64 array of shape (n, m)",
            call=RBF5,
        ),
        gp_value(
            name="gp_posterior: 8 observations in 2-D around 40, 6 new points (one far away)",
            covers=("gp-value", "gp-prior-mean", "gp-shape"),
            call=GP5,
        ),
        gp_value(
            name="gp_posterior with a repeated observation point (jitter 1e-4)",
            covers=("gp-jitter", "gp-value"),
            call=Call(
                "gp_posterior", (XO_DUP, YO_DUP, np.array([[0.5, 0.5], [1.0, 0.5]]), 0.8, 1.0, 1e-4)
            ),
        ),
        gp_value(
            name="gp_posterior at the observed points with jitter 1e-2",
            covers=("gp-jitter", "gp-value"),
            call=Call("gp_posterior", (X1D, Y1D, X1D, 0.5, 0.1, 1e-2)),
        ),
        ValueCheck(
            name="gp_posterior at the observed points with jitter 0 (interpolation, sigma 0)",
            covers=("gp-observed", "gp-clip"),
            tol=Tolerance(1e-9, 1e-6),
            call=Call("gp_posterior", (XO_CLIP, YO_CLIP, XO_CLIP, 0.8, 1.3, 0.0)),
        ),
        ShapeCheck(
            name="gp_posterior returns (mu (m,), sigma (m,))",
            covers=("gp-shape",),
            expect="the tuple (mu, sigma) of float64 arrays of shape (m,)",
            call=GP5,
        ),
        NoMutationCheck(
            name="gp_posterior does not modify its arrays",
            covers=("no-mutation",),
            call=Call("gp_posterior", (XO5.copy(), YO5.copy(), XN5.copy(), 0.6, 1.7, 1e-6)),
        ),
        gp_value(
            name="bo_step with expected improvement on 36 candidates",
            covers=("bo-value", "bo-index", "bo-scores"),
            call=BO_EI,
        ),
        gp_value(
            name="bo_step with the probability of improvement (f_best = min(y_obs))",
            covers=("bo-value",),
            call=Call(
                "bo_step", (X1D, Y1D, CAND1D, 0.5, 0.1, 1e-8, Callable_(C + "prob_improvement"))
            ),
        ),
        gp_value(
            name="bo_step with a capped acquisition (several candidates tie)",
            covers=("bo-ties",),
            call=Call("bo_step", (X1D, Y1D, CAND1D, 0.5, 0.1, 1e-8, Callable_(C + "capped_ei"))),
        ),
        gp_value(
            name="bo_step on 2-D candidates",
            covers=("bo-value", "bo-index"),
            call=Call(
                "bo_step", (XO5, YO5, XN5[:5], 0.6, 1.7, 1e-6, Callable_(C + "ei_acquisition"))
            ),
        ),
        FlagsCheck(
            name="bo_step returns the index as a Python int",
            covers=("bo-index",),
            part=(0,),
            python_type="int",
            call=BO_EI,
        ),
        ShapeCheck(
            name="bo_step returns (index, scores (m,))",
            covers=("bo-scores",),
            expect="the tuple (index, scores) with scores a float64 array of shape (m,)",
            call=BO_EI,
        ),
        NoMutationCheck(
            name="bo_step does not modify its arrays",
            covers=("no-mutation",),
            call=Call(
                "bo_step",
                (
                    X1D.copy(),
                    Y1D.copy(),
                    CAND1D.copy(),
                    0.5,
                    0.1,
                    1e-8,
                    Callable_(C + "ei_acquisition"),
                ),
            ),
        ),
    ),
)

QUESTIONS = [q4, q5]
