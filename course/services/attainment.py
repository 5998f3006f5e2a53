"""Keep each learner's stored attainment in step with the evidence, in the same transaction.

Callers add evidence rows to the session, then call ``update_attainment`` before committing: only
the outcomes touched are loaded and folded, so the cost follows the size of the change, not the
learner's history. ``recompute`` folds everything from scratch and reports any stored row that differs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import func, select

from course.domain import attainment as rules
from course.domain.catalogue import AttainmentPolicy, Category
from course.domain.portfolio_gate import apply_portfolio_gate
from course.extensions import current_catalogue as catalogue  # noqa: F401  (re-exported)
from course.extensions import db
from course.models import (
    AttainmentChange,
    AttemptAnswer,
    Completion,
    Evidence,
    LessonRead,
    Membership,
    Organisation,
    OutcomeAttainment,
    QuizAttempt,
)


def policy_for(user_id: int) -> AttainmentPolicy:
    """The course policy, with the learner's organisation's choice on competences (self-assessment may suffice)."""
    policy = catalogue().policy
    needs_trainer = db.session.scalar(
        select(Organisation.competences_need_trainer).join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user_id))
    if needs_trainer is None or needs_trainer == policy.competences.require_trainer:
        return policy
    return replace(policy, competences=replace(policy.competences, require_trainer=needs_trainer))


def _point(row: Evidence) -> rules.EvidencePoint:
    return rules.EvidencePoint(row.outcome_id, row.source, row.fraction, row.created_at, row.item_id, row.attempt_id, row.level, row.comment)


PORTFOLIO_SOURCE = "portfolio_assessment"


def _foldable(rows: list, category: Category) -> list:
    """A portfolio assessment is shown beside measured results and feeds the portfolio gate, never a measured value."""
    return rows if category is Category.COMPETENCES else [r for r in rows if r.source != PORTFOLIO_SOURCE]


def _gates(user_id: int, outcome_ids: set[str]) -> dict:
    from .portfolio_tasks import gate_facts  # portfolio_tasks writes evidence through this module

    return gate_facts(user_id, outcome_ids)


def _with_basis(user_id: int, outcome_id: str, result: rules.Attainment) -> rules.Attainment:
    """A trainer's confirmation shows what it rested on (an observation, or which portfolio submission)."""
    if not (result.explanation.get("method") == "competence" and result.explanation.get("trainer")):
        return result
    row = db.session.execute(select(Evidence.basis, Evidence.submission_id).where(
        Evidence.user_id == user_id, Evidence.outcome_id == outcome_id, Evidence.source == rules.TRAINER)
        .order_by(Evidence.created_at.desc(), Evidence.id.desc()).limit(1)).first()
    if row is None or row.basis is None:
        return result
    return replace(result, explanation={**result.explanation, "basis": {"basis": row.basis, "submission_id": row.submission_id}})


def _parse(moment: str | None) -> datetime | None:
    return datetime.fromisoformat(moment) if moment else None


def pending_reviews(user_id: int, outcome_ids: set[str]) -> dict[str, int]:
    """Open answers of submitted attempts still waiting for a trainer, counted per outcome."""
    cat = catalogue()
    open_items = {item.id: item.outcome_ids for quiz in cat.quizzes for item in quiz.items if item.type == "open"}
    wanted = [item_id for item_id, outcomes in open_items.items() if set(outcomes) & outcome_ids]
    if not wanted:
        return {}
    rows = db.session.execute(
        select(AttemptAnswer.item_id, func.count()).join(QuizAttempt, QuizAttempt.id == AttemptAnswer.attempt_id)
        .where(QuizAttempt.user_id == user_id, QuizAttempt.submitted_at.is_not(None), AttemptAnswer.item_id.in_(wanted),
               AttemptAnswer.response.is_not(None), AttemptAnswer.fraction.is_(None))
        .group_by(AttemptAnswer.item_id)
    )
    counts: dict[str, int] = defaultdict(int)
    for item_id, count in rows:
        for outcome_id in open_items[item_id]:
            counts[outcome_id] += count
    return counts


def _store(user_id: int, outcome_id: str, row: OutcomeAttainment | None, state, result: rules.Attainment, cause: str, actor_id: int | None) -> None:
    old_status = row.status if row is not None else rules.NOT_STARTED
    if row is None:
        row = OutcomeAttainment(user_id=user_id, outcome_id=outcome_id)
        db.session.add(row)
    row.status, row.score, row.evidence_count = result.status, result.score, result.evidence_count
    row.first_attained_at = _parse(result.first_attained_at)
    row.state, row.explanation = rules.state_to_json(state), result.explanation
    row.updated_at = datetime.now(UTC)
    if old_status != result.status:
        db.session.add(AttainmentChange(user_id=user_id, subject=outcome_id, old_status=old_status, new_status=result.status,
                                        cause=cause, actor_id=actor_id))


