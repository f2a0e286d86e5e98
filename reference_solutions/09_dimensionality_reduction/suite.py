"""Hidden suite for 09_dimensionality_reduction.

Inputs differ from the notebook's worked examples: other shapes (N < D as well as N > D), data
with a large mean so that an uncentred SVD fails, downsampled sklearn sample photographs (one as
uint8) for the image compression, per-point t-SNE widths that differ, and other blobs.

Principal directions are defined up to sign, so they are compared sign-invariantly (each
component and each column of Z against the reference's, up to a sign) and Z is checked for
consistency with the student's own components; the variances are compared directly.

Edge cases the task text names: K = min(N, D) (allowed) and K = min(N, D) + 1 or 0 (ValueError
naming K); k outside 1..min(H, W) and 1..N; a t-SNE row whose exponentials all underflow; zero
entries of P in the KL divergence (no warnings); exact ties in k-NN distances and votes and in
k-means assignments (integer coordinates, so the ties are exact in float64); an empty k-means
cluster; n_iter = 0; integer inputs.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.datasets import load_sample_image, make_blobs
from sklearn.neighbors import KNeighborsClassifier

from autograder.authoring import (
    Call,
    FlagsCheck,
    NoMutationCheck,
    NoWarningsCheck,
    PredictionCheck,
    Question,
    RaisesCheck,
    ShapeCheck,
    ThresholdCheck,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(9_2026)
TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)


def _array(value: Any, what: str, shape: tuple[int, ...]) -> np.ndarray:
    """A returned value as a float64 array of the given shape, or ValueError (a clean failure
    of the check) when it is not one."""
    if not isinstance(value, np.ndarray) or value.shape != shape:
        raise ValueError(f"{what} is not an array of the shape the task asks for")
    return np.asarray(value, dtype=np.float64)


def _pca_reference(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Trusted PCA of X: (all directions as rows, all variances, centred data)."""
    Xc = X - X.mean(axis=0)
    _, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    return Vt, S**2 / X.shape[0], Xc


def components_distance(X: np.ndarray, K: int) -> Callable[[Any], float]:
    """max over i of min(max|c_i - r_i|, max|c_i + r_i|): each returned component against the
    trusted one, up to its sign."""
    ref = _pca_reference(X)[0][:K]

    def loss(components: Any) -> float:
        C = _array(components, "components", ref.shape)
        return float(
            max(min(np.abs(c - r).max(), np.abs(c + r).max()) for c, r in zip(C, ref, strict=True))
        )

    return loss


def scores_distance(X: np.ndarray, K: int) -> Callable[[Any], float]:
    """max over columns j of min over the sign of max|Z_j -+ Zref_j|, relative to max|Zref|."""
    Vt, _, Xc = _pca_reference(X)
    ref = Xc @ Vt[:K].T
    scale = float(np.abs(ref).max())

    def loss(Z: Any) -> float:
        got = _array(Z, "Z", ref.shape)
        return float(
            max(
                min(np.abs(z - r).max(), np.abs(z + r).max())
                for z, r in zip(got.T, ref.T, strict=True)
            )
            / scale
        )

    return loss


def scores_consistency(X: np.ndarray, K: int) -> Callable[[Any, Any], float]:
    """max|Z - (X - mean) @ components.T| / max|X - mean|, with the returned components."""
    Xc = X - X.mean(axis=0)
    N, D = X.shape
    scale = float(np.abs(Xc).max())

    def loss(components: Any, Z: Any) -> float:
        C = _array(components, "components", (K, D))
        got = _array(Z, "Z", (N, K))
        return float(np.abs(got - Xc @ C.T).max() / scale)

    return loss


