"""Destructive actions ask first, on the server: without the confirmation nothing is removed, revoked or erased."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course.domain.roles import Role
from course.extensions import db
from course.models import Certificate, Membership, User
from tests.helpers import STRONG_PASSWORD, complete_module, csrf_token, token_for

pytestmark = pytest.mark.usefixtures("use_fixture_course")


def test_removing_a_member_shows_a_confirmation_page_first(client, auth, org_setup, in_app):
    s = org_setup
    auth.login(s["admin"].email)
    url = f"/org/members/{s['learner'].id}/remove"
    first = client.post(url, data={"csrf_token": csrf_token(client, "/org/")})
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "Usunąć osobę z organizacji?" in html and 'name="confirmed" value="yes"' in html
    assert f'action="{url}"' in html and 'href="/org/"' in html  # the same address, and a way back
    removed = lambda: db.session.scalar(select(Membership.removed_at).where(Membership.user_id == s["learner"].id))  # noqa: E731
    assert in_app(removed) is None
    client.post(url, data={"csrf_token": csrf_token(client, "/org/"), "confirmed": "yes"})
    assert in_app(removed) is not None


def test_revoking_a_certificate_carries_the_reason_through_the_confirmation(client, auth, org_setup, in_app):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    auth.login(s["admin"].email)
    client.post(f"/org/learners/{s['learner'].id}/certificate", data={"csrf_token": csrf_token(client, "/org/")})
    certificate_id = in_app(lambda: db.session.scalar(select(Certificate.id)))
    url = f"/org/certificates/{certificate_id}/revoke"
    asked = client.post(url, data={"csrf_token": csrf_token(client, "/org/"), "reason": "Błąd w danych"}).get_data(as_text=True)
    assert "Unieważnić certyfikat?" in asked and 'name="reason" value="Błąd w danych"' in asked
    assert in_app(lambda: db.session.get(Certificate, certificate_id).revoked_at) is None
    client.post(url, data={"csrf_token": csrf_token(client, "/org/"), "reason": "Błąd w danych", "confirmed": "yes"})
    assert in_app(lambda: db.session.get(Certificate, certificate_id).revocation_reason) == "Błąd w danych"


def test_erasing_the_account_needs_the_ticked_box(client, auth, make_user, in_app):
    user = make_user(email="usun@example.com")
    auth.login(user.email)
    page = client.post("/me/delete", data={"password": STRONG_PASSWORD, "csrf_token": csrf_token(client, "/me/delete")})
    assert "Zaznacz, że rozumiesz: usunięcia konta nie można cofnąć." in page.get_data(as_text=True)
    assert in_app(lambda: db.session.get(User, user.id).erased_at) is None


def test_revoking_a_token_asks_first(client, auth, make_user):
    user = make_user()
    token_for(client, user.email)
    auth.login(user.email)
    token_id = client.get("/api/v1/auth/tokens").get_json()[0]["id"]
    asked = client.post(f"/auth/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(client, "/auth/tokens")})
    assert asked.status_code == 200 and "Unieważnić token API?" in asked.get_data(as_text=True)
    assert len(client.get("/api/v1/auth/tokens").get_json()) == 1


def test_an_unknown_member_is_not_asked_about(client, auth, make_org, make_user):
    org = make_org()
    auth.login(make_user(Role.ORG_ADMIN, org=org).email)
    response = client.post("/org/members/999999/remove", data={"csrf_token": csrf_token(client, "/org/")})
    assert response.status_code == 302  # refused with the usual message, no confirmation page for nobody


def test_deleting_a_portfolio_entry_asks_first(client, auth, make_user):
    from course.domain.portfolio import ENTRY_KINDS

    user = make_user()
    headers = {"Authorization": f"Bearer {token_for(client, user.email)}"}
    mentee = client.post("/api/v1/portfolio/mentees", headers=headers, json={"alias": "Mentee C"}).get_json()
    entry = client.post("/api/v1/portfolio/entries", headers=headers,
                        json={"mentee_id": mentee["id"], "kind": "session", "date": "2026-03-02", "fields": ENTRY_KINDS["session"].example})
    assert entry.status_code == 201, entry.get_json()
    auth.login(user.email)
    url = f"/portfolio/entries/{entry.get_json()['id']}/delete"
    token = csrf_token(client, f"/portfolio/mentees/{mentee['id']}")
    assert "Usunąć wpis?" in client.post(url, data={"csrf_token": token}).get_data(as_text=True)
    assert len(client.get("/api/v1/portfolio/entries", headers=headers).get_json()) == 1
    client.post(url, data={"csrf_token": token, "confirmed": "yes"})
    assert client.get("/api/v1/portfolio/entries", headers=headers).get_json() == []
