"""Reference solution for assignment 09_dimensionality_reduction (PCA by the SVD, reconstruction
and the Eckart-Young error, low-rank image compression, t-SNE affinities and the KL divergence,
k-nearest neighbours, and k-means with Lloyd's algorithm).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup cell (``np``, ``plt``,
the sklearn data helpers) and the names it defines itself; every answer here uses NumPy only.

Conventions: **rows are examples**; all results are float64 NumPy arrays (labels int64). PCA's
variances divide by N (the lecture's lambda_i = s_i^2 / N), not by N - 1 as sklearn's
``explained_variance_`` does. Principal directions are defined up to sign, so the suite compares
them sign-invariantly. The k-NN vote breaks ties towards the nearest neighbour (what the lecture's
``Counter.most_common`` on a nearest-first list does); k-means keeps an empty cluster's centre.
"""

import numpy as np


# %% [markdown]
# # Assignment 09: Dimensionality reduction and clustering
#
# Data often live near a low-dimensional structure inside a high-dimensional space. This
# assignment covers the linear tool for finding it, a nonlinear one for looking at it, and two
# methods that use distances between examples directly:
#
# 1. **PCA by the singular value decomposition**: principal directions, their variances and the
#    coordinates of the data.
# 2. **Reconstruction from K components** and the **Eckart–Young** error formula.
# 3. **Low-rank image compression** with a truncated SVD.
# 4. The **t-SNE** affinities $P$ and $Q$ and the **Kullback–Leibler divergence** it minimises.
# 5. **k-nearest-neighbour** classification with a stated tie rule.
# 6. **k-means** clustering (Lloyd's algorithm) from given initial centres, and the elbow plot.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your implementation. Do **not** rename the functions, change their
#   arguments or move them into other cells: the grader looks them up by name.
# * Hidden tests call your functions on **inputs you do not see** (other shapes, seeds and edge
#   cases), so follow the contract written in each docstring, not just the printed numbers.
# * The **check cell** `check("...")` under each answer cell runs a few public checks. Passing them
#   is a good sign, not a grade.
# * Each answer cell must work on its own: do not call a function defined in *another* question's
#   answer cell (helpers of your own inside the same cell are fine).
# * Use NumPy in the answers (`np.linalg.svd`, `np.argsort`, ...); scikit-learn appears only in the
#   exploration cells, to load data and to compare with.
#
# **Conventions.** **Rows are examples**: a data matrix `X` has shape `(N, D)` for `N` examples
# with `D` features. All results are float64 NumPy arrays unless a docstring says otherwise, and
# your functions must never modify the arrays you are given.


# %% [setup]
import numpy as np
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits, load_sample_image, make_blobs
from autograder.public import Checker

check = Checker("09_dimensionality_reduction", globals())


# %% [question q1_pca]
# **Principal component analysis** looks for the orthonormal directions along which the data vary
# most. Write $\bar{\mathbf x} = \frac1N \sum_i \mathbf x_i$ for the mean and
# $\bar X = X - \mathbf 1 \bar{\mathbf x}^\top$ for the **centred** data. The covariance matrix
# $C = \frac1N \bar X^\top \bar X$ is symmetric and positive semi-definite; its eigenvectors
# $\mathbf v_1, \mathbf v_2, \dots$ are the principal directions and its eigenvalues
# $\lambda_1 \ge \lambda_2 \ge \dots \ge 0$ the variances of the data along them.
#
# **By the SVD.** Rather than forming $C$, take the thin singular value decomposition
# $\bar X = U S V^\top$ (`np.linalg.svd(Xc, full_matrices=False)`). Then
# $C = \frac1N V S^2 V^\top$, so the columns of $V$ (the rows of `Vt`) are the principal
# directions and $\lambda_i = s_i^2 / N$. `np.linalg.svd` already sorts the singular values in
# decreasing order; `np.linalg.eigh` would return eigenvalues in *increasing* order.
#
# The **coordinates** (scores) of the data in the first $K$ directions are
# $Z = \bar X V_K$, where $V_K$ holds the first $K$ columns of $V$.
#
# *Three traps.* (1) Centre first: an SVD of the raw $X$ (as the lecture script does at one point)
# finds the direction of the mean, not of the spread. (2) We divide by $N$; scikit-learn's
# `PCA().explained_variance_` divides by $N - 1$. (3) A principal direction is defined only up to
# its sign ($\mathbf v$ and $-\mathbf v$ span the same line). The grader accepts either sign for
# each component, but your `Z` must use the same signs as your `components`.
#
# **Worked example** (the lecture's covariance matrix). The 8 points
# $(2,1), (1,1), (1,-1), (0,1)$ and their negatives, all shifted by $(3, -1)$, have mean
# $(3, -1)$ and covariance $A = \begin{pmatrix} 1.5 & 0.5 \\ 0.5 & 1.0 \end{pmatrix}$, whose
# eigenvalues are $(5 \pm \sqrt 5)/4$. So `pca(X, 2)` returns the variances
# `[1.80901699, 0.69098301]` and the first component $\pm(0.85065081, 0.52573111)$ (the
# golden-ratio direction $(1, (\sqrt5 - 1)/2)$, normalised). scikit-learn would report the
# variances $\times 8/7$: `[2.06744799, 0.78969486]`.
#
# **Your task.** `pca(X, K)` returns the tuple `(components, variances, Z)`: `components` of
# shape `(K, D)` with the unit principal directions as rows, sorted by decreasing variance;
# `variances` of shape `(K,)` with $\lambda_i = s_i^2 / N$; `Z` of shape `(N, K)`. If `K` is not
# in $1 \le K \le \min(N, D)$, raise `ValueError` with a message that names `K`.


