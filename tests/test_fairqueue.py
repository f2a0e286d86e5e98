"""The grading queue takes students in turn and tells each waiting upload its place."""

from __future__ import annotations

import threading

from autograder.service.fairqueue import FairQueue
from autograder.service.settings import default_workers


def test_students_are_served_in_turn_and_positions_follow_that_order() -> None:
    q = FairQueue()
    for upload_id, student in ((1, "ann"), (2, "ann"), (3, "ann"), (4, "ben"), (5, "cat")):
        q.put(upload_id, student)
    assert [q.position(i) for i in (1, 2, 3, 4, 5)] == [1, 4, 5, 2, 3]
    assert q.qsize() == 5 and q.position(99) is None
    assert [_take(q) for _ in range(3)] == [1, 4, 5]
    q.put(6, "ben")  # ben comes back after ann's turn
    assert q.order() == [2, 6, 3]
    assert [_take(q) for _ in range(3)] == [2, 6, 3]
    assert q.position(2) is None and q.qsize() == 0


def _take(q: FairQueue) -> int | None:
    """One upload, graded at once."""
    upload_id = q.get()
    if upload_id is not None:
        q.done(upload_id)
    return upload_id


def test_a_student_with_an_upload_being_graded_waits_while_others_are_served() -> None:
    q = FairQueue()
    for upload_id, student in ((1, "ann"), (2, "ann"), (3, "ann"), (4, "ben")):
        q.put(upload_id, student)
    assert q.get() == 1  # ann's first hangs in a worker
    assert q.order() == [4, 2, 3] and q.position(4) == 1  # ben is next, ann's others wait
    assert q.get() == 4
    got: list[int | None] = []
    second = threading.Thread(target=lambda: got.append(q.get()))
    second.start()
    second.join(timeout=0.3)
    assert second.is_alive() and got == []  # a free worker does not take ann's second upload
    q.done(4)  # ben's grading ending frees nothing of ann's
    second.join(timeout=0.3)
    assert second.is_alive() and got == []
    q.done(1)  # ann's first is finished: her next one goes
    second.join(timeout=5)
    assert got == [2] and q.order() == [3]


def test_a_waiting_consumer_gets_the_next_upload_or_none_when_closed() -> None:
    q = FairQueue()
    got: list[int | None] = []
    consumers = [threading.Thread(target=lambda: got.append(q.get())) for _ in range(2)]
    for t in consumers:
        t.start()
    q.put(7, "ann")
    q.close_one()
    for t in consumers:
        t.join(timeout=5)
    assert sorted(got, key=str) == [7, None]


def test_uploads_queued_before_close_are_still_handed_out_first() -> None:
    q = FairQueue()
    q.put(1, "ann")
    q.close_one()
    assert (q.get(), q.get()) == (1, None)


def test_the_service_grades_several_uploads_at_once_by_default() -> None:
    assert 2 <= default_workers() <= 4
