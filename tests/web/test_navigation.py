"""The main navigation's links follow the role; the profile link appears once the account pages exist."""

from __future__ import annotations

import re

import pytest
from flask import Blueprint

from course.domain.roles import Role
from tests.conftest import AuthActions


def nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>|<button[^>]*>(.*?)</button>", nav) for text in text if text]


@pytest.mark.parametrize(("role", "expected"), [
    (Role.LEARNER, ["Kurs", "Słowniczek", "Moje postępy", "Teczka mentora", "Hasło"]),
    (Role.TRAINER, ["Kurs", "Słowniczek", "Moje postępy", "Panel trenera", "Do oceny", "Hasło"]),
    (Role.ORG_ADMIN, ["Kurs", "Słowniczek", "Moje postępy", "Panel trenera", "Do oceny", "Organizacja", "Hasło"]),
])
def test_links_follow_the_role(client, auth, make_org, make_user, role, expected):
    user = make_user(role, org=make_org())
    auth.login(user.email)
    links = nav_links(client.get("/").get_data(as_text=True))
    assert links == ["Menu", *expected[:-1], "Moje konto", expected[-1], "Wyloguj"]
    assert "Mój profil" not in links  # no account pages in this build yet


def test_anonymous_visitors_see_sign_in_and_register(client):
    assert nav_links(client.get("/").get_data(as_text=True)) == ["Menu", "Kurs", "Słowniczek", "Zaloguj się", "Załóż konto"]


def test_profile_link_once_the_endpoint_exists(app, make_user, make_org):
    account = Blueprint("account", __name__, url_prefix="/account")
    account.add_url_rule("/", "profile", lambda: "profile")
    app.register_blueprint(account)
    client = app.test_client()
    user = make_user(Role.LEARNER, org=make_org())
    AuthActions(client).login(user.email)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/account/"' in html
    assert "Mój profil" in nav_links(html)
