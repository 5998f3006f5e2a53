"""Issue 17: whole pages served from the page cache (course/pagecache.py) are exactly the pages a render would give,
for the person asking and the state they are in; anything that changes what a page shows makes it render again.

These tests turn PAGE_CACHE_VERIFY off, so a hit is really served from the cache (the rest of the suite runs with it
on, which renders every page a hit would have served and fails on any difference)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert

from course.domain.roles import Role
from course.extensions import db
from course.models import LessonRead, Organisation, User
from course.pagecache import PageCache
from tests.conftest import AuthActions
from tests.helpers import REFLECTION, bearer, csrf_token, take, token_for
from tests.web.test_page_speed import LESSON, QUIZ, UNIT, without_tokens

pytestmark = pytest.mark.usefixtures("use_fixture_course")
TEST = "/quizzes/M9_01-test/"


@pytest.fixture
def served(app):
    app.config["PAGE_CACHE_VERIFY"] = False
    return app.extensions["pages"]


def shown(client, path: str) -> str:
    """The page as the second of two requests: the first may show a flash (never kept) or store the page."""
    client.get(path)
    return client.get(path).get_data(as_text=True)


def test_a_hit_is_the_learners_own_page_and_another_learner_gets_theirs(app, client, auth, make_user, served):
    reader, other = make_user(name="Ala Czytelniczka"), make_user(name="Ola Inna")
    auth.login(reader.email)
    client.post(LESSON + "/read", data={"csrf_token": csrf_token(client, LESSON)})
    mine = shown(client, LESSON)
    assert served.store and "Ala Czytelniczka" in mine
    other_client = app.test_client()
    AuthActions(other_client).login(other.email)
    theirs = shown(other_client, LESSON)
    assert "Ola Inna" in theirs and "Ala Czytelniczka" not in theirs
    assert 'action="/units/M9_01/lessons/pierwsza/read"' in theirs and 'action="/units/M9_01/lessons/pierwsza/read"' not in mine


def test_a_copy_of_the_cookie_gets_nothing_after_sign_out(app, client, auth, make_user, served):
    learner = make_user(name="Ala Wylogowana")
    auth.login(learner.email)
    assert "Ala Wylogowana" in shown(client, "/me/")
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert "Ala Wylogowana" in copy.get("/me/").get_data(as_text=True)  # the copy works while the session lives
    auth.logout()
    response = copy.get("/me/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert "Ala Wylogowana" not in copy.get(LESSON).get_data(as_text=True)


def test_an_idle_session_is_not_served_its_cached_page(app, client, auth, make_user, served):
    learner = make_user(name="Ala Bezczynna")
    auth.login(learner.email)
    assert "Ala Bezczynna" in shown(client, "/me/")
    with app.app_context():
        from datetime import UTC, datetime

        from course.models import UserSession

        db.session.execute(UserSession.__table__.update().where(UserSession.user_id == learner.id)
                           .values(last_seen_at=datetime.now(UTC) - timedelta(minutes=31)))
        db.session.commit()
    response = client.get("/me/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_trainers_grant_and_an_admins_due_date_show_at_once(app, client, auth, make_user, make_org, served):
    org = make_org()
    learner, trainer = make_user(org=org), make_user(Role.TRAINER, org=org)
    auth.login(learner.email)
    before = shown(client, TEST)
    unit_before = shown(client, UNIT)
    with app.app_context():
        from course.services.attempts import grant_attempt
        from course.services.deadlines import set_deadlines, today

        catalogue = app.extensions["catalogue"]
        with app.test_request_context():
            grant_attempt(db.session.get(User, trainer.id), db.session.get(User, learner.id), catalogue.quiz("M9_01-test"))
            set_deadlines(db.session.get(Organisation, org.id), catalogue, {"M9_01": today() + timedelta(days=5)})
        db.session.commit()
    after = client.get(TEST).get_data(as_text=True)
    assert without_tokens(after) != without_tokens(before)  # one more attempt allowed
    unit_after = client.get(UNIT).get_data(as_text=True)
    assert "unit-due" not in unit_before and "unit-due" in unit_after


def test_a_write_that_skips_the_learners_lock_is_caught_by_the_verifying_mode(app, client, auth, make_user, served):
    """The safety net the rest of the suite relies on: a stale hit is an error, not a page. (An ORM write of a learner's
    rows without the lock still bumps the version, see the next test; a Core statement that skips it does not.)"""
    learner = make_user()
    auth.login(learner.email)
    shown(client, LESSON)
    with app.app_context():
        db.session.execute(insert(LessonRead).values(user_id=learner.id, lesson_id="M9_01/pierwsza"))
        db.session.commit()
    stale = client.get(LESSON).get_data(as_text=True)  # served: no lock, so no new state version (this is the bug)
    assert 'lessons/pierwsza/read"' in stale
    app.config["PAGE_CACHE_VERIFY"] = True
    with pytest.raises(RuntimeError, match="differs from the page rendered now"):
        client.get(LESSON)


def test_a_learners_rows_written_without_the_lock_still_bump_the_version(app, client, auth, make_user, make_org, served):
    org = make_org()
    learner, trainer = make_user(org=org), make_user(Role.TRAINER, org=org, name="Trenerka Ola")
    auth.login(learner.email)
    shown(client, "/me/")
    with app.app_context():
        from course.models import LearnerFeedback

        db.session.add(LearnerFeedback(learner_id=learner.id, trainer_id=trainer.id, text="Dobra robota z planem sesji."))
        db.session.commit()
    assert "Dobra robota z planem sesji." in client.get("/me/").get_data(as_text=True)


def test_flashes_are_never_kept(app, client, auth, make_user, served):
    auth.login(make_user().email)
    client.get(QUIZ)
    token = csrf_token(client, LESSON)  # a GET: the page before reading is kept
    client.post(LESSON + "/read", data={"csrf_token": token})
    kept = dict(served.store)
    assert "oznaczona jako przeczytana" in client.get(LESSON).get_data(as_text=True)  # the flash: rendered, not kept
    assert served.store == kept
    client.get(LESSON)
    assert len(served.store) == len(kept) + 1


def test_the_cache_keeps_at_most_its_bytes_and_drops_the_least_recently_used():
    cache = PageCache(limit=800)
    for n in range(10):
        cache.put(("page", n), (b"x" * 50, b"y" * 50))
        assert cache.size <= 800 and cache.size == sum(len(a) + len(b) for a, b in cache.store.values())
    assert cache.get(("page", 0)) is None and cache.get(("page", 9)) == (b"x" * 50, b"y" * 50)
    cache.get(("page", 2))  # used: kept
    cache.put(("page", 10), (b"z" * 100,))
    assert cache.get(("page", 2)) is not None and cache.get(("page", 3)) is None
    cache.put(("big",), (b"b" * 101,))  # more than an eighth of the limit: never kept
    assert cache.get(("big",)) is None


def test_the_dashboard_follows_the_organisations_people(app, client, auth, make_user, make_org, served):
    """/me/ lists the organisation's trainers: one joining or renamed shows at once, with no write to the learner."""
    org = make_org()
    learner = make_user(org=org)
    take(client, bearer(token_for(client, learner.email)), "M9_01-competences", {"M9_01-c01": {"level": 4, "reflection": REFLECTION}})
    auth.login(learner.email)
    before = shown(client, "/me/")  # the self-assessment waits for a trainer: the page names the organisation's trainers
    assert "W Twojej organizacji nie ma jeszcze trenera." in before
    trainer = make_user(Role.TRAINER, org=org, name="Ewa Nowa-Trenerka")
    assert "Ewa Nowa-Trenerka" not in before and "Ewa Nowa-Trenerka" in client.get("/me/").get_data(as_text=True)
    with app.app_context(), app.test_request_context():
        from course.services.profile import update_profile

        update_profile(db.session.get(User, trainer.id), "Ewa Poprawiona", None, {}, ["pl", "en"])
        db.session.commit()
    page = client.get("/me/").get_data(as_text=True)
    assert "Ewa Poprawiona" in page and "Ewa Nowa-Trenerka" not in page
    with app.app_context():
        db.session.get(Organisation, org.id).name = "Nazwa Zmieniona"
        db.session.commit()
    assert "Nazwa Zmieniona" in client.get("/me/").get_data(as_text=True)
