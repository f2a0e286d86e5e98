"""Hidden suite for 07_rnn.

Inputs differ from the notebook's worked examples: other sizes (n_x, n_h and n_y all different,
n_y > 1 so that a mean over the outputs differs from a sum), nonzero biases and initial states,
sequence lengths that the truncation length does not divide, and other sine data and initial
weights for the training run. Several checks compare with torch itself on the trusted side:
the NumPy forward pass against torch.nn.RNN, the BPTT gradients against autograd (with
``detach()`` every k steps for truncated BPTT) and the stacked LSTM weights loaded into
torch.nn.LSTMCell.

Edge cases the task text names: a sequence of length 0, sizes of 0 and below in the parameter
count, k = 0 and k < 0, k = T and k > T, a global norm exactly at the threshold, all-zero
gradients, NaN and inf gradients, g_max = 0, pre-activations of +-800 in the gated cells, a
batch of inputs, steps = 0 in training and n = 0 in the continuation.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import torch

from autograder.authoring import (
    Call,
    FiniteDifferenceCheck,
    FlagsCheck,
    NoMutationCheck,
    NoWarningsCheck,
    Question,
    RaisesCheck,
    ShapeCheck,
    ThresholdCheck,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(7_2026)
TIGHT = Tolerance(1e-9, 1e-12)
tight_value = partial(ValueCheck, tol=TIGHT)  # float64 closed forms: most value checks
EXACT = Tolerance(0.0, 0.0)


def _array(value: object) -> np.ndarray:
    if not isinstance(value, np.ndarray):
        raise TypeError(f"expected an array, got {type(value).__name__}")
    return np.asarray(value, dtype=np.float64)


def _rnn_params(
    n_h: int, n_x: int, n_y: int, scale_h: float = 0.6
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    return (
        scale_h * rng.normal(size=(n_h, n_h)),
        rng.normal(size=(n_h, n_x)),
        rng.normal(size=(n_y, n_h)),
        0.4 * rng.normal(size=n_h),
    )


# -- q1 ---------------------------------------------------------------------------------------
P1 = _rnn_params(5, 3, 2)
XS1 = rng.normal(size=(9, 3))
H01 = 0.5 * rng.normal(size=5)
XS1_BIG = 40.0 * rng.normal(size=(6, 3))
XS1_T = rng.normal(size=(7, 3))
FWD1 = Call("rnn_forward", (*P1, XS1, H01))


def torch_rnn_gap(hs: object) -> float:
    """Largest |hs - torch.nn.RNN output| for P1, XS1, H01 (torch's layer with copied weights)."""
    got = _array(hs)
    Wh, Wx, _, b = P1
    layer = torch.nn.RNN(3, 5, dtype=torch.float64)
    weights = dict(layer.named_parameters())
    with torch.no_grad():
        weights["weight_ih_l0"].copy_(torch.tensor(Wx))
        weights["weight_hh_l0"].copy_(torch.tensor(Wh))
        weights["bias_ih_l0"].copy_(torch.tensor(b))
        weights["bias_hh_l0"].zero_()
        out, _ = layer(torch.tensor(XS1), torch.tensor(H01).reshape(1, 5))
    want = out.numpy()
    if got.shape != want.shape:
        raise ValueError(f"hs has shape {got.shape}")
    return float(np.max(np.abs(got - want)))


q1 = Question(
    "q1_rnn_forward",
    points=3,
    title="The vanilla RNN: forward pass, torch.nn.RNN and the parameter count",
    checks=(
        tight_value(
            name="rnn_forward with n_h = 5, n_x = 3, n_y = 2, T = 9, nonzero b and h0",
            covers=("forward-value", "h0", "output-linear", "hs-layout"),
            call=FWD1,
        ),
        ThresholdCheck(
            name="rnn_forward's hidden states against torch.nn.RNN with the same weights",
            covers=("forward-value", "hs-layout"),
            call=FWD1,
            params=((0,),),
            loss=torch_rnn_gap,
            threshold=1e-10,
            what="the largest |hs - torch.nn.RNN output|",
        ),
        tight_value(
            name="rnn_forward with large inputs (saturated tanh)",
            covers=("forward-value",),
            call=Call("rnn_forward", (*P1, XS1_BIG, H01)),
        ),
        ShapeCheck(
            name="rnn_forward returns (hs, ys) of float64 arrays",
            covers=("shapes-dtype",),
            expect="the tuple (hs, ys): float64 arrays (T, n_h) and (T, n_y)",
            call=FWD1,
        ),
        ValueCheck(
            name="rnn_forward on a sequence of length 0",
            covers=("empty",),
            tol=EXACT,
            call=Call("rnn_forward", (*P1, np.zeros((0, 3)), H01)),
        ),
        NoMutationCheck(
            name="rnn_forward does not modify its arguments",
            covers=("no-mutation",),
            call=FWD1,
        ),
        tight_value(
            name="rnn_forward_torch with n_x = 3, n_h = 5, T = 7",
            covers=("torch-value", "torch-mapping"),
            call=Call("rnn_forward_torch", (P1[0], P1[1], P1[3], XS1_T, H01)),
        ),
        FlagsCheck(
            name="rnn_forward_torch returns a detached float64 tensor",
            covers=("torch-return",),
            python_type="Tensor",
            dtype="float64",
            requires_grad=False,
            call=Call("rnn_forward_torch", (P1[0], P1[1], P1[3], XS1_T, H01)),
        ),
        ShapeCheck(
            name="rnn_forward_torch returns the output (T, n_h)",
            covers=("torch-return",),
            expect="a float64 tensor (T, n_h)",
            call=Call("rnn_forward_torch", (P1[0], P1[1], P1[3], XS1_T, H01)),
        ),
        ValueCheck(
            name="rnn_param_count(7, 3, 2)",
            covers=("count-value",),
            tol=EXACT,
            call=Call("rnn_param_count", (7, 3, 2)),
        ),
        ValueCheck(
            name="rnn_param_count(64, 10, 5) with two_biases=True",
            covers=("count-value", "two-biases"),
            tol=EXACT,
            call=Call("rnn_param_count", (64, 10, 5), {"two_biases": True}),
        ),
        ValueCheck(
            name="rnn_param_count(1, 1, 1)",
            covers=("count-value",),
            tol=EXACT,
            call=Call("rnn_param_count", (1, 1, 1)),
        ),
        FlagsCheck(
            name="rnn_param_count returns a Python int",
            covers=("count-int",),
            python_type="int",
            call=Call("rnn_param_count", (7, 3, 2)),
        ),
        RaisesCheck(
            name="rnn_param_count with n_x = 0 raises ValueError naming n_x",
            covers=("count-raises",),
            exception="ValueError",
            match=r"n_x",
            says="the offending argument n_x",
            call=Call("rnn_param_count", (6, 0, 2)),
        ),
        RaisesCheck(
            name="rnn_param_count with a negative n_h raises ValueError naming n_h",
            covers=("count-raises",),
            exception="ValueError",
            match=r"n_h",
            says="the offending argument n_h",
            call=Call("rnn_param_count", (-3, 4, 2)),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
P2 = _rnn_params(4, 3, 2)
XS2, YS2 = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
H02 = 0.6 * rng.normal(size=4)
NAMES = ("Wh", "Wx", "Wy", "b")
P2_BIG = (3.0 * P2[0], 3.0 * P2[1], P2[2], P2[3])


def autograd_grads(
    params: tuple[np.ndarray, ...], xs: np.ndarray, ys: np.ndarray, h0: np.ndarray, k: int
) -> list[np.ndarray]:
    """Autograd of the time-summed loss, with h.detach() before steps k + 1, 2k + 1, ..."""
    leaves = [torch.tensor(p, requires_grad=True) for p in params]
    Wh, Wx, Wy, b = leaves
    h = torch.tensor(h0)
    loss = torch.zeros(())
    for t in range(xs.shape[0]):
        if t > 0 and t % k == 0:
            h = h.detach()
        h = torch.tanh(Wh @ h + Wx @ torch.tensor(xs[t]) + b)
        loss = loss + torch.mean((Wy @ h - torch.tensor(ys[t])) ** 2)
    grads = torch.autograd.grad(loss, leaves)
    return [g.numpy() for g in grads]


def _gap(got: tuple[object, ...], want: list[np.ndarray]) -> float:
    worst = 0.0
    for g, w in zip(got, want, strict=True):
        arr = _array(g)
        if arr.shape != w.shape:
            raise ValueError(f"a gradient has shape {arr.shape}")
        worst = max(worst, float(np.max(np.abs(arr - w)) / (1.0 + np.max(np.abs(w)))))
    return worst


AUTOGRAD2 = autograd_grads(P2, XS2, YS2, H02, 10**6)


def bptt_vs_autograd(*grads: object) -> float:
    return _gap(grads, AUTOGRAD2)


BPTT2 = Call("bptt", (P2, XS2, YS2, H02))
q2 = Question(
    "q2_bptt",
    points=4,
    title="Backpropagation through time",
    checks=(
        tight_value(
            name="rnn_loss with n_y = 2 outputs and T = 8",
            covers=("loss-value", "sum-over-time", "self-contained"),
            call=Call("rnn_loss", (P2, XS2, YS2, H02)),
        ),
        FlagsCheck(
            name="rnn_loss returns a Python float",
            covers=("loss-float",),
            python_type="float",
            call=Call("rnn_loss", (P2, XS2, YS2, H02)),
        ),
        tight_value(
            name="bptt with n_h = 4, n_x = 3, n_y = 2, T = 8, nonzero h0",
            covers=("grad-value", "grad-h0", "self-contained"),
            weight=2.0,
            call=BPTT2,
        ),
        ThresholdCheck(
            name="bptt against torch's autograd of the same loss",
            covers=("autograd", "grad-value"),
            call=BPTT2,
            params=((0,), (1,), (2,), (3,)),
            loss=bptt_vs_autograd,
            threshold=1e-10,
            what="the largest relative difference between bptt and autograd",
        ),
        FiniteDifferenceCheck(
            name="bptt against central differences of your rnn_loss",
            covers=("autograd", "grad-value"),
            grad=BPTT2,
            params=P2,
            names=NAMES,
            loss=lambda p: Call("rnn_loss", (tuple(p), XS2, YS2, H02)),
        ),
        ShapeCheck(
            name="bptt returns (dWh, dWx, dWy, db) shaped like the parameters",
            covers=("grad-shapes",),
            expect="the tuple (dWh, dWx, dWy, db), each float64 with the shape of its parameter",
            call=BPTT2,
        ),
        tight_value(
            name="bptt with large weights (saturated hidden units)",
            covers=("grad-value",),
            call=Call("bptt", (P2_BIG, XS2, YS2, H02)),
        ),
        tight_value(
            name="bptt on a sequence of one step (only h0 feeds dWh)",
            covers=("grad-h0", "grad-value"),
            call=Call("bptt", (P2, XS2[:1], YS2[:1], H02)),
        ),
        NoMutationCheck(
            name="bptt does not modify its arguments",
            covers=("no-mutation",),
            call=BPTT2,
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
P3 = _rnn_params(4, 2, 3, scale_h=0.8)
XS3, YS3 = rng.normal(size=(7, 2)), rng.normal(size=(7, 3))
H03 = 0.6 * rng.normal(size=4)
AUTOGRAD3 = autograd_grads(P3, XS3, YS3, H03, 3)


def tbptt_vs_autograd(*grads: object) -> float:
    return _gap(grads, AUTOGRAD3)


def tbptt(k: int) -> Call:
    return Call("truncated_bptt", (P3, XS3, YS3, H03, k))


q3 = Question(
    "q3_truncated_bptt",
    points=3,
    title="Truncated BPTT",
    checks=(
        tight_value(
            name="truncated_bptt with k = 3 and T = 7 (chunks of 3, 3 and 1 steps)",
            covers=(
                "chunks",
                "constant-state",
                "true-prev",
                "sum",
                "forward-unchanged",
                "self-contained",
            ),
            weight=2.0,
            call=tbptt(3),
        ),
        ThresholdCheck(
            name="truncated_bptt with k = 3 against autograd with h.detach() every 3 steps",
            covers=("chunks", "constant-state"),
            call=tbptt(3),
            params=((0,), (1,), (2,), (3,)),
            loss=tbptt_vs_autograd,
            threshold=1e-10,
            what="the largest relative difference from autograd with detach()",
        ),
        tight_value(
            name="truncated_bptt with k = 2",
            covers=("chunks", "constant-state", "true-prev", "sum"),
            call=tbptt(2),
        ),
        tight_value(
            name="truncated_bptt with k = T",
            covers=("full",),
            call=tbptt(7),
        ),
        tight_value(
            name="truncated_bptt with k > T",
            covers=("full",),
            call=tbptt(12),
        ),
        tight_value(
            name="truncated_bptt with k = 1",
            covers=("k-one", "true-prev"),
            call=tbptt(1),
        ),
        ShapeCheck(
            name="truncated_bptt returns four gradients shaped like the parameters",
            covers=("shapes",),
            expect="the tuple (dWh, dWx, dWy, db), each float64 with the shape of its parameter",
            call=tbptt(3),
        ),
        RaisesCheck(
            name="truncated_bptt with k = 0 raises ValueError mentioning k",
            covers=("raises",),
            exception="ValueError",
            match=r"\bk\b",
            says="k",
            call=tbptt(0),
        ),
        RaisesCheck(
            name="truncated_bptt with k = -2 raises ValueError",
            covers=("raises",),
            exception="ValueError",
            call=tbptt(-2),
        ),
        NoMutationCheck(
            name="truncated_bptt does not modify its arguments",
            covers=("no-mutation",),
            call=tbptt(2),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
G4 = [3.0 * rng.normal(size=(3, 4)), 3.0 * rng.normal(size=5), 3.0 * rng.normal(size=(2, 2, 2))]
G4_SMALL = [1e-3 * g / 10.0 for g in G4]
G4_TIE = [np.array([2.0, 3.0]), np.array([[6.0]])]  # global norm exactly 7
G4_ZERO = [np.zeros((2, 3)), np.zeros(4)]
G4_NAN = [np.array([1.0, np.nan]), np.ones(3)]
G4_INF = [np.array([1.0, 2.0]), np.array([np.inf, 0.0])]
CLIP4 = Call("clip_by_global_norm", (G4, 1.5))


def clipped_norm_gap(*arrays: object) -> float:
    """| global norm of the clipped arrays - g_max | / g_max for G4 and g_max = 1.5."""
    total = float(np.sqrt(sum(np.sum(_array(a) ** 2) for a in arrays)))
    return abs(total - 1.5) / 1.5


q4 = Question(
    "q4_clipping",
    points=2,
    title="Gradient clipping by the global norm",
    checks=(
        tight_value(
            name="three gradients (12 + 5 + 8 entries) clipped to a global norm of 1.5",
            covers=("global", "scale", "exact-factor", "norm-return"),
            weight=2.0,
            call=CLIP4,
        ),
        ThresholdCheck(
            name="the global norm after clipping is g_max",
            covers=("norm-after",),
            call=CLIP4,
            params=((0, 0), (0, 1), (0, 2)),
            loss=clipped_norm_gap,
            threshold=1e-12,
            what="the relative distance of the clipped global norm from g_max",
        ),
        tight_value(
            name="small gradients clipped to g_max = 1e-4 (no + 1e-6 in the factor)",
            covers=("exact-factor", "scale"),
            call=Call("clip_by_global_norm", (G4_SMALL, 1e-4)),
        ),
        ValueCheck(
            name="gradients below the threshold are unchanged",
            covers=("scale", "at-threshold"),
            tol=EXACT,
            call=Call("clip_by_global_norm", (G4, 100.0)),
        ),
        ValueCheck(
            name="a global norm exactly equal to g_max leaves the gradients unchanged",
            covers=("at-threshold",),
            tol=EXACT,
            call=Call("clip_by_global_norm", (G4_TIE, 7.0)),
        ),
        FlagsCheck(
            name="the returned norm is a Python float",
            covers=("norm-return",),
            part=(1,),
            python_type="float",
            call=CLIP4,
        ),
        FlagsCheck(
            name="the clipped gradients are a list of float64 arrays",
            covers=("new-list",),
            part=(0,),
            python_type="list",
            dtype="float64",
            call=CLIP4,
        ),
        ShapeCheck(
            name="clip_by_global_norm keeps the shapes",
            covers=("new-list",),
            expect="a list of float64 arrays with the shapes of the inputs, and a float",
            call=CLIP4,
        ),
        NoMutationCheck(
            name="clip_by_global_norm does not modify the input arrays",
            covers=("no-mutation",),
            call=CLIP4,
        ),
        RaisesCheck(
            name="g_max = 0 raises ValueError",
            covers=("raises-gmax",),
            exception="ValueError",
            call=Call("clip_by_global_norm", (G4, 0.0)),
        ),
        RaisesCheck(
            name="a negative g_max raises ValueError",
            covers=("raises-gmax",),
            exception="ValueError",
            call=Call("clip_by_global_norm", (G4, -1.0)),
        ),
        RaisesCheck(
            name="a NaN gradient raises ValueError saying the norm is not finite",
            covers=("raises-finite",),
            exception="ValueError",
            match="finite",
            says="that the norm is not finite",
            call=Call("clip_by_global_norm", (G4_NAN, 1.0)),
        ),
        RaisesCheck(
            name="an infinite gradient raises ValueError saying the norm is not finite",
            covers=("raises-finite",),
            exception="ValueError",
            match="finite",
            says="that the norm is not finite",
            call=Call("clip_by_global_norm", (G4_INF, 1.0)),
        ),
        ValueCheck(
            name="all-zero gradients are returned unchanged",
            covers=("zeros",),
            tol=EXACT,
            call=Call("clip_by_global_norm", (G4_ZERO, 0.5)),
        ),
        NoWarningsCheck(
            name="all-zero gradients cause no warning",
            covers=("zeros",),
            call=Call("clip_by_global_norm", (G4_ZERO, 0.5)),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
N_X5, N_H5 = 3, 4


def _gate_params(keys: str, scale: float = 1.0) -> dict[str, tuple[np.ndarray, ...]]:
    return {
        key: (
            scale * rng.normal(size=(N_H5, N_X5)),
            scale * rng.normal(size=(N_H5, N_H5)),
            0.5 * rng.normal(size=N_H5),
        )
        for key in keys
    }


PL = _gate_params("ifgo")
PG = _gate_params("frg")
X5, H5, C5 = rng.normal(size=N_X5), rng.normal(size=N_H5), rng.normal(size=N_H5)
XB5, HB5, CB5 = rng.normal(size=(5, N_X5)), rng.normal(size=(5, N_H5)), rng.normal(size=(5, N_H5))
# pre-activations of several hundred: every gate saturates at exactly 0 or 1
X5_BIG = np.array([300.0, -800.0, 500.0])


def _np_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(np.exp(-np.logaddexp(0.0, -z)), dtype=np.float64)


def lstm_reference(x: np.ndarray, h: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    def aff(key: str) -> np.ndarray:
        W, U, b = PL[key]
        return np.asarray(x @ W.T + h @ U.T + b, dtype=np.float64)

    i, f, o = _np_sigmoid(aff("i")), _np_sigmoid(aff("f")), _np_sigmoid(aff("o"))
    c_new = f * c + i * np.tanh(aff("g"))
    return o * np.tanh(c_new), c_new


def lstmcell_gap(weight_ih: object, weight_hh: object, bias_ih: object, bias_hh: object) -> float:
    """Load the four arrays into torch.nn.LSTMCell and compare its step with the LSTM of PL."""
    cell = torch.nn.LSTMCell(N_X5, N_H5, dtype=torch.float64)
    with torch.no_grad():
        for param, value in zip(
            (cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh),
            (weight_ih, weight_hh, bias_ih, bias_hh),
            strict=True,
        ):
            arr = _array(value)
            if arr.shape != tuple(param.shape):
                raise ValueError(f"an array has shape {arr.shape}")
            param.copy_(torch.tensor(arr))
        h_t, c_t = cell(torch.tensor(XB5), (torch.tensor(HB5), torch.tensor(CB5)))
    h_want, c_want = lstm_reference(XB5, HB5, CB5)
    return float(max(np.max(np.abs(h_t.numpy() - h_want)), np.max(np.abs(c_t.numpy() - c_want))))


q5 = Question(
    "q5_lstm_gru",
    points=3,
    title="LSTM and GRU cells",
    checks=(
        tight_value(
            name="lstm_cell with n_x = 3, n_h = 4, one example",
            covers=("lstm-value", "params-dict"),
            call=Call("lstm_cell", (X5, H5, C5, PL)),
        ),
        tight_value(
            name="lstm_cell on a batch of 5 examples",
            covers=("batch", "lstm-value"),
            call=Call("lstm_cell", (XB5, HB5, CB5, PL)),
        ),
        ShapeCheck(
            name="lstm_cell returns (h_new, c_new) with the shape of h",
            covers=("lstm-value",),
            expect="the tuple (h_new, c_new), float64 with the shape of h",
            call=Call("lstm_cell", (XB5, HB5, CB5, PL)),
        ),
        tight_value(
            name="lstm_cell with pre-activations of several hundred",
            covers=("stable",),
            call=Call("lstm_cell", (X5_BIG, H5, C5, PL)),
        ),
        NoWarningsCheck(
            name="lstm_cell emits no warning for pre-activations of several hundred",
            covers=("stable",),
            call=Call("lstm_cell", (X5_BIG, H5, C5, PL)),
        ),
        NoMutationCheck(
            name="lstm_cell does not modify its arguments",
            covers=("no-mutation",),
            call=Call("lstm_cell", (XB5, HB5, CB5, PL)),
        ),
        ValueCheck(
            name="lstm_torch_weights stacks the gates in torch's order",
            covers=("torch-order", "torch-biases", "torch-shapes"),
            tol=EXACT,
            call=Call("lstm_torch_weights", (PL,)),
        ),
        ThresholdCheck(
            name="torch.nn.LSTMCell loaded with lstm_torch_weights computes this LSTM",
            covers=("torch-order",),
            call=Call("lstm_torch_weights", (PL,)),
            params=((0,), (1,), (2,), (3,)),
            loss=lstmcell_gap,
            threshold=1e-12,
            what="the largest difference between torch.nn.LSTMCell and the LSTM equations",
        ),
        FlagsCheck(
            name="lstm_torch_weights returns float64 arrays",
            covers=("torch-shapes",),
            python_type="tuple",
            dtype="float64",
            call=Call("lstm_torch_weights", (PL,)),
        ),
        ShapeCheck(
            name="lstm_torch_weights returns the four stacked arrays",
            covers=("torch-shapes",),
            expect="(4 n_h, n_x), (4 n_h, n_h), (4 n_h,), (4 n_h,)",
            call=Call("lstm_torch_weights", (PL,)),
        ),
        tight_value(
            name="gru_cell with n_x = 3, n_h = 4, one example",
            covers=("gru-value", "gru-reset-before", "gru-keep"),
            call=Call("gru_cell", (X5, H5, PG)),
        ),
        tight_value(
            name="gru_cell on a batch of 5 examples",
            covers=("batch", "gru-value", "gru-reset-before", "gru-keep"),
            call=Call("gru_cell", (XB5, HB5, PG)),
        ),
        ShapeCheck(
            name="gru_cell returns h_new with the shape of h",
            covers=("gru-return",),
            expect="float64 with the shape of h",
            call=Call("gru_cell", (XB5, HB5, PG)),
        ),
        tight_value(
            name="gru_cell with pre-activations of several hundred",
            covers=("stable",),
            call=Call("gru_cell", (X5_BIG, H5, PG)),
        ),
        NoWarningsCheck(
            name="gru_cell emits no warning for pre-activations of several hundred",
            covers=("stable",),
            call=Call("gru_cell", (X5_BIG, H5, PG)),
        ),
        NoMutationCheck(
            name="gru_cell does not modify its arguments",
            covers=("no-mutation",),
            call=Call("gru_cell", (XB5, HB5, PG)),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5]  # q6, the training run, is in suite_training.py
