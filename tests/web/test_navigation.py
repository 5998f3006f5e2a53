"""The main navigation's links follow the role; the account menu holds the profile, the password and signing out."""

from __future__ import annotations

import re

import pytest

from course.domain.roles import Role


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
    assert links == ["Menu", *expected[:-1], "Moje konto", "Mój profil", expected[-1], "Wyloguj"]


def test_anonymous_visitors_see_sign_in_and_register(client):
    assert nav_links(client.get("/").get_data(as_text=True)) == ["Menu", "Kurs", "Słowniczek", "Zaloguj się", "Załóż konto"]


def test_profile_link_leads_to_the_account_page(client, auth, make_user, make_org):
    user = make_user(Role.LEARNER, org=make_org())
    auth.login(user.email)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/account/"' in html
    assert client.get("/account/").status_code == 200
