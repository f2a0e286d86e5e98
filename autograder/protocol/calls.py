"""Calls the trusted side asks the sandbox to make, and the typed outcomes that come back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from autograder.exceptions import WireError
from autograder.protocol import wire
from autograder.protocol.messages import CallSpec

Mode = Literal["value", "vjp", "jacobian"]


@dataclass(frozen=True)
class Call:
    """One function call on grader-chosen inputs.

    ``fn`` names a function (or ``Class.attr``) in the submission's namespace. ``mode`` asks for
    autograd results too: ``vjp`` returns vector-Jacobian products with a seeded cotangent and
    ``jacobian`` full Jacobians, both with respect to the
    :class:`~autograder.protocol.wire.TensorArg` arguments that carry a ``grad_name``.
    ``keep_args`` sends the arguments back after the call, so that the trusted side can see
    whether they were mutated.
    """

    fn: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    mode: Mode = "value"
    keep_args: bool = False
    seed: int = 0

    def to_wire(self, call_id: int) -> CallSpec:
        """The JSON job entry for this call."""
        return {
            "id": call_id,
            "fn": self.fn,
            "args": wire.encode(tuple(self.args)),
            "kwargs": wire.encode(dict(self.kwargs)),
            "mode": self.mode,
            "keep_args": self.keep_args,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class ErrorInfo:
    """An exception raised by submitted code, as reported by the sandbox."""

    type: str
    bases: tuple[str, ...]
    message: str
    where: str | None
    traceback: str

    def is_a(self, name: str) -> bool:
        """Whether the exception is an instance of the class called ``name``."""
        return name in self.bases

    def describe(self) -> str:
        place = f" ({self.where})" if self.where else ""
        text = f"{self.type}: {self.message}" if self.message else self.type
        return f"{text}{place}"


@dataclass(frozen=True)
class WarningInfo:
    """A warning the call emitted: its category (with base classes) and text."""

    type: str
    bases: tuple[str, ...]
    message: str

    def is_a(self, name: str) -> bool:
        return name in self.bases


@dataclass(frozen=True)
class OutputGrad:
    """Autograd results for one output: ``status`` is ok, detached or not_tensor."""

    output: int
    status: str
    by_input: Mapping[str, Any]


@dataclass(frozen=True)
class CallOutcome:
    """What one call produced: a value (plus gradients), or the exception it raised."""

    ok: bool
    value: Any = None
    error: ErrorInfo | None = None
    grads: tuple[OutputGrad, ...] = ()
    args_after: Any = None
    args_before: Any = None
    arg_names: tuple[str, ...] = ()
    warnings: tuple[WarningInfo, ...] = ()
    rng_touched: tuple[str, ...] = ()
    seconds: float = 0.0

    @classmethod
    def from_record(cls, record: Any) -> CallOutcome:
        """Validate and decode a record from the sandbox (or the reference run). Total: any
        malformed record raises :class:`WireError`, so it costs one check, never a submission."""
        try:
            return cls._from_record(record)
        except WireError:
            raise
        except Exception as exc:
            raise WireError(f"malformed call record ({type(exc).__name__})") from None

    @classmethod
    def _from_record(cls, record: Any) -> CallOutcome:
        if type(record) is not dict or type(record.get("ok")) is not bool:
            raise WireError("malformed call record")
        seconds = record.get("seconds", 0.0)
        seconds = float(seconds) if type(seconds) in (int, float) else 0.0
        if not record["ok"]:
            err = record.get("error")
            if type(err) is not dict:
                raise WireError("malformed error record")
            mro = err.get("mro", [])
            return cls(
                ok=False,
                seconds=seconds,
                error=ErrorInfo(
                    type=_text(err.get("type"), 200),
                    bases=tuple(_text(m, 200) for m in mro[:50]),
                    message=_text(err.get("message", ""), 2000),
                    where=_text(err["where"], 200) if err.get("where") else None,
                    traceback=_text(err.get("traceback", ""), 4000),
                ),
            )
        grads = tuple(_output_grad(g) for g in record.get("grads", []) or [])
        after = wire.decode(record["args_after"]) if "args_after" in record else None
        before = wire.decode(record["args_before"]) if "args_before" in record else None
        caught = record.get("warnings", []) or []
        touched = record.get("rng_touched", []) or []
        names = record.get("arg_names", []) or []
        if type(caught) is not list or type(touched) is not list or type(names) is not list:
            raise WireError("malformed call record")
        return cls(
            ok=True,
            value=wire.decode(record.get("value")),
            grads=grads,
            args_after=after,
            args_before=before,
            arg_names=tuple(_text(n, 100) for n in names[:50]),
            warnings=tuple(_warning(w) for w in caught[:20]),
            rng_touched=tuple(_text(t, 20) for t in touched[:3]),
            seconds=seconds,
        )


def _text(x: Any, limit: int) -> str:
    if type(x) is not str:
        raise WireError("expected text")
    return x[:limit]


def _warning(w: Any) -> WarningInfo:
    if type(w) is not dict or type(w.get("mro", [])) is not list:
        raise WireError("malformed warning record")
    return WarningInfo(
        _text(w.get("type"), 200),
        tuple(_text(m, 200) for m in w.get("mro", [])[:50]),
        _text(w.get("message", ""), 500),
    )


def _output_grad(g: Any) -> OutputGrad:
    if type(g) is not dict or type(g.get("output")) is not int:
        raise WireError("malformed gradient record")
    by_input = g.get("by_input", {})
    if type(by_input) is not dict:
        raise WireError("malformed gradient record")
    return OutputGrad(
        g["output"],
        _text(g.get("status"), 20),
        {_text(k, 100): (None if v is None else wire.decode(v)) for k, v in by_input.items()},
    )