# %% [answer]
def pca(X, K):
    """Principal component analysis of X (N, D) by the SVD of the centred data.

    Returns the tuple (components, variances, Z) of float64 arrays: components (K, D), unit
    principal directions as rows, by decreasing variance; variances (K,), lambda_i = s_i^2 / N
    (divided by N, not N - 1); Z (N, K) = (X - mean) @ components.T. Each component's sign is
    free, but Z must use the same signs. Raises ValueError (naming K) unless 1 <= K <= min(N, D).
    X is not modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    N, D = X.shape
    if not 1 <= K <= min(N, D):
        raise ValueError(f"K must satisfy 1 <= K <= min(N, D) = {min(N, D)}, got K = {K}")
    Xc = X - X.mean(axis=0)
    _, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    components = Vt[:K].copy()
    return components, S[:K] ** 2 / N, Xc @ components.T
    ### END SOLUTION


# %% [explore]
# A correlated 2-D cloud with its principal directions, drawn with length 2 sqrt(lambda_i).
try:
    rng = np.random.default_rng(0)
    cloud = rng.normal(size=(300, 2)) @ np.array([[2.0, 0.8], [0.0, 0.6]]) + np.array([4.0, 1.0])
    comps, lams, _ = pca(cloud, 2)
    centre = cloud.mean(axis=0)
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.scatter(cloud[:, 0], cloud[:, 1], s=8, alpha=0.5)
    for v, lam in zip(comps, lams):
        ax.annotate("", xy=centre + 2 * np.sqrt(lam) * v, xytext=centre,
                    arrowprops={"arrowstyle": "->", "lw": 2, "color": "k"})
    ax.set_aspect("equal")
    ax.set_title(f"variances {np.round(lams, 3)}")
    plt.show()
except NotImplementedError:
    print("implement pca first")


# %% [question q2_reconstruct]
# Keeping only $K$ coordinates compresses each example from $D$ numbers to $K$. To go back, map the
# coordinates through the components and add the mean again:
# $$\tilde X = Z V_K^\top + \mathbf 1 \bar{\mathbf x}^\top .$$
# With `components` of shape `(K, D)` (the rows are the directions, as `pca` returns them) this is
# `Z @ components + mean`.
#
# **Eckart–Young.** Among all matrices of rank at most $K$, the truncated SVD is the closest to
# $\bar X$ in the Frobenius norm, and the squared error is exactly what the dropped directions
# carried:
# $$\lVert \bar X - \bar X V_K V_K^\top \rVert_F^2 = \sum_{i > K} s_i^2 = N \sum_{i > K} \lambda_i .$$
# For $K = \min(N, D)$ nothing is dropped and the error is 0 (up to rounding).
#
# **Worked example** (the 8 points of question 1). With $K = 1$ the error is
# $8 \cdot 0.69098301 = 5.52786405$, and the reconstruction of the first point $(5, 0)$ is
# $(4.89442719, 0.17082039)$: its projection onto the line through the mean along the first
# component.
#
# **Your task.** `pca_reconstruct(Z, components, mean)` returns $\tilde X$ of shape `(N, D)`.
# `pca_error(X, K)` returns the squared Frobenius norm $\lVert \bar X - \bar X V_K V_K^\top
# \rVert_F^2$ as a Python `float`, computed by projecting and reconstructing the centred data (your
# own SVD inside this cell); it must agree with $N \sum_{i>K} \lambda_i$ to a relative $10^{-9}$.


# %% [answer]
def pca_reconstruct(Z, components, mean):
    """Reconstruction Z @ components + mean: Z (N, K), components (K, D), mean (D,).

    Returns a float64 array of shape (N, D).
    """
    ### BEGIN SOLUTION
    return np.asarray(Z, dtype=np.float64) @ np.asarray(components, dtype=np.float64) + mean
    ### END SOLUTION


def pca_error(X, K):
    """Squared Frobenius norm of (Xc - Xc V_K V_K^T) for the centred X (N, D) and its first K
    principal directions, as a Python float (equal to N * sum_{i>K} lambda_i). 1 <= K <= min(N, D).
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    Xc = X - X.mean(axis=0)
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    V = Vt[:K]
    return float(np.sum((Xc - Xc @ V.T @ V) ** 2))
    ### END SOLUTION


