"""The "what next" rules: the continue step, the short list, quiz status and due dates."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain.next_steps import AttemptFact, LessonRef, QuizProgress, QuizRef, TaskRef, plan, quiz_progress
from course.domain.quizzes import QuizPolicy

T0 = datetime(2026, 12, 1, 8, tzinfo=UTC)


def lessons(*read_minutes):
    """Lessons U1/a, U1/b, U2/c, U2/d; ``read_minutes[i]`` None or minutes after T0 it was read."""
    spec = [("U1", "a"), ("U1", "b"), ("U2", "c"), ("U2", "d")]
    return [LessonRef(f"{u}/{s}", u, s, s.upper(), None if m is None else T0 + timedelta(minutes=m))
            for (u, s), m in zip(spec, read_minutes, strict=True)]


def quiz(qid, unit, status="not_started", summative=False, left=None, open_since=None):
    return QuizRef(qid, unit, qid, summative, QuizProgress(status, attempts_left=left, open_since=open_since))


@pytest.mark.parametrize(("attempts", "allowed", "status", "best", "left"), [
    ([], None, "not_started", None, None),
    ([], 3, "not_started", None, 3),
    ([AttemptFact(T0, False)], 3, "in_progress", None, 2),
    ([AttemptFact(T0, True, True, None, 4, 10)], None, "awaiting_marking", 4, None),
    ([AttemptFact(T0, True, False, False, 4, 10), AttemptFact(T0, True, False, True, 9, 10)], 3, "passed", 9, 1),
    ([AttemptFact(T0, True, False, False, 4, 10)] * 3, 3, "not_passed", 4, 0),
    ([AttemptFact(T0, True, False, True, 9, 10), AttemptFact(T0, False)], None, "in_progress", 9, None),
])
def test_quiz_progress(attempts, allowed, status, best, left):
    progress = quiz_progress(attempts, QuizPolicy(attempts=allowed or 0))  # None: unlimited
    assert (progress.status, progress.best_score, progress.attempts_left) == (status, best, left)


def test_done_quizzes():
    assert QuizProgress("passed").done and QuizProgress("awaiting_marking").done and QuizProgress("not_passed", attempts_left=0).done
    assert not QuizProgress("not_passed", attempts_left=1).done and not QuizProgress("in_progress", attempts_left=0).done


def test_an_open_attempt_comes_first_the_most_recent_of_them():
    quizzes = [quiz("q1", "U1", "in_progress", open_since=T0), quiz("q2", "U2", "in_progress", open_since=T0 + timedelta(hours=1))]
    result = plan(lessons(None, None, None, None), quizzes)
    assert (result.primary.id, result.primary.reason) == ("q2", "open_attempt")
    assert [s.id for s in result.steps] == ["q2", "q1", "U1/a"]


def test_the_next_lesson_after_the_last_one_read_not_the_first_unread():
    result = plan(lessons(None, 5, None, None), [])
    assert (result.primary.id, result.primary.reason) == ("U2/c", "next_lesson")
    assert plan(lessons(None, None, None, 1), []).primary.id == "U1/a", "after the last lesson, back to the first unread"
    assert plan(lessons(None, None, None, None), []).primary.reason == "first_lesson"


def test_all_read_the_unit_test_before_its_practice_quizzes_then_other_units():
    quizzes = [quiz("U1-k", "U1"), quiz("U1-test", "U1", summative=True, left=3), quiz("U2-test", "U2", summative=True, left=3)]
    result = plan(lessons(1, 2, 3, 4), quizzes)
    assert (result.primary.id, result.primary.reason) == ("U2-test", "unit_test"), "the unit read last goes first"
    assert [s.id for s in result.steps] == ["U2-test", "U1-test", "U1-k"]
    retry = plan(lessons(1, 2, 3, 4), [quiz("U1-test", "U1", "not_passed", summative=True, left=1)])
    assert (retry.primary.reason, retry.primary.attempts_left) == ("test_retry", 1)


def test_quizzes_of_a_read_unit_come_before_the_remaining_lessons():
    result = plan(lessons(1, 2, None, None), [quiz("U1-test", "U1", summative=True, left=3), quiz("U2-test", "U2", summative=True)])
    assert [s.id for s in result.steps] == ["U2/c", "U1-test", "U2/d"]


def test_tasks_returned_first_and_waiting_items_apart():
    tasks = [TaskRef("t1", "U1", "T1"), TaskRef("t2", "U1", "T2", "returned"), TaskRef("t3", "U1", "T3", "awaiting_review"),
             TaskRef("t4", "U2", "T4", "assessed")]
    result = plan(lessons(1, 2, 3, 4), [quiz("q", "U1", "awaiting_marking")], tasks)
    assert [(s.id, s.reason) for s in result.steps] == [("t2", "task_returned"), ("t1", "task_new")]
    assert [(s.id, s.reason, s.waiting) for s in result.waiting] == [("q", "quiz_awaiting", True), ("t3", "task_awaiting", True)]


def test_nothing_left_nothing_suggested():
    result = plan(lessons(1, 2, 3, 4), [quiz("q", "U1", "passed"), quiz("t", "U1", "not_passed", summative=True, left=0)],
                  [TaskRef("t1", "U1", "T1", "assessed")])
    assert result.primary is None and result.steps == ()


def test_due_dates_quiz_own_or_its_units_and_urgent_items_move_up():
    today = date(2026, 12, 1)
    deadlines = {"U2": date(2026, 12, 3), "U1-test": date(2026, 12, 20), "U1": date(2026, 11, 1)}
    quizzes = [quiz("U1-test", "U1", summative=True), quiz("U1-k", "U1")]
    result = plan(lessons(1, None, None, None), quizzes, deadlines=deadlines, today=today, limit=4)
    assert result.primary.id == "U1/b"  # the continue rule does not change for dates
    # overdue first, then due in two days; the test's own date (in 19 days) is not urgent
    assert [(s.id, s.due) for s in result.steps] == [("U1/b", date(2026, 11, 1)), ("U1-k", date(2026, 11, 1)),
                                                     ("U2/c", date(2026, 12, 3)), ("U2/d", date(2026, 12, 3))]
    assert result.steps[2].days_left(today) == 2 and result.steps[0].days_left(today) == -30


STATUSES = st.sampled_from(["not_started", "in_progress", "awaiting_marking", "passed", "not_passed"])


@st.composite
def situations(draw):
    units = [f"U{i}" for i in range(draw(st.integers(1, 3)))]
    lesson_list = [LessonRef(f"{u}/{n}", u, str(n), str(n), draw(st.one_of(st.none(), st.builds(lambda m: T0 + timedelta(minutes=m),
                                                                                             st.integers(0, 1000)))))
                   for u in units for n in range(draw(st.integers(0, 3)))]
    quizzes = [QuizRef(f"{u}-q{n}", u, "q", draw(st.booleans()),
                       QuizProgress(draw(STATUSES), attempts_left=draw(st.one_of(st.none(), st.integers(0, 3))),
                                    open_since=T0 + timedelta(minutes=draw(st.integers(0, 100)))))
               for u in units for n in range(draw(st.integers(0, 2)))]
    tasks = [TaskRef(f"{u}-t{n}", u, "t", draw(st.sampled_from(["not_started", "awaiting_review", "returned", "assessed"])))
             for u in units for n in range(draw(st.integers(0, 2)))]
    deadlines = draw(st.dictionaries(st.sampled_from(units + [q.id for q in quizzes] or ["x"]), st.dates(date(2026, 1, 1), date(2027, 12, 31))))
    return lesson_list, quizzes, tasks, deadlines


def _done(step, lesson_list, quizzes, tasks) -> bool:
    if step.kind == "lesson":
        return next(lesson for lesson in lesson_list if lesson.id == step.id).read_at is not None
    if step.kind == "quiz":
        return next(q for q in quizzes if q.id == step.id).progress.done
    return next(t for t in tasks if t.id == step.id).status in ("assessed", "awaiting_review")


@given(situations(), st.integers(1, 5))
def test_never_suggests_something_done_and_always_something_when_anything_is_open(situation, limit):
    lesson_list, quizzes, tasks, deadlines = situation
    result = plan(lesson_list, quizzes, tasks, deadlines, date(2026, 12, 1), limit)
    assert not any(_done(step, lesson_list, quizzes, tasks) for step in result.steps)
    anything_open = (any(lesson.read_at is None for lesson in lesson_list) or any(not q.progress.done for q in quizzes)
                     or any(t.status in ("not_started", "returned") for t in tasks))
    assert (result.primary is not None) == anything_open
    assert result.steps[:1] == ((result.primary,) if result.primary else ())
    assert len(result.steps) <= limit and len({(s.kind, s.id) for s in result.steps}) == len(result.steps)
    assert all(s.waiting for s in result.waiting) and not any(s.waiting for s in result.steps)
