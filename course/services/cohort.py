"""The trainer's cohort view: learners × outcomes, filtered, sorted and paginated in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from course.domain.catalogue import Catalogue, Category, Outcome
from course.extensions import db
from course.models import Completion, OutcomeAttainment, User

from .people import is_visible_learner, visible_learner_ids

PER_PAGE = 50
STATUSES = ("not_started", "in_progress", "awaiting_review", "attained")


@dataclass(frozen=True)
class CohortFilters:
    unit: str | None = None
    category: str | None = None
    status: str | None = None
    name: str = ""
    sort: str = "progress"  # progress | name
    page: int = 1


@dataclass
class CohortPage:
    outcomes: list[Outcome]
    learners: list[tuple[User, int]]  # (learner, attained count among all outcomes)
    cells: dict[tuple[int, str], str]  # (learner id, outcome id) -> status
    total: int
    pages: int
    share: dict[str, float]  # outcome id -> share of the cohort that attained it
    cohort_size: int
    module_complete: int


def columns(catalogue: Catalogue, filters: CohortFilters) -> list[Outcome]:
    return [o for o in catalogue.outcomes
            if (not filters.unit or o.unit_id == filters.unit) and (not filters.category or o.category is Category(filters.category))]


def cohort_page(viewer: User, catalogue: Catalogue, filters: CohortFilters) -> CohortPage:
    outcomes = columns(catalogue, filters)
    outcome_ids = [o.id for o in outcomes]
    scope = visible_learner_ids(viewer).scalar_subquery()
    attained = (select(OutcomeAttainment.user_id, func.count().label("n")).where(OutcomeAttainment.status == "attained")
                .group_by(OutcomeAttainment.user_id).subquery())
    query = select(User, func.coalesce(attained.c.n, 0)).outerjoin(attained, attained.c.user_id == User.id).where(User.id.in_(scope))
    if filters.name.strip():
        query = query.where(User.name.ilike(f"%{filters.name.strip()}%"))
    if filters.status in STATUSES:
        if filters.status == "not_started":  # some shown outcome has no row, or a row still not started
            all_started = (select(OutcomeAttainment.user_id)
                           .where(OutcomeAttainment.outcome_id.in_(outcome_ids), OutcomeAttainment.status != "not_started")
                           .group_by(OutcomeAttainment.user_id).having(func.count() >= len(outcome_ids)))
            query = query.where(~User.id.in_(all_started))
        else:
            query = query.where(User.id.in_(select(OutcomeAttainment.user_id).where(
                OutcomeAttainment.outcome_id.in_(outcome_ids), OutcomeAttainment.status == filters.status)))
    # the count needs no attained numbers (one row per learner either way): the same filters on the users alone
    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(User.id).subquery()))
    order = (User.name, User.id) if filters.sort == "name" else (func.coalesce(attained.c.n, 0).desc(), User.name, User.id)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, filters.page), pages)
    learners = [(user, count) for user, count in db.session.execute(query.order_by(*order).limit(PER_PAGE).offset((page - 1) * PER_PAGE))]
    ids = [user.id for user, _ in learners]
    cells = {(r.user_id, r.outcome_id): r.status for r in db.session.execute(
        select(OutcomeAttainment.user_id, OutcomeAttainment.outcome_id, OutcomeAttainment.status)
        .where(OutcomeAttainment.user_id.in_(ids), OutcomeAttainment.outcome_id.in_(outcome_ids)))} if ids else {}
    cohort_size = db.session.scalar(select(func.count()).select_from(visible_learner_ids(viewer).subquery()))
    share: dict[str, float] = defaultdict(float)
    if cohort_size:
        for outcome_id, count in db.session.execute(
            select(OutcomeAttainment.outcome_id, func.count()).where(
                and_(is_visible_learner(viewer, OutcomeAttainment.user_id), OutcomeAttainment.status == "attained"))
            .group_by(OutcomeAttainment.outcome_id)
        ):
            share[outcome_id] = count / cohort_size
    module_complete = db.session.scalar(select(func.count()).where(
        Completion.scope == "module", is_visible_learner(viewer, Completion.user_id)))
    return CohortPage(outcomes, learners, cells, total, pages, dict(share), cohort_size, module_complete)
