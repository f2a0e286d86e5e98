"""Reference solutions reproduce the catalogs' verified values and the libraries they mirror."""

from __future__ import annotations

import pytest

from autograder.course import Assignment
from tests.helpers import ROOT


def test_05_reference_reproduces_the_catalog_values() -> None:
    """Verified values of the catalogs (ML ch. 6.2, calculus seed 001-5..001-7)."""
    import numpy as np
    import torch

    ref = Assignment.load("05_neural_networks", ROOT).reference_module
    gates = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(
        ref.gate_forward(np.array([-1.0, 2.0, 2.0]), gates),
        [0.268941, 0.731059, 0.731059, 0.952574],
        atol=5e-7,
    )
    hidden, out = ref.xor_net(
        gates, np.array([[1.5, -3.0], [-2.0, 2.0], [-2.0, 2.0]]), np.array([1.5, -2.0, -2.0])
    )
    np.testing.assert_allclose(hidden[0], [1.0, 0.81757448, 0.04742587], rtol=1e-7)
    np.testing.assert_allclose(out, [0.44275197, 0.55157486, 0.55157486, 0.47157231], rtol=1e-7)
    assert list((out >= 0.5).astype(int)) == [0, 1, 1, 0]

    params0 = ref.init_params(0.1, (1, 3, 1), 0)
    np.testing.assert_allclose(params0[0].numpy().ravel(), [0.176, 0.040, 0.098], atol=5e-4)
    np.testing.assert_allclose(params0[2].numpy().ravel(), [0.095, -0.015, -0.010], atol=5e-4)
    x = torch.linspace(0.0, 1.0, 50, dtype=torch.float64).reshape(-1, 1)
    params, losses = ref.train_adam(params0, x, x ** (1.0 / 3.0))
    assert losses[0] == pytest.approx(0.02252298981875618, rel=1e-12)
    assert losses[100] == pytest.approx(0.00010016662197145352, rel=1e-10)
    assert len(losses) - 1 == 198 and losses[-1] < 2e-5 <= losses[-2]
    np.testing.assert_allclose(params[0].numpy().ravel(), [33.09, 2.896, -0.893], atol=6e-3)
    np.testing.assert_allclose(params[3].numpy(), [-0.306], atol=6e-4)
    at_ten = float(ref.mlp_tanh(params, torch.tensor([[10.0]], dtype=torch.float64)))
    assert at_ten == pytest.approx(1.252, abs=5e-4)


def test_06_reference_agrees_with_torch() -> None:
    """The NumPy references of conv2d, pool2d and conv_transpose2d reproduce PyTorch."""
    import numpy as np
    import torch
    import torch.nn.functional as F

    ref = Assignment.load("06_cnn", ROOT).reference_module
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 3, 9, 8)), rng.normal(size=(4, 3, 3, 2))
    for s, p, d in [(1, 0, 1), (2, 1, 1), (3, 2, 2)]:
        want = F.conv2d(torch.tensor(x), torch.tensor(w), stride=s, padding=p, dilation=d)
        np.testing.assert_allclose(ref.conv2d(x, w, None, s, p, d), want.numpy(), 1e-12, 1e-12)
    np.testing.assert_array_equal(ref.pool2d(x, 3, 2), F.max_pool2d(torch.tensor(x), 3, 2))
    wt = rng.normal(size=(3, 2, 3, 4))
    want = F.conv_transpose2d(torch.tensor(x), torch.tensor(wt), stride=2, padding=1)
    np.testing.assert_allclose(ref.conv_transpose2d(x, wt, 2, 1), want.numpy(), 1e-12, 1e-12)
    assert ref.pool_output_size(26, 3) == 8  # the lecture printout's 12 is an erratum
