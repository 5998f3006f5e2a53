"""Submitting an attempt: its score, its evidence and the learner's attainment, in one transaction, exactly once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm.attributes import set_committed_value

from course.domain.questions import SCORERS
from course.domain.quizzes import Item, Quiz, QuizMode, points_of
from course.extensions import db
from course.models import AttemptAnswer, Evidence, QuizAttempt

from . import xapi_events
from .attainment import update_attainment
from .attempts import items_of, lock_and_reread


def final_fraction(answer: AttemptAnswer | None, item: Item, quiz: Quiz) -> float | None:
    """The credit an answer earns at submission (None: a person marks it; unanswered: 0).

    Interactive mode keeps the credit of the last check; a response changed since then is graded
    as one more try, with its penalty.
    """
    if not item.auto_scored:
        return None
    if answer is None or answer.response is None:
        return 0.0
    if quiz.policy.feedback == "interactive" and answer.tries and answer.checked_at and answer.saved_at <= answer.checked_at:
        return answer.checked_fraction
    fraction = SCORERS[item.type].score(item.body, answer.response)
    if quiz.policy.feedback == "interactive":
        fraction = max(0.0, fraction - quiz.policy.penalty * answer.tries)
    return fraction


_RESULT = ("submitted_at", "score", "max_score", "awaiting_marking", "passed")
# Built once: close the attempt with its result, only if it is still open (``new_<column>`` are the values).
_CLAIM = (update(QuizAttempt).where(QuizAttempt.id == bindparam("attempt_id"), QuizAttempt.submitted_at.is_(None))
          .values({column: bindparam(f"new_{column}", type_=QuizAttempt.__table__.c[column].type) for column in _RESULT})
          .execution_options(synchronize_session=False))

_ANSWERS = AttemptAnswer.__table__
_SCORE_ANSWERS = (update(_ANSWERS).where(_ANSWERS.c.id == bindparam("answer_id"))
                  .values(fraction=bindparam("new_fraction"), score=bindparam("new_score")))


def submit_attempt(attempt: QuizAttempt, quiz: Quiz) -> QuizAttempt:
    """Score the attempt and write its evidence in one transaction; a second submit changes nothing.

    Every presented item is evidence, an unanswered one with fraction 0 (a blank is not an
    absence). A summative attempt's evidence counts towards mastery; a practice attempt's is
    recorded as practice (source ``practice_attempt``), which never attains a W or U outcome.
    """
    lock_and_reread(attempt.user_id)
    if not attempt.is_open:
        return attempt
    now = datetime.now(UTC)
    answers = {a.item_id: a for a in attempt.answers}
    items = items_of(attempt, quiz)
    source = "practice_attempt" if attempt.mode == QuizMode.PRACTICE.value else "quiz_attempt"
    score, awaiting, evidence, scored = 0.0, False, [], []  # evidence: transient rows, inserted in one statement below
    for item in items:
        answer = answers.get(item.id)
        answered = answer is not None and answer.response is not None
        if item.is_rating:
            if answered and "level" in answer.response:  # "no opportunity yet" is stored, but is not a rating
                level = answer.response["level"]
                evidence += _evidence(attempt, item, "self_assessment", level / 4, level, now)
            continue
        fraction = final_fraction(answer, item, quiz)
        if fraction is None:
            awaiting = awaiting or answered
            continue
        score += fraction * item.points
        if answered:
            scored.append((answer, fraction, fraction * item.points))
        evidence += _evidence(attempt, item, source, fraction, None, now)
    max_score = points_of(items)
    result = {"submitted_at": now, "score": round(score, 6), "max_score": max_score, "awaiting_marking": awaiting,
              "passed": None if awaiting else score >= quiz.policy.pass_mark * max_score - 1e-9}
    # The claim and the result in one statement: only the request that finds the attempt still open writes anything.
    claimed = db.session.execute(_CLAIM, {"attempt_id": attempt.id} | {f"new_{column}": value for column, value in result.items()})
    if claimed.rowcount != 1:  # another request submitted it in the meantime (one that skipped the lock)
        db.session.refresh(attempt)
        return attempt
    for column, value in result.items():
        # The object learns what the row now holds without a second UPDATE, except "waiting for marking" when it
        # changes: the flush listener (notification_hooks: "an answer waits for marking") recognises the event by
        # that attribute's change, and the flush then repeats this one column.
        if column == "awaiting_marking" and value != attempt.awaiting_marking:
            setattr(attempt, column, value)
        else:
            set_committed_value(attempt, column, value)
    if scored:  # one executemany; the objects learn their values without a unit-of-work flush of each
        db.session.execute(_SCORE_ANSWERS, [{"answer_id": answer.id, "new_fraction": fraction, "new_score": points}
                                            for answer, fraction, points in scored])
        for answer, fraction, points in scored:
            set_committed_value(answer, "fraction", fraction)
            set_committed_value(answer, "score", points)
    if evidence:  # Core executemany: every row has the same columns (level NULL unless a rating)
        db.session.execute(insert(Evidence.__table__), [_row(e) for e in evidence])
    outcome_ids = {o for item in items for o in item.outcome_ids}
    update_attainment(attempt.user_id, evidence, outcome_ids, f"quiz_attempt:{attempt.id}")
    xapi_events.attempt_submitted(attempt, quiz)
    _refresh_item_analysis(attempt, quiz)
    return attempt


def _refresh_item_analysis(attempt: QuizAttempt, quiz: Quiz) -> None:
    from course.jobs import enqueue, redis_connection
    from course.models import Membership

    if redis_connection() is None:
        return  # the warm-up runs only with a queue (``only_with_queue``): no need to look up the organisation
    organisation_id = db.session.scalar(select(Membership.organisation_id).where(Membership.user_id == attempt.user_id,
                                                                                  Membership.removed_at.is_(None)))
    if organisation_id is not None:
        enqueue("item_analysis_refresh", only_with_queue=True, quiz_id=quiz.id, organisation_id=organisation_id)


class NewEvidence(NamedTuple):
    """An evidence row of a submission before it is inserted: its columns, and what ``update_attainment`` reads of a row."""

    user_id: int
    outcome_id: str
    source: str
    attempt_id: int
    item_id: str
    fraction: float
    level: int | None
    created_at: datetime
    comment: str | None = None  # never set by a submission (the column stays NULL)


def _evidence(attempt: QuizAttempt, item: Item, source: str, fraction: float, level: int | None, at: datetime) -> list[NewEvidence]:
    """One row per outcome of the item; all rows of one submission share its timestamp (one batch).

    Plain tuples, not mapped objects: ``submit_attempt`` inserts the whole batch in one statement.
    """
    return [NewEvidence(attempt.user_id, outcome_id, source, attempt.id, item.id, fraction, level, at) for outcome_id in item.outcome_ids]


_EVIDENCE_COLUMNS = ("user_id", "outcome_id", "source", "attempt_id", "item_id", "fraction", "level", "created_at")


def _row(evidence: NewEvidence) -> dict:
    return {column: getattr(evidence, column) for column in _EVIDENCE_COLUMNS}
