"""The site navigation: role-aware links, the account menu, and the phone menu (keyboard, Escape, focus, no-JS, 320 px)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from course.extensions import db
from tests.e2e.helpers import sign_out
from tests.e2e.test_quiz_keyboard import PASSWORD
from tests.e2e.test_trainer_journey import login

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
WIDTH_320 = {"width": 320, "height": 800}
SCROLL = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture(scope="module")
def people(live_app):
    with live_app.app_context():
        from course.domain.roles import Role
        from course.services.accounts import create_user
        from course.services.organisations import create_organisation

        org = create_organisation("Nawigacja Sp. z o.o.", "nav-e2e")
        emails = {}
        for role in (Role.LEARNER, Role.TRAINER, Role.ORG_ADMIN):
            emails[role.value] = f"nav-{role.value}@example.com"
            create_user(f"Osoba {role.value}", emails[role.value], PASSWORD, role, org.slug)
        db.session.commit()  # the test is this write's boundary
    return emails


def nav(page: Page):
    return page.get_by_role("navigation", name="Menu główne")


def test_phone_menu_collapses_opens_with_enter_and_closes_with_escape(page: Page, base_url: str, people, axe_check):
    page.set_viewport_size(PHONE)
    login(page, base_url, people["learner"])
    page.goto(base_url + "/me/")
    menu = nav(page).get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-nav-list")
    expect(nav(page).get_by_role("link", name="Moje postępy")).to_be_hidden()
    axe_check(page, "phone menu collapsed")

    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    for name in ("Kurs", "Słowniczek", "Moje postępy", "Teczka mentora"):
        expect(nav(page).get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav(page).get_by_role("link", name="Moje postępy")).to_have_attribute("aria-current", "page")
    expect(nav(page).get_by_role("link", name="Panel trenera")).to_have_count(0)
    axe_check(page, "phone menu open")

    page.keyboard.press("Tab")  # into the list: Escape from inside the menu closes it and returns focus
    expect(nav(page).get_by_role("link", name="Kurs", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(nav(page).get_by_role("link", name="Kurs", exact=True)).to_be_hidden()
    axe_check(page, "phone menu closed again")

    # The account menu opens inside the phone menu; Escape closes the inner menu first.
    page.keyboard.press("Space")  # the focused menu button opens again with Space
    account = nav(page).get_by_role("button", name="Moje konto")
    account.focus()
    page.keyboard.press("Enter")
    expect(account).to_have_attribute("aria-expanded", "true")
    expect(nav(page).get_by_role("link", name="Hasło")).to_be_visible()
    axe_check(page, "phone menu with the account menu open")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(account).to_have_attribute("aria-expanded", "false")
    expect(account).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    for state in ("closed", "open"):
        page.set_viewport_size(WIDTH_320)
        if state == "open":
            menu.click()
            account.click()
        scroll, inner = page.evaluate(SCROLL)
        assert scroll <= inner, f"menu {state} at 320 px: scrollWidth {scroll} > {inner}"
        axe_check(page, f"menu {state} at 320 px")
    sign_out(page)
    expect(nav(page).get_by_role("button", name="Menu")).to_be_visible()


def test_desktop_shows_the_links_and_an_account_menu(page: Page, base_url: str, people, axe_check):
    page.set_viewport_size(DESKTOP)
    login(page, base_url, people["trainer"])
    page.goto(base_url + "/trainer/")
    expect(nav(page).get_by_role("button", name="Menu")).to_be_hidden()
    for name in ("Kurs", "Słowniczek", "Moje postępy", "Panel trenera", "Do oceny"):
        expect(nav(page).get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav(page).get_by_role("link", name="Panel trenera")).to_have_attribute("aria-current", "page")
    expect(nav(page).get_by_role("link", name="Organizacja")).to_have_count(0)
    expect(nav(page).get_by_role("link", name="Teczka mentora")).to_have_count(0)
    account = nav(page).get_by_role("button", name="Moje konto")
    expect(account).to_have_attribute("aria-expanded", "false")
    expect(nav(page).get_by_role("link", name="Hasło")).to_be_hidden()
    axe_check(page, "desktop navigation")

    account.click()
    expect(nav(page).get_by_role("link", name="Hasło")).to_be_visible()
    expect(nav(page).get_by_role("button", name="Wyloguj")).to_be_visible()
    axe_check(page, "desktop account menu open")
    page.keyboard.press("Escape")
    expect(account).to_have_attribute("aria-expanded", "false")
    expect(account).to_be_focused()
    account.click()
    page.get_by_role("heading", level=1).click()  # a click elsewhere closes it
    expect(account).to_have_attribute("aria-expanded", "false")
    sign_out(page)

    login(page, base_url, people["org_admin"])
    expect(nav(page).get_by_role("link", name="Organizacja")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Panel trenera")).to_be_visible()
    sign_out(page)


def test_without_javascript_every_link_is_shown(browser: Browser, base_url: str, people):
    context = browser.new_context(java_script_enabled=False, locale="pl-PL", viewport=PHONE)
    page = context.new_page()
    try:
        login(page, base_url, people["learner"])
        page.goto(base_url + "/")
        expect(nav(page).get_by_role("button", name="Menu")).to_be_hidden()
        expect(nav(page).get_by_role("button", name="Moje konto")).to_be_hidden()
        for name in ("Kurs", "Słowniczek", "Moje postępy", "Teczka mentora", "Hasło"):
            expect(nav(page).get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(nav(page).get_by_role("button", name="Wyloguj")).to_be_visible()
    finally:
        context.close()
