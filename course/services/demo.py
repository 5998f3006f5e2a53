"""Demo data, so a newcomer sees a living app: an organisation, staff and learners with progress."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from course.domain.catalogue import Catalogue
from course.domain.roles import Role
from course.extensions import db
from course.models import LessonRead, Membership, Organisation, User

from .accounts import create_user, set_password
from .demo_portfolio import add_demo_portfolio
from .organisations import create_organisation

DEMO_SLUG = "demo"
DEMO_PEOPLE = (
    ("Trenerka Ewa Nowak", "trener@demo.example", Role.TRAINER, 0),
    ("Administrator Jan Kowalski", "admin@demo.example", Role.ORG_ADMIN, 0),
    ("Anna Wiśniewska", "anna@demo.example", Role.LEARNER, 7),
    ("Piotr Zieliński", "piotr@demo.example", Role.LEARNER, 3),
    ("Maja Lewandowska", "maja@demo.example", Role.LEARNER, 0),
)


def demo_password() -> str:
    return "demo-" + secrets.token_urlsafe(9)


def create_demo_data(catalogue: Catalogue) -> tuple[Organisation, list[tuple[User, str]]]:
    """Create (or refresh the passwords of) the demo organisation and its people."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == DEMO_SLUG))
    if organisation is None:
        organisation = create_organisation("Demo: Zakład Mechaniki Pojazdów „Tryb”", DEMO_SLUG)
    logins: list[tuple[User, str]] = []
    lessons = catalogue.lessons
    for name, email, role, lessons_read in DEMO_PEOPLE:
        password = demo_password()
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = create_user(name, email, password, role, DEMO_SLUG)
            for lesson in lessons[:lessons_read]:
                db.session.add(LessonRead(user_id=user.id, lesson_id=lesson.id))
            db.session.flush()
        else:
            set_password(user, password)
            if user.membership is None:
                db.session.add(Membership(user=user, organisation=organisation))
                db.session.flush()
        logins.append((user, password))
    _demo_attempts(catalogue, {user.email: user for user, _ in logins})
    add_demo_portfolio(catalogue, {user.email: user for user, _ in logins})
    return organisation, logins


def _demo_attempts(catalogue: Catalogue, users: dict) -> None:
    """Anna has practice and test results to look at and tasks waiting for the trainer; Piotr has
    practised and failed his first test. Created once; works with whatever tests the catalogue has."""
    from course.domain.questions import SCORERS
    from course.models import QuizAttempt

    from .attempts import items_of, save_answers, start_attempt
    from .submission import submit_attempt

    anna, piotr = users["anna@demo.example"], users["piotr@demo.example"]
    if db.session.scalar(select(QuizAttempt.id).where(QuizAttempt.user_id.in_([anna.id, piotr.id]))) is not None:
        return
    reflection = ("Podczas wdrożenia ucznia technikum w warsztacie omówiłam z nim zasady bezpieczeństwa i kulturę firmy, "
                  "a po tygodniu wspólnie sprawdziliśmy, co już umie i czego potrzebuje. ")

    def take(user, quiz_id: str, share_right: float) -> None:
        quiz = catalogue.quiz(quiz_id)
        if quiz is None:
            return
        attempt, _ = start_attempt(user, quiz)
        items = items_of(attempt, quiz)  # a test shows its seeded draw
        responses = {}
        for n, item in enumerate(items):
            if item.marked_by_trainer:
                responses[item.id] = {"text": reflection * 3}
            elif item.is_rating:
                responses[item.id] = {"level": 3, "reflection": reflection * 2}
            elif n < share_right * len(items):
                responses[item.id] = SCORERS[item.type].key(item.body)
        save_answers(attempt, quiz, responses)
        submit_attempt(attempt, quiz)

    take(anna, "M2_03-knowledge", 1.0)
    take(anna, "M2_03-skills", 0.9)
    take(anna, "M2_03-competences", 1.0)
    take(piotr, "M2_03-knowledge", 0.5)
    first_test = next((q for q in catalogue.quizzes if q.summative), None)
    if first_test is not None:
        take(anna, first_test.id, 1.0)  # passes: the unit's W and U outcomes are attained
        take(piotr, first_test.id, 0.5)  # fails: attempts left, the review says what to revisit
