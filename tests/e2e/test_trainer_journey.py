"""A trainer marks an open answer with the rubric and confirms a competence, in the browser, with axe scans."""

import re

from playwright.sync_api import Page, expect

from course.extensions import db
from tests.e2e.helpers import sign_out
from tests.e2e.test_quiz_keyboard import PASSWORD, register

REFLECTION = "W zeszłym tygodniu omówiłem z mentee jego błąd przy przyjęciu towaru i razem ustaliliśmy, jak sprawdzać dokumenty. " * 2


def login(page: Page, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()


def test_trainer_marks_and_confirms(page: Page, fixture_course_url: str, fixture_live_app, axe_check):
    base = fixture_course_url
    with fixture_live_app.app_context():
        from course.domain.roles import Role
        from course.services.accounts import create_user
        from course.services.organisations import create_organisation

        org = create_organisation("Hurtownia Testowa", "hurtownia-e2e")
        create_user("Trenerka Ewa", "ewa@example.com", PASSWORD, Role.TRAINER, org.slug)
        db.session.commit()  # the test is this write's boundary
        join_code = org.join_code

    register(page, base, "uczen@example.com", join_code)

    page.goto(base + "/quizzes/M9_01-skills/")
    page.get_by_role("button", name="Rozpocznij podejście").click()
    page.locator("fieldset[data-question-id='M9_01-s05']").get_by_label(re.compile("Twoja odpowiedź")).fill(
        "Pokażę mentee, jak sprawdzić dostawę, a potem poproszę, żeby zrobił to sam i opowiedział, co zauważył.")
    page.get_by_role("button", name="Przejdź do podsumowania").click()
    page.get_by_role("button", name="Zakończ i wyślij").click()
    page.goto(base + "/quizzes/M9_01-competences/")
    page.get_by_role("button", name="Rozpocznij podejście").click()
    page.get_by_label(re.compile("Poziom 3:")).check()
    page.get_by_label("Opisz przykład.").fill(REFLECTION)
    page.get_by_role("button", name="Przejdź do podsumowania").click()
    page.get_by_role("button", name="Zakończ i wyślij").click()
    sign_out(page)

    login(page, base, "ewa@example.com")
    page.goto(base + "/trainer/")
    axe_check(page, "cohort matrix")
    page.get_by_role("link", name=re.compile("Do oceny i potwierdzenia: 2")).click()
    axe_check(page, "marking queue")
    page.get_by_role("link", name=re.compile("Oceń odpowiedź")).click()
    page.get_by_label(re.compile("3 pkt: Pełna")).check()
    page.get_by_label(re.compile("2 pkt: Jasny")).check()
    page.get_by_label("Komentarz dla osoby uczącej się").fill("Dobry plan: pokaz, potem samodzielna próba.")
    axe_check(page, "marking form")
    page.get_by_role("button", name="Zapisz ocenę").click()
    expect(page.get_by_role("status")).to_contain_text("Odpowiedź oceniona: 5 z 5 pkt")

    page.get_by_role("link", name=re.compile("Potwierdź poziom")).click()
    page.get_by_label(re.compile("Poziom 3")).check()
    page.get_by_label("Komentarz dla osoby uczącej się").fill("Na sesji 12 marca widziałam, jak omawia z mentee błąd przy przyjęciu towaru.")
    axe_check(page, "confirmation form")
    page.get_by_role("button", name="Zapisz ocenę").click()
    expect(page.get_by_role("status")).to_contain_text("Stan: osiągnięty")
    expect(page.get_by_text("Nie ma odpowiedzi do oceny.")).to_be_visible()
