"""Fixtures for the web tests: a small cohort on the fixture course."""

from __future__ import annotations

import pytest

from course.domain.roles import Role
from tests.helpers import KNOWLEDGE_RIGHT, OPEN_TEXT, REFLECTION, bearer, fixture_quiz, take, take_test, token_for


@pytest.fixture
def cohort(client, make_org, make_user):
    org = make_org()
    trainer = make_user(Role.TRAINER, org=org, name="Trenerka Ewa")
    alice = make_user(Role.LEARNER, org=org, name="Alicja Pierwsza")
    bob = make_user(Role.LEARNER, org=org, name="Bogdan Drugi")
    outsider = make_user(Role.LEARNER, org=make_org(), name="Zofia Obca")
    headers = bearer(token_for(client, alice.email))
    take(client, headers, "M9_01-knowledge", KNOWLEDGE_RIGHT)
    take_test(client, headers, answer=lambda q: "right" if fixture_quiz().item(q["id"]).outcome_ids == ("M9_01.W1",) else "wrong")
    skills = take(client, headers, "M9_01-skills", {"M9_01-s05": {"text": OPEN_TEXT}})
    take(client, headers, "M9_01-competences", {"M9_01-c01": {"level": 3, "reflection": REFLECTION}})
    return {"org": org, "trainer": trainer, "alice": alice, "bob": bob, "outsider": outsider, "skills_attempt": skills["attempt_id"]}
