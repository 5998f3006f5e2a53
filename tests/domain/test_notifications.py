"""The notification rules: who receives which kind, the mode of a stored preference, the retry wait, the e-mail's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain.notifications import KINDS, MAX_BACKOFF, Mode, backoff, kinds_for, mode_for, recipient_language
from course.domain.roles import Role


def test_every_kind_has_one_audience_and_admins_receive_none():
    assert {k.id for k in kinds_for(Role.TRAINER)} == {"answer_to_mark", "competence_to_confirm", "portfolio_submitted"}
    assert len(kinds_for(Role.LEARNER)) == 6 and len(KINDS) == 9
    assert kinds_for(Role.ORG_ADMIN) == () and kinds_for(Role.ADMIN) == ()


@pytest.mark.parametrize(("stored", "expected"), [
    ({}, Mode.IMMEDIATE), ({"quiz_marked": "digest"}, Mode.DIGEST), ({"quiz_marked": "off"}, Mode.OFF),
    ({"quiz_marked": "weekly"}, Mode.IMMEDIATE), ({"feedback_written": "off"}, Mode.IMMEDIATE),
])
def test_mode_for_a_stored_preference(stored, expected):
    assert mode_for(stored, "quiz_marked") is expected


@given(st.integers(min_value=0, max_value=10_000))
def test_backoff_grows_never_shrinks_and_is_capped(tries):
    assert timedelta(minutes=1) <= backoff(tries) <= MAX_BACKOFF
    assert backoff(tries + 1) >= backoff(tries)


@pytest.mark.parametrize(("stored", "expected"), [(None, "pl"), ("en", "en"), ("pl", "pl"), ("de", "pl"), ("", "pl")])
def test_recipient_language(stored, expected):
    assert recipient_language(stored, ["pl", "en"]) == expected
