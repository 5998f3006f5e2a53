"""A trainer marks open answers and confirms competences; both write evidence and update attainment at once."""

from __future__ import annotations

from datetime import UTC, datetime

from course.domain.catalogue import Category
from course.domain.quizzes import Quiz
from course.extensions import db
from course.models import Evidence, QuizAttempt, User

from .attainment import catalogue, update_attainment
from .errors import ServiceError
from .locks import lock_learner


def grade_open_answer(trainer: User, attempt: QuizAttempt, quiz: Quiz, item_id: str, fraction: float, comment: str,
                      levels: dict[str, int] | None = None) -> None:
    """Mark an open answer of a submitted attempt (the caller checked the trainer may see the learner); flushes.

    ``levels``: the rubric level chosen per criterion (index into the criterion's levels), kept with the
    answer with the comment so the learner's review shows them under the question.
    """
    lock_learner(attempt.user_id)
    db.session.refresh(attempt)
    item = quiz.item(item_id)
    if item is None or not item.marked_by_trainer:
        raise ServiceError("not_an_open_question", item_id)
    if attempt.is_open:
        raise ServiceError("attempt_not_submitted")
    answer = next((a for a in attempt.answers if a.item_id == item_id and a.response is not None), None)
    if answer is None:
        raise ServiceError("no_answer", item_id)
    if not 0 <= fraction <= 1:
        raise ServiceError("score_out_of_range", "score")
    now = datetime.now(UTC)
    answer.fraction, answer.score = fraction, fraction * item.points
    answer.marking = {"levels": dict(levels) if levels else None, "comment": comment or None, "marker_id": trainer.id, "at": now.isoformat()}
    source = "practice_marking" if attempt.mode == "practice" else "trainer_marking"
    rows = [Evidence(user_id=attempt.user_id, outcome_id=o, source=source, attempt_id=attempt.id, item_id=item.id,
                     fraction=fraction, comment=comment or None, created_at=now, created_by=trainer.id) for o in item.outcome_ids]
    db.session.add_all(rows)
    scores = [a.score for a in attempt.answers if a.score is not None]
    attempt.score = round(sum(scores), 6)
    waiting = [a for a in attempt.answers if a.response is not None and a.fraction is None
               and (marked := quiz.item(a.item_id)) is not None and marked.marked_by_trainer]
    attempt.awaiting_marking = bool(waiting)
    attempt.passed = None if waiting else attempt.score >= quiz.policy.pass_mark * attempt.max_score - 1e-9
    update_attainment(attempt.user_id, rows, set(item.outcome_ids), f"trainer_marking:{attempt.id}", trainer.id)


BASES = ("observation", "portfolio")
MIN_OBSERVATION_CHARS = 20


def confirm_competence(trainer: User, learner: User, outcome_id: str, level: int, comment: str,
                       basis: str = "observation", submission_id: object = None) -> Evidence:
    """Rate a learner's competence 1-4 on a named basis; level 3 or more (with the learner's own) attains it.

    ``observation``: the comment (at least 20 characters) describes what the trainer observed.
    ``portfolio``: ``submission_id`` names an assessed portfolio submission of this learner.
    """
    from course.models import PortfolioSubmission

    lock_learner(learner.id)
    outcome = next((o for o in catalogue().outcomes if o.id == outcome_id), None)
    if outcome is None:
        raise ServiceError("unknown_outcome", "outcome")
    if outcome.category is not Category.COMPETENCES:
        raise ServiceError("not_a_competence", "outcome")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4:
        raise ServiceError("level_out_of_range", "level")
    if basis not in BASES:
        raise ServiceError("basis_invalid", "basis")
    comment = (comment or "").strip()
    if basis == "observation":
        if len(comment) < MIN_OBSERVATION_CHARS:
            raise ServiceError("observation_required", "comment")
        submission_id = None
    else:
        submission = db.session.get(PortfolioSubmission, submission_id) if isinstance(submission_id, int) and not isinstance(submission_id, bool) else None
        if submission is None or submission.user_id != learner.id or submission.status != "assessed":
            raise ServiceError("submission_not_assessed", "submission_id")
    row = Evidence(user_id=learner.id, outcome_id=outcome_id, source="trainer_rating", fraction=level / 4, level=level,
                   comment=comment or None, created_at=datetime.now(UTC), created_by=trainer.id, basis=basis,
                   submission_id=submission_id)
    db.session.add(row)
    update_attainment(learner.id, [row], {outcome_id}, "trainer_rating", trainer.id)
    db.session.flush()
    return row