# %% [explore]
# The reconstruction error of the 8x8 digits (D = 64) against K, with the Eckart-Young formula.
try:
    digits = load_digits().data
    ks = list(range(1, 41, 3))
    errs = [pca_error(digits, k) for k in ks]
    s2 = np.linalg.svd(digits - digits.mean(axis=0), compute_uv=False) ** 2
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.semilogy(ks, errs, "o", label="pca_error(X, K)")
    ax.semilogy(ks, [s2[k:].sum() for k in ks], "-", label="sum of dropped s_i^2")
    ax.set_xlabel("K")
    ax.set_ylabel("squared error")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement pca_error first")


# %% [question q3_svd_compress]
# A grayscale image is a matrix $A$ of shape $(H, W)$. Its SVD $A = U S V^\top$ writes it as a sum
# of rank-one layers $s_i \mathbf u_i \mathbf v_i^\top$, ordered by importance. Keeping the first
# $k$ layers,
# $$A_k = \sum_{i=1}^{k} s_i \mathbf u_i \mathbf v_i^\top = U_{:, :k}\, \mathrm{diag}(s_{1..k})\,
#   V^\top_{:k, :},$$
# gives the best rank-$k$ approximation (Eckart–Young again), with squared error
# $\lVert A - A_k \rVert_F^2 = \sum_{i > k} s_i^2$. There is no centring here.
#
# **Storage.** $A_k$ is stored as $k$ columns of $U$ ($H$ numbers each), $k$ rows of $V^\top$
# ($W$ each) and $k$ singular values: $k\,(H + W + 1)$ numbers instead of $H W$.
#
# *Practicalities.* Use `full_matrices=False` (the full $U$ of a tall image is huge and its extra
# columns are never used). Images often arrive as `uint8`; convert to float64 before computing, and
# return the approximation as it is: do not clip it to $[0, 255]$ or round it.
#
# **Worked example.** $A = \begin{pmatrix} 3 & 2 & 2 \\ 2 & 3 & -2 \end{pmatrix}$ has singular
# values $5$ and $3$; `svd_compress(A, 1)` is
# $\begin{pmatrix} 2.5 & 2.5 & 0 \\ 2.5 & 2.5 & 0 \end{pmatrix}$ (up to rounding), with squared
# error $3^2 = 9$. `compressed_size((512, 512), 20)` is $20 \cdot 1025 = 20500$.
#
# **Your task.** `svd_compress(img, k)` returns $A_k$ as a float64 array of the image's shape;
# raise `ValueError` unless $1 \le k \le \min(H, W)$. `compressed_size(shape, k)` returns
# $k\,(H + W + 1)$ as a Python `int`.


