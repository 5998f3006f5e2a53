"""Quiz attempts: start or resume, autosave, interactive checks, and submitting (scored exactly once)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import bindparam, case, func, insert, inspect, select, update
from sqlalchemy import null as sa_null
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from course.domain.draw import draw
from course.domain.questions import SCORERS, InvalidResponse
from course.domain.quizzes import Item, Quiz, QuizMode, points_of
from course.domain.review import Visibility
from course.extensions import db
from course.models import AttemptAnswer, AttemptGrant, Evidence, QuizAttempt, User

from . import xapi_events
from .attainment import update_attainment
from .boundary import keep_changes
from .errors import ServiceError
from .locks import lock_learner

# Seconds allowed after the deadline for an answer already on its way over the network.
DEADLINE_GRACE = timedelta(seconds=5)
FULL = 1 - 1e-9


def _now() -> datetime:
    return datetime.now(UTC)


def attempts_of(user_id: int, quiz_id: str) -> list[QuizAttempt]:
    query = select(QuizAttempt).where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_id == quiz_id).order_by(QuizAttempt.number)
    return list(db.session.scalars(query))


def attempt_of(user_id: int, attempt_id: int) -> QuizAttempt | None:
    """The learner's own attempt, or None (a foreign attempt is as unknown as a missing one)."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user_id else None


def items_of(attempt: QuizAttempt, quiz: Quiz) -> tuple[Item, ...]:
    """The items this attempt presents: its stored draw (summative), or every item of the quiz."""
    if attempt.item_ids is None:
        return quiz.items
    return tuple(item for item in (quiz.item(item_id) for item_id in attempt.item_ids) if item is not None)


def attempts_allowed(quiz: Quiz, user_id: int) -> int | None:
    """The policy's attempts plus those a trainer granted; None when unlimited."""
    if not quiz.policy.attempts:
        return None
    return quiz.policy.attempts_allowed(_granted(quiz, user_id))


def _granted(quiz: Quiz, user_id: int) -> int:
    return db.session.scalar(select(func.count(AttemptGrant.id)).where(AttemptGrant.user_id == user_id, AttemptGrant.quiz_id == quiz.id))


def attempts_left(quiz: Quiz, user_id: int, used: int | None = None) -> int | None:
    """None when unlimited. ``used``: the attempts the learner started, when the caller has just counted them."""
    if not quiz.policy.attempts:
        return None
    if used is not None:
        return quiz.policy.attempts_left(_granted(quiz, user_id), used)
    used, granted = db.session.execute(_USED_AND_GRANTED, {"user_id": user_id, "quiz_id": quiz.id}).one()
    return quiz.policy.attempts_left(granted, used)


# Built once: the attempts the learner started and the extra ones a trainer granted, in one statement.
_USED_AND_GRANTED = select(
    select(func.count(QuizAttempt.id)).where(QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.quiz_id == bindparam("quiz_id"))
    .scalar_subquery(),
    select(func.count(AttemptGrant.id)).where(AttemptGrant.user_id == bindparam("user_id"), AttemptGrant.quiz_id == bindparam("quiz_id"))
    .scalar_subquery())


def next_attempt_at(quiz: Quiz, user_id: int) -> datetime | None:
    """When the waiting time after the last submitted attempt ends (None: no wait applies)."""
    if not quiz.policy.wait_hours:
        return None
    last = db.session.scalar(
        select(QuizAttempt.submitted_at).where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_id == quiz.id,
                                               QuizAttempt.submitted_at.is_not(None))
        .order_by(QuizAttempt.submitted_at.desc()).limit(1))
    if last is None:
        return None
    return last + timedelta(hours=quiz.policy.wait_hours)


def review_visibility(attempt: QuizAttempt, quiz: Quiz) -> Visibility:
    """What the learner may see of a submitted attempt now, under the quiz's review options."""
    since = (_now() - attempt.submitted_at).total_seconds() if attempt.submitted_at else 0.0
    return Visibility.of(quiz.policy.review, closed_for_good(quiz, attempt.user_id), since)


def closed_for_good(quiz: Quiz, user_id: int) -> bool:
    """No further attempt is possible: what review option 'after_close' waits for."""
    return attempts_left(quiz, user_id) == 0 and not any(a.is_open for a in attempts_of(user_id, quiz.id))


def _lock(user_id: int) -> None:
    """The learner's lock, then a fresh read: what another request committed meanwhile is seen.

    Once per transaction: when the transaction already holds the lock, what it loaded since is current.
    """
    if lock_learner(user_id):
        db.session.expire_all()


