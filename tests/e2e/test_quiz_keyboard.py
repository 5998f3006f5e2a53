"""A learner takes a knowledge quiz with the keyboard only, submits it and reads the review."""

import re

from playwright.sync_api import Page, expect

PASSWORD = "zielony-rower-nad-rzeka"


def register(page: Page, base: str, email: str, join_code: str = "") -> None:
    page.goto(base + "/auth/register")
    page.get_by_label("Imię i nazwisko").fill("Klawiatura Testowa")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    page.get_by_label("Powtórz hasło").fill(PASSWORD)
    page.get_by_label("Kod organizacji (opcjonalnie)").fill(join_code)
    page.get_by_role("button", name="Załóż konto").press("Enter")
    expect(page.get_by_text("Konto zostało utworzone")).to_be_visible()


def focus_and(page: Page, locator, key: str) -> None:
    """Reach the control with Tab presses only (as a keyboard user would), then press ``key``.

    Tab enters a radio group once; inside it, the arrow keys move between (and select) options.
    """
    group = locator.get_attribute("name") if locator.get_attribute("type") == "radio" else None
    for _ in range(120):
        if locator.evaluate("el => el === document.activeElement"):
            page.keyboard.press(key)
            return
        in_group = group and page.evaluate("name => document.activeElement && document.activeElement.name === name", group)
        page.keyboard.press("ArrowDown" if in_group else "Tab")
    raise AssertionError(f"could not reach {locator} with the keyboard")


def test_keyboard_only_quiz_and_review(page: Page, fixture_course_url: str, axe_check):
    base = fixture_course_url
    register(page, base, "klawiatura@example.com")
    page.goto(base + "/quizzes/M9_01-knowledge/")
    axe_check(page, "quiz overview")
    focus_and(page, page.get_by_role("button", name="Rozpocznij podejście"), "Enter")
    expect(page.get_by_text("Pytanie 1 z 6")).to_be_visible()
    axe_check(page, "quiz attempt")

    q1 = page.locator("fieldset[data-question-id='M9_01-k01']")
    focus_and(page, q1.get_by_label("Sprawdzenie"), "Space")
    q3 = page.locator("fieldset[data-question-id='M9_01-k03']")
    focus_and(page, q3.get_by_label("Prawda"), "Space")
    expect(q3.locator("[data-autosave-status]")).to_contain_text("Zapisano")  # autosaved through the API
    q6 = page.locator("fieldset[data-question-id='M9_01-k06']")
    focus_and(page, q6.get_by_label("Twoja odpowiedź"), "Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("informacja zwrotna")
    expect(page.locator("[data-progress]")).to_contain_text("3 z 6")

    # The attempt survives closing the page: reopen it from the quiz overview.
    page.goto(base + "/quizzes/M9_01-knowledge/")
    focus_and(page, page.get_by_role("button", name="Kontynuuj podejście"), "Enter")
    expect(page.locator("fieldset[data-question-id='M9_01-k01']").get_by_label("Sprawdzenie")).to_be_checked()

    focus_and(page, page.get_by_role("button", name="Przejdź do podsumowania"), "Enter")
    expect(page.get_by_text("Bez odpowiedzi: 3 z 6 pytań.")).to_be_visible()
    axe_check(page, "quiz summary")
    focus_and(page, page.get_by_role("button", name="Zakończ i wyślij"), "Enter")

    expect(page).to_have_url(re.compile(r"/review$"))
    expect(page.locator(".review-score")).to_contain_text("Wynik: 3 z 7 pkt")
    expect(page.get_by_text("Wróć do lekcji:").first).to_be_visible()
    axe_check(page, "quiz review")
