"""Hidden suite for 03_probability.

Inputs differ from the notebook's worked examples: three urns and three colours (one colour that no
urn contains), vectorised Bayes, a run of mixed test results, three and four dice, non-symmetric
affine maps, other seeds and sizes. Sampling is graded statistically (any correct sampler passes),
everything else against the reference in float64.
"""

import numpy as np

from autograder.authoring import (
    Call,
    FiniteDifferenceCheck,
    LossThresholdCheck,
    NestedCall,
    NoMutationCheck,
    Question,
    RaisesCheck,
    ShapeCheck,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(3_2026)
TIGHT = Tolerance(1e-12, 1e-14)
NAN_AWARE = Tolerance(1e-12, 1e-14, equal_nan=True)

# -- q1 ---------------------------------------------------------------------------------------
COUNTS3 = np.array([[2.0, 5.0, 0.0], [6.0, 1.0, 0.0], [3.0, 3.0, 0.0]])  # colour 2 is impossible
COUNTS_B = rng.integers(1, 9, size=(4, 3)).astype(np.float64)
P4 = np.array([0.1, 0.2, 0.3, 0.4])
q1 = Question(
    "q1_urn_tables",
    points=2,
    title="Joint, marginal and conditional probability tables",
    checks=(
        ValueCheck(
            name="joint table of 4 urns x 3 colours",
            tol=TIGHT,
            part=(0,),
            call=Call("urn_tables", (COUNTS_B, P4)),
        ),
        ValueCheck(
            name="marginal P(B) of 4 urns x 3 colours",
            tol=TIGHT,
            part=(1,),
            call=Call("urn_tables", (COUNTS_B, P4)),
        ),
        ValueCheck(
            name="conditional P(U | B) of 4 urns x 3 colours",
            tol=TIGHT,
            part=(2,),
            call=Call("urn_tables", (COUNTS_B, P4)),
        ),
        ValueCheck(
            name="a colour no urn contains: NaN column in P(U | B)",
            tol=NAN_AWARE,
            call=Call("urn_tables", (COUNTS3, np.array([0.5, 0.25, 0.25]))),
        ),
        RaisesCheck(
            name="ValueError when p_urn does not sum to 1",
            exception="ValueError",
            call=Call("urn_tables", (COUNTS_B, np.array([0.1, 0.2, 0.3, 0.3]))),
        ),
        NoMutationCheck(
            name="urn_tables does not modify its inputs",
            call=Call("urn_tables", (COUNTS_B.copy(), P4.copy())),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
SENS = np.array([0.9, 0.95, 0.99, 0.7])
SPEC = np.array([0.8, 0.97, 0.999, 0.6])
q2 = Question(
    "q2_bayes_rule",
    points=2,
    title="Bayes' rule for a medical test",
    checks=(
        ValueCheck(
            name="posterior_positive for a rare disease (prior 1e-3)",
            tol=TIGHT,
            call=Call("posterior_positive", (0.98, 0.95, 1e-3)),
        ),
        ValueCheck(
            name="posterior_positive with sensitivity != specificity",
            tol=TIGHT,
            call=Call("posterior_positive", (0.6, 0.9, 0.3)),
        ),
        ValueCheck(
            name="posterior_positive broadcast over arrays",
            tol=TIGHT,
            call=Call("posterior_positive", (SENS, SPEC, np.array([[0.01], [0.2]]))),
        ),
        ValueCheck(
            name="sequential_posterior for results + + - +",
            tol=TIGHT,
            call=Call("sequential_posterior", (0.9, 0.85, 0.02, np.array([1, 1, 0, 1]))),
        ),
        ValueCheck(
            name="sequential_posterior for results - - +",
            tol=TIGHT,
            call=Call("sequential_posterior", (0.8, 0.95, 0.4, np.array([0, 0, 1]))),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
VALUES3 = np.array([-2.0, 0.5, 1.0, 4.0, 7.5])
PMF3 = np.array([0.1, 0.3, 0.25, 0.2, 0.15])
q3 = Question(
    "q3_discrete_moments",
    points=2,
    title="Sums of dice and the moments of a discrete distribution",
    checks=(
        ValueCheck(
            name="dice_sum_pmf for three six-sided dice", tol=TIGHT, call=Call("dice_sum_pmf", (3,))
        ),
        ValueCheck(
            name="dice_sum_pmf for four four-sided dice",
            tol=TIGHT,
            call=Call("dice_sum_pmf", (4,), {"faces": 4}),
        ),
        ValueCheck(
            name="dice_sum_pmf for a single die",
            tol=TIGHT,
            call=Call("dice_sum_pmf", (1,), {"faces": 8}),
        ),
        ValueCheck(
            name="pmf_moments of a non-uniform distribution",
            tol=TIGHT,
            call=Call("pmf_moments", (VALUES3, PMF3)),
        ),
        ValueCheck(
            name="pmf_moments of three dice",
            tol=TIGHT,
            call=Call("pmf_moments", (np.arange(19.0), NestedCall("dice_sum_pmf", (3,)))),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
X4 = rng.normal(size=(40, 3)) @ np.array([[1.0, 0.3, 0.0], [0.0, 2.0, -0.5], [0.0, 0.0, 0.7]])
X4_CONST = np.column_stack([rng.normal(size=6), np.full(6, 2.5)])
MU4 = np.array([1.0, -2.0, 0.5])
S4 = np.cov(X4, rowvar=False)
A4 = rng.normal(size=(2, 3))
q4 = Question(
    "q4_covariance",
    points=3,
    title="Covariance, correlation and affine maps",
    checks=(
        ValueCheck(
            name="covariance_matrix of 40 samples in 3-D (1/N)",
            tol=TIGHT,
            call=Call("covariance_matrix", (X4,)),
        ),
        ValueCheck(
            name="covariance_matrix of a single sample is 0",
            tol=TIGHT,
            call=Call("covariance_matrix", (X4[:1],)),
        ),
        ValueCheck(
            name="cov_to_corr of a 3x3 covariance", tol=TIGHT, call=Call("cov_to_corr", (S4,))
        ),
        ValueCheck(
            name="cov_to_corr with a constant variable gives NaN",
            tol=NAN_AWARE,
            call=Call("cov_to_corr", (np.cov(X4_CONST, rowvar=False, bias=True),)),
        ),
        ValueCheck(
            name="affine_moments with a 2x3 map",
            tol=TIGHT,
            call=Call("affine_moments", (MU4, S4, A4, np.array([0.5, -1.0]))),
        ),
        ValueCheck(
            name="affine_moments of a scaled scalar: V[aX] = a^2 V[X]",
            tol=TIGHT,
            call=Call(
                "affine_moments",
                (np.array([2.0]), np.array([[1.5]]), np.array([[-3.0]]), np.array([1.0])),
            ),
        ),
        NoMutationCheck(
            name="covariance_matrix does not centre X in place",
            call=Call("covariance_matrix", (X4.copy(),)),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
FLIPS = (rng.uniform(size=37) < 0.3).astype(np.float64)
K5, N5 = np.array([3.0, 9.0, 1.0, 14.0]), np.array([10.0, 20.0, 5.0, 25.0])
X5 = rng.normal(loc=[1.0, -1.0], scale=[0.5, 2.0], size=(25, 2))
X5[:, 1] += 0.8 * X5[:, 0]
x5 = rng.normal(loc=3.0, scale=1.5, size=30)
MU5, S25 = float(x5.mean()), float(x5.var())


def gaussian_nll_1d(mu: float, sigma2: float) -> float:
    """The grader's own negative log-likelihood of x5, for the returned (mu, sigma2)."""
    return float(0.5 * x5.size * np.log(2 * np.pi * sigma2) + np.sum((x5 - mu) ** 2) / (2 * sigma2))


def gaussian_nll_nd(mu: np.ndarray, Sigma: np.ndarray) -> float:
    """The grader's own negative log-likelihood of X5 under N(mu, Sigma)."""
    r = X5 - np.asarray(mu).reshape(1, 2)
    sign, logdet = np.linalg.slogdet(Sigma)
    if sign <= 0:
        return float("inf")
    quad = np.sum(r * np.linalg.solve(Sigma, r.T).T)
    return float(0.5 * (X5.shape[0] * (2 * np.log(2 * np.pi) + logdet) + quad))


q5 = Question(
    "q5_mle",
    points=3,
    title="Maximum-likelihood estimates",
    checks=(
        ValueCheck(
            name="bernoulli_mle of 37 coin flips", tol=TIGHT, call=Call("bernoulli_mle", (FLIPS,))
        ),
        RaisesCheck(
            name="bernoulli_mle of no data raises ValueError",
            exception="ValueError",
            call=Call("bernoulli_mle", (np.zeros(0),)),
        ),
        ValueCheck(
            name="binomial_mle pools trials of different sizes",
            tol=TIGHT,
            call=Call("binomial_mle", (K5, N5)),
        ),
        ValueCheck(
            name="gaussian_mle mean and covariance (1/N) of 25 samples in 2-D",
            tol=TIGHT,
            call=Call("gaussian_mle", (X5,)),
        ),
        LossThresholdCheck(
            name="gaussian_mle maximises the likelihood (grader's own NLL)",
            call=Call("gaussian_mle", (X5,)),
            params=((0,), (1,)),
            loss=gaussian_nll_nd,
            factor=1.0,
            slack=1e-9,
        ),
        ValueCheck(
            name="gaussian_nll at (2, 3)", tol=TIGHT, call=Call("gaussian_nll", (x5, 2.0, 3.0))
        ),
        ValueCheck(
            name="gaussian_nll_grad at (2, 3)",
            tol=TIGHT,
            call=Call("gaussian_nll_grad", (x5, 2.0, 3.0)),
        ),
        FiniteDifferenceCheck(
            name="gaussian_nll_grad against central differences of your gaussian_nll",
            grad=Call("gaussian_nll_grad", (x5, 2.5, 1.7)),
            params=(2.5, 1.7),
            names=("mu", "sigma2"),
            loss=lambda p: Call("gaussian_nll", (x5, p[0], p[1])),
        ),
        ValueCheck(
            name="the gradient vanishes at the maximum-likelihood estimate",
            tol=Tolerance(0.0, 1e-9),
            call=Call("gaussian_nll_grad", (x5, MU5, S25)),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
MU6 = np.array([1.0, -2.0, 0.5])
SIGMA6 = np.array([[2.0, 0.8, -0.3], [0.8, 1.0, 0.2], [-0.3, 0.2, 0.5]])
N6 = 20_000


def mean_z_score(x: np.ndarray) -> float:
    """Largest |sample mean - mu| in units of its standard error sqrt(Sigma_ii / n)."""
    if x.shape != (N6, 3):
        raise ValueError(f"expected samples of shape {(N6, 3)}, got {x.shape}")
    return float(np.max(np.abs(x.mean(axis=0) - MU6) / np.sqrt(np.diag(SIGMA6) / N6)))


def cov_z_score(x: np.ndarray) -> float:
    """Largest |sample covariance - Sigma| in units of its Gaussian standard error."""
    if x.shape != (N6, 3):
        raise ValueError(f"expected samples of shape {(N6, 3)}, got {x.shape}")
    d = np.diag(SIGMA6)
    se = np.sqrt((np.outer(d, d) + SIGMA6**2) / N6)
    return float(np.max(np.abs(np.cov(x, rowvar=False) - SIGMA6) / se))


SAMPLE6 = Call("sample_gaussian", (MU6, SIGMA6, N6, 123))
SKEWED = rng.exponential(scale=2.0, size=7)
q6 = Question(
    "q6_monte_carlo",
    points=2,
    title="Sampling a Gaussian and Monte-Carlo error bars",
    checks=(
        ShapeCheck(
            name="sample_gaussian shape (11, 3) for D = 3",
            call=Call("sample_gaussian", (MU6, SIGMA6, 11, 5)),
        ),
        LossThresholdCheck(
            name="sample mean within 5 standard errors of mu (n = 20000)",
            call=SAMPLE6,
            params=((),),
            loss=mean_z_score,
            threshold=5.0,
        ),
        LossThresholdCheck(
            name="sample covariance within 5 standard errors of Sigma (n = 20000)",
            call=SAMPLE6,
            params=((),),
            loss=cov_z_score,
            threshold=5.0,
        ),
        ValueCheck(
            name="mc_mean_se of 7 skewed values (s with N - 1)",
            tol=TIGHT,
            call=Call("mc_mean_se", (SKEWED,)),
        ),
        ValueCheck(
            name="mc_mean_se of 2 values",
            tol=TIGHT,
            call=Call("mc_mean_se", (np.array([1.0, 4.0]),)),
        ),
        RaisesCheck(
            name="mc_mean_se of a single value raises ValueError",
            exception="ValueError",
            call=Call("mc_mean_se", (np.array([3.0]),)),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
