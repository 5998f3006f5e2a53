"""Lesson reading progress."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select

from course.extensions import db
from course.models import LessonRead, User

from . import xapi_events
from .attainment import update_completion
from .locks import lock_learner


def record_lesson_read(user: User, lesson_id: str) -> tuple[LessonRead, bool]:
    """Record that ``user`` read a lesson; idempotent. Returns the row and whether it is new.

    The caller has checked that ``lesson_id`` exists in the catalogue. Flushes.
    """
    lock_learner(user.id)
    existing = db.session.scalar(select(LessonRead).where(LessonRead.user_id == user.id, LessonRead.lesson_id == lesson_id))
    if existing is not None:
        return existing, False
    row = LessonRead(user_id=user.id, lesson_id=lesson_id)
    db.session.add(row)
    update_completion(user.id, {lesson_id.split("/")[0]}, "lesson_read")
    db.session.flush()
    xapi_events.lesson_read(user.id, lesson_id, row.read_at)
    return row, True


# Built once at import: the pages that read a learner's progress only bind the values.
_READ = select(LessonRead.lesson_id, LessonRead.read_at).where(LessonRead.user_id == bindparam("user_id"))
_READ_ONE = select(LessonRead.read_at).where(LessonRead.user_id == bindparam("user_id"), LessonRead.lesson_id == bindparam("lesson_id"))


def lessons_read(user_id: int) -> dict[str, datetime]:
    """Map each lesson the user read to when it was first read."""
    return {lesson_id: read_at for lesson_id, read_at in db.session.execute(_READ, {"user_id": user_id})}


def lesson_read_at(user_id: int, lesson_id: str) -> datetime | None:
    """When the user first read one lesson (None: not yet): the lesson page's one query for the learner's state."""
    return db.session.scalar(_READ_ONE, {"user_id": user_id, "lesson_id": lesson_id})
