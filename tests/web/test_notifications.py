"""E-mail notifications through a real SMTP server (aiosmtpd in this process): who hears of what, in which language, how often."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select, update

from course.domain.roles import Role
from course.extensions import db
from course.models import Notification, NotificationPreference, User
from tests import smtp
from tests.helpers import OBSERVED, OPEN_TEXT, REFLECTION, bearer, complete_module, csrf_token, token_for
from tests.smtp import closing_client_class, free_port, html_of, text_of, use_smtp

smtp_server = smtp.smtp_server  # the fixture

BASE = "https://kurs.example.pl"


@pytest.fixture
def app(app, smtp_server):  # the shared app, mailing through the test SMTP server
    use_smtp(app, smtp_server.port)
    app.test_client_class = closing_client_class()
    return app


def command(app, *args: str):
    """`course notifications ...` against this test app (its fixture course and its SMTP settings)."""
    from course.cli_notifications import notifications_group

    return app.test_cli_runner().invoke(notifications_group, list(args))


def subjects(server, address: str) -> list[str]:
    return [m["Subject"] for m in server.to(address)]


def english(in_app, msgid: str) -> str:
    """What the English catalogue says for a Polish msgid (the lead compiles the new ones from translations/pending)."""
    def translate():
        with force_locale("en"):
            return gettext(msgid)
    return in_app(translate)


def set_language(in_app, user_id: int, language: str | None) -> None:
    def store():
        db.session.get(User, user_id).language = language
        db.session.commit()
    in_app(store)


def set_mode(in_app, user_id: int, kind: str, mode: str) -> None:
    def store():
        db.session.merge(NotificationPreference(user_id=user_id, kind=kind, mode=mode))
        db.session.commit()
    in_app(store)


def pending(in_app, user_id: int | None = None) -> list[Notification]:
    def load():
        query = select(Notification).where(Notification.sent_at.is_(None)).order_by(Notification.id)
        rows = list(db.session.scalars(query if user_id is None else query.where(Notification.user_id == user_id)))
        db.session.expunge_all()
        return rows
    return in_app(load)


@pytest.fixture
def learner_h(client, cohort):
    return bearer(token_for(client, cohort["alice"].email))


@pytest.fixture
def trainer_h(client, cohort):
    return bearer(token_for(client, cohort["trainer"].email))


def test_new_work_to_mark_tells_the_organisations_trainers_without_the_learners_data(use_fixture_course, smtp_server, cohort):
    # The cohort's learner submitted an open answer and rated her competence M9_01.K1 with a reflection.
    trainer = cohort["trainer"].email
    assert sorted(subjects(smtp_server, trainer)) == ["Kompetencja czeka na potwierdzenie", "Nowa odpowiedź do oceny"]
    assert subjects(smtp_server, cohort["alice"].email) == []  # submitting tells the learner nothing
    assert {m["To"] for m in smtp_server.messages} == {trainer}  # the other organisation's learner has no trainer here
    answer = next(m for m in smtp_server.to(trainer) if m["Subject"] == "Nowa odpowiedź do oceny")
    assert answer["From"] == "Kurs mentoringu <kurs@example.pl>" and answer["Content-Language"] == "pl"
    text, html = text_of(answer), html_of(answer)
    assert f"{BASE}/trainer/queue" in text and f'href="{BASE}/trainer/queue"' in html
    assert f"{BASE}/account/" in text  # where to change how often
    for private in (cohort["alice"].name, cohort["alice"].email, OPEN_TEXT[:30], REFLECTION[:30]):
        assert private not in text and private not in html


def test_marking_tells_the_learner_in_her_language(use_fixture_course, smtp_server, client, cohort, trainer_h, in_app):
    set_language(in_app, cohort["alice"].id, "en")
    attempt = cohort["skills_attempt"]
    marked = client.post(f"/api/v1/attempts/{attempt}/answers/M9_01-s05/grade", headers=trainer_h, json={"score": 1.0, "comment": "Dobrze."})
    assert marked.status_code == 200
    [message] = smtp_server.to(cohort["alice"].email)
    assert message["Subject"] == english(in_app, "Twoje odpowiedzi zostały ocenione")
    assert message["Content-Language"] == "en" and '<html lang="en">' in html_of(message)
    assert f"{BASE}/quizzes/M9_01-skills/attempts/{attempt}/review" in text_of(message)
    assert "Dobrze." not in text_of(message)  # the mark and comment are read after signing in


def test_confirmation_and_feedback_tell_the_learner(use_fixture_course, smtp_server, client, auth, cohort, trainer_h):
    alice = cohort["alice"]
    confirmed = client.post(f"/api/v1/learners/{alice.id}/outcomes/M9_01.K1/confirmations", headers=trainer_h,
                            json={"level": 4, "comment": OBSERVED})
    assert confirmed.status_code == 201
    auth.login(cohort["trainer"].email)
    record = f"/trainer/learners/{alice.id}"
    client.post(record, data={"csrf_token": csrf_token(client, record), "text": "Proszę przeczytać lekcję drugą."})
    assert subjects(smtp_server, alice.email) == ["Trener ocenił Twoją kompetencję", "Nowa informacja zwrotna od trenera"]
    rated, feedback = smtp_server.to(alice.email)
    assert "M9_01.K1" in text_of(rated) and f"{BASE}/me/" in text_of(rated)
    assert "Proszę przeczytać" not in text_of(feedback) and OBSERVED not in text_of(rated)
    assert subjects(smtp_server, cohort["bob"].email) == []


def test_an_issued_certificate_tells_its_holder(use_fixture_course, smtp_server, client, org_setup):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    assert client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).status_code == 201
    assert subjects(smtp_server, s["learner"].email)[-1] == "Otrzymujesz certyfikat"
    assert subjects(smtp_server, s["admin"].email) == []  # org admins are not sent work notifications


def test_off_sends_nothing_and_digest_waits_for_the_daily_command(use_fixture_course, smtp_server, client, cohort, trainer_h, in_app,
                                                                  app):
    alice, trainer = cohort["alice"], cohort["trainer"]
    set_mode(in_app, alice.id, "quiz_marked", "off")
    set_mode(in_app, alice.id, "competence_rated", "digest")
    set_mode(in_app, alice.id, "feedback_written", "digest")
    client.post(f"/api/v1/attempts/{cohort['skills_attempt']}/answers/M9_01-s05/grade", headers=trainer_h, json={"score": 1.0})
    client.post(f"/api/v1/learners/{alice.id}/outcomes/M9_01.K1/confirmations", headers=trainer_h, json={"level": 4, "comment": OBSERVED})
    with app.app_context():
        from course.services.queue import give_feedback

        give_feedback(db.session.get(User, trainer.id), db.session.get(User, alice.id), "Dobra robota.")
        db.session.commit()
    assert smtp_server.to(alice.email) == []
    assert [(n.kind, n.delivery) for n in pending(in_app, alice.id)] == [("competence_rated", "digest"), ("feedback_written", "digest")]
    result = command(app, "digest")
    assert result.exit_code == 0, result.output
    assert "Sent 2 notification(s) in digests" in result.output
    [digest] = smtp_server.to(alice.email)
    assert digest["Subject"] == "Podsumowanie powiadomień z kursu"
    assert "M9_01.K1" in text_of(digest) and "informację zwrotną" in text_of(digest) and text_of(digest).count(f"{BASE}/me/") == 2
    assert pending(in_app, alice.id) == []
    assert command(app, "digest").output.startswith("Sent 0")  # each is sent once
    assert len(smtp_server.to(alice.email)) == 1


def test_a_down_smtp_server_never_fails_the_request_and_loses_nothing(use_fixture_course, smtp_server, app, client, cohort, trainer_h,
                                                                       in_app, caplog):
    alice = cohort["alice"]
    use_smtp(app, free_port())  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="course.services.notifications"):
        with client.post(f"/api/v1/attempts/{cohort['skills_attempt']}/answers/M9_01-s05/grade", headers=trainer_h,
                         json={"score": 0.5}) as marked:
            assert marked.status_code == 200
    assert "SMTP server unavailable" in caplog.text
    [kept] = pending(in_app, alice.id)
    assert kept.kind == "quiz_marked" and kept.tries == 1 and kept.last_error and kept.next_try_at > datetime.now(UTC)
    status = command(app, "status")
    assert status.exit_code == 1 and "retrying: 1" in status.output
    use_smtp(app, smtp_server.port)  # the server is back; the retry is due
    in_app(lambda: (db.session.execute(update(Notification).values(next_try_at=datetime.now(UTC) - timedelta(seconds=1))),
                    db.session.commit()))
    sent = command(app, "send")
    assert sent.exit_code == 0 and sent.output.startswith("Sent 1"), sent.output
    assert subjects(smtp_server, alice.email) == ["Twoje odpowiedzi zostały ocenione"]


def test_a_refused_recipient_fails_alone(use_fixture_course, smtp_server, app, in_app, make_user, make_org):
    from course.services import notifications

    org = make_org()
    good, bad = make_user(Role.LEARNER, org=org), make_user(Role.LEARNER, org=org)

    def record():
        for user in (bad, good):
            db.session.add(Notification(user_id=user.id, kind="feedback_written", params={}, delivery="immediate"))
        db.session.get(User, bad.id).email = "refused@example.com"  # the server refuses this mailbox
        db.session.commit()
        return notifications.send_due()

    result = in_app(record)
    assert (result.sent, result.failed) == (1, 1)
    assert [m["To"] for m in smtp_server.messages] == [good.email]
    assert [n.user_id for n in pending(in_app)] == [bad.id]


def test_portfolio_submission_return_and_assessment(smtp_server, client, make_org, make_user, catalogue):
    from tests.api.test_portfolio_api import TASK, four_weeks

    org = make_org()
    learner, trainer = make_user(Role.LEARNER, org=org), make_user(Role.TRAINER, org=org)
    h, t = bearer(token_for(client, learner.email)), bearer(token_for(client, trainer.email))
    mentee = client.post("/api/v1/portfolio/mentees", headers=h, json={"alias": "Uczeń F"}).get_json()
    ids = four_weeks(client, h, mentee["id"])
    submission = client.post(f"/api/v1/portfolio/tasks/{TASK}/submissions", headers=h, json={"entry_ids": ids}).get_json()["id"]
    returned = client.post(f"/api/v1/portfolio/submissions/{submission}/return", headers=t, json={"comment": "Uzupełnij zapis sesji."})
    assert returned.status_code == 200
    again = client.post(f"/api/v1/portfolio/tasks/{TASK}/submissions", headers=h, json={"entry_ids": ids}).get_json()["id"]
    task = catalogue.portfolio.task(TASK)
    assessed = client.post(f"/api/v1/portfolio/submissions/{again}/assessment", headers=t,
                           json={"criteria": {c.id: 3 for c in task.criteria}, "comment": "Dobrze."})
    assert assessed.status_code == 201, assessed.get_json()
    assert subjects(smtp_server, trainer.email) == ["Zadanie portfolio do oceny"] * 2
    assert subjects(smtp_server, learner.email) == ["Zadanie portfolio wróciło do poprawy", "Zadanie portfolio zostało ocenione"]
    for message in smtp_server.messages:
        assert "Uczeń F" not in text_of(message) and "Uczeń F" not in html_of(message)  # never a mentee's alias
    assert f"{BASE}/portfolio/tasks/{TASK}" in text_of(smtp_server.to(learner.email)[0])
    assert task.title in text_of(smtp_server.to(trainer.email)[0])
