"""The contract and discipline checks of issue 11, each with a passing and a failing case, and
the rules around them: contracts pay only beside a passing value check, hidden shape messages
reveal no expected shape, check() leaves the student's kernel as it found it."""

from __future__ import annotations

import random
import warnings
from typing import Any

import numpy as np
import pytest
import sympy as sp
import torch
from numpy.typing import NDArray

from autograder.checks import (
    FlagsCheck,
    NoMutationCheck,
    NoWarningsCheck,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
    ThresholdCheck,
    ValueCheck,
)
from autograder.checks.base import PASS, fail
from autograder.checks.evaluate import unpaid_contracts
from autograder.checks.symbolic import equivalent
from autograder.course import Question
from autograder.exceptions import GraderError
from autograder.protocol.calls import Call
from autograder.protocol.perform import preserved_state
from autograder.protocol.wire import NestedCall, TensorArg
from tests.test_checks import run

X = np.array([[1.0, -2.0], [3.0, 0.5]])


# -- deep no-mutation -----------------------------------------------------------------------


def _scale_first(pair: tuple[NDArray[np.float64], NDArray[np.float64]]) -> NDArray[np.float64]:
    pair[1][0] = 0.0  # mutates the array nested inside the tuple
    return pair[0] * 2


def test_no_mutation_looks_inside_tuples_and_names_the_argument() -> None:
    check = NoMutationCheck(name="m", call=Call("f", ((X.copy(), X.copy()), 3.0)))
    assert run(check, {"f": lambda pair, s: pair[0] * s}, {}).passed
    verdict = run(check, {"f": lambda pair, s: _scale_first(pair)}, {})
    assert not verdict.passed
    assert verdict.message.startswith("f() modified pair[1] in place")


def _train_in_place(model: torch.nn.Module) -> float:
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)
    return 0.0


def test_no_mutation_sees_the_parameters_of_a_module_built_in_the_sandbox() -> None:
    ns = {"make": lambda: torch.nn.Linear(2, 1), "loss": lambda model: 0.0}
    check = NoMutationCheck(name="m", call=Call("loss", (NestedCall("make"),)))
    assert run(check, ns, ns).passed
    verdict = run(check, dict(ns, loss=_train_in_place), ns)
    assert not verdict.passed
    assert "modified model's parameter weight in place" in verdict.message


def test_no_mutation_sees_tensors_and_their_requires_grad_flag() -> None:
    check = NoMutationCheck(name="m", call=Call("f", (TensorArg(X.copy()),)))
    assert run(check, {"f": lambda t: t * 2}, {}).passed
    assert not run(check, {"f": lambda t: t.mul_(2)}, {}).passed
    flagged = run(check, {"f": lambda t: t.requires_grad_(True) * 2}, {})
    assert flagged.message.startswith("f() modified t (its requires_grad flag) in place")


# -- warnings, seeds, flags, errors ---------------------------------------------------------


