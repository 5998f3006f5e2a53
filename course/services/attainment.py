"""Keep each learner's stored attainment in step with the evidence, in the same transaction.

Callers add evidence rows to the session, then call ``update_attainment`` (which takes the learner's
lock and flushes; the request or CLI boundary commits): only the outcomes touched are loaded and
folded, so the cost follows the size of the change, not the learner's history. ``recompute`` folds
everything from scratch and reports any stored row that differs; it never issues a certificate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, insert, literal, select, union_all

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

from . import reactions
from .locks import lock_learner

_NEEDS_TRAINER = (select(Organisation.competences_need_trainer).join(Membership, Membership.organisation_id == Organisation.id)
                  .where(Membership.user_id == bindparam("user_id")))


def policy_for(user_id: int) -> AttainmentPolicy:
    """The course policy, with the learner's organisation's choice on competences (self-assessment may suffice)."""
    policy = catalogue().policy
    needs_trainer = db.session.scalar(_NEEDS_TRAINER, {"user_id": user_id})
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


@dataclass(frozen=True)
class Pending:
    """Open answers still waiting for a trainer for one outcome, and when the earliest such attempt was submitted."""

    count: int = 0
    since: str | None = None


# Built once: per open item, the learner's submitted summative answers to it still without a mark, and the earliest submission.
_PENDING = (select(AttemptAnswer.item_id, func.count(), func.min(QuizAttempt.submitted_at))
            .join(QuizAttempt, QuizAttempt.id == AttemptAnswer.attempt_id)
            .where(QuizAttempt.user_id == bindparam("user_id"), QuizAttempt.submitted_at.is_not(None), QuizAttempt.mode == "summative",
                   AttemptAnswer.item_id.in_(bindparam("item_ids", expanding=True)),
                   AttemptAnswer.response.is_not(None), AttemptAnswer.fraction.is_(None))
            .group_by(AttemptAnswer.item_id))


def pending_reviews(user_id: int, outcome_ids: set[str]) -> dict[str, Pending]:
    """Open answers of submitted summative attempts still waiting for a trainer, counted per outcome.

    A practice answer waiting for marking is not counted: its marking is practice and cannot attain.
    """
    open_items = catalogue().marked_items
    wanted = [item_id for item_id, outcomes in open_items.items() if set(outcomes) & outcome_ids]
    if not wanted:
        return {}
    rows = db.session.execute(_PENDING, {"user_id": user_id, "item_ids": wanted})
    counts: dict[str, int] = defaultdict(int)
    since: dict[str, datetime] = {}
    for item_id, count, earliest in rows:
        earliest = earliest if earliest is None or earliest.tzinfo else earliest.replace(tzinfo=UTC)
        for outcome_id in open_items[item_id]:
            counts[outcome_id] += count
            if earliest is not None and (outcome_id not in since or earliest < since[outcome_id]):
                since[outcome_id] = earliest
    return {o: Pending(n, since[o].isoformat() if o in since else None) for o, n in counts.items()}


NONE_PENDING = Pending()


class _Writes:
    """What a fold writes besides the stored rows it changes in place: the outcomes' new rows and every status change.

    Each kind goes into the database in one statement (``write``), not one ``INSERT ... RETURNING`` a row through the
    unit of work: nothing reads these objects back in the request. The caller holds the learner's lock, so the
    page cache's net for unlocked writes has nothing to catch; the one notification a status change can raise
    (a K outcome waiting for the trainer) is recorded by ``notification_hooks.attainment_changed``.
    """

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.changes: list[dict] = []

    def change(self, user_id: int, subject: str, old_status: str, new_status: str, cause: str, actor_id: int | None) -> None:
        self.changes.append({"user_id": user_id, "subject": subject, "old_status": old_status, "new_status": new_status,
                             "cause": cause, "actor_id": actor_id})

    def write(self) -> None:
        if self.rows:
            db.session.execute(insert(OutcomeAttainment.__table__), self.rows)
        if self.changes:
            db.session.execute(insert(AttainmentChange.__table__), self.changes)  # ``at``: the column's default, per row
            from .notification_hooks import attainment_changed

            attainment_changed(db.session, self.changes)
        self.rows, self.changes = [], []


def _store(user_id: int, outcome_id: str, row: OutcomeAttainment | None, state, result: rules.Attainment, cause: str,
           actor_id: int | None, writes: _Writes) -> bool:
    """Write the outcome's state and result (a new row through ``writes``); True when it became attained or stopped being attained."""
    old_status = row.status if row is not None else rules.NOT_STARTED
    values = {"status": result.status, "score": result.score, "evidence_count": result.evidence_count,
              "first_attained_at": _parse(result.first_attained_at), "state": rules.state_to_json(state),
              "explanation": result.explanation, "updated_at": datetime.now(UTC)}
    if row is None:
        writes.rows.append({"user_id": user_id, "outcome_id": outcome_id, **values})
    else:
        for column, value in values.items():
            setattr(row, column, value)
    if old_status != result.status and result.status == rules.ATTAINED and cause != "recompute":
        from . import xapi_events

        xapi_events.outcome_attained(user_id, outcome_id, result.score, values["updated_at"])
    if old_status != result.status:
        writes.change(user_id, outcome_id, old_status, result.status, cause, actor_id)
    return (old_status == rules.ATTAINED) != (result.status == rules.ATTAINED)


