"""The nbgrader-format runner (untrusted side): a notebook's code cells run top to bottom in one
IPython shell, as a Jupyter kernel under nbgrader's ``Execute`` preprocessor runs them, and each
cell's outputs are streamed back in nbformat's shape.

Runs inside the sandbox and imports nothing trusted. The job's ``runner_input`` holds the code
cells (``{"index", "source"}``), the per-cell ``timeout`` (seconds, ``None`` for none), the error
output nbgrader appends to a cell that timed out (``error_on_timeout``), the student's own extra
files (``files``: relative path to base64) and an output budget per cell (``max_output_chars``).
Messages: ``question_start`` for the one question ``notebook``, one ``result`` per cell (call =
the cell's index in the notebook, record = ``{"outputs", "execution_count"}``),
``question_done``, ``done``. The grade cells' tests run here, in the student's process, as in
nbgrader: what this module reports can be forged by the student's code.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import signal
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

QUESTION = "notebook"
MAX_OUTPUT_CHARS = 200_000
MAX_IMAGE_BYTES = 2 * 1024 * 1024
PLAIN_CHARS = 10_000
MAX_ITEMS = 1000  # outputs per cell
SECOND_INTERRUPT_SECONDS = 5.0  # a cell that ignores the first interrupt gets another one
IPYTHONDIR = os.path.join(tempfile.gettempdir(), ".ipython")


class CellOutputs:
    """The outputs of the running cell in nbformat's shape, within a character budget."""

    def __init__(self, budget: int) -> None:
        self.items: list[dict[str, Any]] = []
        self.budget = budget
        self.cut = False

    def _take(self, text: str) -> str:
        if len(text) <= self.budget:
            self.budget -= len(text)
            return text
        kept, self.budget = text[: max(self.budget, 0)], 0
        if not self.cut:
            self.cut = True
            return kept + "\n... Output truncated by the grader ...\n"
        return kept

    def stream(self, name: str, text: str) -> None:
        """Append to the last output when it is the same stream, as nbclient does (within the
        budget; a stderr output is kept even when its text is not, since it scores a cell 0)."""
        if not text:
            return
        text = self._take(text)
        if not text and name != "stderr":  # stderr past the budget still costs the cell
            return
        last = self.items[-1] if self.items else None
        if last is not None and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        elif len(self.items) < MAX_ITEMS or (
            name == "stderr" and not any(o.get("name") == "stderr" for o in self.items)
        ):
            self.items.append({"output_type": "stream", "name": name, "text": text})

    def data(self, kind: str, data: dict[str, Any], metadata: dict[str, Any], count: int) -> None:
        """An ``execute_result`` or ``display_data`` output: text/plain always (cut at
        ``PLAIN_CHARS``: nbgrader reads a partial-credit score there), other JSON-able
        representations while the budget lasts."""
        if len(self.items) >= MAX_ITEMS and kind != "execute_result":
            return
        kept: dict[str, Any] = {}
        for mime, value in data.items():
            if isinstance(value, bytes):
                value = base64.b64encode(value).decode()
            if mime == "text/plain":
                kept[mime] = str(value)[:PLAIN_CHARS]
                continue
            encoded = _json(value)
            if encoded is not None and len(encoded) <= self.budget:
                kept[str(mime)] = value
                self.budget -= len(encoded)
        meta = metadata if _json(metadata) is not None else {}
        output: dict[str, Any] = {"output_type": kind, "data": kept, "metadata": meta or {}}
        if kind == "execute_result":
            output["execution_count"] = count
        self.items.append(output)

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        evalue = self._take(evalue)
        traceback = [self._take(line) for line in traceback[:200]]
        self.items.append(
            {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": traceback}
        )


def _json(value: object) -> str | None:
    """``value`` as JSON, or ``None`` when it is not plain JSON data."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return None


class _Stream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` of the shell: text goes to the running cell's outputs."""

    def __init__(self, name: str, current: Callable[[], CellOutputs]) -> None:
        self.name = name
        self.current = current

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.current().stream(self.name, text)
        return len(text)

    def isatty(self) -> bool:
        return False


def make_shell(current: Callable[[], CellOutputs]) -> Any:
    """An IPython ``InteractiveShell`` whose display hook, display publisher and tracebacks
    write into the running cell's outputs, as ipykernel's do into messages."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Hook(DisplayHook):
        def start_displayhook(self) -> None:
            self.pending: dict[str, Any] = {}

        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict: Any, md_dict: Any = None) -> None:
            self.pending = {"data": format_dict, "metadata": md_dict or {}}

        def finish_displayhook(self) -> None:
            if self.pending.get("data"):
                current().data(
                    "execute_result",
                    self.pending["data"],
                    self.pending["metadata"],
                    self.prompt_count,
                )
            self.pending = {}

    class Publisher(DisplayPublisher):
        def publish(self, data: Any, metadata: Any = None, *args: Any, **kwargs: Any) -> None:
            current().data("display_data", dict(data), dict(metadata or {}), 0)

        def clear_output(self, wait: bool = False) -> None:
            current().items.clear()

    class Shell(InteractiveShell):
        def _showtraceback(self, etype: Any, evalue: Any, stb: list[str]) -> None:
            current().error(str(etype.__name__), str(evalue), list(stb))

    config = Config()
    config.HistoryManager.enabled = False
    shell = Shell.instance(
        config=config, displayhook_class=Hook, display_pub_class=Publisher, colors="linux"
    )
    shell.user_ns["__name__"] = "__main__"
    return shell


class _Interrupter:
    """nbgrader's per-cell timeout: the running cell gets a KeyboardInterrupt (a kernel gets
    SIGINT), and another every few seconds while it goes on ignoring them."""

    def __init__(self) -> None:
        self.fired = 0

    def __call__(self, signum: int, frame: Any) -> None:
        self.fired += 1
        signal.setitimer(signal.ITIMER_REAL, SECOND_INTERRUPT_SECONDS)
        raise KeyboardInterrupt


def show_warning(
    message: Any, category: Any, filename: str, lineno: int, file: Any = None, line: Any = None
) -> None:
    """Warnings go to stderr as a kernel shows them (so nbgrader scores the test cell 0)."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def flush_figures(outputs: CellOutputs) -> None:
    """Show the cell's open matplotlib figures as PNG ``display_data``, as the inline backend
    does at the end of a cell, then close them."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    with contextlib.suppress(Exception):
        for number in pyplot.get_fignums():
            buffer = io.BytesIO()
            figure = pyplot.figure(number)
            figure.savefig(buffer, format="png", bbox_inches="tight")
            png = buffer.getvalue()
            text = {"text/plain": f"<Figure size {figure.bbox.width:g}x{figure.bbox.height:g}>"}
            if len(png) <= MAX_IMAGE_BYTES:
                outputs.data("display_data", {"image/png": png, **text}, {}, 0)
            else:
                outputs.data("display_data", text, {}, 0)
        pyplot.close("all")


def write_files(files: dict[str, str]) -> None:
    """The student's own extra files, unless the assignment's (already here) has the name: the
    source's files overwrite the submitted ones, as in nbgrader's autograde."""
    for name, encoded in files.items():
        path = Path(name)
        if path.is_absolute() or ".." in path.parts or path.exists():
            continue
        with contextlib.suppress(OSError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(encoded))


def warm_up() -> None:
    """For a warm worker, before it forks children: the shell every child will run its
    notebook in (made once here: 14 ms a notebook otherwise), its first-use costs paid (the
    first traceback loads stack_data and Pygments), with the two per-traceback costs below
    made one-off. Each child gets its own copy of the shell by the fork."""
    global _SHELL
    reuse_traceback_lexer()
    remember_terminal_colors()
    os.environ.setdefault("IPYTHONDIR", IPYTHONDIR)
    _SHELL = make_shell(_running_cell)
    run_first_cells(_SHELL)  # its errors format the first tracebacks


def run_first_cells(shell: Any) -> None:
    """Pay a shell's first-use costs (input transformers, compiling, the pretty printer, a
    traceback from a cell) once in the worker instead of in every child: 9.6 to 2.7 ms for a
    one-cell notebook. Silent and outside the history, so the shell's namespace, its cell count
    and its outputs are as before; what they leave on the shell and in ``sys`` (the last input,
    the last result, the traces of the error) is put back."""
    attributes, kept = dict(vars(shell)), _Running.outputs
    _Running.outputs = CellOutputs(MAX_OUTPUT_CHARS)  # where the errors' outputs go, then dropped
    shell.display_formatter.format([1, "a", 2.0, {"k": (1,)}])
    for source in ("1 + 1", "(lambda: [][0])()", "assert 1 == 2"):
        shell.run_cell(source, store_history=False, silent=True)
    _Running.outputs = kept
    vars(shell).clear()  # the cells set the shell's last input line
    vars(shell).update(attributes)
    shell.last_execution_succeeded, shell.last_execution_result = True, None
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        sys.__dict__.pop(name, None)


class _Running:
    """The outputs of the cell running now, which the shell's hooks write to."""

    outputs = CellOutputs(MAX_OUTPUT_CHARS)


