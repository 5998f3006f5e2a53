"""A learner reads the privacy notice, sees and corrects their data, downloads it, and erases the account."""

from playwright.sync_api import Page, expect

from tests.e2e.test_quiz_keyboard import PASSWORD, register


def test_a_learner_sees_corrects_and_erases_their_data(page: Page, fixture_course_url: str, axe_check):
    base = fixture_course_url
    page.goto(base + "/auth/register")
    page.get_by_role("link", name="informacji o ochronie danych osobowych").click()
    expect(page.get_by_role("heading", name="Twoje prawa")).to_be_visible()
    axe_check(page, "privacy notice")

    register(page, base, "prywatnosc@example.com")
    page.get_by_role("link", name="Moje dane").click()
    expect(page.get_by_role("heading", name="Kto oglądał moje wyniki")).to_be_visible()
    axe_check(page, "my data")
    page.get_by_role("textbox", name="Imię i nazwisko").fill("Klawiatura Poprawiona")
    page.get_by_role("button", name="Zapisz poprawione imię i nazwisko").click()
    expect(page.get_by_text("Zapisano poprawione imię i nazwisko.")).to_be_visible()

    page.get_by_role("link", name="Zobacz wszystkie swoje dane na stronie").click()
    expect(page.get_by_role("definition").filter(has_text="prywatnosc@example.com")).to_be_visible()
    expect(page.get_by_text("Klawiatura Poprawiona").first).to_be_visible()
    axe_check(page, "readable export")
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz jako JSON").click()
    from pathlib import Path

    assert "prywatnosc@example.com" in Path(download.value.path()).read_text(encoding="utf-8")

    page.goto(base + "/me/delete")
    page.get_by_label("Hasło (potwierdzenie)").fill("to-nie-jest-moje-haslo")
    page.get_by_label("Rozumiem, że usunięcia konta nie można cofnąć.").check()
    page.get_by_role("button", name="Usuń konto na zawsze").click()
    expect(page.get_by_text("Obecne hasło jest nieprawidłowe.").first).to_be_visible()
    axe_check(page, "erase form with an error")
    page.get_by_label("Hasło (potwierdzenie)").fill(PASSWORD)
    page.get_by_role("button", name="Usuń konto na zawsze").click()
    expect(page.get_by_text("Konto i dane nauki zostały usunięte.")).to_be_visible()
    page.goto(base + "/me/")
    expect(page).to_have_url(base + "/auth/login?next=%2Fme%2F")