# Built once: the stored attainment of some of the learner's outcomes, read afresh.
_STORED = (select(OutcomeAttainment).where(OutcomeAttainment.user_id == bindparam("user_id"),
                                           OutcomeAttainment.outcome_id.in_(bindparam("outcome_ids", expanding=True)))
           .execution_options(populate_existing=True))


def update_attainment(user_id: int, new_evidence: list[Evidence], outcome_ids: set[str], cause: str, actor_id: int | None = None) -> bool:
    """Fold new evidence (one batch) into the stored attainment of ``outcome_ids``; flushes, the boundary commits.

    ``new_evidence``: the rows, or anything with their columns as attributes (a submission passes
    ``submission.NewEvidence`` tuples it inserted in one statement). Takes the learner's lock before reading the stored state, so two writers for one learner (a
    learner's submission and a trainer's confirmation on two workers) fold one after the other.
    Returns True when the module became complete (the reaction is recorded, see ``reactions``).
    Completion follows the attained outcomes and the lesson reads only, so it is looked at only when
    an outcome became attained or stopped being attained.
    """
    lock_learner(user_id)
    cat, policy = catalogue(), policy_for(user_id)
    outcomes = {o.id: o for o in cat.outcomes if o.id in outcome_ids}
    db.session.flush()
    stored = {r.outcome_id: r for r in db.session.scalars(_STORED, {"user_id": user_id, "outcome_ids": list(outcomes)})}
    pending = pending_reviews(user_id, set(outcomes))
    gates = _gates(user_id, set(outcomes))
    by_outcome: dict[str, list[Evidence]] = defaultdict(list)
    for row in new_evidence:
        by_outcome[row.outcome_id].append(row)
    crossed, writes = False, _Writes()
    for outcome_id, outcome in outcomes.items():
        row = stored.get(outcome_id)
        state = rules.state_from_json(row.state if row else None, outcome.category)
        batch = _foldable(by_outcome[outcome_id], outcome.category)
        if batch:
            state = rules.fold(state, [_point(e) for e in batch], outcome.category, policy)
        waiting = pending.get(outcome_id, NONE_PENDING)
        result = rules.evaluate(state, outcome.category, policy, waiting.count, waiting.since)
        result = _with_basis(user_id, outcome_id, apply_portfolio_gate(result, gates.get(outcome_id)))
        crossed |= _store(user_id, outcome_id, row, state, result, cause, actor_id, writes)
    writes.write()
    if not crossed:
        return False
    return update_completion(user_id, {o.unit_id for o in outcomes.values()}, cause, actor_id)


# Built once: the learner's lesson reads, and with them (one statement) the outcomes stored as attained.
_READ = select(LessonRead.lesson_id).where(LessonRead.user_id == bindparam("user_id"))
_ATTAINED_AND_READ = union_all(
    select(literal("outcome"), OutcomeAttainment.outcome_id).where(OutcomeAttainment.user_id == bindparam("user_id"),
                                                                   OutcomeAttainment.status == rules.ATTAINED),
    select(literal("lesson"), LessonRead.lesson_id).where(LessonRead.user_id == bindparam("user_id")))


def _complete_scopes(user_id: int, attained: set[str] | None = None) -> set[str]:
    """The units (and "module") that the attained outcomes (default: as stored) and lesson reads make complete."""
    cat = catalogue()
    if attained is None:
        rows = db.session.execute(_ATTAINED_AND_READ, {"user_id": user_id}).all()
        attained, read = {key for kind, key in rows if kind == "outcome"}, {key for kind, key in rows if kind == "lesson"}
    else:
        read = set(db.session.scalars(_READ, {"user_id": user_id}))
    done = {unit.id for unit in cat.units
            if all(lesson.id in read for lesson in unit.lessons) and all(o.id in attained for o in unit.outcomes)}
    return done | ({"module"} if done == {u.id for u in cat.units} else set())


def update_completion(user_id: int, unit_ids: set[str], cause: str, actor_id: int | None = None, *, react: bool = True) -> bool:
    """Set or clear the completion flags of ``unit_ids`` and of the module; flushes, the boundary commits.

    Returns True when the module became complete. Then, with ``react`` (the default), the reaction
    "module completed" is recorded for the boundary to run after the commit (an automatic
    certificate); this function itself never issues anything.
    """
    lock_learner(user_id)
    db.session.flush()
    done = _complete_scopes(user_id)
    flags = {c.scope: c for c in db.session.scalars(select(Completion).where(Completion.user_id == user_id)
                                                    .execution_options(populate_existing=True))}
    now, writes = datetime.now(UTC), _Writes()
    for unit_id in sorted(unit_ids):
        _flag(user_id, unit_id, unit_id in done, flags, now, cause, actor_id, writes)
    newly = _flag(user_id, "module", "module" in done, flags, now, cause, actor_id, writes)
    writes.write()
    if newly and react:
        reactions.module_completed(user_id)
    return newly


