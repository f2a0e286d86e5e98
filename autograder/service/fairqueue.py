"""The grading queue, fair between students: uploads are served round-robin by student, so one
student who submits ten times in a row delays another student's one upload by at most one
grading, not ten; a student has at most one upload being graded at a time, so hanging notebooks
hold one worker, never all of them; and a waiting upload knows its place in the line."""

from __future__ import annotations

import threading
from collections import OrderedDict, deque


class FairQueue:
    """A blocking queue of upload ids, one FIFO per student, students taken in turn.

    ``get`` returns the next upload id of a student with none being graded, or ``None`` once
    ``close_one`` was called as many times as there are consumers waiting (one ``None`` per call,
    like a sentinel in ``queue.Queue``). A consumer calls ``done`` when it has finished an upload,
    which lets that student's next one go."""

    def __init__(self) -> None:
        self._lines: OrderedDict[str, deque[int]] = OrderedDict()  # student -> uploads, in turn
        self._busy: dict[int, str] = {}  # upload being graded -> its student
        self._stops = 0
        self._ready = threading.Condition()

    def put(self, upload_id: int, student: str) -> None:
        with self._ready:
            self._lines.setdefault(student, deque()).append(upload_id)
            self._ready.notify()

    def close_one(self) -> None:
        """Wake one consumer with ``None`` (after the uploads already queued)."""
        with self._ready:
            self._stops += 1
            self._ready.notify()

    def get(self) -> int | None:
        with self._ready:
            while (student := self._next_free()) is None and not self._stops:
                self._ready.wait()
            if student is None:
                self._stops -= 1
                return None
            line = self._lines.pop(student)
            upload_id = line.popleft()
            if line:  # the student goes to the back of the turn order
                self._lines[student] = line
            self._busy[upload_id] = student
            return upload_id

    def done(self, upload_id: int) -> None:
        """The upload from ``get`` is finished (graded or failed): its student's next may go."""
        with self._ready:
            if self._busy.pop(upload_id, None) is not None:
                self._ready.notify_all()

    def _next_free(self) -> str | None:
        """The first student in turn with an upload waiting and none being graded."""
        busy = set(self._busy.values())
        return next((student for student in self._lines if student not in busy), None)

    def order(self) -> list[int]:
        """Every waiting upload id in the order ``get`` will hand them out if no grading ends
        meanwhile: students in turn, those with an upload being graded after the others."""
        with self._ready:
            busy = set(self._busy.values())
            lines = [list(line) for s, line in self._lines.items() if s not in busy]
            lines += [list(line) for s, line in self._lines.items() if s in busy]
        out: list[int] = []
        for depth in range(max((len(line) for line in lines), default=0)):
            out += [line[depth] for line in lines if depth < len(line)]
        return out

    def position(self, upload_id: int) -> int | None:
        """1 for the next upload to be graded, 2 for the one after, ...; None if not waiting."""
        order = self.order()
        return order.index(upload_id) + 1 if upload_id in order else None

    def __contains__(self, upload_id: object) -> bool:
        with self._ready:
            return any(upload_id in line for line in self._lines.values())

    def qsize(self) -> int:
        with self._ready:
            return sum(len(line) for line in self._lines.values())