# How many attempts of the quiz the learner started, and the open one (at most one: index uq_quiz_attempt_open).
_STARTED_AND_OPEN = (select(func.count(QuizAttempt.id), func.min(case((QuizAttempt.submitted_at.is_(None), QuizAttempt.id))))
                     .where(QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.quiz_id == bindparam("quiz_id")))


def start_attempt(user: User, quiz: Quiz) -> tuple[QuizAttempt, bool]:
    """Resume the open attempt, or start a new one if attempts remain. Returns (attempt, created).

    A summative attempt draws its items now (seeded, stored); when none is left, or the waiting
    time since the last attempt has not passed, it is refused with ``attempts_exhausted`` and the
    date of the next chance (``next_attempt_at``, None when there is none).
    """
    user_id = user.id  # read before the lock expires the object (no reload for the id)
    _lock(user_id)
    started, open_id = db.session.execute(_STARTED_AND_OPEN, {"user_id": user_id, "quiz_id": quiz.id}).one()
    existing = db.session.get(QuizAttempt, open_id) if open_id is not None else None
    if existing is not None:
        if not _expired(existing):
            return existing, False
        submit_attempt(existing, quiz)
    now = _now()
    if attempts_left(quiz, user_id, used=started) == 0:
        raise ServiceError("attempts_exhausted", next_attempt_at=None)
    waiting_until = next_attempt_at(quiz, user_id)
    if waiting_until is not None and waiting_until > now:
        raise ServiceError("attempts_exhausted", next_attempt_at=waiting_until)
    number = started + 1  # an expired attempt submitted above is still one of them
    limit = quiz.policy.time_limit_minutes
    seed = secrets.randbelow(2**31)
    item_ids = list(draw(quiz, seed)) if quiz.summative else None
    attempt = QuizAttempt(
        user_id=user_id, quiz_id=quiz.id, number=number, seed=seed, started_at=now, mode=quiz.mode.value, item_ids=item_ids,
        deadline=now + timedelta(minutes=limit) if limit else None,
        max_score=points_of(quiz.item(i) for i in item_ids) if item_ids is not None else quiz.max_score,
        answers=[],  # a new attempt has none: no query when the response lists them
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # a concurrent request that skipped the lock started it first
        return next(a for a in attempts_of(user_id, quiz.id) if a.is_open), False
    return attempt, True


def _expired(attempt: QuizAttempt, now: datetime | None = None) -> bool:
    return attempt.deadline is not None and (now or _now()) > attempt.deadline + DEADLINE_GRACE


def _ensure_open(attempt: QuizAttempt, quiz: Quiz) -> None:
    """Lock the learner and re-read the attempt: a save or check never lands after a concurrent submit.

    Taking the lock expires what was loaded before it, so the attempt is read afresh after the lock.
    """
    _lock(attempt.user_id)
    if not attempt.is_open:
        raise ServiceError("attempt_closed")
    if _expired(attempt):
        submit_attempt(attempt, quiz)
        keep_changes()  # the submission stands although the save is refused
        raise ServiceError("time_up")


def _item(attempt: QuizAttempt, quiz: Quiz, item_id: str) -> Item:
    """An item this attempt presents (a summative pool item that was not drawn is unknown here)."""
    item = quiz.item(item_id)
    if item is None or (attempt.item_ids is not None and item_id not in attempt.item_ids):
        raise ServiceError("unknown_question")
    return item


def _answer(attempt: QuizAttempt, item_id: str) -> AttemptAnswer | None:
    return next((a for a in attempt.answers if a.item_id == item_id), None)


def is_locked(answer: AttemptAnswer | None, quiz: Quiz) -> bool:
    """Interactive mode: a question is final once checked right or out of tries."""
    if answer is None or not answer.tries:
        return False
    return answer.check_correct or answer.tries >= quiz.policy.tries


def save_answers(attempt: QuizAttempt, quiz: Quiz, responses: dict[str, Any]) -> None:
    """Autosave: store responses (validated by their type) while the attempt is open; flushes.

    The learner's lock is taken first and the attempt read afresh, so a save that races the submit
    either lands before it (and is scored) or finds the attempt closed (409 ``attempt_closed``).
    """
    _ensure_open(attempt, quiz)
    now = _now()
    for item_id, response in responses.items():
        _store_response(attempt, quiz, item_id, response, _answer(attempt, item_id), now)
    db.session.flush()


def save_answer(attempt: QuizAttempt, quiz: Quiz, item_id: str, response: Any, answer: AttemptAnswer | None) -> AttemptAnswer | None:
    """Autosave of one response (the API), as ``save_answers``; flushes. Returns the item's stored answer (None: never saved).

    ``answer`` is the item's stored answer, read by the caller after the learner's lock together with
    the attempt (``access.own_attempt_and_answer``), so the attempt's other answers are not loaded.
    """
    _ensure_open(attempt, quiz)
    answer = _store_response(attempt, quiz, item_id, response, answer, _now())
    db.session.flush()
    return answer


def _store_response(attempt: QuizAttempt, quiz: Quiz, item_id: str, response: Any, answer: AttemptAnswer | None,
                    now: datetime) -> AttemptAnswer | None:
    """Validate one response and write it to the item's answer (added when there is none); returns that answer."""
    item = _item(attempt, quiz, item_id)
    try:
        if response is not None:  # None clears the answer (unticked, emptied, reset)
            SCORERS[item.type].check(item.body, response)
    except InvalidResponse as error:
        raise ServiceError("invalid_response", item_id, detail=str(error)) from error
    if is_locked(answer, quiz):
        if answer.response != response:
            raise ServiceError("question_locked", item_id)
        return answer
    if (answer.response if answer else None) == response:
        return answer  # unchanged: a re-posted page must not make a checked answer look changed since its check
    if answer is None:
        # Through the relationship when the attempt's answers are loaded (they then include it); otherwise by the key
        # alone, which keeps the attempt and its collection out of the flush (an API save: ``save_answer``).
        loaded = "answers" not in inspect(attempt).unloaded
        answer = AttemptAnswer(attempt=attempt, item_id=item_id) if loaded else AttemptAnswer(attempt_id=attempt.id, item_id=item_id)
        db.session.add(answer)
    # SQL NULL, not JSON null: "answered" queries test the column with IS NOT NULL.
    answer.response, answer.saved_at = (response if response is not None else sa_null()), now
    return answer


def save_page(attempt: QuizAttempt, quiz: Quiz, responses: dict[str, Any], check_id: str | None) -> tuple[dict[str, str], CheckResult | None]:
    """Save a posted quiz page answer by answer (one bad answer loses no other), then check one if asked.

    Returns the error codes by item id and the check's result. An attempt that is closed or out of
    time raises, since nothing on the page can be saved.
    """
    errors: dict[str, str] = {}
    keep_changes()  # the valid answers are kept even when others are refused (the page answers 422)
    for item_id, response in responses.items():
        try:
            save_answers(attempt, quiz, {item_id: response})
        except ServiceError as error:
            if error.code in ("time_up", "attempt_closed"):
                raise
            errors[item_id] = error.code
    if not check_id or check_id in errors:
        return errors, None
    try:
        return errors, check_answer(attempt, quiz, check_id)
    except ServiceError as error:
        if error.code in ("time_up", "attempt_closed"):
            raise
        errors[check_id] = error.code
        return errors, None


@dataclass(frozen=True)
class CheckResult:
    """Interactive mode: the outcome of checking one question."""

    fraction: float
    credit: float
    tries_used: int
    tries_left: int
    locked: bool


def check_answer(attempt: QuizAttempt, quiz: Quiz, item_id: str) -> CheckResult:
    """Score one saved response now, with a penalty per extra try (Moodle's interactive behaviour).

    Never for a summative test: a check would tell which answers are right.
    """
    if quiz.summative:
        raise ServiceError("check_not_available", item_id)
    _ensure_open(attempt, quiz)
    item = _item(attempt, quiz, item_id)
    if quiz.policy.feedback != "interactive" or not item.auto_scored:
        raise ServiceError("check_not_available", item_id)
    answer = _answer(attempt, item_id)
    if answer is None or answer.response is None:
        raise ServiceError("no_answer", item_id)
    if is_locked(answer, quiz):
        raise ServiceError("question_locked", item_id)
    fraction = SCORERS[item.type].score(item.body, answer.response)
    answer.tries += 1
    answer.check_correct = fraction >= FULL
    answer.checked_fraction = max(0.0, fraction - quiz.policy.penalty * (answer.tries - 1))
    answer.checked_at = max(_now(), answer.saved_at)
    db.session.flush()
    locked = is_locked(answer, quiz)
    return CheckResult(fraction, answer.checked_fraction, answer.tries, max(0, quiz.policy.tries - answer.tries), locked)


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
    _lock(attempt.user_id)
    if not attempt.is_open:
        return attempt
    now = _now()
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


def grant_attempt(trainer: User, learner: User, quiz: Quiz) -> int:
    """One more summative attempt for ``learner`` (the caller checked the trainer may act on them).

    Returns the attempts now allowed. Only summative tests have a limit a trainer may lift.
    """
    if not quiz.summative:
        raise ServiceError("grant_needs_summative", "quiz")
    lock_learner(learner.id)
    db.session.add(AttemptGrant(user_id=learner.id, quiz_id=quiz.id, granted_by=trainer.id, granted_at=_now()))
    db.session.flush()
    return attempts_allowed(quiz, learner.id)
