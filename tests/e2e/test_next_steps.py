"""What next in a browser: the org admin sets due dates (with an error first) and removes a member after a
confirmation step; the learner's phone shows "Kontynuuj" above the fold, and the unit page shows quiz status
and due dates. axe on each state, and nothing scrolls sideways at 320 px."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from course.extensions import db
from tests.e2e.helpers import sign_out
from tests.e2e.test_quiz_keyboard import PASSWORD
from tests.e2e.test_trainer_journey import login

PHONE = {"width": 390, "height": 844}
SCROLL = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def logout(page: Page) -> None:
    sign_out(page)


def test_due_dates_confirmation_and_continue(page: Page, fixture_course_url: str, fixture_live_app, axe_check):
    base = fixture_course_url
    with fixture_live_app.app_context():
        from course.domain.roles import Role
        from course.services.accounts import create_user
        from course.services.organisations import create_organisation

        org = create_organisation("Warsztat Terminów", "warsztat-terminow")
        for name, email, role in (("Nela Następna", "nela@example.com", Role.LEARNER), ("Olek Odchodzący", "olek@example.com", Role.LEARNER),
                                  ("Ada Administratorka", "ada-terminy@example.com", Role.ORG_ADMIN)):
            create_user(name, email, PASSWORD, role, org.slug)
        db.session.commit()  # the test is this write's boundary
    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Warsaw")).date()

    login(page, base, "ada-terminy@example.com")
    expect(page).to_have_url(re.compile(r"/org/$"))  # an org admin lands on the organisation's page
    page.get_by_label("M9_01: cała jednostka").fill((today + timedelta(days=3)).isoformat())
    page.get_by_label("M9_01: Test jednostki testowej").fill((today + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Zapisz terminy").click()
    expect(page.locator(".error-summary")).to_contain_text("Termin quizu nie może być późniejszy niż termin jego jednostki.")
    axe_check(page, "due dates with an error")
    page.get_by_label("M9_01: Test jednostki testowej").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Zapisz terminy").click()
    expect(page.get_by_text("Terminy zapisane (zmienione: 2).")).to_be_visible()
    axe_check(page, "org page with due dates")

    page.get_by_role("button", name="Usuń z organizacji Olek Odchodzący").click()
    expect(page.get_by_role("heading", name="Usunąć osobę z organizacji?")).to_be_visible()
    axe_check(page, "confirmation step")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate(SCROLL)[0] <= 320, "the confirmation page reflows at 320 px"
    page.get_by_role("link", name="Anuluj").click()
    expect(page.get_by_role("button", name="Usuń z organizacji Olek Odchodzący")).to_be_visible()  # nothing happened
    page.get_by_role("button", name="Usuń z organizacji Olek Odchodzący").click()
    page.get_by_role("button", name="Tak, usuń Olek Odchodzący").click()
    expect(page.get_by_text("Osoba została usunięta z organizacji")).to_be_visible()
    assert page.evaluate(SCROLL)[0] <= 320, "the org page with the due-date form reflows at 320 px"
    logout(page)

    page.set_viewport_size(PHONE)
    login(page, base, "nela@example.com")
    page.goto(base + "/")
    link = page.get_by_role("link", name=re.compile(r"^Kontynuuj: Pierwsza lekcja"))
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], f"Kontynuuj below the fold on a phone: {box}"
    expect(page.locator(".continue__why")).to_contain_text("za 3 dni")  # the lesson's unit is due in three days
    expect(page.locator(".card").get_by_text("za 3 dni")).to_be_visible()
    axe_check(page, "home with the continue link")

    page.goto(base + "/units/M9_01/")
    quizzes = page.locator(".quiz-list")
    expect(quizzes).to_contain_text("○ nierozpoczęty")
    expect(quizzes).to_contain_text("1 dzień po terminie")
    expect(page.locator(".unit-due")).to_contain_text("za 3 dni")
    axe_check(page, "unit page with quiz status and due dates")

    page.goto(base + "/me/")
    expect(page.get_by_role("heading", name="Następne kroki")).to_be_visible()
    axe_check(page, "dashboard next steps")

    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/", "/units/M9_01/", "/me/", "/quizzes/M9_01-test/"):
        page.goto(base + path)
        width, inner = page.evaluate(SCROLL)
        assert width <= inner, f"{path} scrolls sideways at 320 px ({width} > {inner})"
    axe_check(page, "quiz overview with its due date at 320 px")
