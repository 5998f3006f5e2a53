"""Portfolio tasks: submitting a set of entries, the trainer's assessment (evidence per criterion) or return for rework."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import func, select

from course.domain import portfolio as rules
from course.domain.portfolio_gate import TaskFacts
from course.extensions import current_catalogue, db
from course.models import Evidence, PortfolioSubmission, User

from .attainment import update_attainment
from .errors import ServiceError
from .locks import lock_learner
from .people import is_visible_learner, visible_learner_ids
from .portfolio import PortfolioInvalid, entry_of

SOURCE = "portfolio_assessment"


def submissions_of(user_id: int, task_id: str | None = None) -> list[PortfolioSubmission]:
    query = select(PortfolioSubmission).where(PortfolioSubmission.user_id == user_id)
    if task_id is not None:
        query = query.where(PortfolioSubmission.task_id == task_id)
    return list(db.session.scalars(query.order_by(PortfolioSubmission.submitted_at.desc(), PortfolioSubmission.id.desc())))


def facts(entries) -> list[rules.EntryFacts]:
    return [rules.EntryFacts(e.id, e.kind, e.entry_date, e.mentee_id) for e in entries]


def submit_task(user: User, task: rules.PortfolioTask, entry_ids: object) -> PortfolioSubmission:
    """Submit entries for a task; refused with the unmet requirements (ServiceError ``requirements_unmet``)."""
    lock_learner(user.id)
    if not isinstance(entry_ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in entry_ids):
        raise PortfolioInvalid({"entry_ids": "not_a_list_of_ids"})
    entries = [entry_of(user.id, i) for i in dict.fromkeys(entry_ids)]
    if any(e is None for e in entries):
        raise PortfolioInvalid({"entry_ids": "unknown_entry"})
    if any(s.status == "awaiting_review" for s in submissions_of(user.id, task.id)):
        raise ServiceError("already_submitted")
    unmet = rules.unmet_requirements(task, facts(entries))
    if unmet:
        raise ServiceError("requirements_unmet", "entry_ids", unmet=unmet)
    submission = PortfolioSubmission(user_id=user.id, task_id=task.id, status="awaiting_review")
    submission.entries = entries
    db.session.add(submission)
    db.session.flush()
    if task.required_for:
        update_attainment(user.id, [], set(task.required_for), f"portfolio_submission:{submission.id}")
    return submission


def assess_submission(trainer: User, submission: PortfolioSubmission, task: rules.PortfolioTask, levels: object,
                      comment: object) -> list[Evidence]:
    """Rate each criterion 1..4: evidence level / 4 for its outcomes, attainment updated in the same transaction."""
    lock_learner(submission.user_id)
    db.session.refresh(submission)  # read after the lock: another trainer may have just assessed or returned it
    if submission.status != "awaiting_review":
        raise ServiceError("not_awaiting_review")
    problems = rules.rubric_problems(task, levels)
    if comment is not None and (not isinstance(comment, str) or len(comment) > rules.MAX_TEXT):
        problems["comment"] = "not_text"
    if problems:
        raise PortfolioInvalid(problems)
    now = datetime.now(UTC)
    submission.status, submission.assessed_at, submission.assessor_id = "assessed", now, trainer.id
    submission.levels, submission.comment = {c.id: levels[c.id] for c in task.criteria}, (comment or "").strip() or None
    rows = [Evidence(user_id=submission.user_id, outcome_id=outcome_id, source=SOURCE, item_id=f"{task.id}:{criterion_id}",
                     fraction=fraction, level=level, comment=submission.comment, created_at=now, created_by=trainer.id,
                     submission_id=submission.id)
            for criterion_id, outcome_id, level, fraction in rules.rubric_evidence(task, levels)]
    db.session.add_all(rows)
    update_attainment(submission.user_id, rows, {r.outcome_id for r in rows} | set(task.required_for),
                      f"portfolio_assessment:{submission.id}", trainer.id)
    return rows


def return_submission(trainer: User, submission: PortfolioSubmission, comment: object) -> None:
    """Send a submission back for rework: its entries become editable again; the comment says what to change."""
    lock_learner(submission.user_id)
    db.session.refresh(submission)
    if submission.status != "awaiting_review":
        raise ServiceError("not_awaiting_review")
    if not isinstance(comment, str) or not comment.strip() or len(comment) > rules.MAX_TEXT:
        raise PortfolioInvalid({"comment": "required"})
    submission.status, submission.assessed_at, submission.assessor_id = "returned", datetime.now(UTC), trainer.id
    submission.comment = comment.strip()
    task = current_catalogue().portfolio.task(submission.task_id)
    db.session.flush()
    if task is not None and task.required_for:
        update_attainment(submission.user_id, [], set(task.required_for), f"portfolio_return:{submission.id}", trainer.id)


def waiting_submissions(viewer: User) -> list[tuple[PortfolioSubmission, User]]:
    """Submissions waiting for assessment among the learners the viewer may see, oldest first."""
    return list(db.session.execute(
        select(PortfolioSubmission, User).join(User, User.id == PortfolioSubmission.user_id)
        .where(PortfolioSubmission.user_id.in_(visible_learner_ids(viewer)), PortfolioSubmission.status == "awaiting_review")
        .order_by(PortfolioSubmission.submitted_at, PortfolioSubmission.id)))


def waiting_count(viewer: User) -> int:
    """How many submissions wait for assessment (counted in the database, for the cohort page)."""
    return db.session.scalar(select(func.count()).select_from(PortfolioSubmission).where(
        is_visible_learner(viewer, PortfolioSubmission.user_id), PortfolioSubmission.status == "awaiting_review")) or 0


# -- the gate: what the attainment service needs --------------------------------------------------------

def gate_facts(user_id: int, outcome_ids: set[str]) -> dict[str, TaskFacts]:
    """For each outcome a task is ``required_for``: the learner's state on that task, derived from stored facts."""
    gates = {o: t for o, t in current_catalogue().portfolio.gates().items() if o in outcome_ids}
    if not gates:
        return {}
    task_ids = {t.id for t in gates.values()}
    states: dict[str, str] = {}
    for row in db.session.scalars(select(PortfolioSubmission).where(PortfolioSubmission.user_id == user_id,
                                                                    PortfolioSubmission.task_id.in_(task_ids))
                                  .order_by(PortfolioSubmission.submitted_at, PortfolioSubmission.id)):
        if states.get(row.task_id) != "assessed" or row.status == "assessed":
            states[row.task_id] = row.status  # the latest submission counts, but an assessment is never undone by a later draft
    batches: dict[str, dict] = defaultdict(dict)
    for row in db.session.scalars(select(Evidence).where(Evidence.user_id == user_id, Evidence.source == SOURCE,
                                                         Evidence.outcome_id.in_(gates)).order_by(Evidence.created_at)):
        task_id = (row.item_id or "").split(":")[0]
        if gates[row.outcome_id].id == task_id:
            batches[row.outcome_id].setdefault(row.created_at, []).append(row.fraction)
    result = {}
    for outcome_id, task in gates.items():
        by_time = batches.get(outcome_id)
        if by_time:
            latest = max(by_time)
            value = sum(by_time[latest]) / len(by_time[latest])
            result[outcome_id] = TaskFacts(task.id, "assessed", round(value, 9), latest.isoformat())
        else:
            result[outcome_id] = TaskFacts(task.id, states.get(task.id, "none"))
    return result
