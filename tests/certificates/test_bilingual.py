"""The certificate speaks Polish and English: the PDF, the print page and the public verify page, in either interface language."""

from __future__ import annotations

import re

import pytest

from course.certificates.labels import LABELS, both, english_date, label, polish_date
from course.certificates.pdf import render_certificate_pdf
from tests.certificates.test_pdf import VERIFY_URL, _snapshot, _text
from tests.helpers import complete_module

pytestmark = pytest.mark.usefixtures("use_fixture_course")
PDF_LABELS = ("title", "certifies", "completed", "units", "issuer", "issued", "expires", "code", "check", "outcomes",
              "outcomes_in_polish", "knowledge", "skills", "competences", "outcome_id", "outcome_text", "attained")


def test_every_label_has_polish_and_english():
    for key, (polish, english) in LABELS.items():
        assert polish and english and polish != english, key
        assert re.findall(r"%\(\w+\)s", polish) == re.findall(r"%\(\w+\)s", english), key


@pytest.mark.parametrize(("iso", "polish", "english"), [
    ("2026-11-27T10:00:00Z", "27 listopada 2026", "27 November 2026"),
    ("2026-12-31T23:30:00Z", "1 stycznia 2027", "1 January 2027"),  # as in Poland (UTC+1)
])
def test_dates_in_both_languages(iso, polish, english):
    assert (polish_date(iso), english_date(iso)) == (polish, english)


def test_pdf_has_each_label_in_polish_and_english_and_the_outcomes_in_polish():
    snapshot = _snapshot()
    flowing = " ".join(_text(render_certificate_pdf(snapshot, VERIFY_URL, status_note=both("revoked"))).split())
    for key in PDF_LABELS:
        polish, english = label(key)
        assert polish in flowing, key
        assert english in flowing, key
    assert "UNIEWAŻNIONY / REVOKED" in flowing
    assert "Strona 1 z 3 / Page 1 of 3" in flowing
    assert "27 listopada 2026" in flowing and "27 November 2026" in flowing
    assert "Module 2: Implementing and evaluating the workplace mentoring process" in flowing
    assert "Recording and analysing the mentoring process" in flowing  # the English unit name under the Polish one
    for outcome in snapshot.outcomes:
        assert outcome.id in flowing
    assert "ŻÓŁWIA ĄĘŚĆŃÓŹ" in flowing  # outcome texts stay Polish


def test_pdf_without_expiry_has_no_valid_until():
    flowing = " ".join(_text(render_certificate_pdf(_snapshot(expires_at=None), VERIFY_URL)).split())
    assert "Ważny do" not in flowing and "Valid until" not in flowing


@pytest.fixture
def issued(client, org_setup):
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    return client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers=s["admin_h"]).get_json()


@pytest.mark.parametrize("accept", ["pl", "en"])
def test_verify_and_print_pages_are_bilingual_in_either_interface_language(client, issued, accept):
    for path in (f"/verify/{issued['code']}", f"/certificates/{issued['code']}/print"):
        page = client.get(path, headers={"Accept-Language": accept}).get_data(as_text=True)
        assert f'<html lang="{accept}">' in page
        for key in ("holder", "module", "issuer", "issued", "code", "units", "outcomes", "knowledge", "outcome_text", "attained"):
            polish, english = label(key)
            assert f'<span lang="pl">{polish}</span> / <span lang="en">{english}</span>' in page, (path, key)
        assert re.search(r'<span lang="pl">\d{1,2} [a-ząćęłńóśźż]+ \d{4}</span> / <span lang="en">\d{1,2} [A-Z][a-z]+ \d{4}</span>', page)
        assert '<td lang="pl">' in page  # outcome texts are marked Polish on an English page
    verify = client.get(f"/verify/{issued['code']}", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert '<span lang="pl">Certyfikat jest ważny.</span> / <span lang="en">The certificate is valid.</span>' in verify


def test_revoked_certificate_says_so_in_both_languages(client, org_setup, issued, in_app):
    from course.services.certificates import certificate_by_code, revoke_certificate

    def revoke():
        from course.extensions import db
        from course.models import User

        revoke_certificate(db.session.get(User, org_setup["admin"].id), certificate_by_code(issued["code"]), "Błąd w danych osoby.")
        db.session.commit()  # the test is this write's boundary

    in_app(revoke)
    page = client.get(f"/verify/{issued['code']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert re.search(r'<span lang="pl">Certyfikat został unieważniony \d{1,2} [a-ząćęłńóśźż]+ \d{4}\.</span> /\s*'
                     r'<span lang="en">The certificate was revoked on \d{1,2} [A-Z][a-z]+ \d{4}\.</span>', page)
    assert '<span lang="pl">Powód</span> / <span lang="en">Reason</span>: Błąd w danych osoby.' in page
    pdf = _text(client.get(f"/certificates/{issued['code']}.pdf").data)
    assert "UNIEWAŻNIONY / REVOKED" in pdf