def _spread(n: int, d: int, scales: list[float], offset: float) -> np.ndarray:
    """n points in d dimensions with well separated variances along random directions and a
    large mean."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    points = (rng.normal(size=(n, d)) * np.array(scales)) @ Q.T + offset * rng.normal(size=d)
    return np.asarray(points, dtype=np.float64)


# -- q1 ---------------------------------------------------------------------------------------
X1 = _spread(40, 5, [4.0, 2.5, 1.5, 0.8, 0.3], 25.0)
X1_WIDE = _spread(12, 20, [5.0, 3.0, 2.0, 1.2, 0.7] + [0.2] * 15, 10.0)
X1_INT = rng.integers(-20, 21, size=(15, 4))
PCA1 = Call("pca", (X1, 3))
q1 = Question(
    "q1_pca",
    points=4,
    title="PCA by the singular value decomposition",
    checks=(
        ValueCheck(
            name="variances lambda_i = s_i^2 / N of 40 points in 5-D with a large mean (K = 3)",
            covers=("variances", "centre", "sorted"),
            tol=TIGHT,
            part=(1,),
            call=PCA1,
        ),
        ThresholdCheck(
            name="components of 40 points in 5-D (K = 3), up to the sign of each",
            what="the largest difference of a component from the reference one, up to its sign",
            covers=("components", "centre", "sorted"),
            call=PCA1,
            params=((0,),),
            loss=components_distance(X1, 3),
            threshold=1e-8,
        ),
        ThresholdCheck(
            name="scores Z of 40 points in 5-D (K = 3), up to the sign of each column",
            what="the largest relative difference of a column of Z from the reference one, up "
            "to its sign",
            covers=("scores", "centre"),
            call=PCA1,
            params=((2,),),
            loss=scores_distance(X1, 3),
            threshold=1e-8,
        ),
        ThresholdCheck(
            name="Z uses the same signs as the returned components",
            what="max|Z - (X - mean) @ components.T| relative to max|X - mean|",
            covers=("sign", "scores"),
            call=PCA1,
            params=((0,), (2,)),
            loss=scores_consistency(X1, 3),
            threshold=1e-9,
        ),
        ValueCheck(
            name="all variances for K = min(N, D) = D",
            covers=("variances", "raises-k"),
            tol=TIGHT,
            part=(1,),
            call=Call("pca", (X1, 5)),
        ),
        ThresholdCheck(
            name="components of 12 points in 20-D (N < D, K = 4), up to sign",
            what="the largest difference of a component from the reference one, up to its sign",
            covers=("components", "sorted"),
            call=Call("pca", (X1_WIDE, 4)),
            params=((0,),),
            loss=components_distance(X1_WIDE, 4),
            threshold=1e-8,
        ),
        ShapeCheck(
            name="(components, variances, Z) shapes for N < D",
            expect="components (K, D), variances (K,), Z (N, K)",
            covers=("components", "scores", "tuple-float64"),
            call=Call("pca", (X1_WIDE, 4)),
        ),
        FlagsCheck(
            name="a tuple of float64 arrays for integer data",
            covers=("tuple-float64",),
            python_type="tuple",
            dtype="float64",
            call=Call("pca", (X1_INT, 2)),
        ),
        RaisesCheck(
            name="K = 0 raises ValueError naming K",
            covers=("raises-k",),
            exception="ValueError",
            match=r"\bK\b",
            says="K",
            call=Call("pca", (X1, 0)),
        ),
        RaisesCheck(
            name="K = N + 1 <= D raises ValueError (12 points in 20-D)",
            covers=("raises-k",),
            exception="ValueError",
            match=r"\bK\b",
            says="K",
            call=Call("pca", (X1_WIDE, 13)),
        ),
        RaisesCheck(
            name="K = D + 1 raises ValueError (40 points in 5-D)",
            covers=("raises-k",),
            exception="ValueError",
            call=Call("pca", (X1, 6)),
        ),
        NoMutationCheck(
            name="pca does not modify X",
            covers=("no-mutation",),
            call=Call("pca", (X1.copy(), 2)),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
Z2 = rng.normal(size=(30, 3))
C2 = rng.normal(size=(3, 6))
M2 = rng.normal(size=6) * 5.0
X2 = _spread(50, 8, [3.0, 2.2, 1.6, 1.0, 0.7, 0.5, 0.3, 0.1], 15.0)


def eckart_young(X: np.ndarray, K: int) -> Callable[[Any], float]:
    """|error - N sum_{i>K} lambda_i| relative to N sum_i lambda_i (the total)."""
    _, lam, _ = _pca_reference(X)
    n = X.shape[0]
    dropped, total = n * float(lam[K:].sum()), n * float(lam.sum())

    def loss(error: Any) -> float:
        return float(abs(float(error) - dropped) / total)

    return loss


q2 = Question(
    "q2_reconstruct",
    points=3,
    title="Reconstruction and the Eckart-Young error",
    checks=(
        ValueCheck(
            name="pca_reconstruct with N = 30, K = 3, D = 6 and a nonzero mean",
            covers=("reconstruct",),
            tol=TIGHT,
            call=Call("pca_reconstruct", (Z2, C2, M2)),
        ),
        ShapeCheck(
            name="pca_reconstruct returns float64 (N, D)",
            expect="a float64 array of shape (N, D)",
            covers=("reconstruct-shape",),
            call=Call("pca_reconstruct", (Z2, C2, M2)),
        ),
        ValueCheck(
            name="pca_error of 50 points in 8-D with a large mean, K = 3",
            covers=("error",),
            tol=TIGHT,
            call=Call("pca_error", (X2, 3)),
        ),
        ThresholdCheck(
            name="pca_error agrees with N times the dropped variances (K = 5)",
            what="|pca_error - N sum_{i>K} lambda_i| relative to N sum_i lambda_i",
            covers=("eckart-young", "error"),
            call=Call("pca_error", (X2, 5)),
            params=((),),
            loss=eckart_young(X2, 5),
            threshold=1e-9,
        ),
        FlagsCheck(
            name="pca_error returns a Python float",
            covers=("error-float",),
            python_type="float",
            call=Call("pca_error", (X2, 3)),
        ),
        ThresholdCheck(
            name="pca_error for K = min(N, D) (nothing dropped)",
            what="|pca_error| relative to the squared norm of the centred data",
            covers=("full-rank",),
            pays_alone=False,
            call=Call("pca_error", (X2, 8)),
            params=((),),
            loss=eckart_young(X2, 8),
            threshold=1e-12,
        ),
        NoMutationCheck(
            name="pca_error does not modify X",
            covers=("no-mutation",),
            call=Call("pca_error", (X2.copy(), 2)),
        ),
        NoMutationCheck(
            name="pca_reconstruct does not modify Z, components or mean",
            covers=("no-mutation",),
            call=Call("pca_reconstruct", (Z2.copy(), C2.copy(), M2.copy())),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
GRAY = load_sample_image("china.jpg").astype(np.float64) @ np.array([0.2125, 0.7154, 0.0721])
IMG_F = GRAY[::5, ::5]  # (86, 128) float64
IMG_U8 = np.ascontiguousarray(load_sample_image("flower.jpg")[::6, ::6, 1])  # (72, 107) uint8
IMG_UNIT = IMG_U8[:30, :45] / 255.0  # (30, 45) float64 in [0, 1]


def svd_error_identity(img: np.ndarray, k: int) -> Callable[[Any], float]:
    """| |A - A_k|_F^2 - sum_{i>k} s_i^2 | relative to sum_i s_i^2."""
    A = np.asarray(img, dtype=np.float64)
    s2 = np.linalg.svd(A, compute_uv=False) ** 2
    dropped, total = float(s2[k:].sum()), float(s2.sum())

    def loss(approx: Any) -> float:
        got = _array(approx, "the approximation", A.shape)
        return abs(float(np.sum((A - got) ** 2)) - dropped) / total

    return loss


q3 = Question(
    "q3_svd_compress",
    points=3,
    title="Low-rank image compression",
    checks=(
        ValueCheck(
            name="rank 4 of a downsampled grayscale photograph (86 x 128)",
            covers=("value", "no-centring"),
            tol=Tolerance(1e-8, 1e-7),
            call=Call("svd_compress", (IMG_F, 4)),
        ),
        ValueCheck(
            name="rank 8 of a uint8 image (72 x 107)",
            covers=("value", "integer-input", "no-clip"),
            tol=Tolerance(1e-8, 1e-7),
            call=Call("svd_compress", (IMG_U8, 8)),
        ),
        ThresholdCheck(
            name="squared error of rank 8 equals the dropped s_i^2",
            what="| |A - A_k|_F^2 - sum_{i>k} s_i^2 | relative to sum_i s_i^2",
            covers=("error-identity",),
            call=Call("svd_compress", (IMG_U8, 8)),
            params=((),),
            loss=svd_error_identity(IMG_U8, 8),
            threshold=1e-10,
        ),
        FlagsCheck(
            name="float64 result for a uint8 image",
            covers=("dtype-shape", "integer-input"),
            python_type="ndarray",
            dtype="float64",
            call=Call("svd_compress", (IMG_U8, 8)),
        ),
        ShapeCheck(
            name="the approximation has the image's shape",
            expect="float64 of the image's shape (H, W)",
            covers=("dtype-shape",),
            call=Call("svd_compress", (IMG_F, 4)),
        ),
        RaisesCheck(
            name="k = 0 raises ValueError",
            covers=("raises-k",),
            exception="ValueError",
            call=Call("svd_compress", (IMG_F, 0)),
        ),
        ValueCheck(
            name="k = min(H, W) gives the image back",
            pays_alone=False,
            covers=("value", "raises-k"),
            tol=Tolerance(1e-9, 1e-8),
            call=Call("svd_compress", (IMG_UNIT, 30)),
        ),
        RaisesCheck(
            name="k = min(H, W) + 1 raises ValueError",
            covers=("raises-k",),
            exception="ValueError",
            call=Call("svd_compress", (IMG_UNIT, 31)),
        ),
        ValueCheck(
            name="compressed_size of a 427 x 640 image at k = 37",
            covers=("size",),
            tol=EXACT,
            call=Call("compressed_size", ((427, 640), 37)),
        ),
        FlagsCheck(
            name="compressed_size returns a Python int",
            covers=("size-int",),
            python_type="int",
            call=Call("compressed_size", ((427, 640), 37)),
        ),
        NoMutationCheck(
            name="svd_compress does not modify the image",
            covers=("no-mutation",),
            call=Call("svd_compress", (IMG_F.copy(), 4)),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
X4 = rng.normal(size=(12, 3)) * np.array([1.0, 2.0, 0.5]) + 3.0
SIG4 = np.linspace(0.6, 2.4, 12)
Y4 = rng.normal(size=(12, 2)) * 2.0
# an outlier far from everything and tiny widths: every exponential of some rows underflows
X4_FAR = np.vstack([rng.normal(size=(7, 2)), [[40.0, -30.0]]])
SIG4_FAR = np.full(8, 0.05)


def _p_reference(X: np.ndarray, sig: np.ndarray) -> np.ndarray:
    D2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    L = -D2 / (2.0 * sig[:, None] ** 2)
    np.fill_diagonal(L, -np.inf)
    E = np.exp(L - L.max(axis=1, keepdims=True))
    cond = E / E.sum(axis=1, keepdims=True)
    return np.asarray((cond + cond.T) / (2.0 * X.shape[0]))


def _q_reference(Y: np.ndarray) -> np.ndarray:
    W = 1.0 / (1.0 + np.sum((Y[:, None, :] - Y[None, :, :]) ** 2, axis=-1))
    np.fill_diagonal(W, 0.0)
    return np.asarray(W / W.sum())


P4 = _p_reference(X4, SIG4)
Q4 = _q_reference(Y4)
# P with exact zeros off the diagonal (one symmetric pair removed, renormalised)
P4_ZERO = P4.copy()
P4_ZERO[0, 5] = P4_ZERO[5, 0] = 0.0
P4_ZERO /= P4_ZERO.sum()


def distribution_defect(n: int) -> Callable[[Any], float]:
    """|sum - 1| + max|M - M^T| + max|diag M|: a symmetric (n, n) distribution with zero diagonal
    has 0."""

    def loss(M: Any) -> float:
        got = _array(M, "the affinity matrix", (n, n))
        return float(abs(got.sum() - 1.0) + np.abs(got - got.T).max() + np.abs(np.diag(got)).max())

    return loss


q4 = Question(
    "q4_tsne",
    points=3,
    title="t-SNE affinities and the KL divergence",
    checks=(
        ValueCheck(
            name="P of 12 points in 3-D with 12 different widths",
            covers=("p-conditional", "p-symmetric", "sigma-row"),
            tol=TIGHT,
            call=Call("tsne_affinities", (X4, SIG4)),
        ),
        ThresholdCheck(
            name="P is symmetric, has a zero diagonal and sums to 1",
            what="|sum P - 1| + max|P - P^T| + max|diag P|",
            covers=("p-sum",),
            call=Call("tsne_affinities", (X4, SIG4)),
            params=((),),
            loss=distribution_defect(12),
            threshold=1e-12,
        ),
        ValueCheck(
            name="P with an outlier and widths 0.05 (rows whose exponentials all underflow)",
            covers=("p-stable",),
            tol=TIGHT,
            call=Call("tsne_affinities", (X4_FAR, SIG4_FAR)),
        ),
        ValueCheck(
            name="Q of a 12-point embedding",
            covers=("q-value",),
            tol=TIGHT,
            call=Call("tsne_q", (Y4,)),
        ),
        ThresholdCheck(
            name="Q is symmetric, has a zero diagonal and sums to 1",
            what="|sum Q - 1| + max|Q - Q^T| + max|diag Q|",
            covers=("q-sum",),
            call=Call("tsne_q", (Y4,)),
            params=((),),
            loss=distribution_defect(12),
            threshold=1e-12,
        ),
        ValueCheck(
            name="KL(P || Q) for 12 points",
            covers=("kl-value",),
            tol=TIGHT,
            call=Call("kl", (P4, Q4)),
        ),
        ValueCheck(
            name="KL(P || Q) with zero entries of P off the diagonal",
            covers=("kl-zero",),
            tol=TIGHT,
            call=Call("kl", (P4_ZERO, Q4)),
        ),
        FlagsCheck(
            name="kl returns a Python float",
            covers=("kl-float",),
            python_type="float",
            call=Call("kl", (P4, Q4)),
        ),
        NoWarningsCheck(
            name="kl emits no warning for zero entries of P",
            covers=("kl-no-warnings",),
            call=Call("kl", (P4_ZERO, Q4)),
        ),
        NoMutationCheck(
            name="tsne_affinities does not modify X or sigmas",
            covers=("no-mutation",),
            call=Call("tsne_affinities", (X4.copy(), SIG4.copy())),
        ),
        NoMutationCheck(
            name="tsne_q does not modify Y",
            covers=("no-mutation",),
            call=Call("tsne_q", (Y4.copy(),)),
        ),
        NoMutationCheck(
            name="kl does not modify P or Q",
            covers=("no-mutation",),
            call=Call("kl", (P4_ZERO.copy(), Q4.copy())),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
X5, Y5 = make_blobs(n_samples=60, centers=3, cluster_std=1.8, random_state=11)
X5_NEW = rng.uniform(X5.min(axis=0), X5.max(axis=0), size=(25, 2))
XB, YB = make_blobs(n_samples=50, centers=2, cluster_std=2.0, random_state=7)
XB_NEW = rng.uniform(XB.min(axis=0), XB.max(axis=0), size=(40, 2))
SK_LABELS = KNeighborsClassifier(n_neighbors=7).fit(XB, YB).predict(XB_NEW)
# vote ties: nearest-first labels (2, 0, 2, 0) from (0, 0) and (0, 2, 0, 2) from (0, 1)
XT = np.array([[1, 0], [0, 2], [3, 0], [0, 4], [10, 10], [10, 11], [11, 10]], dtype=np.float64)
YT = np.array([2, 0, 2, 0, 1, 1, 1])
QT = np.array([[0.0, 0.0], [0.0, 1.0]])
# equal distances 1 from the origin: index 0 (label 1) before indices 1 and 2 (label 0)
XD = np.array([[0, 1], [1, 0], [0, -1], [5, 5], [-1, 0]], dtype=np.float64)
YD = np.array([1, 0, 0, 1, 2])
QD = np.zeros((1, 2))
q5 = Question(
    "q5_knn",
    points=2,
    title="k-nearest neighbours",
    checks=(
        ValueCheck(
            name="k = 5 on three blobs, 25 new points",
            covers=("vote",),
            tol=EXACT,
            call=Call("knn_predict", (X5, Y5, X5_NEW, 5)),
        ),
        PredictionCheck(
            name="odd k = 7 agrees with sklearn's KNeighborsClassifier on two blobs",
            covers=("vote",),
            labels=SK_LABELS,
            min_accuracy=1.0,
            call=Call("knn_predict", (XB, YB, XB_NEW, 7)),
        ),
        ValueCheck(
            name="tied votes (k = 4, two labels twice each) go to the nearest neighbour's label",
            covers=("vote-ties",),
            tol=EXACT,
            call=Call("knn_predict", (XT, YT, QT, 4)),
        ),
        ValueCheck(
            name="equal distances at the k = 1 boundary: the smaller training index first",
            covers=("distance-ties",),
            tol=EXACT,
            call=Call("knn_predict", (XD, YD, QD, 1)),
        ),
        ValueCheck(
            name="equal distances at the k = 2 boundary, then a tied vote",
            covers=("distance-ties", "vote-ties"),
            tol=EXACT,
            call=Call("knn_predict", (XD, YD, QD, 2)),
        ),
        FlagsCheck(
            name="returns an int64 array (int32 training labels)",
            covers=("dtype-shape",),
            python_type="ndarray",
            dtype="int64",
            call=Call("knn_predict", (X5, Y5.astype(np.int32), X5_NEW, 5)),
        ),
        ShapeCheck(
            name="one label per new point",
            expect="an int64 array of shape (M,)",
            covers=("dtype-shape",),
            call=Call("knn_predict", (X5, Y5, X5_NEW[:9], 3)),
        ),
        RaisesCheck(
            name="k = 0 raises ValueError",
            covers=("raises-k",),
            exception="ValueError",
            call=Call("knn_predict", (X5, Y5, X5_NEW, 0)),
        ),
        RaisesCheck(
            name="k larger than the training set raises ValueError",
            covers=("raises-k",),
            exception="ValueError",
            call=Call("knn_predict", (X5, Y5, X5_NEW, 61)),
        ),
        NoMutationCheck(
            name="knn_predict does not modify its inputs",
            covers=("no-mutation",),
            call=Call("knn_predict", (X5.copy(), Y5.copy(), X5_NEW.copy(), 3)),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
X6, _ = make_blobs(n_samples=120, centers=3, cluster_std=1.0, random_state=5)
INIT6 = X6[[0, 1, 2]].copy()
XL, _ = make_blobs(n_samples=300, centers=4, cluster_std=0.8, random_state=0)
INIT_L = XL[[10, 11, 12, 13]].copy()
SK_L = KMeans(n_clusters=4, init=INIT_L, n_init=1, algorithm="lloyd", max_iter=6, tol=0).fit(XL)
BEST = KMeans(n_clusters=5, n_init=10, random_state=0).fit(XL)
# a 7 x 7 integer grid and integer centres: many points exactly equidistant from two centres
GRID = np.array([[i, j] for i in range(7) for j in range(7)], dtype=np.float64)
INIT_GRID = np.array([[1.0, 1.0], [5.0, 1.0], [3.0, 5.0]])
# a third centre far from every point: its cluster stays empty
INIT_EMPTY = np.vstack([X6[[0, 1]], [[60.0, -60.0]]])


def sklearn_distance(
    centers_ref: np.ndarray, labels_ref: np.ndarray, inertia_ref: float
) -> Callable[[Any, Any, Any], float]:
    """max|centers - sklearn's| + (number of labels that differ) + relative inertia gap."""

    def loss(centers: Any, labels: Any, inertia: Any) -> float:
        C = _array(centers, "centers", centers_ref.shape)
        lab = _array(labels, "labels", labels_ref.shape)
        return float(
            np.abs(C - centers_ref).max()
            + np.sum(lab != labels_ref)
            + abs(float(inertia) - inertia_ref) / inertia_ref
        )

    return loss


