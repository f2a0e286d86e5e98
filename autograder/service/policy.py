"""Who may see and do what, in one place: which assignments a caller sees, whose submissions
they may read, and the graded-attempt limits (per hour, and the assignment policy's
``max_attempts`` in all). Routes ask here; they hold no rules of their own.

Unknown and hidden things are 404s with a message that names what does exist for that caller
(students: what is released), so ids cannot be probed and nobody is left guessing.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi import HTTPException

from autograder.course import Assignment, list_assignments
from autograder.exceptions import AutograderError
from autograder.grading.penalties import PolicyError
from autograder.grading.policies import Policy as GradingPolicy
from autograder.grading.submissions import student_name
from autograder.service.auth import Caller
from autograder.service.coursebook import Coursebook
from autograder.service.settings import Settings
from autograder.service.store import Store, UploadView

WINDOW = timedelta(hours=1)  # the window of the graded-attempt limit


class Policy:
    """The service's access and rate rules over the course, the store and loaded assignments."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        load: Callable[[str], Assignment],
        coursebook: Coursebook | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.load = load
        self.coursebook = coursebook or Coursebook(store, settings.course_root, load=load)
        # one lock per student, so that two parallel uploads cannot both pass the attempt limit
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

    def listed(self, who: Caller) -> list[str]:
        """The assignments the caller may see: all (instructors), released ones (students)."""
        return [
            a
            for a in list_assignments(self.settings.course_root)
            if who.is_instructor or self.store.is_released(a)
        ]

    def assignment(self, assignment_id: str, who: Caller | None = None) -> Assignment:
        """The course's assignment; a 404 naming what exists (for students: what is released)."""
        known = list_assignments(self.settings.course_root)
        if assignment_id not in known:
            if who is None or who.is_instructor:
                raise HTTPException(
                    404, f"no assignment {assignment_id!r}; the course has: {', '.join(known)}"
                )
            released = [a for a in known if self.store.is_released(a)]
            raise HTTPException(
                404,
                f"no assignment {assignment_id!r}; released so far: "
                f"{', '.join(released) or 'none'}",
            )
        return self.loaded(assignment_id)

    def loaded(self, assignment_id: str) -> Assignment:
        """A course assignment known to exist, loaded (a 500 naming why if it cannot be)."""
        try:
            return self.load(assignment_id)
        except AutograderError as exc:
            raise HTTPException(
                500, f"assignment {assignment_id} cannot be loaded: {exc}"
            ) from None

    def visible(self, assignment_id: str, who: Caller) -> Assignment:
        """The assignment, if the caller may see it: instructors always, students once released."""
        found = self.assignment(assignment_id, who)
        if not who.is_instructor and not self.store.is_released(assignment_id):
            raise HTTPException(404, f"assignment {assignment_id} has not been released yet")
        return found

    def submission(self, submission_id: int, who: Caller) -> UploadView:
        """One submission, if it is the caller's (or the caller teaches); otherwise a 404."""
        view = self.store.get(submission_id)
        if view is None or (view.student != student_name(who.name) and not who.is_instructor):
            raise HTTPException(404, f"no submission {submission_id} of yours")
        return view

    def whose(self, who: Caller, student: str | None) -> str | None:
        """Whose submissions a listing shows: anyone's for instructors, one's own otherwise."""
        return student if who.is_instructor else student_name(who.name)

    def grading_policy(self, assignment_id: str) -> GradingPolicy:
        """The assignment's grading policy; a 500 naming the problem if it cannot be used."""
        try:
            return self.coursebook.policy(assignment_id)
        except PolicyError as exc:
            raise HTTPException(500, f"the grading policy cannot be used: {exc}") from None

    def store_within_limit(self, assignment_id: str, who: Caller, data: bytes) -> UploadView:
        """Store the upload unless the student used up the assignment's attempts (403) or those
        of the last hour (429, with the wait); nothing is stored then."""
        name = student_name(who.name)
        limit_in_all = self.grading_policy(assignment_id).max_attempts
        with self._locks[name]:
            used = self.coursebook.attempts_used(assignment_id, name)
            if limit_in_all is not None and used >= limit_in_all:
                raise HTTPException(
                    403,
                    f"you have used all {limit_in_all} graded attempts that {assignment_id} "
                    "allows (max_attempts); nothing was stored.",
                )
            count, oldest = self.store.recent_count(assignment_id, name, WINDOW)
            limit = self.settings.attempts_per_hour
            if count >= limit:
                wait = seconds_until(oldest + WINDOW if oldest else datetime.now(UTC))
                raise HTTPException(
                    429,
                    f"you have used your {limit} graded attempts per hour "
                    f"for {assignment_id}; the next one is possible in "
                    f"{wait // 60 + 1} min. Nothing was stored.",
                    headers={"Retry-After": str(wait)},
                )
            return self.store.add_upload(assignment_id, name, data)


def seconds_until(moment: datetime) -> int:
    """Whole seconds from now until ``moment``, at least 1 (a Retry-After value)."""
    return max(int((moment - datetime.now(UTC)).total_seconds()) + 1, 1)
