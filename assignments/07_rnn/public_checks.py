"""Public checks for 07_rnn: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other sizes, weights and edge cases.
"""

import numpy as np

from autograder.authoring import Call, TensorArg, Tolerance, TrajectoryCheck, ValueCheck

TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)

# The RNN of the worked examples of questions 1-3.
WH = np.array([[0.5, -0.3], [0.2, 0.4]])
WX = np.array([[1.0], [-0.5]])
WY = np.array([[1.0, 2.0]])
B = np.array([0.1, -0.1])
XS = np.array([[1.0], [0.5], [-1.0]])
YS = np.array([[0.5], [-0.2], [0.1]])
PARAMS = (WH, WX, WY, B)
H0_Q2 = np.array([0.5, -0.5])

# The cells of the worked example of question 5.
W5 = np.array([[0.5], [-0.5]])
U5 = np.array([[0.1, 0.2], [-0.3, 0.4]])
B5 = np.array([0.0, 0.1])
P_LSTM = {key: (W5, U5, B5) for key in "ifgo"}
P_GRU = {"f": (W5, U5, B5), "r": (W5, U5, np.array([0.2, 0.0])), "g": (W5, U5, B5)}
X5, H5, C5 = np.array([1.0]), np.array([0.5, -0.5]), np.array([1.0, 0.0])


def sine_setup() -> tuple[tuple[TensorArg, ...], TensorArg, TensorArg]:
    """The data and initial parameters of question 6's explore cell."""
    wave = np.sin(0.3 * np.arange(31))
    gen = np.random.default_rng(0)
    params = (
        0.3 * gen.normal(size=(8, 8)),
        0.5 * gen.normal(size=(8, 1)),
        0.5 * gen.normal(size=(1, 8)),
        np.zeros(8),
    )
    return (
        tuple(TensorArg(p) for p in params),
        TensorArg(wave[:30].reshape(-1, 1)),
        TensorArg(wave[1:].reshape(-1, 1)),
    )


SINE_PARAMS, SINE_XS, SINE_YS = sine_setup()

PUBLIC = {
    "q1_rnn_forward": [
        ValueCheck(
            name="rnn_forward of the worked example",
            covers=("forward-value", "hs-layout"),
            hidden=False,
            tol=TIGHT,
            call=Call("rnn_forward", (WH, WX, WY, B, XS, np.zeros(2))),
        ),
        ValueCheck(
            name="rnn_forward_torch of the worked example",
            covers=("torch-value", "torch-mapping"),
            hidden=False,
            tol=TIGHT,
            call=Call("rnn_forward_torch", (WH, WX, B, XS, np.zeros(2))),
        ),
        ValueCheck(
            name="the lecture's count: rnn_param_count(100, 4, 1) = 10600",
            covers=("count-value",),
            hidden=False,
            tol=EXACT,
            call=Call("rnn_param_count", (100, 4, 1)),
        ),
        ValueCheck(
            name="with torch's two biases: rnn_param_count(100, 4, 1, two_biases=True) = 10700",
            covers=("two-biases",),
            hidden=False,
            tol=EXACT,
            call=Call("rnn_param_count", (100, 4, 1), {"two_biases": True}),
        ),
    ],
    "q2_bptt": [
        ValueCheck(
            name="rnn_loss of the worked example",
            covers=("loss-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("rnn_loss", (PARAMS, XS, YS, H0_Q2)),
        ),
        ValueCheck(
            name="bptt of the worked example",
            covers=("grad-value", "grad-h0"),
            hidden=False,
            tol=TIGHT,
            call=Call("bptt", (PARAMS, XS, YS, H0_Q2)),
        ),
    ],
    "q3_truncated_bptt": [
        ValueCheck(
            name="truncated_bptt of the worked example with k = 2",
            covers=("chunks", "constant-state"),
            hidden=False,
            tol=TIGHT,
            call=Call("truncated_bptt", (PARAMS, XS, YS, H0_Q2, 2)),
        ),
        ValueCheck(
            name="truncated_bptt of the worked example with k = 1",
            covers=("k-one",),
            hidden=False,
            tol=TIGHT,
            call=Call("truncated_bptt", (PARAMS, XS, YS, H0_Q2, 1)),
        ),
    ],
    "q4_clipping": [
        ValueCheck(
            name="the worked example clipped to g_max = 6.5",
            covers=("global", "scale", "norm-return"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "clip_by_global_norm",
                ([np.array([3.0, 4.0]), np.array([[0.0, 12.0], [0.0, 0.0]])], 6.5),
            ),
        ),
        ValueCheck(
            name="the worked example with g_max = 20 (unchanged)",
            covers=("scale",),
            hidden=False,
            tol=EXACT,
            call=Call(
                "clip_by_global_norm",
                ([np.array([3.0, 4.0]), np.array([[0.0, 12.0], [0.0, 0.0]])], 20.0),
            ),
        ),
    ],
    "q5_lstm_gru": [
        ValueCheck(
            name="lstm_cell of the worked example",
            covers=("lstm-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("lstm_cell", (X5, H5, C5, P_LSTM)),
        ),
        ValueCheck(
            name="gru_cell of the worked example",
            covers=("gru-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("gru_cell", (X5, H5, P_GRU)),
        ),
        ValueCheck(
            name="lstm_torch_weights of the worked example",
            covers=("torch-order", "torch-biases"),
            hidden=False,
            tol=EXACT,
            call=Call("lstm_torch_weights", (P_LSTM,)),
        ),
    ],
    "q6_train_sine": [
        TrajectoryCheck(
            name="the first 3 losses of the explore cell's run with g_max = 1",
            covers=("losses", "clip"),
            hidden=False,
            part=(1,),
            tol=Tolerance(1e-8, 1e-12),
            call=Call("train_rnn", (SINE_PARAMS, SINE_XS, SINE_YS, 3, 0.01), {"g_max": 1.0}),
        ),
        TrajectoryCheck(
            name="the first 3 losses of the explore cell's run without clipping",
            covers=("losses", "sgd"),
            hidden=False,
            part=(1,),
            tol=Tolerance(1e-8, 1e-12),
            call=Call("train_rnn", (SINE_PARAMS, SINE_XS, SINE_YS, 3, 0.01)),
        ),
    ],
}