# %% [answer]
def svd_compress(img, k):
    """Best rank-k approximation U[:, :k] diag(s[:k]) Vt[:k] of a 2-D image (any real dtype, e.g.
    uint8), as float64 of the image's shape (H, W), neither clipped nor rounded.

    Raises ValueError unless 1 <= k <= min(H, W).
    """
    ### BEGIN SOLUTION
    A = np.asarray(img, dtype=np.float64)
    if not 1 <= k <= min(A.shape):
        raise ValueError(f"k must satisfy 1 <= k <= min(H, W) = {min(A.shape)}, got k = {k}")
    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, :k] * S[:k]) @ Vt[:k]
    ### END SOLUTION


def compressed_size(shape, k):
    """Numbers stored by a rank-k SVD of an image of shape (H, W): k * (H + W + 1), a Python int."""
    ### BEGIN SOLUTION
    H, W = shape
    return int(k * (H + W + 1))
    ### END SOLUTION


# %% [explore]
# A grayscale photograph bundled with scikit-learn, compressed to rank 5, 20 and 60.
try:
    gray = load_sample_image("china.jpg").astype(np.float64) @ np.array([0.2125, 0.7154, 0.0721])
    fig, axes = plt.subplots(1, 4, figsize=(14, 3))
    axes[0].imshow(gray, cmap="gray")
    axes[0].set_title(f"original, {gray.size} numbers")
    for ax, k in zip(axes[1:], (5, 20, 60)):
        ax.imshow(svd_compress(gray, k), cmap="gray")
        ax.set_title(f"k = {k}, {compressed_size(gray.shape, k)} numbers")
    for ax in axes:
        ax.axis("off")
    plt.show()
except NotImplementedError:
    print("implement svd_compress and compressed_size first")


# %% [question q4_tsne]
# **t-SNE** places points $\mathbf y_i$ in 2-D so that neighbours in the data stay neighbours. It
# compares two probability distributions over *pairs* of points.
#
# **In the data**, each point $i$ has its own width $\sigma_i$ and a conditional distribution over
# the other points,
# $$p_{j \mid i} = \frac{\exp\!\bigl(-\lVert \mathbf x_i - \mathbf x_j \rVert^2 / (2 \sigma_i^2)\bigr)}
#   {\sum_{k \ne i} \exp\!\bigl(-\lVert \mathbf x_i - \mathbf x_k \rVert^2 / (2 \sigma_i^2)\bigr)},
#   \qquad p_{i \mid i} = 0,$$
# and the joint affinities are the symmetrised
# $$P_{ij} = \frac{p_{j \mid i} + p_{i \mid j}}{2N}, \qquad P_{ii} = 0 .$$
# Each *row* of conditionals sums to 1, so the whole matrix $P$ sums to 1:
# $\sum_{i,j} P_{ij} = 1$. (The lecture script says each row $\sum_j p_{ij}$ sums to 1; that is
# true of the conditionals $p_{j \mid i}$, not of $P$.) The real t-SNE picks each $\sigma_i$ by a
# binary search for a target perplexity; here the $\sigma_i$ are given.
#
# *Stability.* For a small $\sigma_i$ every $\exp(\dots)$ of a row can underflow to 0, and $0/0$ is
# NaN. Row $i$ is a softmax of the logits $-\lVert \mathbf x_i - \mathbf x_k \rVert^2 / (2\sigma_i^2)$
# over $k \ne i$: subtract the row's largest logit first, as in a stable softmax. Note that
# $\sigma_i$ belongs to the **row** $i$ (the point whose neighbours are weighed).
#
# **In the embedding**, t-SNE uses the heavy-tailed Student-t kernel (one degree of freedom):
# $$Q_{ij} = \frac{(1 + \lVert \mathbf y_i - \mathbf y_j \rVert^2)^{-1}}
#   {\sum_{k \ne l} (1 + \lVert \mathbf y_k - \mathbf y_l \rVert^2)^{-1}}, \qquad Q_{ii} = 0,$$
# normalised over **all** pairs, so $Q$ too sums to 1.
#
# **The cost** is the Kullback–Leibler divergence (natural logarithm)
# $$\mathrm{KL}(P \,\Vert\, Q) = \sum_{i \ne j} P_{ij} \ln \frac{P_{ij}}{Q_{ij}},$$
# in which a term with $P_{ij} = 0$ counts as $0$ (the limit of $p \ln p$); the diagonal never
# contributes. Compute it without `log(0)` or `0 * inf` warnings. The full t-SNE then moves the
# $\mathbf y_i$ by gradient descent on this cost; its embeddings are random and only defined up to
# rotations, so we grade the ingredients, not an embedding.
#
# **Worked example.** For $X = \{(0,0), (1,0), (0,2)\}$ and $\sigma = (1, 1, 1)$:
# $P_{01} = 0.2830619257$, $P_{02} = 0.1341474758$, $P_{12} = 0.0827905985$. For
# $Y = \{(0,0), (1,0), (0,1)\}$: $Q_{01} = Q_{02} = 0.1875$, $Q_{12} = 0.125$, and
# $\mathrm{KL}(P \Vert Q) = 0.0751240069$.
#
# **Your task.** `tsne_affinities(X, sigmas)` returns $P$, `tsne_q(Y)` returns $Q$ (both float64 of
# shape `(N, N)`, symmetric, zero diagonal, summing to 1), and `kl(P, Q)` returns the divergence as
# a Python `float`. `tsne_affinities` must return finite values even when every
# $\exp(\dots)$ of a row underflows.


