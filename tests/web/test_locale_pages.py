"""English pages say nothing in Polish except the course content; dates, numbers and plurals follow the locale.

The check: every word with a Polish letter that appears in the interface's message catalogue (msgids) but nowhere
in the course content (lessons, quizzes, glossary, outcomes: the content stays Polish on English pages) must not
appear on an English page. Such a word on an English page is interface text that missed gettext.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import course
from tests.conftest import FIXTURE_CONTENT_DIR, ROOT
from tests.helpers import KNOWLEDGE_RIGHT, OPEN_TEXT, REFLECTION, take, take_test

pytestmark = pytest.mark.usefixtures("use_fixture_course")

POT = Path(course.__file__).parent / "translations" / "messages.pot"
POLISH = re.compile(r"\b\w*[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]\w*\b")
# Text between these tags is content or people's data (lesson bodies, names, answers), not interface.
SKIP = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def _words(text: str) -> set[str]:
    return {w.lower() for w in POLISH.findall(text)}


def _content_words() -> set[str]:
    words: set[str] = set()
    for root in (FIXTURE_CONTENT_DIR, ROOT / "tests" / "fixtures" / "quizzes"):  # the pages below show the fixture course
        for path in root.rglob("*"):
            if path.is_file() and path.suffix in {".md", ".yaml", ".yml", ".txt"}:
                words |= _words(path.read_text(encoding="utf-8"))
    return words


@pytest.fixture(scope="module")
def ui_only_words() -> set[str]:
    with POT.open("rb") as handle:
        catalogue = read_po(handle)
    ui: set[str] = set()
    for message in catalogue:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            ui |= _words(msgid or "")
    return ui - _content_words() - _words("Polski Język")  # the switcher names Polish in Polish, marked lang="pl"


def polish_leaks(page: str, ui_words: set[str], people: tuple[str, ...] = ()) -> list[str]:
    text = html_lib.unescape(SKIP.sub(" ", page))
    for name in people:
        text = text.replace(name, " ")
    return sorted(_words(text) & ui_words)


@pytest.fixture
def english(org_setup, client, auth, in_app):
    """A learner with work at every stage, a certificate, and a client that asks for English."""
    s = org_setup
    take(client, s["learner_h"], "M9_01-knowledge", KNOWLEDGE_RIGHT)
    take_test(client, s["learner_h"])
    take(client, s["learner_h"], "M9_01-skills", {"M9_01-s05": {"text": OPEN_TEXT}})
    take(client, s["learner_h"], "M9_01-competences", {"M9_01-c01": {"level": 3, "reflection": REFLECTION}})
    client.post("/api/v1/units/M9_01/lessons/pierwsza/read", headers=s["learner_h"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    return s


def pages_for(client, auth, user, paths, ui_words, people):
    auth.login(user.email)
    leaks = {}
    for path, status in paths:
        response = client.get(path)
        assert response.status_code == status, path
        body = response.get_data(as_text=True)
        assert '<html lang="en">' in body, path
        if found := polish_leaks(body, ui_words, people):
            text = html_lib.unescape(SKIP.sub(" ", body))
            leaks[path] = [re.sub(r"\s+", " ", m.group(0)) for w in found for m in re.finditer(r".{0,60}\b" + w + r"\b.{0,40}", text, re.I | re.S)]
    auth.logout()
    return leaks


def test_english_pages_have_no_polish_interface_text(client, auth, english, ui_only_words):
    s = english
    # people's names and what they wrote are data, not interface
    people = (s["learner"].name, s["trainer"].name, s["admin"].name, s["org"].name, REFLECTION.strip(), OPEN_TEXT)
    leaks = pages_for(client, auth, s["learner"], [
        ("/", 200), ("/me/", 200), ("/units/M9_01/", 200), ("/units/M9_01/lessons/pierwsza", 200),
        ("/quizzes/M9_01-knowledge/", 200), ("/quizzes/M9_01-test/", 200), ("/glossary/", 200),
        ("/portfolio/", 200), ("/trainer/", 403), ("/org/", 403), ("/no-such-page", 404),
    ], ui_only_words, people)
    leaks |= pages_for(client, auth, s["trainer"], [
        ("/trainer/", 200), ("/trainer/queue", 200), (f"/trainer/learners/{s['learner'].id}", 200),
    ], ui_only_words, people)
    leaks |= pages_for(client, auth, s["admin"], [("/org/", 200)], ui_only_words, people)
    assert leaks == {}, "\n".join(f"{k}: {v}" for k, v in leaks.items())


@pytest.mark.parametrize(("path", "status", "title"), [("/no-such-page", 404, "Page not found"), ("/trainer/", 403, "Access denied")])
def test_error_pages_in_english(client, english, auth, path, status, title):
    auth.login(english["learner"].email)
    response = client.get(path)
    assert response.status_code == status
    assert f"<h1>{title} " in response.get_data(as_text=True)


def test_every_interface_string_reaches_the_catalogue():
    """babel.cfg extracts every string the code marks, also lazy ones (_l); each has its English translation."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as handle:
        method_map, options = parse_mapping_cfg(handle)
    found = {m[2] if isinstance(m[2], str) else m[2][0]
             for m in extract_from_dir(ROOT, method_map, options_map=options, keywords=DEFAULT_KEYWORDS)}
    assert "To pole jest wymagane." in found and "Brak dostępu" in found  # lazy strings and error titles are extracted
    po = POT.parent / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        translated = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id and m.string}
    assert sorted(found - translated) == []


