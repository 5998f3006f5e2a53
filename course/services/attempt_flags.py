"""Questions a learner flags "for later" in an open attempt: kept with the attempt, shown by the navigator and summary."""

from __future__ import annotations

from course.domain.quizzes import Quiz
from course.extensions import db
from course.models import QuizAttempt

from . import attempts


def flagged_ids(attempt: QuizAttempt) -> frozenset[str]:
    return frozenset(attempt.flagged or ())


def set_flag(attempt: QuizAttempt, quiz: Quiz, item_id: str, flagged: bool) -> frozenset[str]:
    """Flag or unflag one presented question of an open attempt (idempotent); returns the flagged ids.

    Like a save, it takes the learner's lock and re-reads the attempt, so it never lands after a submit.
    """
    attempts._ensure_open(attempt, quiz)  # locks the learner, refreshes the attempt; closed or out of time raises
    attempts._item(attempt, quiz, item_id)  # an item this attempt does not present is unknown
    current = list(attempt.flagged or ())
    if flagged and item_id not in current:
        current.append(item_id)
    elif not flagged and item_id in current:
        current.remove(item_id)
    attempt.flagged = current or None  # a new list, so the JSON column is seen as changed
    db.session.flush()
    return frozenset(current)
