"""Every check kind, with a passing and a failing case, judged on outcomes produced by the real
driver code (run in this process on small namespaces standing in for student and reference)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np
import sympy as sp
import torch
from numpy.typing import NDArray
from pytest import LogCaptureFixture

from autograder.checks import (
    AutogradCheck,
    Check,
    FiniteDifferenceCheck,
    GradcheckCheck,
    LossThresholdCheck,
    NoMutationCheck,
    PredictionCheck,
    RaisesCheck,
    ShapeCheck,
    SymbolicCheck,
    TrajectoryCheck,
    UpdateStepCheck,
    ValueCheck,
    Verdict,
)
from autograder.checks.compare import Tolerance
from autograder.checks.evaluate import evaluate
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.perform import perform
from autograder.protocol.wire import Callable_, NestedCall, TensorArg
from autograder.sandboxed.driver import run_cells


def run(check: Check, student: dict[str, Any], reference: dict[str, Any]) -> Verdict:
    """Perform the check's calls on both namespaces and judge them like the pipeline does."""
    calls = [c.to_wire(i) for i, c in enumerate(check.calls())]
    mine = [CallOutcome.from_record(perform(c, student)) for c in calls]
    ref = [CallOutcome.from_record(perform(c, reference)) for c in calls]
    return evaluate(check, mine, ref)


# -- reference implementations -------------------------------------------------------------