_SHELL: Any = None  # made by ``warm_up`` in a warm worker


def _running_cell() -> CellOutputs:
    return _Running.outputs


def reuse_traceback_lexer() -> None:
    """stack_data highlights each traceback frame with a new subclass of Pygments' Python lexer,
    which compiles the lexer's regular expressions again (about 7 ms a frame). One subclass,
    given the ranges per instance, highlights the same tokens the same way, compiled once."""
    import pygments
    import stack_data.core
    from pygments.lexers import get_lexer_by_name

    class RangeLexer(type(get_lexer_by_name("python3"))):  # type: ignore[misc]
        ranges: tuple[tuple[int, int], ...] = ()

        def get_tokens(self, text: str, unfiltered: bool = False) -> Any:
            length = 0
            for ttype, value in super().get_tokens(text):
                if any(start <= length < end for start, end in self.ranges):
                    ttype = ttype.ExecutingNode
                length += len(value)
                yield ttype, value

    def highlighted_with_ranges(formatter: Any, code: str, ranges: Any) -> list[str]:
        lexer = RangeLexer(stripnl=False)
        lexer.ranges = tuple(ranges)
        try:
            highlighted = pygments.highlight(code, lexer, formatter)
        except Exception:  # as stack_data: unhighlighted code rather than no traceback
            highlighted = code
        lines: list[str] = highlighted.splitlines()
        return lines

    stack_data.core._pygmented_with_ranges = highlighted_with_ranges  # type: ignore[attr-defined]


