"""A trainee keeps a four-week mentor's file for one mentee in the browser, submits the M2_05 task, and a trainer assesses it."""

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from course.domain.portfolio import ENTRY_KINDS
from tests.e2e.helpers import sign_out
from tests.e2e.test_quiz_keyboard import PASSWORD, register
from tests.e2e.test_trainer_journey import login

START = date(2026, 3, 2)


def fill_entry(page: Page, kind: str, day: date, **changes) -> None:
    """Fill the entry form from the kind's own example (as a trainee copying the model), with changes, and save."""
    page.get_by_label("Data wpisu").fill(day.isoformat())
    for spec in ENTRY_KINDS[kind].fields:
        value = changes.get(spec.id, ENTRY_KINDS[kind].example.get(spec.id))
        if value is None:
            continue
        field = page.locator(f"#field-{spec.id}")
        if spec.type == "choice":
            field.select_option(str(value))
        else:
            field.fill(str(value))
    page.get_by_role("button", name="Zapisz wpis").click()
    expect(page.get_by_role("status").first).to_contain_text("Zapisano wpis")


def add_entry(page: Page, kind: str, day: date, axe_check=None, **changes) -> None:
    page.get_by_role("link", name=ENTRY_KINDS[kind].title, exact=True).click()
    expect(page.get_by_role("heading", name="Przykład wypełnionego wpisu")).to_be_visible()
    if axe_check:
        axe_check(page, f"new {kind} form with its example")
    fill_entry(page, kind, day, **changes)


def test_four_week_record_submitted_and_assessed(page: Page, base_url: str, live_app, axe_check):
    base = base_url
    with live_app.app_context():
        from course.domain.roles import Role
        from course.services.accounts import create_user
        from course.services.organisations import create_organisation

        org = create_organisation("Warsztat Testowy", "warsztat-e2e")
        create_user("Trenerka Ola", "ola@example.com", PASSWORD, Role.TRAINER, org.slug)
        join_code = org.join_code
        db_commit(live_app)

    register(page, base, "mentor@example.com", join_code)
    page.get_by_role("link", name="Teczka mentora").click()
    axe_check(page, "portfolio index")
    page.get_by_label("Alias mentee").fill("Jan Kowalski")
    page.get_by_role("button", name="Dodaj mentee").click()
    expect(page.get_by_text("wygląda na imię i nazwisko").first).to_be_visible()
    axe_check(page, "alias refused")
    page.get_by_label("Alias mentee").fill("Uczeń z lakierni")
    page.get_by_role("button", name="Dodaj mentee").click()
    expect(page.get_by_role("heading", name="Mentee: Uczeń z lakierni")).to_be_visible()
    axe_check(page, "empty mentee file")

    add_entry(page, "agreement", START, axe_check)
    add_entry(page, "goal", START, axe_check)
    page.get_by_role("link", name="Zapis sesji", exact=True).click()
    page.get_by_label("Data wpisu").fill(START.isoformat())
    page.get_by_role("button", name="Zapisz wpis").click()
    expect(page.get_by_role("alert")).to_contain_text("Popraw błędy")
    axe_check(page, "session form with errors")
    fill_entry(page, "session", START, number=1)
    for week in (1, 2, 3):
        add_entry(page, "session", START + timedelta(days=7 * week), number=week + 1)
    page.get_by_role("link", name="Przegląd postępów", exact=True).click()
    expect(page.get_by_text("Zapisy sesji od początku współpracy:")).to_be_visible()
    page.get_by_label(re.compile("Samodzielnie wykonuje wymianę")).select_option("osiągnięty")
    axe_check(page, "review form with the goals and sessions it covers")
    fill_entry(page, "review", START + timedelta(days=22))
    add_entry(page, "reflection", START + timedelta(days=23), axe_check)
    expect(page.get_by_role("table", name="Status każdego celu przy kolejnych przeglądach")).to_contain_text("osiągnięty")
    axe_check(page, "timeline and chart")

    page.goto(base + "/portfolio/tasks/M2_05-zapis-i-analiza")
    expect(page.get_by_text("Wybrane wpisy spełniają wszystkie wymagania zadania.")).to_be_visible()
    axe_check(page, "task page")
    page.get_by_label(re.compile("2026-03-23 · Zapis sesji")).uncheck()
    page.get_by_role("button", name="Wyślij zadanie do oceny").click()
    expect(page.get_by_role("alert")).to_contain_text("Zapis sesji: potrzeba co najmniej 4, wybrano 3.")
    axe_check(page, "task refused")
    page.get_by_label(re.compile("2026-03-23 · Zapis sesji")).check()
    page.get_by_role("button", name="Wyślij zadanie do oceny").click()
    expect(page.get_by_role("status").first).to_contain_text("Wysłano zadanie do oceny")
    sign_out(page)

    login(page, base, "ola@example.com")
    page.goto(base + "/trainer/queue")
    axe_check(page, "queue with a portfolio task")
    page.get_by_role("link", name=re.compile("Oceń zadanie")).click()
    expect(page.get_by_role("heading", name=re.compile("Ocena zadania"))).to_be_visible()
    for group in page.locator("fieldset.question").all():
        group.get_by_label(re.compile("^3: ")).check()
    page.get_by_label("Informacja zwrotna dla osoby uczącej się").fill("Regularne, rzeczowe zapisy. Dopisz w przeglądzie samoocenę mentee.")
    axe_check(page, "assessment form")
    page.get_by_role("button", name="Zapisz ocenę").click()
    expect(page.get_by_role("status").first).to_contain_text("Zadanie ocenione")
    sign_out(page)

    login(page, base, "mentor@example.com")
    page.goto(base + "/portfolio/")
    expect(page.get_by_text("Dopisz w przeglądzie samoocenę mentee.")).to_be_visible()
    axe_check(page, "feedback on the portfolio index")


def db_commit(app) -> None:
    from course.extensions import db

    db.session.commit()
