"""Fixtures shared by the API tests: an organisation with a learner (user, headers) and a trainer (headers)."""

from __future__ import annotations

import pytest

from course.domain.roles import Role
from tests.helpers import bearer, token_for


@pytest.fixture
def org(make_org):
    return make_org()


@pytest.fixture
def learner(client, make_user, org):
    user = make_user(Role.LEARNER, org=org)
    return user, bearer(token_for(client, user.email))


@pytest.fixture
def trainer(client, make_user, org):
    return bearer(token_for(client, make_user(Role.TRAINER, org=org).email))