def test_the_check_finds_polish_interface_text(ui_only_words):
    """The detector itself: a Polish interface sentence is caught, content and names are not."""
    assert polish_leaks("<h1>Błąd serwera</h1><p>Przejdź do treści</p>", ui_only_words) == ["błąd", "przejdź", "treści"]
    assert not polish_leaks("<p>Page not found</p>", ui_only_words)
    assert not polish_leaks("<p>Zażółć Gęślą-Jaźń</p>", ui_only_words, people=("Zażółć Gęślą-Jaźń",))


def test_content_note_is_on_english_lesson_pages(client, english):
    body = client.get("/units/M9_01/lessons/pierwsza").get_data(as_text=True)
    assert "The course content is in Polish; the interface is in English." in body
    assert '<div class="prose" lang="pl">' in body and '<h1 id="lesson-title" lang="pl">' in body


def test_dates_on_english_pages_are_english_and_in_warsaw_time(app):
    from flask_babel import refresh

    when = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # already 2 July in Warsaw (UTC+2 in summer)
    render = app.jinja_env.from_string("{{ when | date('long') }}|{{ when | datetime('short') }}").render
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()
        assert render(when=when).startswith("2 July 2026|02/07/2026, 00:30")
    with app.test_request_context("/"):
        refresh()
        assert render(when=when).startswith("2 lipca 2026|")


LESSONS = ("%(num)d lekcja", "%(num)d lekcji")


@pytest.mark.parametrize(("n", "english"), [(1, "1 lesson"), (2, "2 lessons"), (5, "5 lessons"), (22, "22 lessons")])
def test_counts_in_english_use_ngettext(app, n, english):
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/"), force_locale("en"):
        assert ngettext(*LESSONS, n) == english


@pytest.mark.parametrize(("n", "polish"), [(1, "1 lekcja"), (5, "5 lekcji"), (12, "12 lekcji"), (14, "14 lekcji"), (25, "25 lekcji")])
def test_polish_counts_one_and_many(app, n, polish):
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/"), force_locale("pl"):
        assert ngettext(*LESSONS, n) == polish


# The "few" form (2-4, 22-24, not 12-14) comes from the pl catalogue (Plural-Forms with nplurals=3, docs/i18n_update.py).
@pytest.mark.parametrize(("n", "polish"), [(2, "2 lekcje"), (4, "4 lekcje"), (22, "22 lekcje"), (103, "103 lekcje")])
def test_polish_counts_few(app, n, polish):
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/"), force_locale("pl"):
        assert ngettext(*LESSONS, n) == polish