def update_attainment(user_id: int, new_evidence: list[Evidence], outcome_ids: set[str], cause: str, actor_id: int | None = None) -> None:
    """Fold new evidence (one batch) into the stored attainment of ``outcome_ids``; the caller commits."""
    cat, policy = catalogue(), policy_for(user_id)
    outcomes = {o.id: o for o in cat.outcomes if o.id in outcome_ids}
    db.session.flush()
    stored = {r.outcome_id: r for r in db.session.scalars(
        select(OutcomeAttainment).where(OutcomeAttainment.user_id == user_id, OutcomeAttainment.outcome_id.in_(outcomes))
    )}
    pending = pending_reviews(user_id, set(outcomes))
    gates = _gates(user_id, set(outcomes))
    by_outcome: dict[str, list[Evidence]] = defaultdict(list)
    for row in new_evidence:
        by_outcome[row.outcome_id].append(row)
    for outcome_id, outcome in outcomes.items():
        row = stored.get(outcome_id)
        state = rules.state_from_json(row.state if row else None, outcome.category)
        batch = _foldable(by_outcome[outcome_id], outcome.category)
        if batch:
            state = rules.fold(state, [_point(e) for e in batch], outcome.category, policy)
        result = rules.evaluate(state, outcome.category, policy, pending.get(outcome_id, 0))
        result = _with_basis(user_id, outcome_id, apply_portfolio_gate(result, gates.get(outcome_id)))
        _store(user_id, outcome_id, row, state, result, cause, actor_id)
    update_completion(user_id, {o.unit_id for o in outcomes.values()}, cause, actor_id)


def update_completion(user_id: int, unit_ids: set[str], cause: str, actor_id: int | None = None) -> None:
    """Set or clear the completion flags of ``unit_ids`` and of the module; the caller commits."""
    cat = catalogue()
    db.session.flush()
    attained = set(db.session.scalars(select(OutcomeAttainment.outcome_id).where(
        OutcomeAttainment.user_id == user_id, OutcomeAttainment.status == rules.ATTAINED)))
    read = set(db.session.scalars(select(LessonRead.lesson_id).where(LessonRead.user_id == user_id)))
    flags = {c.scope: c for c in db.session.scalars(select(Completion).where(Completion.user_id == user_id))}
    now = datetime.now(UTC)
    complete_units = set()
    for unit in cat.units:
        done = all(lesson.id in read for lesson in unit.lessons) and all(o.id in attained for o in unit.outcomes)
        if done:
            complete_units.add(unit.id)
        if unit.id in unit_ids:
            _flag(user_id, unit.id, done, flags, now, cause, actor_id)
    if _flag(user_id, "module", complete_units == {u.id for u in cat.units}, flags, now, cause, actor_id):
        _issue_automatically(user_id)


def _flag(user_id: int, scope: str, done: bool, flags: dict, now: datetime, cause: str, actor_id: int | None) -> bool:
    """Set or clear one completion flag; True when it was newly set."""
    flag = flags.get(scope)
    if done and flag is None:
        db.session.add(Completion(user_id=user_id, scope=scope, completed_at=now))
    elif not done and flag is not None:
        db.session.delete(flag)
    else:
        return False
    db.session.add(AttainmentChange(user_id=user_id, subject=scope, old_status="complete" if flag else "incomplete",
                                    new_status="complete" if done else "incomplete", cause=cause, actor_id=actor_id))
    return done


def _issue_automatically(user_id: int) -> None:
    """Organisations that chose it get the certificate issued in the transaction that completes the module."""
    from course.models import User

    from .certificates import active_certificate, issue_certificate

    user = db.session.get(User, user_id)
    organisation = user.organisation if user else None
    if organisation is not None and organisation.certificates_automatic and active_certificate(user_id) is None:
        db.session.flush()
        issue_certificate(None, user, commit=False)


@dataclass(frozen=True)
class Difference:
    """A stored attainment row that did not match the recomputation from evidence."""

    user_id: int
    outcome_id: str
    stored: str
    computed: str


def recompute(user_id: int) -> list[Difference]:
    """Rebuild a learner's attainment from all their evidence; fix and report rows that differed."""
    cat, policy = catalogue(), policy_for(user_id)
    evidence: dict[str, list[rules.EvidencePoint]] = defaultdict(list)
    for row in db.session.scalars(select(Evidence).where(Evidence.user_id == user_id)):
        evidence[row.outcome_id].append(_point(row))
    stored = {r.outcome_id: r for r in db.session.scalars(select(OutcomeAttainment).where(OutcomeAttainment.user_id == user_id))}
    pending = pending_reviews(user_id, {o.id for o in cat.outcomes})
    gates = _gates(user_id, {o.id for o in cat.outcomes})
    differences = []
    for outcome in cat.outcomes:
        points = _foldable(evidence.get(outcome.id, []), outcome.category)
        state, result = rules.recompute(points, outcome.category, policy, pending.get(outcome.id, 0))
        result = _with_basis(user_id, outcome.id, apply_portfolio_gate(result, gates.get(outcome.id)))
        row = stored.get(outcome.id)
        if row is None and result.status == rules.NOT_STARTED and not evidence.get(outcome.id):
            continue
        summary = _summary(result)
        if row is None or _summary_of(row) != summary:
            differences.append(Difference(user_id, outcome.id, _summary_of(row) if row else "missing", summary))
            _store(user_id, outcome.id, row, state, result, "recompute", None)
    update_completion(user_id, {u.id for u in cat.units}, "recompute")
    db.session.commit()
    return differences


def _summary(result: rules.Attainment) -> str:
    return f"{result.status} {result.score:.6f} {result.first_attained_at} {result.evidence_count}"


def _summary_of(row: OutcomeAttainment) -> str:
    first = row.first_attained_at.isoformat() if row.first_attained_at else None
    return f"{row.status} {row.score:.6f} {first} {row.evidence_count}"


def learner_attainment(user_id: int) -> dict[str, OutcomeAttainment]:
    return {r.outcome_id: r for r in db.session.scalars(select(OutcomeAttainment).where(OutcomeAttainment.user_id == user_id))}


def completions(user_id: int) -> dict[str, datetime]:
    return {c.scope: c.completed_at for c in db.session.scalars(select(Completion).where(Completion.user_id == user_id))}

