"""The English interface: Accept-Language, the language switcher, the Polish fallback and the catalogue."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import course

PO = Path(course.__file__).parent / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
NOTE = "The course content is in Polish; the interface is in English."
PLACEHOLDER = re.compile(r"%\([A-Za-z_]+\)[sdf]|%%|\{[A-Za-z_]+\}")


def as_dict(messages) -> dict:
    def key(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {key(m.id): key(m.string) for m in messages if m.id}


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_accept_language_en_gives_english_chrome(client, catalogue):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    html = response.get_data(as_text=True)
    assert html_lang(html) == "en"
    assert "Skip to content" in html and "Glossary" in html and "Sign in" in html
    assert "Przejdź do treści" not in html
    assert NOTE in html
    assert catalogue.title in html  # the content stays Polish
    assert "Accept-Language" in response.headers.get("Vary", "")


def test_polish_is_the_default_and_has_no_note(client):
    html = client.get("/").get_data(as_text=True)
    assert html_lang(html) == "pl"
    assert "Przejdź do treści" in html and NOTE not in html


@pytest.mark.parametrize("header", ["de-DE,fr;q=0.8", "xx", "*", ""])
def test_unknown_language_falls_back_to_polish(client, header):
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert html_lang(html) == "pl" and "Przejdź do treści" in html


def test_polish_preferred_over_english_by_quality(client):
    html = client.get("/", headers={"Accept-Language": "en;q=0.5,pl;q=0.9"}).get_data(as_text=True)
    assert html_lang(html) == "pl"


def test_switcher_persists_the_choice_across_requests(client):
    html = client.get("/glossary/").get_data(as_text=True)
    assert 'href="/language?lang=en&amp;next=/glossary/"' in html
    response = client.get("/language?lang=en&next=/glossary/")
    assert response.status_code == 302 and response.headers["Location"] == "/glossary/"
    for path in ("/glossary/", "/", "/login"):
        assert html_lang(client.get(path).get_data(as_text=True)) == "en"
    # the explicit choice beats the browser's Accept-Language
    assert html_lang(client.get("/", headers={"Accept-Language": "pl"}).get_data(as_text=True)) == "en"
    client.get("/language?lang=pl&next=/")
    assert html_lang(client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "pl"


def test_choice_survives_a_new_session_through_the_cookie(client):
    client.get("/language?lang=en&next=/")
    with client.session_transaction() as session:
        session.clear()
    assert html_lang(client.get("/").get_data(as_text=True)) == "en"


def test_switcher_ignores_unknown_languages_and_unsafe_targets(client):
    response = client.get("/language?lang=xx&next=/")
    assert response.status_code == 302
    assert html_lang(client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "en"
    assert html_lang(client.get("/").get_data(as_text=True)) == "pl"
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.get("/language", query_string={"lang": "en", "next": target})
        assert response.status_code == 302
        assert response.headers["Location"] == "/", target


def test_plural_forms_follow_the_locale(app):
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/"), force_locale("en"):
        assert ngettext("Pozostało %(num)d podejście.", "Pozostało podejść: %(num)d.", 1) == "1 attempt left."
        assert ngettext("Pozostało %(num)d podejście.", "Pozostało podejść: %(num)d.", 3) == "3 attempts left."


def test_catalogue_is_complete_and_compiled():
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    assert catalogue.num_plurals == 2
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 700
    untranslated = [m.id for m in messages if not all(m.string if isinstance(m.string, tuple) else (m.string,))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [] and fuzzy == []
    with MO.open("rb") as handle:  # the committed .mo matches the .po
        compiled = read_mo(handle)
    assert as_dict(compiled) == as_dict(messages)


def test_every_translation_keeps_the_placeholders():
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        wrong += [(ids[0], s) for s in strings if sorted(PLACEHOLDER.findall(s)) != wanted]
    assert wrong == []


def test_dates_and_numbers_follow_the_locale(app):
    from datetime import datetime

    from flask_babel import refresh

    when = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    render = app.jinja_env.from_string("{{ when | datetime('long') }} {{ n | num }}").render
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        refresh()  # the app fixture's app context would otherwise keep one cached locale
        english = render(when=when, n=1234.5)
    with app.test_request_context("/"):
        refresh()
        polish = render(when=when, n=1234.5)
    assert "1 December 2026" in english and "1,234.5" in english  # British order, English separators
    assert "1 grudnia 2026" in polish and "1234,5" in polish.replace("\xa0", "")
