"""A person opens their profile, makes a mistake, fixes it, switches to English and to the daily digest (1366 and 390 px, axe, 320 px reflow)."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_quiz_keyboard import register

FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_profile_form_at_desktop_and_phone_width(page: Page, fixture_course_url: str, axe_check, width: int):
    base = fixture_course_url
    page.set_viewport_size({"width": width, "height": 900})
    email = f"profil{width}@example.com"
    register(page, base, email)
    page.goto(base + "/account/")
    expect(page.get_by_role("heading", name="Mój profil", level=1)).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    expect(page.get_by_role("link", name="Zmień hasło")).to_be_visible()
    axe_check(page, f"profile at {width} px")

    page.get_by_role("textbox", name="Imię i nazwisko").fill("")
    page.get_by_role("button", name="Zapisz profil").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Popraw błędy w formularzu")
    expect(summary.get_by_role("link", name="Imię i nazwisko: To pole jest wymagane.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Imię i nazwisko")).to_have_attribute("aria-invalid", "true")
    axe_check(page, f"profile with an error at {width} px")

    page.get_by_role("textbox", name="Imię i nazwisko").fill("Profil Poprawiony")
    page.get_by_role("group", name="Trener ocenił moje odpowiedzi otwarte").get_by_label("Raz dziennie, w podsumowaniu").check()
    page.get_by_role("group", name="Wystawiono mi certyfikat").get_by_label("Nie wysyłaj").check()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Zapisz profil").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the stored language wins over the browser's Polish
    expect(page.get_by_role("textbox")).to_have_value("Profil Poprawiony")
    expect(page.locator("#notify_quiz_marked-1")).to_be_checked()
    expect(page.locator("#notify_certificate_issued-2")).to_be_checked()
    assert page.evaluate(FITS)
    axe_check(page, f"saved profile in English at {width} px")


def test_the_profile_reflows_at_320_px(page: Page, fixture_course_url: str):
    base = fixture_course_url
    register(page, base, "profil320@example.com")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(base + "/account/")
    expect(page.get_by_role("heading", name="Mój profil", level=1)).to_be_visible()
    assert page.evaluate(FITS)
    page.get_by_role("textbox", name="Imię i nazwisko").fill("")
    page.get_by_role("button", name="Zapisz profil").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.evaluate(FITS)
