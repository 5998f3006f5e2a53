"""xAPI statement building: stable ids, durations, pseudonymous actors, no keys for summative items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain import xapi

SITE = xapi.Site("https://kurs.example.pl", "M2", "Moduł 2", b"secret")
WHEN = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("seconds", "expected"), [
    (0, "PT0S"), (1.5, "PT1.5S"), (61, "PT1M1S"), (3600, "PT1H0S"), (3725.257, "PT1H2M5.26S"), (-3, "PT0S"),
])
def test_durations_are_iso_8601(seconds, expected):
    assert xapi.duration(seconds) == expected


@given(st.integers(min_value=1, max_value=2**31))
def test_pseudonyms_are_stable_and_reveal_nothing(user_id):
    actor = SITE.actor(user_id)
    assert actor == SITE.actor(user_id) and len(actor["account"]["name"]) == 32
    assert set(actor) == {"objectType", "account"}
    assert xapi.Site("https://kurs.example.pl", "M2", "Moduł 2", b"other").pseudonym(user_id) != actor["account"]["name"]


def test_the_same_event_has_the_same_statement_id():
    one = xapi.lesson_read(SITE, 7, "M2_03/kultura-organizacyjna", "Kultura", "M2_03", WHEN)
    again = xapi.lesson_read(SITE, 7, "M2_03/kultura-organizacyjna", "Kultura", "M2_03", WHEN + timedelta(hours=1))
    other = xapi.lesson_read(SITE, 8, "M2_03/kultura-organizacyjna", "Kultura", "M2_03", WHEN)
    assert one["id"] == again["id"] != other["id"] and "version" not in one


def test_a_summative_item_carries_no_correct_response_pattern():
    practice = xapi.Interaction("choice", "b", "a", {"choices": [{"id": "a", "description": {"pl-PL": "A"}}]})
    summative = xapi.Interaction("choice", "b", None, practice.components)
    args = (SITE, 7, 1, "https://kurs.example.pl/quizzes/q/", "Quiz", "M2_03", "q-t01", "Pytanie")
    assert xapi.answered(*args, practice, 0.0, WHEN)["object"]["definition"]["correctResponsesPattern"] == ["a"]
    assert "correctResponsesPattern" not in xapi.answered(*args, summative, 0.0, WHEN)["object"]["definition"]


def test_an_attempt_waiting_for_a_trainer_is_completed_not_passed():
    statement = xapi.attempt_finished(SITE, 7, 3, "https://kurs.example.pl/quizzes/q/", "Quiz", "M2_03", None, 10, None,
                                      WHEN, WHEN + timedelta(minutes=12))
    assert statement["verb"]["id"].endswith("/completed") and "success" not in statement["result"]
    assert statement["result"]["duration"] == "PT12M0S"