def naive_sigmoid(z: NDArray[np.float64]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
    return out


def stable_sigmoid(z: NDArray[np.float64]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.exp(-np.logaddexp(0.0, -z))
    return out


def test_no_warnings_fails_on_an_overflow_the_reference_avoids() -> None:
    check = NoWarningsCheck(name="w", call=Call("sigmoid", (np.array([-800.0, 0.0, 800.0]),)))
    ref = {"sigmoid": stable_sigmoid}
    assert run(check, ref, ref).passed
    verdict = run(check, {"sigmoid": naive_sigmoid}, ref)
    assert not verdict.passed
    assert "emitted RuntimeWarning: 'overflow encountered in exp'" in verdict.message
    user = run(check, {"sigmoid": lambda z: (warnings.warn("slow", stacklevel=1), z)[1]}, ref)
    assert "UserWarning" in user.message
    only_runtime = NoWarningsCheck(name="w", call=check.call, category="RuntimeWarning")
    noisy = {"sigmoid": lambda z: (warnings.warn("x", stacklevel=1), stable_sigmoid(z))[1]}
    assert run(only_runtime, noisy, ref).passed


def sample(n: int, seed: int = 0) -> NDArray[np.float64]:
    return np.random.default_rng(seed).normal(size=n)


def sample_global(n: int, seed: int = 0) -> NDArray[np.float64]:
    np.random.seed(seed)  # reseeds the global generator: same numbers, but state moved
    return np.random.normal(size=n)


def sample_unseeded(n: int, seed: int = 0) -> NDArray[np.float64]:
    return np.random.default_rng().normal(size=n)


def sample_fixed(n: int, seed: int = 0) -> NDArray[np.float64]:
    return np.random.default_rng(0).normal(size=n)


def test_seed_check_same_seed_same_result_other_seed_other_result_globals_untouched() -> None:
    check = SeedCheck(name="s", call=Call("sample", (5,)))
    assert run(check, {"sample": sample}, {}).passed
    moved = run(check, {"sample": sample_global}, {})
    assert "changed the global random state (numpy)" in moved.message
    drifting = run(check, {"sample": sample_unseeded}, {})
    assert "different results for the same seed" in drifting.message
    ignored = run(check, {"sample": sample_fixed}, {})
    assert "identical results for two different values of seed" in ignored.message
    torch_global = run(check, {"sample": lambda n, seed=0: torch.randn(n).numpy()}, {})
    assert "changed the global random state (torch)" in torch_global.message


def test_flags_check_python_float_dtype_and_requires_grad() -> None:
    as_float = FlagsCheck(name="f", call=Call("mean", (X,)), python_type="float")
    assert run(as_float, {"mean": lambda x: float(x.mean())}, {}).passed
    zero_d = run(as_float, {"mean": lambda x: x.mean()}, {})
    assert zero_d.message == "mean() must be a float, got numpy.float64 scalar."
    f64 = FlagsCheck(name="d", call=Call("twice", (X,)), dtype="float64")
    assert run(f64, {"twice": lambda x: (x * 2, x)}, {}).passed
    single = run(f64, {"twice": lambda x: (x, x.astype("f4"))}, {})
    assert "must have dtype float64" in single.message
    detached = FlagsCheck(name="g", call=Call("params", ()), requires_grad=False)
    assert run(detached, {"params": lambda: (torch.zeros(2), torch.ones(1))}, {}).passed
    attached = run(detached, {"params": lambda: (torch.zeros(2, requires_grad=True),)}, {})
    assert attached.message.startswith("params()[0] requires grad;")
    on_cpu = FlagsCheck(name="c", call=Call("params", ()), device="cpu")
    assert run(on_cpu, {"params": lambda: (torch.zeros(2),)}, {}).passed
    assert "must be a torch.Tensor" in run(on_cpu, {"params": lambda: (np.zeros(2),)}, {}).message


def _newton(x: float) -> float:
    raise ValueError("f''(x_k) = 0")


def test_raises_check_reads_the_message_content() -> None:
    check = RaisesCheck(
        name="r",
        call=Call("newton", (1.5,)),
        exception="ValueError",
        match=r"1\.5",
        says="the iterate x_k where f'' vanished",
    )
    good = {"newton": lambda x: (_ for _ in ()).throw(ValueError(f"f''({x}) = 0"))}
    assert run(check, good, {}).passed
    vague = run(check, {"newton": _newton}, {})
    assert vague.message == (
        "newton() raised ValueError as it should, but its message \"f''(x_k) = 0\" does not say "
        "the iterate x_k where f'' vanished."
    )


def test_threshold_check_names_its_statistic_not_training() -> None:
    check = ThresholdCheck(
        name="t",
        call=Call("solve", ()),
        params=((),),
        loss=lambda x: float(np.abs(x - 1.0).max()),
        threshold=1e-9,
        what="the residual |x - 1|",
    )
    ref = {"solve": lambda: np.ones(2)}
    assert run(check, ref, ref).passed
    verdict = run(check, {"solve": lambda: np.zeros(2)}, ref)
    assert verdict.message == (
        "the residual |x - 1|, computed by the grader from the value solve() returned, is above "
        "the required 1e-09, by a factor of more than 100."
    )
    assert "training" not in verdict.message and check.kind == "value"


def test_a_hidden_threshold_check_gives_the_statistic_in_bands_only() -> None:
    """|x - hidden| printed exactly would give the hidden value away: x +- the printed figure."""
    hidden = 0.3141
    check = ThresholdCheck(
        name="t",
        call=Call("v", ()),
        params=((),),
        loss=lambda x: abs(float(x) - hidden),
        threshold=0.01,
        what="the distance to the answer",
    )
    messages = [
        run(check, {"v": lambda v=v: v}, {"v": lambda: hidden}).message
        for v in (0.3, 0.25, 0.2, 0.5, 9.0)
    ]
    assert [m.rsplit(", ", 1)[1] for m in messages] == [
        "by less than a factor of 2.",
        "by a factor of 2 to 10.",
        "by a factor of 10 to 100.",
        "by a factor of 10 to 100.",
        "by a factor of more than 100.",
    ]
    assert not any("0.0141" in m or "0.0641" in m for m in messages)


def test_threshold_prints_enough_digits_to_tell_the_two_apart() -> None:
    check = ThresholdCheck(
        name="t",
        call=Call("v", ()),
        params=((),),
        loss=float,
        threshold=0.6612880001,
        what="v",
        hidden=False,
    )
    msg = run(check, {"v": lambda: 0.6612880004}, {"v": lambda: 0.5}).message
    assert "is 0.6612880004, above the required 0.6612880001" in msg


def test_hidden_shape_check_says_what_came_back_not_the_expected_shape() -> None:
    check = ShapeCheck(
        name="sh", call=Call("path", (X,)), expect="a float64 array of shape (k + 1, d)"
    )
    ref = {"path": lambda x: np.zeros((54, 4))}
    verdict = run(check, {"path": lambda x: np.zeros((53, 4))}, ref)
    assert verdict.message == (
        "path() returned numpy.ndarray (dtype float64, shape (53, 4)): the type and dtype are "
        "right, the shape is not. The task asks for a float64 array of shape (k + 1, d)."
    )
    assert "54" not in verdict.message
    wrong_type = run(check, {"path": lambda x: [0.0]}, ref)
    assert wrong_type.message.startswith("path() returned a list of (float); expected numpy")
    assert "54" not in wrong_type.message


def test_symbolic_answer_with_an_order_term_fails_cleanly() -> None:
    x = sp.Symbol("x")
    msg = equivalent(sp.series(sp.exp(x), x, 0, 3), 1 + x + x**2 / 2)
    assert msg is not None and "removeO()" in msg


def test_a_repeated_symbolic_answer_is_judged_once_and_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A class repeats its answers: the second judgment of the same pair of expressions takes
    the kept verdict (no second simplify), and a different answer is still judged."""
    x, y = sp.symbols("x y")
    calls: list[object] = []
    simplify = sp.simplify

    def counted(expr: sp.Expr, **kwargs: object) -> sp.Expr:
        calls.append(expr)
        return simplify(expr, **kwargs)

    monkeypatch.setattr(sp, "simplify", counted)
    right, reference = sp.sin(y) ** 2 + sp.cos(y) ** 2 + y, 1 + y
    assert equivalent(right, reference) is None
    assert equivalent(sp.sin(y) ** 2 + sp.cos(y) ** 2 + y, 1 + y) is None
    assert len(calls) == 1
    wrong = equivalent(right + x * 0 + 1, reference)
    assert wrong is not None and "not equivalent" in wrong and len(calls) == 2
    assert equivalent(right + 1, reference) == wrong and len(calls) == 2


# -- fairness -------------------------------------------------------------------------------


def test_contracts_pay_only_beside_a_passing_value_check_of_their_function() -> None:
    value = ValueCheck(name="v", call=Call("f", (X,)))
    shape = ShapeCheck(name="s", call=Call("f", (X,)))
    raises = RaisesCheck(name="r", call=Call("g", ()), exception="ValueError")
    nested = ValueCheck(name="n", call=Call("h", (NestedCall("g", ()),)))
    checks = (value, shape, raises, nested)
    lazy = {"v": fail("wrong"), "s": PASS, "r": PASS, "n": PASS}
    unpaid = unpaid_contracts(checks, lazy)
    assert list(unpaid) == ["s"]  # g's error is paid: h(g()) passed, a value check of g
    assert "only once a value check of f() in this question passes" in unpaid["s"].message
    assert unpaid_contracts(checks, dict(lazy, v=PASS)) == {}
    # a value check whose answer a lazy function also gives (R^2 = 0) can be gated too
    zero = ValueCheck(name="z", call=Call("f", (X,)), pays_alone=False)
    unpaid = unpaid_contracts((value, zero), {"v": fail("wrong"), "z": PASS})
    assert list(unpaid) == ["z"] and unpaid["z"].message.startswith("This check passes, but")


def test_a_contract_without_a_value_check_of_its_function_is_an_authoring_error() -> None:
    with pytest.raises(GraderError, match="would never pay: no stand-alone value check of g"):
        Question(
            "q1",
            points=1,
            checks=(
                ValueCheck(name="v", call=Call("f", ())),
                RaisesCheck(name="r", call=Call("g", ()), exception="ValueError"),
            ),
        )


# -- the student's kernel -------------------------------------------------------------------


def test_preserved_state_restores_random_states_and_torch_flags() -> None:
    random.seed(5)
    np.random.seed(5)
    torch.manual_seed(5)
    before = (random.random(), np.random.rand(), torch.rand(1).item())
    random.seed(5)
    np.random.seed(5)
    torch.manual_seed(5)
    flags = torch.are_deterministic_algorithms_enabled()
    with preserved_state():
        from autograder.protocol.perform import configure_determinism, seed_everything

        configure_determinism(kernels=False)
        seed_everything(123)
        np.random.rand(10)
    assert torch.are_deterministic_algorithms_enabled() == flags
    after = (random.random(), np.random.rand(), torch.rand(1).item())
    assert after == before


def test_check_in_the_notebook_leaves_the_kernel_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from autograder.course import Assignment
    from autograder.public import Checker
    from tests.helpers import ROOT

    monkeypatch.chdir(ROOT)
    assignment = Assignment.load("02_optimization", ROOT)
    namespace: dict[str, Any] = {"np": np}
    exec(compile(assignment.reference_sections()["q1_gradient_descent"], "<a>", "exec"), namespace)
    np.random.seed(7)
    state = np.random.get_state(legacy=False)["state"]["key"].copy()
    torch_state = torch.random.get_rng_state().clone()
    flags = torch.are_deterministic_algorithms_enabled()
    verdicts = Checker("02_optimization", namespace).run("q1_gradient_descent")
    assert verdicts and all(v.passed for _, v in verdicts)
    assert np.array_equal(np.random.get_state(legacy=False)["state"]["key"], state)
    assert torch.equal(torch.random.get_rng_state(), torch_state)
    assert torch.are_deterministic_algorithms_enabled() == flags