# %% [answer]
def tsne_affinities(X, sigmas):
    """Symmetric t-SNE affinities P (N, N) for data X (N, D) and widths sigmas (N,) (sigma_i for
    row i): P_ij = (p_{j|i} + p_{i|j}) / (2N) with p_{j|i} a softmax over k != i of
    -|x_i - x_k|^2 / (2 sigma_i^2). Zero diagonal, sums to 1, float64; finite even when every
    exponential of a row underflows (subtract the row maximum).
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    N = X.shape[0]
    D2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    logits = -D2 / (2.0 * np.asarray(sigmas, dtype=np.float64)[:, None] ** 2)
    np.fill_diagonal(logits, -np.inf)
    E = np.exp(logits - logits.max(axis=1, keepdims=True))
    cond = E / E.sum(axis=1, keepdims=True)
    return (cond + cond.T) / (2.0 * N)
    ### END SOLUTION


def tsne_q(Y):
    """Student-t affinities Q (N, N) of an embedding Y (N, d): (1 + |y_i - y_j|^2)^-1 normalised
    over all pairs i != j. Zero diagonal, sums to 1, float64.
    """
    ### BEGIN SOLUTION
    Y = np.asarray(Y, dtype=np.float64)
    D2 = np.sum((Y[:, None, :] - Y[None, :, :]) ** 2, axis=-1)
    W = 1.0 / (1.0 + D2)
    np.fill_diagonal(W, 0.0)
    return W / W.sum()
    ### END SOLUTION


def kl(P, Q):
    """KL(P || Q) = sum over i != j of P_ij ln(P_ij / Q_ij), terms with P_ij = 0 counting 0, as a
    Python float; no warnings for zero entries of P.
    """
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=np.float64)
    Q = np.asarray(Q, dtype=np.float64)
    keep = P > 0
    return float(np.sum(P[keep] * np.log(P[keep] / Q[keep])))
    ### END SOLUTION


# %% [explore]
# P for three blobs with one sigma for all points, and the KL divergence of two embeddings:
# the true cluster layout and a random one.
try:
    Xb, yb = make_blobs(n_samples=45, centers=3, cluster_std=0.6, random_state=2)
    order = np.argsort(yb, kind="stable")
    P_b = tsne_affinities(Xb[order], np.full(45, 1.0))
    rng = np.random.default_rng(1)
    Y_good = Xb[order][:, :2] / 3.0
    Y_rand = rng.normal(size=(45, 2))
    fig, ax = plt.subplots(figsize=(4.5, 4))
    ax.imshow(P_b, cmap="viridis")
    ax.set_title("P, points sorted by blob")
    plt.show()
    print("KL(P || Q) for the layout of the data:", kl(P_b, tsne_q(Y_good)))
    print("KL(P || Q) for a random layout:      ", kl(P_b, tsne_q(Y_rand)))
except NotImplementedError:
    print("implement the functions of question 4 first")


# %% [question q5_knn]
# The **k-nearest-neighbour** classifier stores the training set and labels a new point by a
# majority vote among the $k$ training points closest to it in Euclidean distance. It has no
# training step at all; all the work happens at prediction time.
#
# **Ties** need a rule, and libraries differ: scikit-learn's `KNeighborsClassifier` returns the
# *smallest* tied label, while the lecture's `Counter(labels).most_common(1)` on a nearest-first
# list returns the tied label that appears *first*. We use the lecture's rule:
#
# * **Equal distances:** training points at the same distance are taken in the order of their
#   index in `X_train` (sort with `np.argsort(d, kind="stable")`).
# * **Tied votes:** if several labels share the highest count among the $k$ neighbours, the label
#   of the **nearest** neighbour among those tied labels wins.
#
# **Worked example** (the lecture's data). `X, y = make_blobs(n_samples=40, centers=2,
# cluster_std=0.70, random_state=4)` and the new point $(9, 2.9)$. The five nearest labels are
# $0, 1, 1, 1, 1$ (distances $0.877, 0.980, 1.010, 1.016, 1.074$), so $k = 1$ predicts $0$;
# $k = 2$ is a one-one tie that the nearest neighbour decides: $0$; $k = 3, 4, 5$ predict $1$.
#
# **Your task.** `knn_predict(X_train, y_train, X_new, k)` returns the predicted labels of the
# rows of `X_new` as an int64 array of shape `(M,)`. Raise `ValueError` unless
# $1 \le k \le N$ (the number of training points).


# %% [answer]
def knn_predict(X_train, y_train, X_new, k):
    """Majority vote of the k nearest training points (Euclidean) for each row of X_new (M, D).

    X_train (N, D), y_train (N,) integer labels. Equal distances: smaller training index first
    (stable sort). Tied votes: the tied label of the nearest neighbour wins. Returns an int64
    array of shape (M,). Raises ValueError unless 1 <= k <= N.
    """
    ### BEGIN SOLUTION
    X_train = np.asarray(X_train, dtype=np.float64)
    X_new = np.asarray(X_new, dtype=np.float64)
    y_train = np.asarray(y_train)
    if not 1 <= k <= X_train.shape[0]:
        raise ValueError(f"k must satisfy 1 <= k <= {X_train.shape[0]}, got k = {k}")
    out = np.empty(X_new.shape[0], dtype=np.int64)
    for i, x in enumerate(X_new):
        d2 = np.sum((X_train - x) ** 2, axis=1)
        near = y_train[np.argsort(d2, kind="stable")[:k]]
        counts = {}
        for label in near:
            counts[label] = counts.get(label, 0) + 1
        best = max(counts.values())
        out[i] = next(label for label in near if counts[label] == best)
    return out
    ### END SOLUTION


# %% [explore]
# Decision regions of k-NN on the lecture's two blobs, for k = 1 and k = 7.
try:
    Xk, yk = make_blobs(n_samples=40, centers=2, cluster_std=0.70, random_state=4)
    print("predictions at (9, 2.9) for k = 1..5:",
          [int(knn_predict(Xk, yk, np.array([[9.0, 2.9]]), k)[0]) for k in range(1, 6)])
    g1, g2 = np.meshgrid(np.linspace(Xk[:, 0].min() - 1, Xk[:, 0].max() + 1, 80),
                         np.linspace(Xk[:, 1].min() - 1, Xk[:, 1].max() + 1, 80))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, k in zip(axes, (1, 7)):
        ax.contourf(g1, g2, knn_predict(Xk, yk, grid, k).reshape(g1.shape), alpha=0.3,
                    cmap="coolwarm")
        ax.scatter(Xk[:, 0], Xk[:, 1], c=yk, cmap="coolwarm", edgecolors="k")
        ax.plot(9.0, 2.9, "k*", ms=14)
        ax.set_title(f"k = {k}")
    plt.show()
except NotImplementedError:
    print("implement knn_predict first")


# %% [question q6_kmeans]
# **k-means** splits the data into $K$ clusters with centres $\boldsymbol\mu_1, \dots,
# \boldsymbol\mu_K$ so that the **inertia** (within-cluster sum of squares)
# $$J = \sum_{i=1}^N \lVert \mathbf x_i - \boldsymbol\mu_{c(i)} \rVert^2$$
# is small, where $c(i)$ is the cluster of point $i$. (The lecture writes the cost of a cluster
# once as a sum over *pairs* of its points divided by its size; that form is $2\times$ the one
# above. We use the sum of squared distances to the centre, as scikit-learn's `inertia_` does.)
#
# **Lloyd's algorithm** alternates two steps from given initial centres. One iteration:
#
# 1. **Assign** every point to its nearest centre (squared Euclidean distance). A point at equal
#    distance from several centres goes to the one with the **smallest index** (`np.argmin`).
# 2. **Update** every centre to the mean of the points assigned to it. A centre that received no
#    points (an **empty cluster**) stays where it is.
#
# Run exactly `n_iter` iterations (`n_iter = 0` is allowed and changes nothing), then assign the
# points once more to the final centres: the returned `labels` and `inertia` belong to the returned
# `centers`. Without empty clusters this is exactly
# `sklearn.cluster.KMeans(n_clusters=K, init=init_centers, n_init=1, algorithm="lloyd",
# max_iter=n_iter, tol=0)` (which may stop early once nothing changes, with the same result).
# Work on a float64 copy: the caller's `init_centers` must not change.
#
# **Worked example** (the lecture's data). `X, _ = make_blobs(n_samples=300, centers=4,
# cluster_std=0.8, random_state=0)` and the initial centres `X[[2, 0, 6, 1]]` (one point from each
# blob): after 0, 1, 2 and 3 iterations the inertia is $922.013$, $507.886$, $376.719$, $370.125$;
# from 5 iterations on it stays at $369.528$. Starting from `X[:4]` instead (two points of the same
# blob), k-means gets stuck at $669.346$: the result depends on the initialisation. The **elbow
# plot** (inertia against $K$) of scikit-learn's `KMeans(n_clusters=K, n_init=10,
# random_state=0)` on these data is $2978.6, 1348.9, 708.8, 369.5, 326.3, 292.4$ for
# $K = 1, \dots, 6$: the bend at $K = 4$ suggests four clusters.
#
# **Your task.** `kmeans(X, init_centers, n_iter)` returns the tuple `(centers, labels, inertia)`:
# `centers` float64 of shape `(K, D)`, `labels` int64 of shape `(N,)` with values in
# $0..K-1$, `inertia` a Python `float`.


# %% [answer]
def kmeans(X, init_centers, n_iter):
    """Lloyd's k-means on X (N, D) from init_centers (K, D) for exactly n_iter iterations.

    Assignment ties go to the smallest centre index; an empty cluster keeps its centre. Returns
    (centers, labels, inertia): centers float64 (K, D); labels int64 (N,) and inertia (Python
    float, sum of squared distances) for the final centers. init_centers is not modified.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    centers = np.array(init_centers, dtype=np.float64)
    for _ in range(n_iter):
        d2 = np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=-1)
        labels = np.argmin(d2, axis=1)
        for j in range(centers.shape[0]):
            members = labels == j
            if members.any():
                centers[j] = X[members].mean(axis=0)
    d2 = np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=-1)
    labels = np.argmin(d2, axis=1).astype(np.int64)
    return centers, labels, float(np.sum(d2[np.arange(X.shape[0]), labels]))
    ### END SOLUTION


