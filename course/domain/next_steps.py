"""What a learner should do next: one "continue" step and a short list, derived from stored facts.

Pure: the caller passes what the learner did (lessons read, quiz attempts, portfolio submissions) and
the organisation's due dates; the rules here decide. A step never points at something already done,
and there is a step whenever anything is still open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from .quizzes import QuizPolicy

URGENT_DAYS = 7  # a due date this close (or passed) moves an item to the front of the list


@dataclass(frozen=True)
class AttemptFact:
    """One stored attempt, as far as its status is concerned."""

    started_at: datetime
    submitted: bool
    awaiting_marking: bool = False
    passed: bool | None = None
    score: float | None = None
    max_score: float = 0.0
    attempt_id: int | None = None


@dataclass(frozen=True)
class QuizProgress:
    """A learner's standing in one quiz.

    ``status``: ``not_started``, ``in_progress`` (an open attempt), ``awaiting_marking``, ``passed``
    or ``not_passed``. ``attempts_left`` is None when attempts are unlimited.
    """

    status: str = "not_started"
    best_score: float | None = None
    max_score: float | None = None
    used: int = 0
    attempts_left: int | None = None
    open_since: datetime | None = None
    open_attempt_id: int | None = None

    @property
    def done(self) -> bool:
        """Nothing left for the learner to do here (passed, waiting for a trainer, or no attempt left)."""
        if self.status == "in_progress":
            return False
        return self.status in ("passed", "awaiting_marking") or self.attempts_left == 0


def quiz_progress(attempts: Iterable[AttemptFact], policy: QuizPolicy, granted: int = 0) -> QuizProgress:
    """Derive the status of one quiz from its attempts, its policy and the attempts a trainer granted."""
    attempts = list(attempts)
    left = policy.attempts_left(granted, len(attempts))
    if not attempts:
        return QuizProgress(attempts_left=left)
    open_attempts = [a for a in attempts if not a.submitted]
    scored = [a for a in attempts if a.submitted and a.score is not None]
    best = max(scored, key=lambda a: a.score or 0.0) if scored else None
    if open_attempts:
        status = "in_progress"
    elif any(a.passed for a in attempts):
        status = "passed"
    elif any(a.awaiting_marking for a in attempts if a.submitted):
        status = "awaiting_marking"
    else:
        status = "not_passed"
    latest_open = max(open_attempts, key=lambda a: a.started_at, default=None)
    return QuizProgress(status, best.score if best else None, best.max_score if best else None, len(attempts), left,
                        latest_open.started_at if latest_open else None, latest_open.attempt_id if latest_open else None)


@dataclass(frozen=True)
class LessonRef:
    id: str
    unit_id: str
    slug: str
    title: str
    read_at: datetime | None = None


@dataclass(frozen=True)
class QuizRef:
    id: str
    unit_id: str
    title: str
    summative: bool
    progress: QuizProgress = QuizProgress()


@dataclass(frozen=True)
class TaskRef:
    """A portfolio task; ``status`` is ``not_started`` or the latest submission's (awaiting_review, returned, assessed)."""

    id: str
    unit_id: str
    title: str
    status: str = "not_started"


@dataclass(frozen=True)
class Step:
    """One thing to do (or to wait for). ``reason`` is a code the UI words; ``due`` the organisation's date."""

    kind: str  # lesson | quiz | task
    id: str
    unit_id: str
    title: str
    reason: str
    slug: str = ""
    due: date | None = None
    attempts_left: int | None = None
    attempt_id: int | None = None  # the open attempt to continue
    waiting: bool = False  # someone else (a trainer) acts next

    def days_left(self, today: date) -> int | None:
        return None if self.due is None else (self.due - today).days


@dataclass(frozen=True)
class Plan:
    primary: Step | None
    steps: tuple[Step, ...]  # up to ``limit`` things to do, ``primary`` first
    waiting: tuple[Step, ...]  # submitted, waiting for a trainer


def _lesson(lesson: LessonRef, reason: str) -> Step:
    return Step("lesson", lesson.id, lesson.unit_id, lesson.title, reason, slug=lesson.slug)


