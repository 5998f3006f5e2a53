"""/account/: the profile page (name, e-mail shown, language that wins when signed in, notification preferences)."""

from __future__ import annotations

from sqlalchemy import select

from course.domain.roles import Role
from course.extensions import db
from course.models import Notification, NotificationPreference, User
from tests.helpers import csrf_token

URL = "/account/"
LEARNER_KINDS = ("quiz_marked", "competence_rated", "feedback_written", "portfolio_assessed", "portfolio_returned", "certificate_issued")


def form_data(client, **changes) -> dict:
    data = {"csrf_token": csrf_token(client, URL), "name": "Alicja Nowa", "language": "auto", **{f"notify_{k}": "immediate" for k in LEARNER_KINDS}}
    data.update(changes)
    return data


def test_profile_needs_signing_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_profile_shows_the_person_and_links_to_the_other_account_pages(client, auth, make_user):
    learner = make_user(Role.LEARNER, name="Alicja Pierwsza", email="alicja@example.com")
    auth.login(learner.email)
    page = client.get(URL).get_data(as_text=True)
    assert "Mój profil" in page and 'value="Alicja Pierwsza"' in page and "alicja@example.com" in page
    for link in ("/auth/password", "/auth/tokens", "/me/privacy"):
        assert f'href="{link}"' in page
    assert "Trener ocenił moje odpowiedzi otwarte" in page and "Odpowiedź otwarta czeka na moją ocenę" not in page
    assert '<input checked id="notify_quiz_marked-0" name="notify_quiz_marked" required type="radio" value="immediate">' in page  # the default
    assert '<input checked id="language-0" name="language" required type="radio" value="auto">' in page


def test_a_trainer_chooses_among_the_trainer_notifications(client, auth, make_user, make_org):
    auth.login(make_user(Role.TRAINER, org=make_org()).email)
    page = client.get(URL).get_data(as_text=True)
    assert "Odpowiedź otwarta czeka na moją ocenę" in page and "Wystawiono mi certyfikat" not in page


def test_saving_the_profile_stores_name_language_and_preferences(app, client, auth, make_user):
    learner = make_user(Role.LEARNER)
    auth.login(learner.email)
    saved = client.post(URL, data=form_data(client, language="en", notify_quiz_marked="digest", notify_certificate_issued="off"))
    assert saved.status_code == 302 and saved.headers["Location"].endswith(URL)
    with app.app_context():
        user = db.session.get(User, learner.id)
        assert (user.name, user.language) == ("Alicja Nowa", "en")
        modes = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.mode)
                                        .where(NotificationPreference.user_id == learner.id)).all())
    assert modes["quiz_marked"] == "digest" and modes["certificate_issued"] == "off" and modes["feedback_written"] == "immediate"
    page = client.get(URL).get_data(as_text=True)
    assert '<html lang="en"' in page and "Change password" in page  # the stored language is the interface's


def test_the_stored_language_wins_over_the_cookie_and_the_switch_updates_it(app, client, auth, make_user):
    learner = make_user(Role.LEARNER)
    auth.login(learner.email)
    client.post(URL, data=form_data(client, language="en"))
    client.set_cookie("lang", "pl")
    with client.session_transaction() as session:
        session["lang"] = "pl"
    assert '<html lang="en"' in client.get(URL).get_data(as_text=True)
    client.get("/language?lang=pl&next=/account/")
    with app.app_context():
        assert db.session.get(User, learner.id).language == "pl"
    assert '<html lang="pl"' in client.get(URL).get_data(as_text=True)
    auth.logout()
    assert '<html lang="pl"' in client.get("/").get_data(as_text=True)


def test_bad_input_gets_polish_errors_and_changes_nothing(app, client, auth, make_user):
    learner = make_user(Role.LEARNER, name="Alicja Pierwsza")
    auth.login(learner.email)
    page = client.post(URL, data=form_data(client, name="  ", notify_quiz_marked="codziennie", language="de"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Popraw błędy w formularzu" in html and "To pole jest wymagane." in html and 'aria-invalid="true"' in html
    assert html.count("Nieprawidłowy wybór") == 4  # the mode and the language, in the summary and at each field (WTForms in Polish)
    long_name = client.post(URL, data=form_data(client, name="x" * 121)).get_data(as_text=True)
    assert "Podaj imię i nazwisko (do 120 znaków)." in long_name
    with app.app_context():
        user = db.session.get(User, learner.id)
        assert (user.name, user.language) == ("Alicja Pierwsza", None)
        assert db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == learner.id)) is None


def test_a_post_without_a_csrf_token_is_refused(client, auth, make_user):
    auth.login(make_user(Role.LEARNER).email)
    data = form_data(client)
    del data["csrf_token"]
    assert client.post(URL, data=data).status_code == 400


def test_switching_a_kind_off_drops_what_was_waiting(app, client, auth, make_user):
    learner = make_user(Role.LEARNER)
    with app.app_context():
        db.session.add_all([Notification(user_id=learner.id, kind="feedback_written", params={}, delivery="digest"),
                            Notification(user_id=learner.id, kind="quiz_marked", params={}, delivery="digest")])
        db.session.commit()
    auth.login(learner.email)
    client.post(URL, data=form_data(client, notify_feedback_written="off", notify_quiz_marked="immediate"))
    with app.app_context():
        assert [n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == learner.id))] == ["quiz_marked"]


def test_my_data_exports_and_erasure_removes_notifications_and_preferences(app, client, auth, make_user):
    learner = make_user(Role.LEARNER)
    auth.login(learner.email)
    client.post(URL, data=form_data(client, notify_quiz_marked="digest"))
    with app.app_context():
        db.session.add(Notification(user_id=learner.id, kind="quiz_marked", params={"quiz_id": "M2_03-knowledge"}, delivery="digest"))
        db.session.commit()
    export = client.get("/api/v1/me/export").get_json()["data"]
    assert [row["kind"] for row in export["notification"]] == ["quiz_marked"]
    assert {row["kind"]: row["mode"] for row in export["notification_preference"]}["quiz_marked"] == "digest"
    with app.app_context():
        from course.services.privacy import erase_user

        erase_user(db.session.get(User, learner.id))
        db.session.commit()
        assert db.session.scalar(select(Notification).where(Notification.user_id == learner.id)) is None
        assert db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == learner.id)) is None