def remember_terminal_colors() -> None:
    """IPython builds a new traceback style class and a new Pygments ``Terminal256Formatter``
    per traceback, which maps every colour of the style onto the fixed table of 256 terminal
    colours by a linear search: the style class is kept per base style, and the escape codes
    each style gets, and every colour's match, are remembered."""
    import stack_data
    from pygments.formatters.terminal256 import Terminal256Formatter

    search, setup = Terminal256Formatter._closest_color, Terminal256Formatter._setup_styles
    from stack_data.core import style_with_executing_node as plain_with_node

    with_node = cast(Callable[[Any, str], Any], plain_with_node)
    colors: dict[tuple[int, int, int], int] = {}
    escapes: dict[tuple[Any, ...], dict[str, tuple[str, str]]] = {}
    styles: dict[tuple[Any, str], Any] = {}

    def closest_color(self: Terminal256Formatter, r: int, g: int, b: int) -> int:
        if (r, g, b) not in colors:
            colors[r, g, b] = search(self, r, g, b)
        return colors[r, g, b]

    def setup_styles(self: Terminal256Formatter) -> None:
        key = (self.style, self.usebold, self.useunderline, self.useitalic)
        if key not in escapes:
            setup(self)
            escapes[key] = dict(self.style_string)
        self.style_string.update(escapes[key])

    def style_with_executing_node(style: Any, modifier: str) -> Any:
        if (style, modifier) not in styles:
            styles[style, modifier] = with_node(style, modifier)
        return styles[style, modifier]

    Terminal256Formatter._closest_color = closest_color
    Terminal256Formatter._setup_styles = setup_styles
    stack_data.style_with_executing_node = style_with_executing_node  # type: ignore[attr-defined]


def run(job: dict[str, Any], emit: Callable[[dict[str, Any]], None]) -> None:
    """Run the notebook's code cells and stream one record per cell (see the module's doc)."""
    given = job.get("runner_input") or {}
    timeout = given.get("timeout")
    on_timeout = given.get("error_on_timeout")
    budget = int(given.get("max_output_chars") or MAX_OUTPUT_CHARS)
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    os.environ.setdefault("IPYTHONDIR", IPYTHONDIR)
    write_files(dict(given.get("files") or {}))
    _Running.outputs = CellOutputs(budget)
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout = _Stream("stdout", _running_cell)
    sys.stderr = _Stream("stderr", _running_cell)
    shell = _SHELL if _SHELL is not None else make_shell(_running_cell)
    with contextlib.suppress(OSError):  # the worker wiped /tmp since the shell made it
        os.makedirs(shell.profile_dir.location, exist_ok=True)
        shell.profile_dir.check_dirs()
    warnings.showwarning = show_warning
    interrupter = _Interrupter()
    signal.signal(signal.SIGALRM, interrupter)
    emit({"type": "question_start", "question": QUESTION})
    for cell in given.get("cells", []):
        outputs = _Running.outputs = CellOutputs(budget)
        interrupter.fired = 0
        try:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, float(timeout))
            shell.run_cell(str(cell["source"]), store_history=True)
        except KeyboardInterrupt:  # the interrupt came between IPython's own handlers
            outputs.error("KeyboardInterrupt", "", ["KeyboardInterrupt"])
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        flush_figures(outputs)
        if (
            interrupter.fired
            and on_timeout
            and not any(o.get("ename") == on_timeout.get("ename") for o in outputs.items)
        ):
            outputs.error(
                str(on_timeout.get("ename", "")),
                str(on_timeout.get("evalue", "")),
                [str(line) for line in on_timeout.get("traceback", [])],
            )
        emit(
            {
                "type": "result",
                "question": QUESTION,
                "call": int(cell["index"]),
                "record": {"outputs": outputs.items, "execution_count": shell.execution_count - 1},
            }
        )
    emit({"type": "question_done", "question": QUESTION})
    sys.stdout, sys.stderr = real_out, real_err
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    emit({"type": "done"})
