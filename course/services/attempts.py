"""Quiz attempts: start or resume, autosave, interactive checks (submitting: ``submission``)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, insert, select, update
from sqlalchemy import null as sa_null
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from course.domain.draw import draw
from course.domain.questions import SCORERS, InvalidResponse
from course.domain.quizzes import Item, Quiz, points_of
from course.domain.review import Visibility
from course.extensions import db
from course.models import AttemptAnswer, AttemptGrant, QuizAttempt, User

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


# Built once: the extra attempts a trainer granted the learner for a quiz, and with them the attempts started.
_GRANTED = select(func.count(AttemptGrant.id)).where(AttemptGrant.user_id == bindparam("user_id"), AttemptGrant.quiz_id == bindparam("quiz_id"))
_USED_AND_GRANTED = select(
    select(func.count(QuizAttempt.id)).where(QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.quiz_id == bindparam("quiz_id"))
    .scalar_subquery(),
    _GRANTED.scalar_subquery())


def _granted(quiz: Quiz, user_id: int) -> int:
    return db.session.scalar(_GRANTED, {"user_id": user_id, "quiz_id": quiz.id})


def attempts_left(quiz: Quiz, user_id: int, used: int | None = None) -> int | None:
    """None when unlimited. ``used``: the attempts the learner started, when the caller has just counted them."""
    if not quiz.policy.attempts:
        return None
    if used is not None:
        return quiz.policy.attempts_left(_granted(quiz, user_id), used)
    used, granted = db.session.execute(_USED_AND_GRANTED, {"user_id": user_id, "quiz_id": quiz.id}).one()
    return quiz.policy.attempts_left(granted, used)



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


def lock_and_reread(user_id: int) -> None:
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
    lock_and_reread(user_id)
    started, open_id = db.session.execute(_STARTED_AND_OPEN, {"user_id": user_id, "quiz_id": quiz.id}).one()
    existing = db.session.get(QuizAttempt, open_id) if open_id is not None else None
    if existing is not None:
        if not _expired(existing):
            return existing, False
        from .submission import submit_attempt  # submission builds on this module

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
    lock_and_reread(attempt.user_id)
    if not attempt.is_open:
        raise ServiceError("attempt_closed")
    if _expired(attempt):
        from .submission import submit_attempt

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


_ANSWERS = AttemptAnswer.__table__
# Built once, on the table: the API's autosave of one answer writes it without the unit of work (a flush of one
# object was about a fifth of the request). The columns not named take their defaults (no tries, not checked).
_ADD_ANSWER = insert(_ANSWERS).values(attempt_id=bindparam("attempt_id"), item_id=bindparam("item_id"),
                                      response=bindparam("response"), saved_at=bindparam("saved_at"))
_SET_ANSWER = (update(_ANSWERS).where(_ANSWERS.c.id == bindparam("answer_id"))
               .values(response=bindparam("new_response"), saved_at=bindparam("new_saved_at")))
# A cleared answer is SQL NULL, not JSON null: "answered" queries test the column with IS NOT NULL.
_CLEAR_ANSWER = update(_ANSWERS).where(_ANSWERS.c.id == bindparam("answer_id")).values(response=sa_null(), saved_at=bindparam("new_saved_at"))


def save_answer(attempt: QuizAttempt, quiz: Quiz, item_id: str, response: Any, answer: AttemptAnswer | None) -> datetime | None:
    """Autosave of one response (the API), as ``save_answers``; returns when the item's stored answer was saved (None: never).

    ``answer`` is the item's stored answer, read by the caller after the learner's lock together with
    the attempt (``access.own_attempt_and_answer``), so the attempt's other answers are not loaded. The
    write is one statement; ``answer``, when there is one, learns the values it wrote.
    """
    _ensure_open(attempt, quiz)
    if not _to_write(attempt, quiz, item_id, response, answer):
        return answer.saved_at if answer is not None else None
    now = _now()
    if answer is None:
        db.session.execute(_ADD_ANSWER, {"attempt_id": attempt.id, "item_id": item_id, "response": response, "saved_at": now})
        return now
    if response is None:
        db.session.execute(_CLEAR_ANSWER, {"answer_id": answer.id, "new_saved_at": now})
    else:
        db.session.execute(_SET_ANSWER, {"answer_id": answer.id, "new_response": response, "new_saved_at": now})
    set_committed_value(answer, "response", response)
    set_committed_value(answer, "saved_at", now)
    return now


def _to_write(attempt: QuizAttempt, quiz: Quiz, item_id: str, response: Any, answer: AttemptAnswer | None) -> bool:
    """Validate one response for the item's stored ``answer``: True when it is to be written, False when it is already stored.

    Raises ``invalid_response`` (not a response of the item's type), ``question_locked`` (interactive mode: a
    final question, and a different response) and ``unknown_question``.
    """
    item = _item(attempt, quiz, item_id)
    try:
        if response is not None:  # None clears the answer (unticked, emptied, reset)
            SCORERS[item.type].check(item.body, response)
    except InvalidResponse as error:
        raise ServiceError("invalid_response", item_id, detail=str(error)) from error
    if is_locked(answer, quiz):
        if answer.response != response:
            raise ServiceError("question_locked", item_id)
        return False
    # Unchanged: a re-posted page must not make a checked answer look changed since its check.
    return (answer.response if answer else None) != response


def _store_response(attempt: QuizAttempt, quiz: Quiz, item_id: str, response: Any, answer: AttemptAnswer | None,
                    now: datetime) -> None:
    """Validate one response and write it to the item's answer, through the attempt's loaded answers (added when there is none)."""
    if not _to_write(attempt, quiz, item_id, response, answer):
        return
    if answer is None:
        answer = AttemptAnswer(attempt=attempt, item_id=item_id)
        db.session.add(answer)
    # SQL NULL, not JSON null (as ``_CLEAR_ANSWER``).
    answer.response, answer.saved_at = (response if response is not None else sa_null()), now


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