def _flag(user_id: int, scope: str, done: bool, flags: dict, now: datetime, cause: str, actor_id: int | None, writes: _Writes) -> bool:
    """Set or clear one completion flag; True when it was newly set."""
    flag = flags.get(scope)
    if done and flag is None:
        db.session.add(Completion(user_id=user_id, scope=scope, completed_at=now))
    elif not done and flag is not None:
        db.session.delete(flag)
    else:
        return False
    writes.change(user_id, scope, "complete" if flag else "incomplete", "complete" if done else "incomplete", cause, actor_id)
    return done


@dataclass(frozen=True)
class Difference:
    """A stored attainment row (or completion flag) that did not match the recomputation from evidence."""

    user_id: int
    outcome_id: str
    stored: str
    computed: str


def recompute(user_id: int, *, check: bool = False, react: bool = False) -> list[Difference]:
    """Rebuild a learner's attainment and completion flags from all their evidence; report what differed.

    Fixes the differing rows (flushes; the caller commits), unless ``check``: then nothing is
    written. Never issues or revokes a certificate itself, and running it twice changes nothing
    the second time. ``react``: record "module completed" for a module it completes (a policy
    change does; ``course attainment recompute`` does not).
    """
    if not check:
        lock_learner(user_id)
    cat, policy = catalogue(), policy_for(user_id)
    evidence: dict[str, list[rules.EvidencePoint]] = defaultdict(list)
    for row in db.session.scalars(select(Evidence).where(Evidence.user_id == user_id)):
        evidence[row.outcome_id].append(_point(row))
    stored = {r.outcome_id: r for r in db.session.scalars(select(OutcomeAttainment).where(OutcomeAttainment.user_id == user_id)
                                                         .execution_options(populate_existing=True))}
    pending = pending_reviews(user_id, {o.id for o in cat.outcomes})
    gates = _gates(user_id, {o.id for o in cat.outcomes})
    differences, attained, writes = [], set(), _Writes()
    for outcome in cat.outcomes:
        points = _foldable(evidence.get(outcome.id, []), outcome.category)
        waiting = pending.get(outcome.id, NONE_PENDING)
        state, result = rules.recompute(points, outcome.category, policy, waiting.count, waiting.since)
        result = _with_basis(user_id, outcome.id, apply_portfolio_gate(result, gates.get(outcome.id)))
        if result.status == rules.ATTAINED:
            attained.add(outcome.id)
        row = stored.get(outcome.id)
        if row is None and result.status == rules.NOT_STARTED and not evidence.get(outcome.id):
            continue
        summary = _summary(result)
        if row is None or _summary_of(row) != summary:
            differences.append(Difference(user_id, outcome.id, _summary_of(row) if row else "missing", summary))
            if not check:
                _store(user_id, outcome.id, row, state, result, "recompute", None, writes)
    writes.write()
    if check:
        differences += _completion_differences(user_id, attained)
        return differences
    db.session.flush()
    flags_before = set(completions(user_id))
    update_completion(user_id, {u.id for u in cat.units}, "recompute", react=react)
    db.session.flush()
    flags_after = set(completions(user_id))
    differences += [Difference(user_id, scope, _flag_text(scope in flags_before), _flag_text(scope in flags_after))
                    for scope in sorted(flags_before ^ flags_after)]
    return differences


def _flag_text(complete: bool) -> str:
    return "complete" if complete else "incomplete"


def _completion_differences(user_id: int, attained: set[str]) -> list[Difference]:
    """Completion flags that differ from what the recomputed attainment gives (for ``check``)."""
    done = _complete_scopes(user_id, attained)
    flags = set(completions(user_id))
    return [Difference(user_id, scope, _flag_text(scope in flags), _flag_text(scope in done)) for scope in sorted(flags ^ done)]


def _summary(result: rules.Attainment) -> str:
    return f"{result.status} {result.score:.6f} {result.first_attained_at} {result.evidence_count}"


def _summary_of(row: OutcomeAttainment) -> str:
    first = row.first_attained_at.isoformat() if row.first_attained_at else None
    return f"{row.status} {row.score:.6f} {first} {row.evidence_count}"


def learner_attainment(user_id: int) -> dict[str, OutcomeAttainment]:
    return {r.outcome_id: r for r in db.session.scalars(select(OutcomeAttainment).where(OutcomeAttainment.user_id == user_id))}


def completions(user_id: int) -> dict[str, datetime]:
    return {c.scope: c.completed_at for c in db.session.scalars(select(Completion).where(Completion.user_id == user_id))}

