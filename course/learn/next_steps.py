"""The facts "what next" and the quiz statuses are derived from, read in a few queries and handed to course.domain.next_steps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Boolean, Float, Integer, null, select, union_all

from course.domain.catalogue import Catalogue
from course.domain.next_steps import AttemptFact, LessonRef, Plan, QuizProgress, QuizRef, TaskRef, plan, quiz_progress
from course.domain.quizzes import Quiz
from course.extensions import db
from course.models import AttemptGrant, PortfolioSubmission, QuizAttempt, User
from course.services.deadlines import deadlines_of, today
from course.services.progress import lessons_read


@dataclass
class NextSteps:
    plan: Plan
    today: date
    deadlines: dict[str, date] = field(default_factory=dict)
    quizzes: dict[str, QuizProgress] = field(default_factory=dict)


def quiz_progress_of(user_id: int, quizzes: tuple[Quiz, ...]) -> dict[str, QuizProgress]:
    """Each quiz's status for one learner from the stored attempts and grants, in one query."""
    ids = [q.id for q in quizzes]
    attempts = select(QuizAttempt.id, QuizAttempt.quiz_id, QuizAttempt.started_at, QuizAttempt.submitted_at,
                      QuizAttempt.awaiting_marking, QuizAttempt.passed, QuizAttempt.score, QuizAttempt.max_score
                      ).where(QuizAttempt.user_id == user_id, QuizAttempt.quiz_id.in_(ids))
    grants = select(null().cast(Integer), AttemptGrant.quiz_id, AttemptGrant.granted_at, null(), null().cast(Boolean),
                    null().cast(Boolean), null().cast(Float), null().cast(Float)).where(AttemptGrant.user_id == user_id, AttemptGrant.quiz_id.in_(ids))
    facts: dict[str, list[AttemptFact]] = defaultdict(list)
    granted: dict[str, int] = defaultdict(int)
    for attempt_id, quiz_id, started, submitted, awaiting, passed, score, max_score in db.session.execute(union_all(attempts, grants)):
        if attempt_id is None:  # a grant row
            granted[quiz_id] += 1
        else:
            facts[quiz_id].append(AttemptFact(started, submitted is not None, bool(awaiting), passed, score, max_score or 0.0, attempt_id))
    return {q.id: quiz_progress(facts[q.id], q.policy, granted[q.id]) for q in quizzes}


def _task_statuses(user_id: int) -> dict[str, str]:
    rows = db.session.execute(select(PortfolioSubmission.task_id, PortfolioSubmission.status).where(PortfolioSubmission.user_id == user_id)
                              .order_by(PortfolioSubmission.submitted_at, PortfolioSubmission.id))
    return {target: value for target, value in rows}  # the latest submission of each task wins


def next_steps_for(user: User, catalogue: Catalogue, read: dict | None = None, limit: int = 3) -> NextSteps:
    """The learner's continue step and the next ``limit`` things to do, with the organisation's due dates."""
    read = lessons_read(user.id) if read is None else read
    progress = quiz_progress_of(user.id, catalogue.quizzes)
    tasks = _task_statuses(user.id) if catalogue.portfolio.tasks else {}
    organisation = user.organisation
    deadlines = deadlines_of(organisation.id if organisation else None)
    lessons = [LessonRef(lesson.id, lesson.unit_id, lesson.slug, lesson.title, read.get(lesson.id)) for lesson in catalogue.lessons]
    quizzes = [QuizRef(q.id, q.unit_id, q.title, q.summative, progress[q.id]) for q in catalogue.quizzes]
    task_refs = [TaskRef(t.id, t.unit_id, t.title, tasks.get(t.id, "not_started")) for t in catalogue.portfolio.tasks]
    now = today()
    return NextSteps(plan(lessons, quizzes, task_refs, deadlines, now, limit), now, deadlines, progress)


def unit_statuses(user: User, catalogue: Catalogue, unit_id: str) -> tuple[dict[str, QuizProgress], dict[str, date], date]:
    """For the unit page: each of the unit's quizzes' status (one query) and the organisation's due dates."""
    progress = quiz_progress_of(user.id, catalogue.quizzes_of(unit_id))
    organisation = user.organisation
    return progress, deadlines_of(organisation.id if organisation else None), today()
