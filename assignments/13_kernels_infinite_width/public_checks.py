"""Public checks for 13_kernels_infinite_width: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, depths, biases, times and
edge cases.
"""

import numpy as np

from autograder.authoring import Call, StatisticalCheck, Tolerance, ValueCheck

TIGHT = Tolerance(1e-9, 1e-12)
KERNEL = Tolerance(1e-7, 1e-10)  # the NTK's diagonal carries an angle of ~1e-8 from rounding
EXACT = Tolerance(0.0, 0.0)

X_EX = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])

# The ReLU kernels of the four points (1, 0), (0, 1), (1, 1), (2, -1) of the worked examples
# (W_std = 1, b_std = 0, one hidden layer), as printed in the notebook.
K4 = np.array(
    [
        [0.25, 0.07957747154594767, 0.2670774715459477, 0.505785662720731],
        [0.07957747154594767, 0.25, 0.2670774715459477, 0.07105084750450366],
        [0.2670774715459477, 0.2670774715459477, 0.5, 0.3893365102252347],
        [0.505785662720731, 0.07105084750450366, 0.3893365102252347, 1.25],
    ]
)
T4 = np.array(
    [
        [0.5, 0.07957747154594767, 0.4545774715459477, 0.9319938538955144],
        [0.07957747154594767, 0.5, 0.4545774715459477, -0.017053248082888023],
        [0.4545774715459477, 0.4545774715459477, 1.0, 0.5399406058126264],
        [0.9319938538955144, -0.017053248082888023, 0.5399406058126264, 2.5],
    ]
)
TR, TE = slice(0, 2), slice(2, 4)
Y_TR = np.array([1.0, -1.0])
COV_ARGS = (K4[TR, TR], K4[TE, TR], K4[TE, TE], T4[TR, TR], T4[TE, TR])

W1_EX = np.array([[1.0, -1.0], [2.0, 1.0]])
PARAMS_EX = (W1_EX, np.zeros(2), np.array([1.0, -2.0]), 0.0)
PARAMS_EX_B = (W1_EX, np.array([0.3, -0.2]), np.array([1.0, -2.0]), 0.7)

# The analytic NTK of the three points X_EX (question 1's worked example), on and above the
# diagonal, and the standard deviation of one such entry of a width-256 network (exact).
THETA_EX_UPPER = [0.5, 0.07957747154594767, 0.4545774715459477, 0.5, 0.4545774715459477, 1.0]
SD_EX_UPPER_256 = [
    0.0541265877062712,
    0.014812292459299471,
    0.05714745870155511,
    0.0541265877062712,
    0.05714745870155511,
    0.10825317547305482,
]
UPPER = np.triu_indices(3)


def _upper(out: object) -> np.ndarray:
    """The entries on and above the diagonal of the returned (3, 3) NTK, as one sample."""
    a = np.asarray(out, dtype=np.float64)
    if a.shape != (3, 3):
        raise ValueError(f"shape {a.shape}, expected (3, 3)")
    return a[UPPER][None, :]