def partition_mismatch(labels_ref: np.ndarray) -> Callable[[Any], float]:
    """Points whose cluster differs from the reference partition after the best relabelling."""
    k = int(labels_ref.max()) + 1

    def loss(labels: Any) -> float:
        lab = _array(labels, "labels", labels_ref.shape).astype(np.int64)
        if lab.min() < 0 or lab.max() >= k:
            raise ValueError("labels outside 0..K-1")
        table = np.zeros((k, k))
        np.add.at(table, (lab, labels_ref), 1)
        rows, cols = linear_sum_assignment(-table)
        return float(len(labels_ref) - table[rows, cols].sum())

    return loss


q6 = Question(
    "q6_kmeans",
    points=3,
    title="k-means (Lloyd's algorithm)",
    checks=(
        ValueCheck(
            name="3 iterations on three blobs from three given points",
            covers=("lloyd", "final-assignment", "inertia"),
            tol=TIGHT,
            call=Call("kmeans", (X6, INIT6, 3)),
        ),
        ThresholdCheck(
            name="6 iterations equal sklearn's KMeans(init, n_init=1, algorithm='lloyd')",
            what="max|centers - sklearn's| + labels that differ + relative inertia gap",
            covers=("sklearn", "lloyd", "final-assignment"),
            call=Call("kmeans", (XL, INIT_L, 6)),
            params=((0,), (1,), (2,)),
            loss=sklearn_distance(SK_L.cluster_centers_, SK_L.labels_, float(SK_L.inertia_)),
            threshold=1e-9,
        ),
        ThresholdCheck(
            name="from sklearn's best-of-10 centres (K = 5) the partition is sklearn's, up to "
            "relabelling",
            what="the number of points whose cluster differs after the best relabelling",
            covers=("sklearn", "worked-example"),
            call=Call("kmeans", (XL, BEST.cluster_centers_, 5)),
            params=((1,),),
            loss=partition_mismatch(BEST.labels_),
            threshold=0.0,
        ),
        ValueCheck(
            name="n_iter = 0: the initial centres, their labels and inertia",
            covers=("n-iter-zero", "final-assignment"),
            tol=TIGHT,
            call=Call("kmeans", (X6, INIT6, 0)),
        ),
        ValueCheck(
            name="labels on an integer grid with exact ties (n_iter = 0)",
            covers=("assign-ties",),
            tol=EXACT,
            part=(1,),
            call=Call("kmeans", (GRID, INIT_GRID, 0)),
        ),
        ValueCheck(
            name="2 iterations on an integer grid with exact ties",
            covers=("assign-ties", "lloyd"),
            tol=TIGHT,
            call=Call("kmeans", (GRID, INIT_GRID, 2)),
        ),
        ValueCheck(
            name="a centre far from every point keeps its place (empty cluster)",
            covers=("empty-cluster",),
            tol=TIGHT,
            call=Call("kmeans", (X6, INIT_EMPTY, 3)),
        ),
        ShapeCheck(
            name="(centers, labels, inertia) shapes",
            expect="centers (K, D), labels (N,) and a Python float",
            covers=("dtype-shape",),
            call=Call("kmeans", (X6, INIT6, 3)),
        ),
        FlagsCheck(
            name="centers are float64",
            covers=("dtype-shape",),
            part=(0,),
            dtype="float64",
            call=Call("kmeans", (X6, INIT6, 3)),
        ),
        FlagsCheck(
            name="labels are int64",
            covers=("dtype-shape",),
            part=(1,),
            dtype="int64",
            call=Call("kmeans", (X6, INIT6, 3)),
        ),
        FlagsCheck(
            name="inertia is a Python float",
            covers=("inertia",),
            part=(2,),
            python_type="float",
            call=Call("kmeans", (X6, INIT6, 3)),
        ),
        NoMutationCheck(
            name="kmeans does not modify X or init_centers",
            covers=("no-mutation",),
            call=Call("kmeans", (X6.copy(), INIT6.copy(), 3)),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
