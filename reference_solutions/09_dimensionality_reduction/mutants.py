"""Known wrong answers (mutants), hand-written wrong answers (variants) and alternative correct
answers for 09_dimensionality_reduction.

The mutants come from the catalog's pitfalls and errata for chapter 10: the SVD of uncentred data,
sklearn's N - 1 variances, eigenvalues left in increasing order, singular values or ranks off in
the image compression, the "sum_j p_ij = 1" normalisation of the t-SNE affinities, a missing
symmetrisation or max subtraction, a Gaussian kernel in the embedding, scikit-learn's lowest-label
tie rule in k-NN, NaN centres for empty clusters, stale labels after the last update and the
factor 2 between the lecture's two forms of the k-means cost.

The variants were written from the task text alone, before the suite: each breaks one stated
requirement (no mutation, K and k ranges, ties, flags, dtypes, warnings, step counts).
"""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    # q1
    Mutant(
        "SVD of the uncentred data (script erratum)",
        "q1_pca",
        "Xc = X - X.mean(axis=0)",
        "Xc = X",
    ),
    Mutant(
        "variances divided by N - 1 (sklearn's explained_variance_)",
        "q1_pca",
        "S[:K] ** 2 / N",
        "S[:K] ** 2 / (N - 1)",
    ),
    Mutant(
        "eigh of the covariance, eigenvalues left in increasing order",
        "q1_pca",
        "_, S, Vt = np.linalg.svd(Xc, full_matrices=False)",
        "lam, V = np.linalg.eigh(Xc.T @ Xc)\n    S, Vt = np.sqrt(np.clip(lam, 0.0, None)), V.T",
    ),
    Mutant(
        "columns of Vt taken as the components",
        "q1_pca",
        "components = Vt[:K].copy()",
        "components = Vt.T[:K].copy()",
    ),
    # q2
    Mutant(
        "reconstruction without adding the mean back",
        "q2_reconstruct",
        "np.asarray(components, dtype=np.float64) + mean",
        "np.asarray(components, dtype=np.float64)",
    ),
    Mutant(
        "reconstruction error of the uncentred data",
        "q2_reconstruct",
        "Xc = X - X.mean(axis=0)",
        "Xc = X",
    ),
    Mutant(
        "reconstruction error as the Frobenius norm, not its square",
        "q2_reconstruct",
        "return float(np.sum((Xc - Xc @ V.T @ V) ** 2))",
        "return float(np.sqrt(np.sum((Xc - Xc @ V.T @ V) ** 2)))",
    ),
    # q3
    Mutant(
        "singular values left out of the product",
        "q3_svd_compress",
        "return (U[:, :k] * S[:k]) @ Vt[:k]",
        "return U[:, :k] @ Vt[:k]",
    ),
    Mutant(
        "rank k + 1 (off by one)",
        "q3_svd_compress",
        "return (U[:, :k] * S[:k]) @ Vt[:k]",
        "return (U[:, : k + 1] * S[: k + 1]) @ Vt[: k + 1]",
    ),
    Mutant(
        "approximation converted back to uint8 (clipped and rounded)",
        "q3_svd_compress",
        "return (U[:, :k] * S[:k]) @ Vt[:k]",
        "return np.clip(np.round((U[:, :k] * S[:k]) @ Vt[:k]), 0, 255).astype(np.uint8)",
    ),
    Mutant(
        "storage without the k singular values",
        "q3_svd_compress",
        "return int(k * (H + W + 1))",
        "return int(k * (H + W))",
    ),
    # q4
    Mutant(
        "P divided by 2 instead of 2N (script erratum: sum_j p_ij = 1)",
        "q4_tsne",
        "return (cond + cond.T) / (2.0 * N)",
        "return (cond + cond.T) / 2.0",
    ),
    Mutant(
        "P not symmetrised (p_{j|i} / N)",
        "q4_tsne",
        "return (cond + cond.T) / (2.0 * N)",
        "return cond / N",
    ),
    Mutant(
        "exponentials without subtracting the row maximum",
        "q4_tsne",
        "E = np.exp(logits - logits.max(axis=1, keepdims=True))",
        "E = np.exp(logits)",
    ),
    Mutant(
        "Gaussian kernel in the embedding instead of the Student-t",
        "q4_tsne",
        "W = 1.0 / (1.0 + D2)",
        "W = np.exp(-D2)",
    ),
    Mutant(
        "KL divergence with P and Q swapped",
        "q4_tsne",
        "return float(np.sum(P[keep] * np.log(P[keep] / Q[keep])))",
        "return float(np.sum(Q[keep] * np.log(Q[keep] / P[keep])))",
    ),
    # q5
    Mutant(
        "tied votes go to the smallest label (scikit-learn's rule)",
        "q5_knn",
        "out[i] = next(label for label in near if counts[label] == best)",
        "out[i] = min(label for label in near if counts[label] == best)",
    ),
    Mutant(
        "Manhattan distance instead of Euclidean",
        "q5_knn",
        "d2 = np.sum((X_train - x) ** 2, axis=1)",
        "d2 = np.sum(np.abs(X_train - x), axis=1)",
    ),
    Mutant(
        "the k farthest points vote",
        "q5_knn",
        'near = y_train[np.argsort(d2, kind="stable")[:k]]',
        'near = y_train[np.argsort(-d2, kind="stable")[:k]]',
    ),
    # q6
    Mutant(
        "labels and inertia from the assignment before the last update (stale)",
        "q6_kmeans",
        "    d2 = np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=-1)\n"
        "    labels = np.argmin(d2, axis=1).astype(np.int64)\n"
        "    return centers, labels, float(np.sum(d2[np.arange(X.shape[0]), labels]))",
        "    if n_iter == 0:\n"
        "        d2 = np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=-1)\n"
        "        labels = np.argmin(d2, axis=1)\n"
        "    labels = labels.astype(np.int64)\n"
        "    return centers, labels, float(np.sum(d2[np.arange(X.shape[0]), labels]))",
    ),
    Mutant(
        "an empty cluster's centre becomes the mean of no points (NaN)",
        "q6_kmeans",
        "            if members.any():\n                centers[j] = X[members].mean(axis=0)",
        "            centers[j] = X[members].mean(axis=0)",
    ),
    Mutant(
        "inertia in the pairwise form (twice the sum of squares, eq. 197 vs 198)",
        "q6_kmeans",
        "float(np.sum(d2[np.arange(X.shape[0]), labels]))",
        "float(2.0 * np.sum(d2[np.arange(X.shape[0]), labels]))",
    ),
    Mutant(
        "inertia of distances, not squared distances",
        "q6_kmeans",
        "float(np.sum(d2[np.arange(X.shape[0]), labels]))",
        "float(np.sum(np.sqrt(d2[np.arange(X.shape[0]), labels])))",
    ),
]

