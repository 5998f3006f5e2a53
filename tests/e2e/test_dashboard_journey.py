"""A learner practises, takes the unit test, sees the outcome change on the dashboard and opens its explanation."""

from playwright.sync_api import Page, expect

from tests.e2e.test_quiz_keyboard import register
from tests.helpers import right_answer


def answer_right(page: Page, question_id: str) -> None:
    """Give the key of one drawn question through its form fields, as a person would."""
    fieldset = page.locator(f"fieldset[data-question-id='{question_id}']")
    key = right_answer(question_id)
    if "choice" in key:
        fieldset.locator(f"input[value='{key['choice']}']").check()
    elif "choices" in key:
        for choice in key["choices"]:
            fieldset.locator(f"input[value='{choice}']").check()
    elif "value" in key:
        fieldset.locator(f"input[value='{'true' if key['value'] else 'false'}']").check()
    elif "text" in key:
        fieldset.locator("input[type=text]").fill(key["text"])
    elif "order" in key:
        for position, step in enumerate(key["order"], start=1):
            fieldset.locator(f"select[name='q-{question_id}-{step}']").select_option(str(position))
    else:
        for left, right in key["pairs"].items():
            fieldset.locator(f"select[name='q-{question_id}-{left}']").select_option(right)


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
    expect(outcome).to_contain_text("w trakcie")  # practice never attains
    expect(outcome).to_contain_text("Ćwiczenia (nie liczą się do efektu)")

    page.goto(base + "/quizzes/M9_01-test/")
    page.get_by_role("button", name="Rozpocznij podejście").click()
    drawn = page.locator("fieldset[data-question-id]").evaluate_all("nodes => nodes.map(n => n.dataset.questionId)")
    assert len(drawn) == 6
    for question_id in drawn:
        answer_right(page, question_id)
    page.get_by_role("button", name="Przejdź do podsumowania").click()
    page.get_by_role("button", name="Zakończ i wyślij").click()
    expect(page.locator(".review-score")).to_contain_text("Wynik: 6 z 6 pkt")
    expect(page.locator("body")).not_to_contain_text("Poprawna odpowiedź")
    axe_check(page, "summative review")

    page.get_by_role("link", name="Moje postępy").click()
    expect(outcome).to_contain_text("osiągnięty")
    outcome.get_by_text("Dlaczego?").click()
    expect(outcome.get_by_text("Efekt osiągnięty: wynik sięga progu")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("1 / 1")
    axe_check(page, "dashboard with an attained outcome and an open explanation")
