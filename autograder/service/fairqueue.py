"""The grading queue, fair between students: uploads are served round-robin by student, so one
student who submits ten times in a row delays another student's one upload by at most one
grading, not ten; and a waiting upload knows its place in the line."""

from __future__ import annotations

import threading
from collections import OrderedDict, deque


class FairQueue:
    """A blocking queue of upload ids, one FIFO per student, students taken in turn.

    ``get`` returns the next upload id, or ``None`` once ``close`` was called as many times as
    there are consumers waiting (one ``None`` per call, like a sentinel in ``queue.Queue``)."""

    def __init__(self) -> None:
        self._lines: OrderedDict[str, deque[int]] = OrderedDict()  # student -> uploads, in turn
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
            while not self._lines and not self._stops:
                self._ready.wait()
            if not self._lines:
                self._stops -= 1
                return None
            student, line = next(iter(self._lines.items()))
            upload_id = line.popleft()
            del self._lines[student]
            if line:  # the student goes to the back of the turn order
                self._lines[student] = line
            return upload_id

    def order(self) -> list[int]:
        """Every waiting upload id in the order ``get`` will hand them out."""
        with self._ready:
            lines = [list(line) for line in self._lines.values()]
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
