"""Hidden suite for 03_probability.

Inputs differ from the notebook's worked examples: three urns and three colours (one colour that no
urn contains), vectorised Bayes, a run of mixed test results, three and four dice, non-symmetric
affine maps, other seeds and sizes. Sampling is graded statistically (any correct sampler passes),
everything else against the reference in float64. Edge cases the text names: a p_urn just inside
and just outside the 1e-9 tolerance, a negative entry that still sums to 1, a negative count, an
empty urn, size-1 arrays that must stay arrays, unsorted values, one variable (D = 1), integer
data, fewer than two Monte-Carlo values; contracts: Python floats, tuples, float64, no mutation of
the inputs, seed discipline of the sampler.
"""

from typing import Any

import numpy as np

from autograder.authoring import (
    Call,
    FiniteDifferenceCheck,
    FlagsCheck,
    NestedCall,
    NoMutationCheck,
    Question,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
    StatisticalCheck,
    ThresholdCheck,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(3_2026)
rng_int = np.random.default_rng(3_2027)  # integer data, drawn apart so the rest stays put
TIGHT = Tolerance(1e-12, 1e-14)
NAN_AWARE = Tolerance(1e-12, 1e-14, equal_nan=True)

# -- q1 ---------------------------------------------------------------------------------------
COUNTS3 = np.array([[2.0, 5.0, 0.0], [6.0, 1.0, 0.0], [3.0, 3.0, 0.0]])  # colour 2 is impossible
COUNTS_B = rng.integers(1, 9, size=(4, 3)).astype(np.float64)
P4 = np.array([0.1, 0.2, 0.3, 0.4])
COUNTS_C = np.array([[3.0, 1.0], [2.0, 5.0], [4.0, 4.0]])
P3_INSIDE = np.array([0.25, 0.25, 0.5 + 5e-10])  # sums to 1 within 1e-9: accepted
P3_OUTSIDE = np.array([0.25, 0.25, 0.5 + 3e-9])  # off by 3e-9 > 1e-9: rejected
URNS = Call("urn_tables", (COUNTS_B, P4))
q1 = Question(
    "q1_urn_tables",
    points=2,
    title="Joint, marginal and conditional probability tables",
    checks=(
        ValueCheck(
            name="joint table of 4 urns x 3 colours",
            tol=TIGHT,
            part=(0,),
            call=URNS,
            covers=("joint", "colour-given-urn"),
        ),
        ValueCheck(
            name="marginal P(B) of 4 urns x 3 colours",
            tol=TIGHT,
            part=(1,),
            call=URNS,
            covers=("p-colour",),
        ),
        ValueCheck(
            name="conditional P(U | B) of 4 urns x 3 colours",
            tol=TIGHT,
            part=(2,),
            call=URNS,
            covers=("posterior",),
        ),
        ValueCheck(
            name="a colour no urn contains: NaN column in P(U | B)",
            tol=NAN_AWARE,
            call=Call("urn_tables", (COUNTS3, np.array([0.5, 0.25, 0.25]))),
            covers=("nan", "returns", "joint", "p-colour", "posterior"),
        ),
        ValueCheck(
            name="integer counts give float64 tables",
            tol=TIGHT,
            call=Call("urn_tables", (COUNTS_C.astype(np.int64), np.array([0.2, 0.5, 0.3]))),
            covers=("dtype", "joint", "p-colour", "posterior"),
        ),
        FlagsCheck(
            name="urn_tables returns a tuple of float64 arrays (integer counts)",
            call=Call("urn_tables", (COUNTS_C.astype(np.int64), np.array([0.2, 0.5, 0.3]))),
            python_type="tuple",
            dtype="float64",
            covers=("returns", "dtype"),
        ),
        ValueCheck(
            name="p_urn summing to 1 only within the 1e-9 tolerance is accepted",
            tol=Tolerance(1e-8, 1e-10),
            call=Call("urn_tables", (COUNTS_C, P3_INSIDE)),
            covers=("raises-p-urn",),
        ),
        RaisesCheck(
            name="ValueError when p_urn does not sum to 1",
            exception="ValueError",
            call=Call("urn_tables", (COUNTS_B, np.array([0.1, 0.2, 0.3, 0.3]))),
            covers=("raises-p-urn",),
        ),
        RaisesCheck(
            name="ValueError when p_urn misses 1 by a few times the 1e-9 tolerance",
            exception="ValueError",
            call=Call("urn_tables", (COUNTS_C, P3_OUTSIDE)),
            covers=("raises-p-urn",),
        ),
        RaisesCheck(
            name="ValueError when p_urn has a negative entry but sums to 1",
            exception="ValueError",
            call=Call("urn_tables", (COUNTS_C, np.array([0.7, -0.2, 0.5]))),
            covers=("raises-p-urn",),
        ),
        RaisesCheck(
            name="ValueError for a negative count in an urn with a positive total",
            exception="ValueError",
            call=Call("urn_tables", (np.array([[3.0, -1.0], [2.0, 5.0], [4.0, 4.0]]), P3_INSIDE)),
            covers=("raises-counts",),
        ),
        RaisesCheck(
            name="ValueError for an empty urn",
            exception="ValueError",
            call=Call("urn_tables", (np.array([[3.0, 1.0], [0.0, 0.0], [4.0, 4.0]]), P3_INSIDE)),
            covers=("raises-counts",),
        ),
        NoMutationCheck(
            name="urn_tables does not modify its inputs",
            call=Call("urn_tables", (COUNTS_B.copy(), P4.copy())),
            covers=("no-mutation",),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
SENS = np.array([0.9, 0.95, 0.99, 0.7])
SPEC = np.array([0.8, 0.97, 0.999, 0.6])
BROADCAST = Call("posterior_positive", (SENS, SPEC, np.array([[0.01], [0.2]])))
SEQ = Call("sequential_posterior", (0.9, 0.85, 0.02, np.array([1, 1, 0, 1])))
q2 = Question(
    "q2_bayes_rule",
    points=2,
    title="Bayes' rule for a medical test",
    checks=(
        ValueCheck(
            name="posterior_positive for a rare disease (prior 1e-3)",
            tol=TIGHT,
            call=Call("posterior_positive", (0.98, 0.95, 1e-3)),
            covers=("value",),
        ),
        ValueCheck(
            name="posterior_positive with sensitivity != specificity",
            tol=TIGHT,
            call=Call("posterior_positive", (0.6, 0.9, 0.3)),
            covers=("value", "false-positive"),
        ),
        FlagsCheck(
            name="posterior_positive of three scalars is a Python float",
            call=Call("posterior_positive", (0.6, 0.9, 0.3)),
            python_type="float",
            covers=("float-scalar",),
        ),
        ValueCheck(
            name="posterior_positive broadcast over arrays",
            tol=TIGHT,
            call=BROADCAST,
            covers=("broadcast", "value", "false-positive"),
        ),
        FlagsCheck(
            name="posterior_positive broadcast over arrays is a float64 array",
            call=BROADCAST,
            python_type="ndarray",
            dtype="float64",
            covers=("broadcast",),
        ),
        ValueCheck(
            name="posterior_positive of one-element arrays stays an array",
            tol=TIGHT,
            call=Call("posterior_positive", (np.array([0.85]), 0.9, np.array([0.05]))),
            covers=("broadcast",),
        ),
        ValueCheck(
            name="sequential_posterior for results + + - +",
            tol=TIGHT,
            call=SEQ,
            covers=("seq-update", "seq-negative", "seq-order", "seq-entries", "seq-shape"),
        ),
        ValueCheck(
            name="sequential_posterior for results - - +",
            tol=TIGHT,
            call=Call("sequential_posterior", (0.8, 0.95, 0.4, np.array([0, 0, 1]))),
            covers=("seq-update", "seq-negative", "seq-order", "seq-entries"),
        ),
        ShapeCheck(
            name="sequential_posterior returns one entry per result",
            call=Call("sequential_posterior", (0.7, 0.9, 0.1, np.array([0, 1, 1, 0, 1, 0]))),
            expect="a float64 array of shape (len(results),)",
            covers=("seq-shape",),
        ),
        FlagsCheck(
            name="sequential_posterior returns a float64 array",
            call=SEQ,
            python_type="ndarray",
            dtype="float64",
            covers=("seq-shape",),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
VALUES3 = np.array([-2.0, 0.5, 1.0, 4.0, 7.5])
PMF3 = np.array([0.1, 0.3, 0.25, 0.2, 0.15])
SHUFFLE3 = np.array([3, 0, 4, 2, 1])
MOMENTS = Call("pmf_moments", (VALUES3, PMF3))
q3 = Question(
    "q3_discrete_moments",
    points=2,
    title="Sums of dice and the moments of a discrete distribution",
    checks=(
        ValueCheck(
            name="dice_sum_pmf for three six-sided dice",
            tol=TIGHT,
            call=Call("dice_sum_pmf", (3,)),
            covers=("dice-convolution", "dice-index", "dice-length"),
        ),
        ValueCheck(
            name="dice_sum_pmf for four four-sided dice",
            tol=TIGHT,
            call=Call("dice_sum_pmf", (4,), {"faces": 4}),
            covers=("dice-convolution", "dice-index", "dice-length", "dice-faces"),
        ),
        ValueCheck(
            name="dice_sum_pmf for a single die",
            tol=TIGHT,
            call=Call("dice_sum_pmf", (1,), {"faces": 8}),
            covers=("dice-index", "dice-length", "dice-faces"),
        ),
        FlagsCheck(
            name="dice_sum_pmf returns a float64 array",
            call=Call("dice_sum_pmf", (2,), {"faces": 5}),
            python_type="ndarray",
            dtype="float64",
            covers=("dice-length",),
        ),
        ValueCheck(
            name="pmf_moments of a non-uniform distribution",
            tol=TIGHT,
            call=MOMENTS,
            covers=("moments-value", "moments-type"),
        ),
        ValueCheck(
            name="pmf_moments of three dice",
            tol=TIGHT,
            call=Call("pmf_moments", (np.arange(19.0), NestedCall("dice_sum_pmf", (3,)))),
            covers=("moments-value", "dice-convolution"),
        ),
        ValueCheck(
            name="pmf_moments with unsorted values",
            tol=TIGHT,
            call=Call("pmf_moments", (VALUES3[SHUFFLE3], PMF3[SHUFFLE3])),
            covers=("unsorted", "moments-value"),
        ),
        FlagsCheck(
            name="pmf_moments returns a tuple",
            call=MOMENTS,
            python_type="tuple",
            covers=("moments-type",),
        ),
        FlagsCheck(
            name="pmf_moments: the mean is a Python float",
            call=MOMENTS,
            part=(0,),
            python_type="float",
            covers=("moments-type",),
        ),
        FlagsCheck(
            name="pmf_moments: the variance is a Python float",
            call=MOMENTS,
            part=(1,),
            python_type="float",
            covers=("moments-type",),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
X4 = rng.normal(size=(40, 3)) @ np.array([[1.0, 0.3, 0.0], [0.0, 2.0, -0.5], [0.0, 0.0, 0.7]])
X4_CONST = np.column_stack([rng.normal(size=6), np.full(6, 2.5)])
X4_INT = rng_int.integers(-5, 6, size=(9, 2))
MU4 = np.array([1.0, -2.0, 0.5])
S4 = np.cov(X4, rowvar=False)
A4 = rng.normal(size=(2, 3))
AFFINE = Call("affine_moments", (MU4, S4, A4, np.array([0.5, -1.0])))
q4 = Question(
    "q4_covariance",
    points=3,
    title="Covariance, correlation and affine maps",
    checks=(
        ValueCheck(
            name="covariance_matrix of 40 samples in 3-D (1/N)",
            tol=TIGHT,
            call=Call("covariance_matrix", (X4,)),
            covers=("cov-value", "cov-shape"),
        ),
        ValueCheck(
            name="covariance_matrix of a single sample is 0",
            tol=TIGHT,
            call=Call("covariance_matrix", (X4[:1],)),
            covers=("single-sample",),
        ),
        ValueCheck(
            name="covariance_matrix of one variable (D = 1) is a (D, D) matrix",
            tol=TIGHT,
            call=Call("covariance_matrix", (X4[:7, 1:2],)),
            covers=("cov-shape", "cov-value"),
        ),
        ValueCheck(
            name="covariance_matrix of integer data",
            tol=TIGHT,
            call=Call("covariance_matrix", (X4_INT,)),
            covers=("float64", "cov-value", "cov-shape"),
        ),
        FlagsCheck(
            name="covariance_matrix of integer data is a float64 array",
            call=Call("covariance_matrix", (X4_INT,)),
            python_type="ndarray",
            dtype="float64",
            covers=("float64", "cov-shape"),
        ),
        NoMutationCheck(
            name="covariance_matrix does not centre X in place",
            call=Call("covariance_matrix", (X4.copy(),)),
            covers=("no-mutation",),
        ),
        ValueCheck(
            name="cov_to_corr of a 3x3 covariance",
            tol=TIGHT,
            call=Call("cov_to_corr", (S4,)),
            covers=("corr-value", "corr-shape"),
        ),
        ValueCheck(
            name="cov_to_corr with a constant variable gives NaN",
            tol=NAN_AWARE,
            call=Call("cov_to_corr", (np.cov(X4_CONST, rowvar=False, bias=True),)),
            covers=("corr-nan",),
        ),
        ValueCheck(
            name="affine_moments with a 2x3 map",
            tol=TIGHT,
            call=AFFINE,
            covers=("affine-mean", "affine-cov", "affine-shapes"),
        ),
        FlagsCheck(
            name="affine_moments returns a tuple of float64 arrays",
            call=AFFINE,
            python_type="tuple",
            dtype="float64",
            covers=("affine-shapes",),
        ),
        ValueCheck(
            name="affine_moments of a scaled scalar: V[aX] = a^2 V[X]",
            tol=TIGHT,
            call=Call(
                "affine_moments",
                (np.array([2.0]), np.array([[1.5]]), np.array([[-3.0]]), np.array([1.0])),
            ),
            covers=("affine-mean", "affine-cov", "affine-shapes"),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
FLIPS = (rng.uniform(size=37) < 0.3).astype(np.float64)
K5, N5 = np.array([3.0, 9.0, 1.0, 14.0]), np.array([10.0, 20.0, 5.0, 25.0])
X5 = rng.normal(loc=[1.0, -1.0], scale=[0.5, 2.0], size=(25, 2))
X5[:, 1] += 0.8 * X5[:, 0]
X5_INT = rng_int.integers(-4, 5, size=(8, 3))
x5 = rng.normal(loc=3.0, scale=1.5, size=30)
MU5, S25 = float(x5.mean()), float(x5.var())


def gaussian_nll_nd(mu: Any, Sigma: Any) -> float:
    """The grader's own negative log-likelihood of X5 under N(mu, Sigma)."""
    if not isinstance(mu, np.ndarray) or mu.shape != (2,):
        raise ValueError("mu must be an array of shape (D,) for D = 2 variables")
    if not isinstance(Sigma, np.ndarray) or Sigma.shape != (2, 2):
        raise ValueError("Sigma must be an array of shape (D, D) for D = 2 variables")
    r = X5 - mu.reshape(1, 2)
    sign, logdet = np.linalg.slogdet(Sigma)
    if sign <= 0:
        return float("inf")
    quad = np.sum(r * np.linalg.solve(Sigma, r.T).T)
    return float(0.5 * (X5.shape[0] * (2 * np.log(2 * np.pi) + logdet) + quad))


GAUSS = Call("gaussian_mle", (X5,))
GRAD = Call("gaussian_nll_grad", (x5, 2.0, 3.0))
q5 = Question(
    "q5_mle",
    points=3,
    title="Maximum-likelihood estimates",
    checks=(
        ValueCheck(
            name="bernoulli_mle of 37 coin flips",
            tol=TIGHT,
            call=Call("bernoulli_mle", (FLIPS,)),
            covers=("bernoulli-value",),
        ),
        FlagsCheck(
            name="bernoulli_mle of integer flips is a Python float",
            call=Call("bernoulli_mle", (FLIPS.astype(np.int64),)),
            python_type="float",
            covers=("bernoulli-type",),
        ),
        RaisesCheck(
            name="bernoulli_mle of no data raises ValueError",
            exception="ValueError",
            call=Call("bernoulli_mle", (np.zeros(0),)),
            covers=("bernoulli-empty",),
        ),
        ValueCheck(
            name="binomial_mle pools trials of different sizes",
            tol=TIGHT,
            call=Call("binomial_mle", (K5, N5)),
            covers=("binomial-value",),
        ),
        FlagsCheck(
            name="binomial_mle of integer counts is a Python float",
            call=Call("binomial_mle", (K5.astype(np.int64), N5.astype(np.int64))),
            python_type="float",
            covers=("binomial-type",),
        ),
        ValueCheck(
            name="gaussian_mle mean and covariance (1/N) of 25 samples in 2-D",
            tol=TIGHT,
            call=GAUSS,
            covers=("gaussian-value", "gaussian-shapes"),
        ),
        ThresholdCheck(
            name="gaussian_mle maximises the likelihood (grader's own NLL)",
            call=GAUSS,
            params=((0,), (1,)),
            loss=gaussian_nll_nd,
            factor=1.0,
            slack=1e-9,
            what="the Gaussian negative log-likelihood of the data at the returned (mu, Sigma)",
            covers=("gaussian-value",),
        ),
        ValueCheck(
            name="gaussian_mle of integer data in 3-D",
            tol=TIGHT,
            call=Call("gaussian_mle", (X5_INT,)),
            covers=("float64", "gaussian-value", "gaussian-shapes"),
        ),
        FlagsCheck(
            name="gaussian_mle returns a tuple of float64 arrays (integer data)",
            call=Call("gaussian_mle", (X5_INT,)),
            python_type="tuple",
            dtype="float64",
            covers=("float64", "gaussian-shapes"),
        ),
        NoMutationCheck(
            name="gaussian_mle does not centre X in place",
            call=Call("gaussian_mle", (X5.copy(),)),
            covers=("no-mutation",),
        ),
        ValueCheck(
            name="gaussian_nll at (2, 3)",
            tol=TIGHT,
            call=Call("gaussian_nll", (x5, 2.0, 3.0)),
            covers=("nll-value", "nll-type"),
        ),
        FlagsCheck(
            name="gaussian_nll is a Python float",
            call=Call("gaussian_nll", (x5, 2.0, 3.0)),
            python_type="float",
            covers=("nll-type",),
        ),
        ValueCheck(
            name="gaussian_nll_grad at (2, 3)",
            tol=TIGHT,
            call=GRAD,
            covers=("grad-value",),
        ),
        FlagsCheck(
            name="gaussian_nll_grad returns a tuple",
            call=GRAD,
            python_type="tuple",
            covers=("grad-type",),
        ),
        FlagsCheck(
            name="gaussian_nll_grad: dNLL/dmu is a Python float",
            call=GRAD,
            part=(0,),
            python_type="float",
            covers=("grad-type",),
        ),
        FlagsCheck(
            name="gaussian_nll_grad: dNLL/dsigma2 is a Python float",
            call=GRAD,
            part=(1,),
            python_type="float",
            covers=("grad-type",),
        ),
        FiniteDifferenceCheck(
            name="gaussian_nll_grad against central differences of your gaussian_nll",
            grad=Call("gaussian_nll_grad", (x5, 2.5, 1.7)),
            params=(2.5, 1.7),
            names=("mu", "sigma2"),
            loss=lambda p: Call("gaussian_nll", (x5, p[0], p[1])),
            covers=("grad-consistent", "grad-value"),
        ),
        ValueCheck(
            name="the gradient vanishes at the maximum-likelihood estimate",
            tol=Tolerance(0.0, 1e-9),
            call=Call("gaussian_nll_grad", (x5, MU5, S25)),
            covers=("grad-value",),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
MU6 = np.array([1.0, -2.0, 0.5])
SIGMA6 = np.array([[2.0, 0.8, -0.3], [0.8, 1.0, 0.2], [-0.3, 0.2, 0.5]])
N6 = 20_000


def _samples(x: Any) -> np.ndarray:
    """The returned samples, or a ValueError (a clean failure) when they are not (n, D)."""
    if not isinstance(x, np.ndarray) or x.shape != (N6, 3):
        raise ValueError(
            f"the samples must be an array with one row per sample and one column per "
            f"variable (n = {N6} rows, D = 3 columns)"
        )
    return x


PAIRS6 = [(i, j) for i in range(3) for j in range(i, 3)]


def centred_products(x: Any) -> np.ndarray:
    """(x_i - mu_i)(x_j - mu_j) per sample for i <= j: their mean is Sigma_ij."""
    c = _samples(x) - MU6
    return np.stack([c[:, i] * c[:, j] for i, j in PAIRS6], axis=1)


# for a Gaussian, Var[(x_i - mu_i)(x_j - mu_j)] = Sigma_ii Sigma_jj + Sigma_ij^2
PRODUCT_SD6 = [np.sqrt(SIGMA6[i, i] * SIGMA6[j, j] + SIGMA6[i, j] ** 2) for i, j in PAIRS6]


SAMPLE6 = Call("sample_gaussian", (MU6, SIGMA6, N6))
SEEDS6 = (123, 124, 125, 126)  # recorded: a regrade sees the same samples
SKEWED = rng.exponential(scale=2.0, size=7)
MC = Call("mc_mean_se", (SKEWED,))
q6 = Question(
    "q6_monte_carlo",
    points=2,
    title="Sampling a Gaussian and Monte-Carlo error bars",
    checks=(
        ShapeCheck(
            name="sample_gaussian shape (11, 3) for D = 3",
            call=Call("sample_gaussian", (MU6, SIGMA6, 11, 5)),
            expect="a float64 array of shape (n, D)",
            covers=("sample-shape",),
        ),
        FlagsCheck(
            name="sample_gaussian returns a float64 array",
            call=Call("sample_gaussian", (MU6, SIGMA6, 11, 5)),
            python_type="ndarray",
            dtype="float64",
            covers=("sample-shape",),
        ),
        StatisticalCheck(
            name="sample mean equals mu within chance (4 x 20000 samples, false-fail 1e-6)",
            call=SAMPLE6,
            seeds=SEEDS6,
            what="the mean of the samples",
            observe=_samples,
            mean=MU6.tolist(),
            sigma=np.sqrt(np.diag(SIGMA6)).tolist(),
            covers=("sample-dist", "sample-shape"),
        ),
        StatisticalCheck(
            name="sample covariance equals Sigma within chance (4 x 20000 samples)",
            call=SAMPLE6,
            seeds=SEEDS6,
            what="the mean of (x_i - mu_i)(x_j - mu_j) over the samples, for i <= j",
            observe=centred_products,
            mean=[SIGMA6[i, j] for i, j in PAIRS6],
            sigma=PRODUCT_SD6,
            covers=("sample-dist", "sample-shape"),
        ),
        SeedCheck(
            name="sample_gaussian: same seed, same samples; the global RNG untouched",
            call=Call("sample_gaussian", (MU6, SIGMA6, 50)),
            seed_arg="seed",
            seeds=(7, 8),
            covers=("seed", "no-global-rng"),
        ),
        ValueCheck(
            name="mc_mean_se of 7 skewed values (s with N - 1)",
            tol=TIGHT,
            call=MC,
            covers=("mc-mean", "se-value"),
        ),
        ValueCheck(
            name="mc_mean_se of 2 values",
            tol=TIGHT,
            call=Call("mc_mean_se", (np.array([1.0, 4.0]),)),
            covers=("mc-mean", "se-value"),
        ),
        FlagsCheck(
            name="mc_mean_se returns a tuple",
            call=MC,
            python_type="tuple",
            covers=("mc-type",),
        ),
        FlagsCheck(
            name="mc_mean_se: the mean is a Python float",
            call=MC,
            part=(0,),
            python_type="float",
            covers=("mc-type",),
        ),
        FlagsCheck(
            name="mc_mean_se: the standard error is a Python float",
            call=MC,
            part=(1,),
            python_type="float",
            covers=("mc-type",),
        ),
        RaisesCheck(
            name="mc_mean_se of a single value raises ValueError",
            exception="ValueError",
            call=Call("mc_mean_se", (np.array([3.0]),)),
            covers=("raises-few",),
        ),
        RaisesCheck(
            name="mc_mean_se of no values raises ValueError",
            exception="ValueError",
            call=Call("mc_mean_se", (np.zeros(0),)),
            covers=("raises-few",),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
