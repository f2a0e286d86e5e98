"""Public checks for 09_dimensionality_reduction: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, shapes and edge cases.
"""

from typing import Any

import numpy as np
from sklearn.datasets import make_blobs

from autograder.authoring import Call, ThresholdCheck, Tolerance, ValueCheck

TIGHT = Tolerance(1e-8, 1e-10)

# The 8 points of the worked example: covariance [[1.5, 0.5], [0.5, 1.0]], mean (3, -1).
X_EX = np.array(
    [[2, 1], [1, 1], [1, -1], [0, 1], [-2, -1], [-1, -1], [-1, 1], [0, -1]], dtype=np.float64
) + np.array([3.0, -1.0])
GOLDEN = np.array([[1.0, (np.sqrt(5.0) - 1.0) / 2.0]]) / np.sqrt(
    1.0 + ((np.sqrt(5.0) - 1) / 2) ** 2
)


def first_component_distance(components: Any) -> float:
    """min(max|c - v|, max|c + v|) for the golden-ratio direction v: either sign is right."""
    if not isinstance(components, np.ndarray) or components.shape != (1, 2):
        raise ValueError("components must be an array of shape (K, D) = (1, 2)")
    return float(min(np.abs(components - GOLDEN).max(), np.abs(components + GOLDEN).max()))


def _z_ex() -> tuple[np.ndarray, np.ndarray]:
    return (GOLDEN, (X_EX - X_EX.mean(axis=0)) @ GOLDEN.T)


A_EX = np.array([[3.0, 2.0, 2.0], [2.0, 3.0, -2.0]])
X_TSNE = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]])
Y_TSNE = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
P_TSNE = np.array(
    [
        [0.0, 0.2830619257, 0.1341474758],
        [0.2830619257, 0.0, 0.0827905985],
        [0.1341474758, 0.0827905985, 0.0],
    ]
)
Q_TSNE = np.array([[0.0, 0.1875, 0.1875], [0.1875, 0.0, 0.125], [0.1875, 0.125, 0.0]])
X_KNN, Y_KNN = make_blobs(n_samples=40, centers=2, cluster_std=0.70, random_state=4)
X_KM, _ = make_blobs(n_samples=300, centers=4, cluster_std=0.8, random_state=0)
INIT_KM = X_KM[[2, 0, 6, 1]]


PUBLIC = {
    "q1_pca": [
        ValueCheck(
            name="variances of the worked example: (5 + sqrt 5)/4 and (5 - sqrt 5)/4",
            covers=("worked-example", "variances"),
            hidden=False,
            tol=TIGHT,
            part=(1,),
            call=Call("pca", (X_EX, 2)),
        ),
        ThresholdCheck(
            name="first component of the worked example: the golden-ratio direction, either sign",
            what="the distance of the component to +-(0.85065081, 0.52573111)",
            covers=("worked-example", "components"),
            hidden=False,
            call=Call("pca", (X_EX, 1)),
            params=((0,),),
            loss=first_component_distance,
            threshold=1e-8,
        ),
    ],
    "q2_reconstruct": [
        ValueCheck(
            name="pca_error of the worked example with K = 1: 8 * 0.69098301",
            covers=("worked-example", "error", "eckart-young"),
            hidden=False,
            tol=TIGHT,
            call=Call("pca_error", (X_EX, 1)),
        ),
        ValueCheck(
            name="reconstruction of the worked example from its first component",
            covers=("reconstruct",),
            hidden=False,
            tol=TIGHT,
            call=Call("pca_reconstruct", (_z_ex()[1], _z_ex()[0], X_EX.mean(axis=0))),
        ),
    ],
    "q3_svd_compress": [
        ValueCheck(
            name="rank 1 of [[3, 2, 2], [2, 3, -2]] is [[2.5, 2.5, 0], [2.5, 2.5, 0]]",
            covers=("value",),
            hidden=False,
            tol=Tolerance(1e-10, 1e-12),
            call=Call("svd_compress", (A_EX, 1)),
        ),
        ValueCheck(
            name="compressed_size((512, 512), 20) = 20500",
            covers=("size",),
            hidden=False,
            tol=Tolerance(0.0, 0.0),
            call=Call("compressed_size", ((512, 512), 20)),
        ),
    ],
    "q4_tsne": [
        ValueCheck(
            name="P of the worked example",
            covers=("p-conditional", "p-symmetric"),
            hidden=False,
            tol=TIGHT,
            call=Call("tsne_affinities", (X_TSNE, np.ones(3))),
        ),
        ValueCheck(
            name="Q of the worked example",
            covers=("q-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("tsne_q", (Y_TSNE,)),
        ),
        ValueCheck(
            name="KL(P || Q) of the worked example",
            covers=("worked-example", "kl-value"),
            hidden=False,
            tol=TIGHT,
            call=Call("kl", (P_TSNE, Q_TSNE)),
        ),
    ],
    "q5_knn": [
        *(
            ValueCheck(
                name=f"the lecture's blobs, new point (9, 2.9), k = {k}",
                covers=("worked-example", "vote", "vote-ties"),
                hidden=False,
                tol=Tolerance(0.0, 0.0),
                call=Call("knn_predict", (X_KNN, Y_KNN, np.array([[9.0, 2.9]]), k)),
            )
            for k in (1, 2, 3, 5)
        ),
    ],
    "q6_kmeans": [
        ValueCheck(
            name="inertia after 3 iterations from X[[2, 0, 6, 1]] (370.125)",
            covers=("lloyd", "inertia"),
            hidden=False,
            tol=TIGHT,
            part=(2,),
            call=Call("kmeans", (X_KM, INIT_KM, 3)),
        ),
        ValueCheck(
            name="centres after 10 iterations from X[[2, 0, 6, 1]] (inertia 369.528)",
            covers=("worked-example", "lloyd"),
            hidden=False,
            tol=TIGHT,
            call=Call("kmeans", (X_KM, INIT_KM, 10)),
        ),
    ],
}