ALTERNATIVES = [
    Mutant(
        "pca by eigh of the covariance, re-sorted in decreasing order",
        "q1_pca",
        "_, S, Vt = np.linalg.svd(Xc, full_matrices=False)",
        "lam, V = np.linalg.eigh(Xc.T @ Xc)\n"
        "    order = np.argsort(lam)[::-1][: min(N, D)]\n"
        "    S, Vt = np.sqrt(np.clip(lam[order], 0.0, None)), V[:, order].T",
    ),
    Mutant(
        "pca with a sign convention (largest |entry| of each component positive)",
        "q1_pca",
        "components = Vt[:K].copy()",
        "components = Vt[:K] * np.sign(Vt[:K][np.arange(K), np.argmax(np.abs(Vt[:K]), axis=1)])"
        "[:, None]",
    ),
    Mutant(
        "pca with every component's sign flipped",
        "q1_pca",
        "components = Vt[:K].copy()",
        "components = -Vt[:K]",
    ),
    Mutant(
        "pca_error from the dropped singular values",
        "q2_reconstruct",
        "_, _, Vt = np.linalg.svd(Xc, full_matrices=False)\n"
        "    V = Vt[:K]\n"
        "    return float(np.sum((Xc - Xc @ V.T @ V) ** 2))",
        "S = np.linalg.svd(Xc, compute_uv=False)\n    return float(np.sum(S[K:] ** 2))",
    ),
    Mutant(
        "reconstruction by einsum",
        "q2_reconstruct",
        "return np.asarray(Z, dtype=np.float64) @ np.asarray(components, dtype=np.float64) + mean",
        'return np.einsum("nk,kd->nd", np.asarray(Z, dtype=np.float64), components) + mean',
    ),
    Mutant(
        "svd_compress as a sum of k outer products",
        "q3_svd_compress",
        "return (U[:, :k] * S[:k]) @ Vt[:k]",
        "return sum(S[i] * np.outer(U[:, i], Vt[i]) for i in range(k))",
    ),
    Mutant(
        "svd_compress with the full SVD and np.diag",
        "q3_svd_compress",
        "U, S, Vt = np.linalg.svd(A, full_matrices=False)\n    return (U[:, :k] * S[:k]) @ Vt[:k]",
        "U, S, Vt = np.linalg.svd(A)\n    return U[:, :k] @ np.diag(S[:k]) @ Vt[:k, :]",
    ),
    Mutant(
        "t-SNE affinities row by row, KL with np.where under errstate",
        "q4_tsne",
        "    logits = -D2 / (2.0 * np.asarray(sigmas, dtype=np.float64)[:, None] ** 2)\n"
        "    np.fill_diagonal(logits, -np.inf)\n"
        "    E = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    cond = E / E.sum(axis=1, keepdims=True)\n",
        "    cond = np.zeros((N, N))\n"
        "    for i in range(N):\n"
        "        others = np.arange(N) != i\n"
        "        z = -D2[i, others] / (2.0 * float(sigmas[i]) ** 2)\n"
        "        e = np.exp(z - z.max())\n"
        "        cond[i, others] = e / e.sum()\n",
    ),
    Mutant(
        "KL with np.where under np.errstate",
        "q4_tsne",
        "    keep = P > 0\n    return float(np.sum(P[keep] * np.log(P[keep] / Q[keep])))",
        '    with np.errstate(divide="ignore", invalid="ignore"):\n'
        "        terms = np.where(P > 0, P * np.log(P / Q), 0.0)\n"
        "    return float(np.sum(terms))",
    ),
    Mutant(
        "k-NN vote with collections.Counter.most_common",
        "q5_knn",
        "        counts = {}\n"
        "        for label in near:\n"
        "            counts[label] = counts.get(label, 0) + 1\n"
        "        best = max(counts.values())\n"
        "        out[i] = next(label for label in near if counts[label] == best)",
        "        import collections\n\n"
        "        out[i] = collections.Counter(near.tolist()).most_common(1)[0][0]",
    ),
    Mutant(
        "k-NN with all distances at once and Euclidean norms",
        "q5_knn",
        "        d2 = np.sum((X_train - x) ** 2, axis=1)",
        "        d2 = np.linalg.norm(X_train - x, axis=1)",
    ),
    Mutant(
        "k-means with a loop over the centres and np.linalg.norm",
        "q6_kmeans",
        "    d2 = np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=-1)\n"
        "    labels = np.argmin(d2, axis=1).astype(np.int64)",
        "    d2 = np.stack([np.linalg.norm(X - c, axis=1) ** 2 for c in centers], axis=1)\n"
        "    labels = np.argmin(d2, axis=1).astype(np.int64)",
    ),
    Mutant(
        "t-SNE squared distances by the expansion |x|^2 + |y|^2 - 2 x.y",
        "q4_tsne",
        "    D2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)\n    logits",
        "    sq = np.sum(X**2, axis=1)\n"
        "    D2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * X @ X.T, 0.0)\n    logits",
    ),
    Mutant(
        "k-NN squared distances by the expansion, all new points at once",
        "q5_knn",
        "        d2 = np.sum((X_train - x) ** 2, axis=1)",
        "        d2 = np.sum(X_train**2, axis=1) - 2.0 * X_train @ x + x @ x",
    ),
    Mutant(
        "k-means squared distances by the expansion (as scikit-learn computes them)",
        "q6_kmeans",
        "np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=-1)",
        "(np.sum(X**2, axis=1)[:, None] - 2.0 * X @ centers.T + np.sum(centers**2, axis=1))",
    ),
]

