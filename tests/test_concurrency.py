"""Integrity under concurrency on a real multi-worker server: gunicorn with 4 workers on the test database.

20 learners at once submit a self-assessment while a trainer confirms the same competence, and ten
"issue certificate" requests for one learner arrive together. CI runs it on PostgreSQL (``-m db`` with
COURSE_TEST_DATABASE_URL); on SQLite it runs too (one writer at a time, so it is the easy case).
"""

from __future__ import annotations

import pytest

from bench import integrity

pytestmark = [pytest.mark.usefixtures("use_fixture_course"), pytest.mark.slow]
LEARNERS = 20


@pytest.fixture
def server(app, database_url, tmp_path):
    running = integrity.start_server(database_url, tmp_path, workers=4)
    yield running
    integrity.stop_server(running)


def test_simultaneous_writes_for_one_learner_stay_consistent(app, server, database_url, tmp_path):
    scenario = integrity.create_people(app, LEARNERS)
    integrity.prepare(server.base, scenario)

    result = integrity.race(server.base, scenario)

    assert result.server_errors == []
    assert result.statuses == {200: LEARNERS, 201: LEARNERS}  # every submit and every confirmation succeeded
    assert result.issue_statuses == {201: 1, 409: integrity.ISSUE_REQUESTS - 1}
    assert result.issue_codes == {"already_certified": integrity.ISSUE_REQUESTS - 1}
    integrity.stop_server(server)  # nothing writes while the stored state is compared
    check = integrity.recompute_check(database_url, tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert max(integrity.valid_certificates(app).values()) == 1
    # Self-rating 4 with a reflection and a trainer's 4: every learner attained it, whichever request came first.
    assert integrity.stored_statuses(app, [learner_id for learner_id, _ in scenario.learners]) == {"attained": LEARNERS}