def ref_double(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return 2.0 * x


def ref_sigmoid_neuron(w: torch.Tensor, b: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    return torch.sigmoid(w @ X + b)


class RefCube(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx: Any, g: torch.Tensor) -> torch.Tensor:
        x: torch.Tensor
        (x,) = ctx.saved_tensors
        return g * 3 * x**2


def ref_cube(x: torch.Tensor) -> torch.Tensor:
    out: torch.Tensor = RefCube.apply(x)  # type: ignore[no-untyped-call]  # unannotated in torch
    return out


def ref_loss(w: NDArray[np.float64], b: float) -> float:
    return float(np.sum((w - 1.0) ** 2) + (b + 2.0) ** 2)


def ref_grads(w: NDArray[np.float64], b: float) -> tuple[NDArray[np.float64], float]:
    return 2 * (w - 1.0), 2 * (b + 2.0)


def ref_step(w: NDArray[np.float64], lr: float) -> NDArray[np.float64]:
    return w - lr * 2 * (w - 1.0)


def ref_train(w: NDArray[np.float64], steps: int) -> tuple[NDArray[np.float64]]:
    for _ in range(steps):
        w = w - 0.1 * 2 * (w - 1.0)
    return (w,)


def ref_predict(X: NDArray[np.float64]) -> NDArray[np.int64]:
    labels: NDArray[np.int64] = (X[0] > 0).astype(np.int64)
    return labels


REF = {k: v for k, v in globals().items() if k.startswith(("ref_", "Ref"))}
REF = {k.removeprefix("ref_"): v for k, v in REF.items()}
X = np.array([[1.0, -2.0], [3.0, 0.5]])


# -- value ----------------------------------------------------------------------------------


def test_value_check_passes_on_the_same_function_and_fails_on_a_wrong_one() -> None:
    check = ValueCheck(name="v", call=Call("double", (X,)), tol=Tolerance(1e-9, 1e-12))
    assert run(check, REF, REF).passed
    verdict = run(check, {"double": lambda x: 2.0 * x + np.eye(2)}, REF)
    assert not verdict.passed
    assert "Mismatched elements: 2 / 4 (50.0%)" in verdict.message


def test_value_check_reports_wrong_shape_dtype_and_nan() -> None:
    check = ValueCheck(name="v", call=Call("double", (X,)))
    shape = run(check, {"double": lambda x: (2.0 * x).ravel()}, REF)
    assert shape.message == "double(): got shape (4,), which is not the expected shape."
    public = ValueCheck(name="v", call=Call("double", (X,)), hidden=False)
    shown = run(public, {"double": lambda x: (2.0 * x).ravel()}, REF)
    assert shown.message == "double(): expected shape (2, 2), got shape (4,)."
    dtype = run(check, {"double": lambda x: (2.0 * x).astype(np.float32)}, REF)
    assert dtype.message == "double(): expected dtype float64, got dtype float32."
    nan = run(check, {"double": lambda x: np.where(x > 2, np.nan, 2.0 * x)}, REF)
    assert nan.message == "double(): contains NaN at index (1, 0) (1 of 4 elements)."


def test_missing_function_and_exceptions_are_errors_with_their_reason() -> None:
    check = ValueCheck(name="v", call=Call("double", (X,)))
    missing = run(check, {}, REF)
    assert (
        missing.errored
        and "double() was not found: name 'double' is not defined" in missing.message
    )
    assert missing.kind == "missing_function"

    namespace: dict[str, Any] = {}
    run_cells([{"name": "cell 3", "source": "def double(x):\n    return x[5]\n"}], namespace)
    raised = run(check, namespace, REF)
    assert raised.errored
    assert (
        raised.message == "double() raised IndexError: index 5 is out of bounds for axis 0 "
        "with size 2 (cell 3, line 2)"
    )


def test_not_implemented_stub_is_reported_as_such() -> None:
    def stub(x: object) -> NoReturn:
        raise NotImplementedError

    verdict = run(ValueCheck(name="v", call=Call("double", (X,))), {"double": stub}, REF)
    assert verdict.errored and "not implemented yet" in verdict.message
    assert verdict.kind == "not_implemented"


@dataclass(frozen=True, kw_only=True)
class BrokenCheck(ValueCheck):
    """A check with a bug in its judge, as a suite author might write one."""

    def judge(self, student, reference):  # type: ignore[no-untyped-def]
        return {"a": 1}["b"]


def test_a_check_that_raises_inside_judge_is_a_grader_error_not_a_zero(
    caplog: LogCaptureFixture,
) -> None:
    check = BrokenCheck(name="buggy", call=Call("double", (X,)))
    with caplog.at_level("ERROR", logger="autograder.grading.pipeline"):
        verdict = evaluate(
            check,
            *[[CallOutcome.from_record(perform(check.calls()[0].to_wire(0), REF))]] * 2,
            where="alice, q1",
        )
    assert verdict.status == "grader_error" and verdict.kind == "grader_fault"
    assert not verdict.passed and not verdict.errored
    assert "not your code" in verdict.message and "KeyError" not in verdict.message
    record = caplog.records[-1]
    assert "'buggy' (alice, q1): judge() raised" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_a_reference_that_fails_its_call_is_a_grader_error(caplog: LogCaptureFixture) -> None:
    check = ValueCheck(name="v", call=Call("double", (X,)))
    mine = [CallOutcome.from_record(perform(check.calls()[0].to_wire(0), REF))]
    broken = [CallOutcome.from_record(perform(check.calls()[0].to_wire(0), {}))]
    with caplog.at_level("ERROR", logger="autograder.grading.pipeline"):
        verdict = evaluate(check, mine, broken)
    assert verdict.status == "grader_error"
    assert "the reference fails double(): NameError" in caplog.records[-1].getMessage()


def test_update_step_and_trajectory_checks() -> None:
    w = np.array([0.0, 3.0])
    step = UpdateStepCheck(name="s", call=Call("step", (w, 0.1)), tol=Tolerance(1e-12, 1e-12))
    assert run(step, REF, REF).passed
    assert not run(step, {"step": lambda w, lr: w + lr * 2 * (w - 1.0)}, REF).passed
    traj = TrajectoryCheck(name="t", call=Call("train", (w, 5)), part=(0,))
    assert run(traj, REF, REF).passed
    assert "train()[0]" in run(traj, {"train": lambda w, s: (w,)}, REF).message


# -- gradient -------------------------------------------------------------------------------


def neuron_call(seed: int = 3) -> Call:
    rng = np.random.default_rng(0)
    return Call(
        "sigmoid_neuron",
        (
            TensorArg(rng.normal(size=(1, 2)), True, "w"),
            TensorArg(np.array(0.3), True, "b"),
            TensorArg(rng.normal(size=(2, 4))),
        ),
        seed=seed,
    )


def test_autograd_check_passes_for_an_equivalent_forward_pass() -> None:
    check = AutogradCheck(name="g", call=neuron_call())
    other = {"sigmoid_neuron": lambda w, b, X: 1 / (1 + torch.exp(-(w @ X) - b))}
    assert run(check, other, REF).passed


def test_autograd_check_names_the_pair_with_a_wrong_gradient() -> None:
    check = AutogradCheck(name="g", call=neuron_call())

    class Leaky(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, z: torch.Tensor) -> torch.Tensor:
            ctx.save_for_backward(z)
            return torch.sigmoid(z)

        @staticmethod
        def backward(ctx: Any, g: torch.Tensor) -> torch.Tensor:
            z: torch.Tensor
            (z,) = ctx.saved_tensors
            return g * torch.sigmoid(z)  # forgot the (1 - s) factor

    leaky = {  # torch's Function.apply is unannotated
        "sigmoid_neuron": lambda w, b, X: Leaky.apply(w @ X + b),  # type: ignore[no-untyped-call]
    }
    verdict = run(check, leaky, REF)
    assert not verdict.passed
    assert verdict.message.startswith("d(output 0)/d(w) of sigmoid_neuron(): Values are not close!")


def test_autograd_check_detects_a_detached_output_and_a_missing_dependency() -> None:
    check = AutogradCheck(name="g", call=neuron_call())
    detached = run(
        check, {"sigmoid_neuron": lambda w, b, X: torch.sigmoid(w @ X + b).detach()}, REF
    )
    assert "not connected to the autograd graph" in detached.message
    no_b = run(check, {"sigmoid_neuron": lambda w, b, X: torch.sigmoid(w @ X + b.detach())}, REF)
    assert (
        no_b.message == "d(output 0)/d(b): output 0 of sigmoid_neuron() does not depend on "
        "`b` through autograd."
    )


def test_autograd_check_fails_a_gradient_that_reaches_an_input_the_reference_detaches() -> None:
    """A frozen target (DQN) or a stop-gradient: the reference's output does not reach y."""
    call = Call(
        "f", (TensorArg(np.ones(3), True, "x"), TensorArg(np.arange(3.0), True, "y")), seed=1
    )
    check = AutogradCheck(name="g", call=call)
    ref = {"f": lambda x, y: (x * y.detach()).sum()}
    assert run(check, ref, ref).passed
    assert run(check, {"f": lambda x, y: (x * y.detach() + 0.0 * y).sum()}, ref).passed
    leaked = run(check, {"f": lambda x, y: (x * y).sum()}, ref)
    assert leaked.message == (
        "d(output 0)/d(y): output 0 of f() passes gradients back to `y`, which the task keeps "
        "out of the graph (detach it, or compute it under torch.no_grad())."
    )


def test_gradcheck_passes_a_correct_custom_function_and_fails_a_wrong_backward() -> None:
    check = GradcheckCheck(
        name="gc", call=Call("cube", (TensorArg(np.array([0.5, -1.2, 2.0]), True, "x"),))
    )
    assert run(check, REF, REF).passed

    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: torch.Tensor) -> torch.Tensor:
            ctx.save_for_backward(x)
            return x**3

        @staticmethod
        def backward(ctx: Any, g: torch.Tensor) -> torch.Tensor:
            x: torch.Tensor
            (x,) = ctx.saved_tensors
            return g * 2 * x**2

    verdict = run(check, {"cube": Wrong.apply}, REF)
    assert not verdict.passed
    assert (
        "backward of cube(): d(output 0)/d(x) vs finite differences of forward" in verdict.message
    )


def test_finite_difference_check_catches_a_gradient_of_another_loss() -> None:
    w = np.array([0.5, 2.0])
    check = FiniteDifferenceCheck(
        name="fd",
        grad=Call("grads", (w, 0.5)),
        params=(w, 0.5),
        names=("w", "b"),
        loss=lambda p: Call("loss", p),
    )
    assert run(check, REF, REF).passed
    halved = dict(REF, grads=lambda w, b: ((w - 1.0), 2 * (b + 2.0)))
    verdict = run(check, halved, REF)
    assert "grads()[0] (d loss/d w) vs central differences of your loss" in verdict.message


# -- loss / training, prediction -------------------------------------------------------------


def test_loss_threshold_is_computed_by_the_grader_from_returned_parameters() -> None:
    check = LossThresholdCheck(
        name="lt",
        call=Call("train", (np.zeros(2), 50)),
        params=((0,),),
        loss=lambda w: float(np.sum((w - 1.0) ** 2)),
        factor=1.0,
        slack=1e-6,
    )
    assert run(check, REF, REF).passed
    lazy = run(check, {"train": lambda w, s: (w,)}, REF)
    assert not lazy.passed
    # hidden and derived from the reference's run: no threshold printed, only the student's loss
    assert lazy.message == (
        "after training, the loss computed by the grader from the returned parameters is not "
        "within the required accuracy (at most 1 times the reference's plus a margin)."
    )
    public = LossThresholdCheck(
        name="lt",
        call=Call("train", (np.zeros(2), 50)),
        params=((0,),),
        loss=lambda w: float(np.sum((w - 1.0) ** 2)),
        threshold=1.0,
        hidden=False,
    )
    assert run(public, {"train": lambda w, s: (w,)}, REF).message.endswith(
        "is 2, above the required 1."
    )
    diverged = run(check, {"train": lambda w, s: (np.full_like(w, np.inf),)}, REF)
    assert "contains NaN or inf" in diverged.message


def test_prediction_check_against_labels_and_against_the_reference() -> None:
    X_test = np.random.default_rng(1).normal(size=(2, 200))
    labels = (X_test[0] > 0).astype(np.int64)
    check = PredictionCheck(
        name="p", call=Call("predict", (X_test,)), labels=labels, min_accuracy=0.95
    )
    assert run(check, REF, REF).passed
    coin = run(check, {"predict": lambda X: np.zeros(X.shape[1], np.int64)}, REF)
    assert "accuracy on 200 held-out inputs is" in coin.message and "at least 95%" in coin.message
    agree = PredictionCheck(name="p2", call=Call("predict", (X_test,)), min_agreement=0.99)
    assert run(agree, {"predict": lambda X: (X[0] > 0.001).astype(np.int64)}, REF).passed
    assert not run(agree, {"predict": lambda X: (X[1] > 0).astype(np.int64)}, REF).passed


# -- symbolic and contract ---------------------------------------------------------------------

x = sp.Symbol("x")


def test_symbolic_check_accepts_equivalent_forms_and_rejects_others() -> None:
    check = SymbolicCheck(name="s", call=Call("d", (sp.exp(3 * x + 1), x)))
    ref = {"d": lambda e, v: sp.diff(e, v)}
    assert run(check, {"d": lambda e, v: 3 * sp.E * sp.exp(3 * v)}, ref).passed
    wrong = run(check, {"d": lambda e, v: sp.exp(3 * v + 1)}, ref)
    assert "not equivalent to the expected expression" in wrong.message
    string = run(check, {"d": lambda e, v: "3*exp(3*x+1)"}, ref)
    assert "expected a SymPy expression, got str" in string.message


def test_raises_check() -> None:
    def strict(v: float) -> float:
        if v == 0:
            raise ValueError("zero")
        return 1 / v

    check = RaisesCheck(name="r", call=Call("inv", (0.0,)), exception="ValueError")
    assert run(check, {"inv": strict}, {}).passed
    assert "but it returned normally" in run(check, {"inv": lambda v: float("inf")}, {}).message
    other = run(check, {"inv": lambda v: 1 / v}, {})
    assert "but it raised ZeroDivisionError: float division by zero" in other.message


def test_no_mutation_check() -> None:
    def inplace(x: NDArray[np.float64]) -> NDArray[np.float64]:
        x *= 2
        return x

    check = NoMutationCheck(name="m", call=Call("double", (X.copy(),)))
    assert run(check, REF, REF).passed
    verdict = run(check, {"double": inplace}, REF)
    assert verdict.message == (
        "double() modified x in place; the task says not to modify the inputs: work on a copy "
        "instead."
    )


def test_shape_check_compares_structure_not_values() -> None:
    check = ShapeCheck(name="sh", call=Call("double", (X,)))
    assert run(check, {"double": lambda x: x * 0}, REF).passed
    verdict = run(check, {"double": lambda x: (x.T, 1)}, REF)
    assert verdict.message.startswith("double() returned a tuple of (")


def test_callables_and_nested_calls_are_resolved_in_the_sandbox_namespace() -> None:
    check = ValueCheck(
        name="c", call=Call("apply", (Callable_("numpy.sin"), NestedCall("double", (X,))))
    )
    ns = dict(REF, apply=lambda f, v: f(v))
    assert run(check, ns, ns).passed


def test_finite_difference_check_accepts_a_bare_gradient_for_one_parameter() -> None:
    w = np.array([0.5, 2.0])
    check = FiniteDifferenceCheck(
        name="fd1",
        grad=Call("grad1", (w,)),
        params=(w,),
        names=("w",),
        loss=lambda p: Call("loss1", p),
    )
    ns = {"grad1": lambda w: 2 * (w - 1.0), "loss1": lambda w: float(np.sum((w - 1.0) ** 2))}
    assert run(check, ns, ns).passed
    assert not run(check, dict(ns, grad1=lambda w: w - 1.0), ns).passed
