"""A newcomer registers, opens M2_03, reads the first lesson, marks it read and finds it on /me/."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import sign_out

PASSWORD = "zielony-rower-nad-rzeka"


def test_learner_registers_reads_a_lesson_and_sees_it_on_me(page: Page, base_url: str, axe_check):
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wdrożenie i ocena procesu mentoringu")
    axe_check(page, "landing page")

    page.get_by_role("link", name="Załóż konto", exact=True).first.click()
    # A mistake first: the error must be shown and announced, then corrected.
    page.get_by_label("Imię i nazwisko").fill("Katarzyna Przeglądarka")
    page.get_by_label("Adres e-mail").fill("katarzyna@example.com")
    page.get_by_label("Hasło", exact=True).fill("krótkie")
    page.get_by_label("Powtórz hasło").fill("krótkie")
    page.get_by_role("button", name="Załóż konto").click()
    expect(page.get_by_role("alert")).to_contain_text("Hasło musi mieć co najmniej 12 znaków")
    axe_check(page, "registration form with errors")

    page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    page.get_by_label("Powtórz hasło").fill(PASSWORD)
    page.get_by_role("button", name="Załóż konto").click()
    expect(page.get_by_text("Konto zostało utworzone")).to_be_visible()

    # Log out and back in, as a returning learner would.
    sign_out(page)
    page.get_by_role("link", name="Zaloguj się").first.click()
    axe_check(page, "login page")
    page.get_by_label("Adres e-mail").fill("katarzyna@example.com")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page).to_have_url(re.compile(r"/me/$"))

    page.goto(base_url + "/")
    page.get_by_role("link", name=re.compile("Analiza warunków")).click()
    expect(page).to_have_url(re.compile(r"/units/M2_03/$"))
    expect(page.get_by_role("heading", name="Kompetencje")).to_be_visible()
    axe_check(page, "unit M2_03")

    page.get_by_role("navigation", name="Okruszki")  # breadcrumbs exist
    first_lesson = page.locator(".lesson-list a").first
    title = first_lesson.inner_text()
    first_lesson.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("navigation", name="Spis treści")).to_be_visible()
    axe_check(page, "first lesson")

    page.get_by_role("button", name="Oznacz jako przeczytaną").click()
    expect(page.get_by_role("status")).to_contain_text("oznaczona jako przeczytana")

    page.get_by_role("link", name="Moje postępy").click()
    expect(page.get_by_text("1 z 6 lekcji przeczytanych")).to_be_visible()
    row = page.get_by_role("listitem").filter(has_text=title).first
    expect(row).to_contain_text("✓ przeczytana")
    axe_check(page, "dashboard /me/")


def test_keyboard_user_can_skip_to_content(page: Page, base_url: str):
    page.goto(base_url + "/units/M2_03/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_the_accessibility_check_can_fail(page: Page, axe_check):
    """Guard against a scan that silently checks nothing: a page with known violations must fail it."""
    import pytest

    page.set_content('<html><body><img src="x.png"><a href="/x"></a><input type="text"></body></html>')
    with pytest.raises(AssertionError, match="axe on broken page"):
        axe_check(page, "broken page")
