"""Demo data for the practice portfolio: Anna keeps a four-week mentor's file and her M2_05 task is assessed."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from course.domain.catalogue import Catalogue
from course.domain.portfolio import ENTRY_KINDS
from course.extensions import db
from course.models import Mentee, User

from .portfolio import create_entry, create_mentee
from .portfolio_tasks import assess_submission, submit_task

TASK_ID = "M2_05-zapis-i-analiza"
START = date(2026, 3, 2)
WEEKS = (
    ("Pierwsze zadanie przy kliencie: wymiana klocków pod nadzorem (cel 1).", "Mentee wykonał wymianę z trzema podpowiedziami."),
    ("Lista kontrolna wymiany klocków (cel 1).", "Mentee pominął 1 z 8 punktów listy (jazda próbna); ustaliliśmy, gdzie leży lista."),
    ("Samodzielna wymiana i karta zlecenia (cele 1 i 2).", "Dwie wymiany bez poprawek; karta zlecenia wypełniona z jedną podpowiedzią."),
    ("Podsumowanie miesiąca przed przeglądem (cele 1 i 2).", "Trzecia kolejna wymiana bez poprawek; mentee sam sprawdził listę kontrolną."),
)


def _example(kind: str, **changes) -> dict:
    return {**ENTRY_KINDS[kind].example, **changes}


def add_demo_portfolio(catalogue: Catalogue, users: dict[str, User]) -> None:
    """Created once: a mentee under an alias, the M2_05 record set, its submission and the trainer's assessment."""
    anna, trainer = users.get("anna@demo.example"), users.get("trener@demo.example")
    task = catalogue.portfolio.task(TASK_ID)
    if anna is None or trainer is None or task is None:
        return
    if db.session.scalar(select(Mentee.id).where(Mentee.user_id == anna.id)) is not None:
        return
    mentee = create_mentee(anna, "Uczeń z warsztatu")
    ids = [create_entry(anna, mentee.id, "agreement", START.isoformat(), _example("agreement")).id]
    goal = create_entry(anna, mentee.id, "goal", START.isoformat(), _example("goal", status="osiągnięty"))
    second = create_entry(anna, mentee.id, "goal", START.isoformat(), _example(
        "goal", goal="Samodzielnie przyjmuje zlecenie od klienta i wypełnia kartę zlecenia w systemie warsztatu",
        measure="5 kart zlecenia bez poprawek kierownika", deadline="2026-05-15", status="w toku"))
    ids += [goal.id, second.id]
    for week, (topics, discussed) in enumerate(WEEKS):
        day = START + timedelta(days=7 * week + 4)
        ids.append(create_entry(anna, mentee.id, "session", day.isoformat(), _example(
            "session", number=week + 1, topics=topics, discussed=discussed, next_meeting=(day + timedelta(days=7)).isoformat())).id)
    review_day = START + timedelta(days=26)
    ids.append(create_entry(anna, mentee.id, "review", review_day.isoformat(), _example("review"),
                            goal_statuses={str(goal.id): "osiągnięty", str(second.id): "w toku"}).id)
    ids.append(create_entry(anna, mentee.id, "reflection", (review_day + timedelta(days=1)).isoformat(), _example("reflection")).id)
    submission = submit_task(anna, task, ids)
    levels = {c.id: 3 for c in task.criteria}
    levels["zapisy-sesji"] = 4
    assess_submission(trainer, submission, task, levels,
                      "Rzetelne, rzeczowe zapisy i regularne spotkania. W przeglądzie dopisz, skąd wiesz o różnicy w samoocenie celu 2.")
