"""The learner's pages: landing, unit, lesson, mark as read, /me/, glossary and templates."""

from __future__ import annotations

from sqlalchemy import func, select

from course.extensions import db
from course.models import LessonRead
from tests.helpers import csrf_token

LESSON = "/units/M2_03/lessons/kultura-organizacyjna"


def read_rows() -> int:
    return db.session.scalar(select(func.count(LessonRead.id)))


def test_landing_page_shows_introduction_and_three_units(client, catalogue):
    html = client.get("/").get_data(as_text=True)
    assert catalogue.title in html
    assert "Mentoring jest cechą organizacji opartej na wiedzy" in html
    for unit in catalogue.units:
        assert f'href="/units/{unit.id}/"' in html and unit.title in html


def test_unit_page_groups_outcomes_and_lists_lessons(client, catalogue):
    html = client.get("/units/M2_04/").get_data(as_text=True)
    for heading in ("Wiedza", "Umiejętności", "Kompetencje", "Cele jednostki", "Lekcje"):
        assert heading in html
    for outcome in catalogue.unit("M2_04").outcomes:
        assert f'id="{outcome.id}"' in html
    knowledge = html.index('id="cat-knowledge"')
    skills = html.index('id="cat-skills"')
    assert knowledge < html.index('id="M2_04.W2"') < skills < html.index('id="M2_04.U1"')


def test_lesson_page_has_toc_and_navigation(client, catalogue):
    lesson = catalogue.unit("M2_03").lessons[0]
    html = client.get(LESSON).get_data(as_text=True)
    assert lesson.title in html and "Spis treści" in html
    for heading in lesson.toc:
        assert f'href="#{heading.anchor}"' in html and f'id="{heading.anchor}"' in html
    following = catalogue.unit("M2_03").lessons[1]
    assert f'href="/units/M2_03/lessons/{following.slug}"' in html
    assert "Zaloguj się" in html  # anonymous readers are invited to sign in to track progress


def test_unknown_unit_and_lesson_are_polish_404s(client):
    for url in ("/units/M9_99/", "/units/M2_03/lessons/nie-ma", "/units/M2_03/lessons/../unit"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Nie znaleziono strony" in response.get_data(as_text=True)


def test_mark_as_read_is_recorded_once_and_shown_on_me(client, auth, make_user, in_app):
    auth.login(make_user().email)
    token = csrf_token(client, LESSON)
    first = client.post(f"{LESSON}/read", data={"csrf_token": token})
    assert first.status_code == 302 and first.headers["Location"].startswith("/units/M2_03/lessons/")
    client.post(f"{LESSON}/read", data={"csrf_token": token})
    assert in_app(read_rows) == 1
    assert "Przeczytana" in client.get(LESSON).get_data(as_text=True)
    me = client.get("/me/").get_data(as_text=True)
    assert "1 z 6 lekcji przeczytanych" in me and "przeczytana" in me
    assert "✓ przeczytana" in client.get("/units/M2_03/").get_data(as_text=True)


def test_mark_as_read_needs_login_and_csrf(client, auth, make_user, in_app):
    assert client.post(f"{LESSON}/read", data={}).status_code == 400  # CSRF is checked first
    response = client.post(f"{LESSON}/read", data={"csrf_token": csrf_token(client, "/auth/login")})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login(make_user().email)
    assert client.post(f"{LESSON}/read", data={}).status_code == 400
    assert client.post("/units/M2_03/lessons/nie-ma/read", data={"csrf_token": csrf_token(client, LESSON)}).status_code == 404
    assert in_app(read_rows) == 0


def test_me_requires_login(client):
    response = client.get("/me/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login?next=")


def test_glossary_and_templates(client, catalogue):
    html = client.get("/glossary/").get_data(as_text=True)
    for term in catalogue.glossary:
        assert f'id="{term.id}"' in html
    page = client.get("/templates/umowa-mentoringowa")
    assert page.status_code == 200 and "Drukuj" in page.get_data(as_text=True)
    download = client.get("/templates/umowa-mentoringowa.md")
    assert download.mimetype == "text/markdown" and "attachment" in download.headers["Content-Disposition"]
    assert client.get("/templates/nie-ma").status_code == 404


def test_every_internal_link_in_every_lesson_resolves(client, catalogue):
    import re

    seen: set[str] = set()
    for lesson in catalogue.lessons:
        for href in re.findall(r'href="(/[^"#]*)', lesson.html):
            seen.add(href)
    assert seen
    for href in sorted(seen):
        assert client.get(href).status_code == 200, href


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