PUBLIC = {
    "q1_relu_kernels": [
        ValueCheck(
            name="relu_kernels of (1, 0), (0, 1), (1, 1), W_std = 1, b_std = 0, one layer",
            covers=("value", "fan-in", "x2-none"),
            hidden=False,
            tol=KERNEL,
            call=Call("relu_kernels", (X_EX,)),
        ),
        ValueCheck(
            name="relu_kernels of the same points, W_std = 1.5, b_std = 0.5, depth 2",
            covers=("depth", "recursion"),
            hidden=False,
            tol=KERNEL,
            call=Call("relu_kernels", (X_EX, X_EX, 1.5, 0.5, 2)),
        ),
    ],
    "q2_erf_kernels": [
        ValueCheck(
            name="erf_kernels of (1, 0), (0, 1), (1, 1), W_std = 1, b_std = 0",
            covers=("value", "factor-2", "ntk"),
            hidden=False,
            tol=TIGHT,
            call=Call("erf_kernels", (X_EX,)),
        ),
    ],
    "q3_gp_posterior": [
        ValueCheck(
            name="gp_posterior with one training point (y = 2) and noise_var = 0.05",
            covers=("mean", "cov", "noise-var"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "gp_posterior", (K4[:1, :1], K4[2:3, :1], K4[2:3, 2:3], np.array([2.0]), 0.05)
            ),
        ),
    ],
    "q4_ntk_mean": [
        ValueCheck(
            name="ntk_mean of the worked example at t = 1",
            covers=("value", "time-norm", "lr"),
            hidden=False,
            tol=TIGHT,
            call=Call("ntk_mean", (T4[TR, TR], T4[TE, TR], Y_TR, 1.0)),
        ),
        ValueCheck(
            name="ntk_mean of the worked example at t = 10",
            covers=("value", "time-norm"),
            hidden=False,
            tol=TIGHT,
            call=Call("ntk_mean", (T4[TR, TR], T4[TE, TR], Y_TR, 10.0)),
        ),
        ValueCheck(
            name="ntk_mean of the worked example at t = None",
            covers=("t-inf",),
            hidden=False,
            tol=TIGHT,
            call=Call("ntk_mean", (T4[TR, TR], T4[TE, TR], Y_TR)),
        ),
        ValueCheck(
            name="ntk_mean of the worked example at t = None with diag_reg = 0.1",
            covers=("diag-reg",),
            hidden=False,
            tol=TIGHT,
            call=Call("ntk_mean", (T4[TR, TR], T4[TE, TR], Y_TR, None, 1.0, 0.1)),
        ),
        ValueCheck(
            name="ntk_mean at t = 0 is zero",
            covers=("t-zero",),
            hidden=False,
            tol=EXACT,
            pays_alone=False,
            call=Call("ntk_mean", (T4[TR, TR], T4[TE, TR], Y_TR, 0.0)),
        ),
    ],
    "q5_ntk_cov_risk": [
        ValueCheck(
            name="ntk_cov of the worked example at t = 1",
            covers=("cov-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("ntk_cov", (*COV_ARGS, 1.0)),
        ),
        ValueCheck(
            name="ntk_cov of the worked example at t = None",
            covers=("cov-inf",),
            hidden=False,
            tol=TIGHT,
            call=Call("ntk_cov", COV_ARGS),
        ),
        ValueCheck(
            name="ntk_cov of the worked example at t = 0 (the prior K_**)",
            covers=("cov-t0",),
            hidden=False,
            tol=TIGHT,
            call=Call("ntk_cov", (*COV_ARGS, 0.0)),
        ),
        ValueCheck(
            name="gaussian_risk of the worked example at t = inf",
            covers=("risk-value", "risk-convention"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "gaussian_risk",
                (
                    np.array([0.5, 2.0]),
                    np.array([0.0, 2.257365002461144]),
                    np.array([0.06758734221897589, 0.20290947426497308]),
                ),
            ),
        ),
    ],
    "q6_empirical_ntk": [
        ValueCheck(
            name="empirical_ntk of the worked example (width 2, b_std = 0)",
            covers=("emp-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("empirical_ntk", (PARAMS_EX, X_EX[:2])),
        ),
        ValueCheck(
            name="empirical_ntk of the worked example with biases, b_std = 0.5",
            covers=("emp-value", "biases"),
            hidden=False,
            tol=TIGHT,
            call=Call("empirical_ntk", (PARAMS_EX_B, X_EX[:2], 1.0, 0.5)),
        ),
        StatisticalCheck(
            name="sample_ntk: the mean of 32 networks of width 256 on (1, 0), (0, 1), (1, 1)",
            covers=("sample-mean",),
            hidden=False,
            call=Call("sample_ntk", (X_EX, 256)),
            seeds=tuple(range(32)),
            what="the mean of the entries of sample_ntk on and above the diagonal",
            observe=_upper,
            mean=THETA_EX_UPPER,
            sigma=SD_EX_UPPER_256,
        ),
    ],
}
