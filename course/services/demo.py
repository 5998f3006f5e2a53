"""Demo data, so a newcomer sees a living app: an organisation, staff and learners with progress."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from course.domain.catalogue import Catalogue
from course.domain.roles import Role
from course.extensions import db
from course.models import LessonRead, Membership, Organisation, User

from .accounts import create_user, set_password
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
            db.session.commit()
        else:
            set_password(user, password)
            if user.membership is None:
                db.session.add(Membership(user=user, organisation=organisation))
                db.session.commit()
        logins.append((user, password))
    return organisation, logins