VARIANTS = [
    # q1
    Mutant(
        "q1 no-mutation: centres X in place",
        "q1_pca",
        "Xc = X - X.mean(axis=0)",
        "X -= X.mean(axis=0)\n    Xc = X",
    ),
    Mutant(
        "q1 raises-k: accepts K up to D even when N < D",
        "q1_pca",
        "if not 1 <= K <= min(N, D):",
        "if not 1 <= K <= D:",
    ),
    Mutant(
        "q1 raises-k: rejects K = min(N, D)",
        "q1_pca",
        "if not 1 <= K <= min(N, D):",
        "if not 1 <= K < min(N, D):",
    ),
    Mutant(
        "q1 sign: components flipped after Z was computed",
        "q1_pca",
        "return components, S[:K] ** 2 / N, Xc @ components.T",
        "return -components, S[:K] ** 2 / N, Xc @ components.T",
    ),
    Mutant(
        "q1 variances: all min(N, D) variances instead of the first K",
        "q1_pca",
        "S[:K] ** 2 / N",
        "S ** 2 / N",
    ),
    Mutant(
        "q1 raises-k: the message does not name K",
        "q1_pca",
        'raise ValueError(f"K must satisfy 1 <= K <= min(N, D) = {min(N, D)}, got K = {K}")',
        'raise ValueError("too many components")',
    ),
    # q2
    Mutant(
        "q2 error-float: returns a NumPy scalar",
        "q2_reconstruct",
        "return float(np.sum((Xc - Xc @ V.T @ V) ** 2))",
        "return np.sum((Xc - Xc @ V.T @ V) ** 2)",
    ),
    Mutant(
        "q2 error: mean squared error per example (divides by N)",
        "q2_reconstruct",
        "return float(np.sum((Xc - Xc @ V.T @ V) ** 2))",
        "return float(np.sum((Xc - Xc @ V.T @ V) ** 2) / X.shape[0])",
    ),
    Mutant(
        "q2 no-mutation: pca_error centres X in place",
        "q2_reconstruct",
        "Xc = X - X.mean(axis=0)",
        "X -= X.mean(axis=0)\n    Xc = X",
    ),
    Mutant(
        "q2 reconstruct-shape: returns the transpose (D, N)",
        "q2_reconstruct",
        "return np.asarray(Z, dtype=np.float64) @ np.asarray(components, dtype=np.float64) + mean",
        "return np.asarray(components, dtype=np.float64).T @ np.asarray(Z, dtype=np.float64).T"
        " + np.asarray(mean)[:, None]",
    ),
    # q3
    Mutant(
        "q3 raises-k: k above min(H, W) silently keeps every layer",
        "q3_svd_compress",
        "    if not 1 <= k <= min(A.shape):\n"
        '        raise ValueError(f"k must satisfy 1 <= k <= min(H, W) = {min(A.shape)}, '
        'got k = {k}")\n',
        "",
    ),
    Mutant(
        "q3 raises-k: k = 0 accepted (returns zeros)",
        "q3_svd_compress",
        "if not 1 <= k <= min(A.shape):",
        "if not 0 <= k <= min(A.shape):",
    ),
    Mutant(
        "q3 no-centring: SVD of the centred image, mean added back",
        "q3_svd_compress",
        "    U, S, Vt = np.linalg.svd(A, full_matrices=False)\n"
        "    return (U[:, :k] * S[:k]) @ Vt[:k]",
        "    mu = A.mean(axis=0)\n"
        "    U, S, Vt = np.linalg.svd(A - mu, full_matrices=False)\n"
        "    return (U[:, :k] * S[:k]) @ Vt[:k] + mu",
    ),
    Mutant(
        "q3 integer-input: computes in float32",
        "q3_svd_compress",
        "A = np.asarray(img, dtype=np.float64)",
        "A = np.asarray(img, dtype=np.float32)",
    ),
    Mutant(
        "q3 size-int: returns a NumPy int64",
        "q3_svd_compress",
        "return int(k * (H + W + 1))",
        "return np.int64(k) * (H + W + 1)",
    ),
    # q4
    Mutant(
        "q4 sigma-row: sigma_j of the column instead of sigma_i of the row",
        "q4_tsne",
        "np.asarray(sigmas, dtype=np.float64)[:, None] ** 2",
        "np.asarray(sigmas, dtype=np.float64)[None, :] ** 2",
    ),
    Mutant(
        "q4 p-conditional: sigma instead of sigma squared",
        "q4_tsne",
        "np.asarray(sigmas, dtype=np.float64)[:, None] ** 2",
        "np.asarray(sigmas, dtype=np.float64)[:, None]",
    ),
    Mutant(
        "q4 p-stable: guards the row sum instead of subtracting the maximum",
        "q4_tsne",
        "    E = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "    cond = E / E.sum(axis=1, keepdims=True)",
        "    E = np.exp(logits)\n    cond = E / np.maximum(E.sum(axis=1, keepdims=True), 1e-300)",
    ),
    Mutant(
        "q4 kl-zero: only the diagonal is skipped (0 * log 0 = NaN off the diagonal)",
        "q4_tsne",
        "keep = P > 0",
        "keep = ~np.eye(P.shape[0], dtype=bool)",
    ),
    Mutant(
        "q4 kl-no-warnings: np.where evaluates log(0) everywhere",
        "q4_tsne",
        "    keep = P > 0\n    return float(np.sum(P[keep] * np.log(P[keep] / Q[keep])))",
        "    return float(np.sum(np.where(P > 0, P * np.log(P / Q), 0.0)))",
    ),
    Mutant(
        "q4 kl-float: returns a NumPy float64",
        "q4_tsne",
        "return float(np.sum(P[keep] * np.log(P[keep] / Q[keep])))",
        "return np.sum(P[keep] * np.log(P[keep] / Q[keep]))",
    ),
    Mutant(
        "q4 q-value: distances instead of squared distances in the Student-t kernel",
        "q4_tsne",
        "W = 1.0 / (1.0 + D2)",
        "W = 1.0 / (1.0 + np.sqrt(D2))",
    ),
    Mutant(
        "q4 q-sum: Q normalised per row",
        "q4_tsne",
        "return W / W.sum()",
        "return W / W.sum(axis=1, keepdims=True)",
    ),
    # q5
    Mutant(
        "q5 distance-ties: sorted(zip(d, y)) breaks equal distances by label, not index",
        "q5_knn",
        'near = y_train[np.argsort(d2, kind="stable")[:k]]',
        "near = np.array([lab for _, lab in sorted(zip(d2.tolist(), y_train.tolist()))[:k]])",
    ),
    Mutant(
        "q5 vote-ties: ties go to the largest label",
        "q5_knn",
        "out[i] = next(label for label in near if counts[label] == best)",
        "out[i] = max(label for label in near if counts[label] == best)",
    ),
    Mutant(
        "q5 vote-ties: ties go to the farthest of the tied labels' neighbours",
        "q5_knn",
        "out[i] = next(label for label in near if counts[label] == best)",
        "out[i] = next(label for label in near[::-1] if counts[label] == best)",
    ),
    Mutant(
        "q5 raises-k: k > N silently uses every training point",
        "q5_knn",
        "if not 1 <= k <= X_train.shape[0]:",
        "if k < 1:",
    ),
    Mutant(
        "q5 dtype-shape: labels keep the dtype of y_train",
        "q5_knn",
        "out = np.empty(X_new.shape[0], dtype=np.int64)",
        "out = np.empty(X_new.shape[0], dtype=y_train.dtype)",
    ),
    # q6
    Mutant(
        "q6 no-mutation: updates init_centers in place",
        "q6_kmeans",
        "centers = np.array(init_centers, dtype=np.float64)",
        "centers = np.asarray(init_centers, dtype=np.float64)",
    ),
    Mutant(
        "q6 assign-ties: ties go to the largest centre index (<= in a loop)",
        "q6_kmeans",
        "np.argmin(d2, axis=1)",
        "(d2.shape[1] - 1 - np.argmin(d2[:, ::-1], axis=1))",
    ),
    Mutant(
        "q6 n-iter-zero: at least one iteration",
        "q6_kmeans",
        "for _ in range(n_iter):",
        "for _ in range(max(n_iter, 1)):",
    ),
    Mutant(
        "q6 lloyd: iterates to convergence, ignoring n_iter",
        "q6_kmeans",
        "for _ in range(n_iter):",
        "for _ in range(100):",
    ),
    Mutant(
        "q6 inertia: mean squared distance (divides by N)",
        "q6_kmeans",
        "float(np.sum(d2[np.arange(X.shape[0]), labels]))",
        "float(np.mean(d2[np.arange(X.shape[0]), labels]))",
    ),
    Mutant(
        "q6 dtype-shape: labels returned as float64",
        "q6_kmeans",
        "labels = np.argmin(d2, axis=1).astype(np.int64)",
        "labels = np.argmin(d2, axis=1).astype(np.float64)\n"
        "    idx = labels.astype(np.int64)\n"
        "    return centers, labels, float(np.sum(d2[np.arange(X.shape[0]), idx]))",
    ),
    Mutant(
        "q6 empty-cluster: an empty centre jumps to the farthest point (scikit-learn's rule)",
        "q6_kmeans",
        "            if members.any():\n                centers[j] = X[members].mean(axis=0)",
        "            if members.any():\n                centers[j] = X[members].mean(axis=0)\n"
        "            else:\n                centers[j] = X[np.argmax(d2.min(axis=1))]",
    ),
]
