"""A learner takes a quiz, sees the outcome change on the dashboard and opens its explanation."""

from playwright.sync_api import Page, expect

from tests.e2e.test_quiz_keyboard import register


def test_quiz_changes_the_dashboard_and_explains_why(page: Page, fixture_course_url: str, axe_check):
    base = fixture_course_url
    register(page, base, "panel@example.com")
    page.goto(base + "/me/")
    outcome = page.locator("li#M9_01\\.W1")
    expect(outcome).to_contain_text("nierozpoczęty")
    axe_check(page, "empty dashboard")

    page.goto(base + "/quizzes/M9_01-knowledge/")
    page.get_by_role("button", name="Rozpocznij podejście").click()
    page.locator("fieldset[data-question-id='M9_01-k01']").get_by_label("Sprawdzenie").check()
    page.locator("fieldset[data-question-id='M9_01-k02']").get_by_label("Jednostkowy").check()
    page.locator("fieldset[data-question-id='M9_01-k02']").get_by_label("Integracyjny").check()
    page.locator("fieldset[data-question-id='M9_01-k03']").get_by_label("Prawda").check()
    page.get_by_role("button", name="Przejdź do podsumowania").click()
    page.get_by_role("button", name="Zakończ i wyślij").click()
    expect(page.locator(".review-score")).to_contain_text("Wynik: 4 z 7 pkt")

    page.get_by_role("link", name="Moje postępy").click()
    expect(outcome).to_contain_text("osiągnięty")
    outcome.get_by_text("Dlaczego?").click()
    expect(outcome.get_by_text("Efekt osiągnięty: wynik sięga progu")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("1 / 1")
    axe_check(page, "dashboard with an attained outcome and an open explanation")
