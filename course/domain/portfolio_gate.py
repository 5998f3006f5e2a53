"""The portfolio gate: an outcome that content marks as needing its portfolio task is attained only
when the measured (summative) result attains it AND the task was assessed at level 3 of 4 or higher."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .attainment import ATTAINED, AWAITING_REVIEW, IN_PROGRESS, NOISE, NOT_STARTED, Attainment

GATE_THRESHOLD = 0.75  # the mean level of the task's criteria for the outcome, as a fraction (3 of 4)


@dataclass(frozen=True)
class TaskFacts:
    """Where the learner is with the task the outcome needs."""

    task_id: str
    state: str  # none | draft | awaiting_review | returned | assessed
    value: float | None = None  # the latest assessment's mean fraction for this outcome
    assessed_at: str | None = None  # ISO timestamp of that assessment


def apply_portfolio_gate(result: Attainment, task: TaskFacts | None) -> Attainment:
    """``result`` unchanged when no task gates the outcome; otherwise both parts must be met."""
    if task is None:
        return result
    task_ok = task.state == "assessed" and task.value is not None and task.value >= GATE_THRESHOLD - NOISE
    explanation = {**result.explanation, "portfolio": {"task_id": task.task_id, "state": task.state, "value": task.value,
                                                       "threshold": GATE_THRESHOLD, "met": task_ok}}
    if result.status != ATTAINED:
        status = result.status
        if status == NOT_STARTED and task.state in ("awaiting_review", "assessed", "returned"):
            status = AWAITING_REVIEW if task.state == "awaiting_review" else IN_PROGRESS
        return replace(result, status=status, explanation=explanation)
    if task_ok:
        first = max(result.first_attained_at or "", task.assessed_at or "") or None
        return replace(result, first_attained_at=first, explanation=explanation)
    status = AWAITING_REVIEW if task.state == "awaiting_review" else IN_PROGRESS
    return replace(result, status=status, first_attained_at=None,
                   explanation={**explanation, "reason": "portfolio_pending" if status == AWAITING_REVIEW else "portfolio_missing"})