# %% [explore]
# Your k-means on the lecture's blobs, and the elbow plot: scikit-learn's best-of-10 inertias next
# to your kmeans started from scikit-learn's final centres (a fixed point: the same inertia).
try:
    from sklearn.cluster import KMeans

    Xm, _ = make_blobs(n_samples=300, centers=4, cluster_std=0.8, random_state=0)
    centers, labels, inertia = kmeans(Xm, Xm[[2, 0, 6, 1]], 10)
    print("inertia from X[[2, 0, 6, 1]] after 10 iterations:", round(inertia, 3))
    sk, mine = [], []
    for K in range(1, 7):
        fitted = KMeans(n_clusters=K, n_init=10, random_state=0).fit(Xm)
        sk.append(fitted.inertia_)
        mine.append(kmeans(Xm, fitted.cluster_centers_, 5)[2])
    print("sklearn  :", np.round(sk, 1))
    print("yours    :", np.round(mine, 1))
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.scatter(Xm[:, 0], Xm[:, 1], c=labels, s=10, cmap="tab10")
    ax1.scatter(centers[:, 0], centers[:, 1], c="k", marker="x", s=100)
    ax1.set_title("k-means, K = 4")
    ax2.plot(range(1, 7), mine, "o-")
    ax2.set_xlabel("K")
    ax2.set_ylabel("inertia")
    ax2.set_title("elbow plot")
    plt.show()
except NotImplementedError:
    print("implement kmeans first")
