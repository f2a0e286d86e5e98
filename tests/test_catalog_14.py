"""14_hyperparameter_search: the reference reproduces every number the notebook quotes.

The catalog's verified fact quoted in the notebook (section 1.2 of the calculus/autodiff/kernels
catalog: scikit-learn renamed GradientBoostingRegressor's losses 'ls' and 'lad', and the old
names now raise InvalidParameterError) and the notebook's own derivations: the worked examples
of each question and the cross-validated MAE of ridge on the raw diabetes data. In process, no
sandbox; well under a second.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.utils._param_validation import InvalidParameterError

from autograder.course import Assignment
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    return Assignment.load("14_hyperparameter_search", ROOT).reference_module


def bowl(theta: np.ndarray) -> float:
    return float((np.log10(theta[0]) - 0.5) ** 2 + (theta[1] - 0.25) ** 2)


@pytest.mark.parametrize("loss", ["ls", "lad"])
def test_the_old_loss_names_are_refused(loss: str) -> None:
    with pytest.raises(InvalidParameterError):
        GradientBoostingRegressor(loss=loss, n_estimators=2).fit(np.eye(4), np.arange(4.0))


@pytest.mark.parametrize("loss", ["squared_error", "absolute_error"])
def test_the_new_loss_names_are_accepted(loss: str) -> None:
    GradientBoostingRegressor(loss=loss, n_estimators=2).fit(np.eye(4), np.arange(4.0))


def test_kfold_worked_example(ref: ModuleType) -> None:
    folds = ref.kfold_indices(7, 3)
    assert [t.tolist() for _, t in folds] == [[0, 1, 2], [3, 4], [5, 6]]
    assert folds[0][0].tolist() == [3, 4, 5, 6]
    folds = ref.kfold_indices(7, 3, np.array([3, 6, 0, 5, 1, 4, 2]))
    assert [t.tolist() for _, t in folds] == [[0, 3, 6], [1, 5], [2, 4]]
    assert folds[0][0].tolist() == [1, 2, 4, 5]
    assert [len(t) for _, t in ref.kfold_indices(442, 5)] == [89, 89, 88, 88, 88]


def test_scaler_and_ridge_worked_examples(ref: ModuleType) -> None:
    mean, scale = ref.zscore_fit(np.array([[1.0, 5.0], [2.0, 5.0], [4.0, 5.0]]))
    np.testing.assert_allclose(mean, [7 / 3, 5.0], rtol=1e-14)
    np.testing.assert_allclose(scale, [1.24721913, 1.0], rtol=1e-8)
    w, b = ref.ridge_fit(np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1.0, 3, 2, 5]), 1.0)
    np.testing.assert_allclose(w, [11 / 12], rtol=1e-14)
    assert b == pytest.approx(1.375, rel=1e-14)


def test_cross_validated_mae_of_ridge_on_diabetes(ref: ModuleType) -> None:
    X, y = load_diabetes(return_X_y=True, scaled=False)
    folds = ref.kfold_indices(442, 5)
    assert ref.cv_mae(X, y, folds, 1.0) == pytest.approx(44.26465395, abs=5e-9)
    assert ref.cv_mae(X, y, folds, 100.0) == pytest.approx(45.18812161, abs=5e-9)
    mean, scale = ref.zscore_fit(X)  # the leak: one scaler for all 442 patients
    Z = (X - mean) / scale
    leaky = []
    for train, test in folds:
        w, b = ref.ridge_fit(Z[train], y[train], 1.0)
        leaky.append(np.mean(np.abs(y[test] - Z[test] @ w - b)))
    assert float(np.mean(leaky)) == pytest.approx(44.26416358, abs=5e-9)


def test_search_worked_examples(ref: ModuleType) -> None:
    grids = [np.array([0.1, 1.0, 10.0, 100.0]), np.array([0.0, 0.5, 1.0])]
    best, value, values = ref.grid_search(bowl, grids)
    np.testing.assert_array_equal(best, [1.0, 0.0])
    assert value == pytest.approx(0.3125, rel=1e-14)
    assert np.sum(values == values.min()) == 4  # (1, 0), (1, 0.5), (10, 0), (10, 0.5)
    space = (np.array([[1e-3, 1e3], [-1.0, 1.0]]), np.array([True, False]), 3)
    U = np.random.default_rng(0).random((3, 2))
    np.testing.assert_allclose(
        U, [[0.63696169, 0.26978671], [0.04097352, 0.01652764], [0.81327024, 0.91275558]], atol=5e-9
    )
    configs = ref.sample_configs(*space, np.random.default_rng(0))
    np.testing.assert_allclose(
        configs,
        [[6.63391838, -0.46042657], [0.00176133, -0.96694473], [75.79166280, 0.82551116]],
        atol=5e-9,
    )
    best, value, _, _ = ref.random_search(bowl, *space, np.random.default_rng(0))
    np.testing.assert_allclose(best, configs[0])
    assert value == pytest.approx(0.60824193, abs=5e-9)


def test_expected_improvement_worked_example(ref: ModuleType) -> None:
    mu, sigma = np.array([0.2, 0.5, 1.0, 0.3]), np.array([0.1, 0.3, 0.0, 0.0])
    np.testing.assert_allclose(
        ref.expected_improvement(mu, sigma, 0.5, 0.01),
        [0.29005417, 0.11474917, 0.0, 0.19],
        atol=5e-9,
    )
    z = np.array([-1.0, 0.5, 0.0, 2.0, -0.3])
    np.testing.assert_allclose(
        ref.ei_monte_carlo(mu, sigma, 0.5, 0.01, z=z), [0.266, 0.074, 0.0, 0.19], atol=1e-12
    )


def test_gp_and_bo_step_worked_example(ref: ModuleType) -> None:
    x, y = np.array([0.0, 0.5, 1.0]), np.array([1.0, 0.2, 0.6])
    mu, sd = ref.gp_posterior(x, y, np.array([0.25, 0.75, 2.0]), 0.3, 1.0, 1e-8)
    np.testing.assert_allclose(mu, [0.58609724, 0.31998393, 0.60053921], atol=5e-9)
    np.testing.assert_allclose(sd, [0.43597108, 0.43597108, 0.99999201], atol=5e-9)
    mu, sd = ref.gp_posterior(x, y, x, 0.3, 1.0, 1e-8)
    np.testing.assert_allclose(mu, y, atol=1e-7)
    np.testing.assert_allclose(sd, 1e-4, rtol=1e-2)
    index, _ = ref.bo_step(
        x, y, np.array([0.1, 0.4, 0.7, 1.5]), 0.3, 1.0, 1e-8, lambda m, s, f: 2 * s - m
    )
    assert index == 3
