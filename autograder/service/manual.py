"""Gradebook tables of the coursebook: manual grades (an append-only audit trail) and each
assignment's stored grading policy. They live on the gradebook's ``Base``: once this module is
imported (the service's store imports it), ``Gradebook(...)`` creates them with the others, in
new and existing databases alike, and ``Store(...)`` makes sure of them (:func:`create_tables`)
for a gradebook opened before. The gradebook itself does not import this module: that would
be an import cycle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from autograder.grading.gradebook import Base


class ManualGrade(Base):
    """One manual grading action, never updated nor deleted: a question's score set by hand
    (``score`` NULL: the override removed, the automatic score counts again). The override in
    force per (assignment, student, question) is the latest row; ``before``/``after`` are the
    student's effective score just before and after the action (None: no score)."""

    __tablename__ = "manual_grades"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment: Mapped[str] = mapped_column(String(100), index=True)
    student: Mapped[str] = mapped_column(String(200), index=True)
    question: Mapped[str] = mapped_column(String(100))
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    who: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    before: Mapped[float | None] = mapped_column(Float, nullable=True)
    after: Mapped[float | None] = mapped_column(Float, nullable=True)


class AssignmentPolicy(Base):
    """An assignment's grading policy as set through the service (``policy_to_dict`` form); it
    takes precedence over the course's ``policy.toml``."""

    __tablename__ = "assignment_policies"

    assignment: Mapped[str] = mapped_column(String(100), primary_key=True)
    policy: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def create_tables(engine: Engine) -> None:
    """Create the coursebook's tables where they are missing (idempotent)."""
    names = (ManualGrade.__tablename__, AssignmentPolicy.__tablename__)
    Base.metadata.create_all(engine, tables=[Base.metadata.tables[n] for n in names])
