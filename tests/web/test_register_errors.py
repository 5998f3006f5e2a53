"""Registration shows every field's error in one round, the password rules included (issue 14)."""

from __future__ import annotations

from sqlalchemy import func, select

from course.extensions import db
from course.models import User
from tests.helpers import csrf_token


def test_every_error_at_once_in_the_summary(client, make_org, make_user, in_app):
    make_user(email="zajety@example.com")
    data = {"name": "", "email": "zajety@example.com", "password": "qwerty", "password_repeat": "inne",
            "join_code": "ZZZZ-ZZZZ", "csrf_token": csrf_token(client, "/auth/register")}
    html = client.post("/auth/register", data=data).get_data(as_text=True)
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    for message in ("To pole jest wymagane.", "Konto z tym adresem e-mail już istnieje", "Hasło musi mieć co najmniej 12 znaków.",
                    "To hasło jest zbyt popularne", "Hasła nie są takie same.", "Nie znamy takiego kodu organizacji"):
        assert message in summary, message
    assert in_app(lambda: db.session.scalar(select(func.count(User.id)))) == 1


def test_a_bad_e_mail_and_a_password_with_the_name_in_one_round(client, in_app):
    data = {"name": "Bartłomiej Kowalczyk", "email": "to-nie-email", "password": "kowalczyk-ma-kota-2026",
            "password_repeat": "kowalczyk-ma-kota-2026", "csrf_token": csrf_token(client, "/auth/register")}
    html = client.post("/auth/register", data=data).get_data(as_text=True)
    assert "Podaj poprawny adres e-mail." in html and "Hasło nie może zawierać Twojego imienia" in html