def _quiz(quiz: QuizRef) -> Step:
    p = quiz.progress
    if p.status == "in_progress":
        reason = "open_attempt"
    elif p.status == "not_passed":
        reason = "test_retry" if quiz.summative else "quiz_retry"
    else:
        reason = "unit_test" if quiz.summative else "quiz_new"
    return Step("quiz", quiz.id, quiz.unit_id, quiz.title, reason, attempts_left=p.attempts_left,
                attempt_id=p.open_attempt_id if reason == "open_attempt" else None)


def _task(task: TaskRef) -> Step:
    return Step("task", task.id, task.unit_id, task.title, "task_returned" if task.status == "returned" else "task_new")


def _reading_order(lessons: Sequence[LessonRef]) -> tuple[list[LessonRef], str | None]:
    """Unread lessons starting after the last one read (then from the top), and the unit being read."""
    read = [(lesson.read_at, i) for i, lesson in enumerate(lessons) if lesson.read_at is not None]
    start = max(read)[1] + 1 if read else 0
    current_unit = lessons[max(read)[1]].unit_id if read else (lessons[0].unit_id if lessons else None)
    ordered = list(lessons[start:]) + list(lessons[:start])
    return [lesson for lesson in ordered if lesson.read_at is None], current_unit


def plan(lessons: Sequence[LessonRef], quizzes: Sequence[QuizRef], tasks: Sequence[TaskRef] = (),
         deadlines: Mapping[str, date] | None = None, today: date | None = None, limit: int = 3) -> Plan:
    """Decide the "continue" step and the next ``limit`` things to do.

    Continue: the most recently started open attempt; else the next unread lesson after the last one
    read; else the current unit's summative test, then its other quizzes, then the other units'; else a
    returned portfolio task, then one not yet submitted. ``deadlines`` maps unit and quiz ids to due
    dates (a quiz without its own takes its unit's); in the list, items due within ``URGENT_DAYS`` (or
    overdue) come right after the continue step, earliest first.
    """
    deadlines = deadlines or {}
    unread, current_unit = _reading_order(lessons)
    units = list(dict.fromkeys([lesson.unit_id for lesson in lessons] + [q.unit_id for q in quizzes] + [t.unit_id for t in tasks]))
    if current_unit in units:  # the current unit's quizzes first, then the following units', then the earlier ones
        at = units.index(current_unit)
        units = units[at:] + units[:at]
    open_quizzes = sorted((q for q in quizzes if q.progress.status == "in_progress"), key=lambda q: q.progress.open_since or datetime.min,
                          reverse=True)
    todo_quizzes = sorted((q for q in quizzes if not q.progress.done and q.progress.status != "in_progress"),
                          key=lambda q: (units.index(q.unit_id), not q.summative))
    todo_tasks = sorted((t for t in tasks if t.status in ("not_started", "returned")),
                        key=lambda t: (t.status != "returned", units.index(t.unit_id)))
    fully_read = {u for u in units if not any(lesson.unit_id == u for lesson in unread)}

    candidates: list[Step] = [_quiz(q) for q in open_quizzes]
    if unread:
        candidates.append(_lesson(unread[0], "next_lesson" if len(unread) < len(lessons) else "first_lesson"))
    candidates += [_quiz(q) for q in todo_quizzes if q.unit_id in fully_read]
    candidates += [_task(t) for t in todo_tasks if t.unit_id in fully_read]
    candidates += [_lesson(lesson, "unread_lesson") for lesson in unread[1:]]
    candidates += [_quiz(q) for q in todo_quizzes if q.unit_id not in fully_read]
    candidates += [_task(t) for t in todo_tasks if t.unit_id not in fully_read]
    candidates = [replace(step, due=deadlines.get(step.id) if step.kind == "quiz" and step.id in deadlines else deadlines.get(step.unit_id))
                  for step in candidates]

    primary = candidates[0] if candidates else None
    rest = candidates[1:]
    if today is not None:
        def urgent(step: Step) -> bool:
            days = step.days_left(today)
            return days is not None and days <= URGENT_DAYS

        rest = sorted(rest, key=lambda s: (not urgent(s), s.due if urgent(s) else date.max))
    steps = tuple(([primary] if primary else []) + rest[: max(0, limit - 1)])

    waiting = [replace(_quiz(q), reason="quiz_awaiting", waiting=True) for q in quizzes if q.progress.status == "awaiting_marking"]
    waiting += [replace(_task(t), reason="task_awaiting", waiting=True) for t in tasks if t.status == "awaiting_review"]
    return Plan(primary, steps, tuple(waiting))
