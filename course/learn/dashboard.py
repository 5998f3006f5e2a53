"""The learner's dashboard: one view model built with a small, constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from course.domain.catalogue import Catalogue, Category, Lesson, Outcome, Unit
from course.domain.quizzes import Quiz
from course.extensions import db
from course.labels import excerpt, status_word
from course.models import Evidence, Membership, OutcomeAttainment, QuizAttempt, User
from course.services.attainment import completions
from course.services.certificates import certificates_of
from course.services.progress import lessons_read
from course.services.queue import feedback_for

from .charts import dashboard_charts
from .explain import explain, percent


@dataclass
class OutcomeRow:
    outcome: Outcome
    status: str
    score: float
    attained_at: object
    why: list[str]


@dataclass
class UnitBoard:
    unit: Unit
    read: int
    outcomes: list[OutcomeRow]
    complete_at: object
    attained_by_category: dict[Category, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Dashboard:
    units: list[UnitBoard]
    module_complete_at: object
    next_lessons: list[Lesson]
    next_quizzes: list[Quiz]
    awaiting: list[OutcomeRow]
    trainers: list[str]
    attempts: list[tuple[QuizAttempt, Quiz]]
    self_ratings: list[Evidence]
    comments: list[tuple[Evidence, str]]
    calibration: list[tuple[Outcome, int | None, int | None]]
    read_lessons: dict
    feedback: list
    certificates: list
    unit_calibration: list = field(default_factory=list)  # (unit, self-rating mean level or None, measured W/U mean or None)
    quiz_reasons: dict = field(default_factory=dict)  # quiz id -> why it is still listed (its outcomes not attained yet)
    comment_rows: list = field(default_factory=list)  # trainer comments, once each, named by quiz and question

    @cached_property
    def charts(self):
        """The summary figure, the outcome picture and the unit progress (course/learn/charts.py), drawn from this model."""
        return dashboard_charts(self)


def build_dashboard(user: User, catalogue: Catalogue) -> Dashboard:
    read = lessons_read(user.id)
    stored = {r.outcome_id: r for r in db.session.scalars(select(OutcomeAttainment).where(OutcomeAttainment.user_id == user.id))}
    done = completions(user.id)
    rows: dict[str, OutcomeRow] = {}
    units = []
    for unit in catalogue.units:
        outcome_rows = []
        for outcome in unit.outcomes:
            row = stored.get(outcome.id)
            outcome_rows.append(OutcomeRow(outcome, row.status if row else "not_started", row.score if row else 0.0,
                                           row.first_attained_at if row else None, explain(row.explanation if row else None)))
            rows[outcome.id] = outcome_rows[-1]
        by_category = {c: (sum(1 for r in outcome_rows if r.outcome.category is c and r.status == "attained"),
                           sum(1 for r in outcome_rows if r.outcome.category is c)) for c in Category}
        units.append(UnitBoard(unit, sum(1 for lesson in unit.lessons if lesson.id in read), outcome_rows, done.get(unit.id), by_category))
    open_ids = {oid for oid, r in rows.items() if r.status in ("not_started", "in_progress")}
    next_lessons = [lesson for lesson in catalogue.lessons if lesson.id not in read and set(lesson.outcome_ids) & open_ids]
    next_quizzes = [q for q in catalogue.quizzes if any(set(i.outcome_ids) & open_ids for i in q.items)]
    quizzes = {q.id: q for q in catalogue.quizzes}
    attempts = [(a, quizzes[a.quiz_id]) for a in db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == user.id).order_by(QuizAttempt.started_at.desc())) if a.quiz_id in quizzes]
    author = aliased(User)
    notes = db.session.execute(
        select(Evidence, author.name).outerjoin(author, author.id == Evidence.created_by)
        .where(Evidence.user_id == user.id, Evidence.source.in_(("self_assessment", "trainer_rating", "trainer_marking", "practice_marking")))
        .order_by(Evidence.created_at.desc(), Evidence.id)
    ).all()
    self_ratings = [e for e, _name in notes if e.source == "self_assessment"]
    comments = [(e, name or "") for e, name in notes if e.source != "self_assessment" and e.comment]
    latest_self = {}
    latest_trainer = {}
    for e, _name in reversed(notes):
        if e.source == "self_assessment":
            latest_self[e.outcome_id] = e.level
        elif e.source == "trainer_rating":
            latest_trainer[e.outcome_id] = e.level
    calibration = [(o, latest_self.get(o.id), latest_trainer.get(o.id)) for o in catalogue.outcomes
                   if o.category is Category.COMPETENCES and (o.id in latest_self or o.id in latest_trainer)]
    trainers = _trainers(user)
    unit_calibration = []
    for unit in catalogue.units:
        levels = [latest_self[o.id] for o in unit.outcomes if o.id in latest_self]
        measured = [rows[o.id].score for o in unit.outcomes if o.category is not Category.COMPETENCES and rows[o.id].status != "not_started"]
        if levels or measured:
            unit_calibration.append((unit, sum(levels) / len(levels) if levels else None, sum(measured) / len(measured) if measured else None))
    return Dashboard(units, done.get("module"), next_lessons, next_quizzes, [r for r in rows.values() if r.status == "awaiting_review"],
                     trainers, attempts, self_ratings, comments, calibration, read, feedback_for(user.id),
                     certificates_of(user.id), unit_calibration, {q.id: quiz_reasons(q, rows, stored, open_ids) for q in next_quizzes},
                     comment_rows(comments, attempts, catalogue))


def quiz_reasons(quiz: Quiz, rows: dict[str, OutcomeRow], stored: dict, open_ids: set[str]) -> list[str]:
    """Why a quiz is still to do, from the same stored attainment the outcome list shows: each outcome it
    checks that is not attained yet, with its status and its result (a practice best where that is all)."""
    reasons = []
    for outcome_id in sorted({o for item in quiz.items for o in item.outcome_ids} & open_ids):
        row = rows[outcome_id]
        explanation = (stored[outcome_id].explanation or {}) if outcome_id in stored else {}
        if explanation.get("results"):
            result = _("wynik %(v)s", v=percent(row.score))
        elif explanation.get("practice_results"):
            result = _("najlepszy wynik w ćwiczeniach %(v)s", v=percent(explanation.get("practice_best")))
        else:
            result = _("brak wyników")
        reasons.append(_("%(id)s: %(status)s, %(result)s", id=outcome_id, status=status_word(row.status), result=result))
    return reasons


def comment_rows(comments: list, attempts: list, catalogue: Catalogue) -> list[dict]:
    """Each trainer comment once (a marking writes one evidence row per outcome), named by what it is about:
    the quiz and the question for a marked answer (with a link to its review), the competence for a confirmation."""
    quizzes = {a.id: quiz for a, quiz in attempts}
    outcomes = {o.id: o for o in catalogue.outcomes}
    seen: dict[tuple, dict] = {}
    for e, name in comments:
        quiz = quizzes.get(e.attempt_id)
        key = (e.attempt_id, e.item_id, e.created_at) if quiz and e.item_id else ("outcome", e.id)
        if key in seen:
            seen[key]["outcomes"].append(e.outcome_id)
            continue
        about, url = _("Kompetencja %(id)s: %(text)s", id=e.outcome_id, text=outcomes[e.outcome_id].text) if e.outcome_id in outcomes else e.outcome_id, None
        if quiz is not None and e.item_id:
            items = [i.id for i in quiz.items]
            item = quiz.item(e.item_id)
            number = items.index(e.item_id) + 1 if e.item_id in items else None
            about = _("%(quiz)s, pytanie %(n)s: %(stem)s", quiz=quiz.title, n=number or "–", stem=excerpt(item.prompt if item else ""))
            url = url_for("quiz.review", quiz_id=quiz.id, attempt_id=e.attempt_id) + f"#rq-{e.item_id}"
        seen[key] = {"about": about, "url": url, "outcomes": [e.outcome_id], "at": e.created_at, "name": name,
                     "level": e.level if e.source == "trainer_rating" else None, "comment": e.comment}
    return list(seen.values())



def _trainers(user: User) -> list[str]:
    from course.domain.roles import Role

    membership = user.membership
    if membership is None:
        return []
    return list(db.session.scalars(
        select(User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == membership.organisation_id, User.role == Role.TRAINER).order_by(User.name)
    ))
