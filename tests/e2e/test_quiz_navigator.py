"""A learner finds their way in a long quiz: navigator, flags, pages, checks in place, clearing, ordering and matching on a phone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from course import create_app
from tests.conftest import migrate_to_head
from tests.e2e.conftest import _serve
from tests.e2e.test_quiz_keyboard import register

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
emails = count(1)


@pytest.fixture(scope="module")
def paged_url(tmp_path_factory, fixture_catalogue):
    """The fixture course with two questions a page (from four questions on), so its six-question quiz has three pages."""
    url = f"sqlite:///{tmp_path_factory.mktemp('live-paged') / 'live.sqlite3'}"
    migrate_to_head(url)
    app = create_app({"COURSE_ENV": "testing", "SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": url,
                      "CATALOGUE": fixture_catalogue, "RATELIMIT_ENABLED": False, "QUIZ_PAGE_SIZE": 2, "QUIZ_ONE_PAGE_UP_TO": 3,
                      "CREDENTIAL_KEY_FILE": str(tmp_path_factory.mktemp("keys-paged") / "credential_key.pem")})
    server = _serve(app)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def begin(page: Page, base: str, quiz: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    register(page, base, f"nawigator{next(emails)}@example.com")
    page.goto(f"{base}/quizzes/{quiz}/")
    page.get_by_role("button", name="Rozpocznij podejście").click()
    expect(page.locator("fieldset[data-question-id]").first).to_be_visible()


def no_sideways_scroll(page: Page, width: int = 320) -> None:
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    page.set_viewport_size(size)


def mark_document(page: Page) -> None:
    """A value on ``window`` that a page load would lose: proof that something happened without a reload."""
    page.evaluate("window.__sameDocument = true")


def same_document(page: Page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def question(page: Page, item: str):
    return page.locator(f"fieldset[data-question-id='M9_01-{item}']")


def nav(page: Page, item: str):
    return page.locator(f"[data-nav-item='M9_01-{item}']")


@VIEWPORTS
def test_navigator_flags_and_pages(page: Page, paged_url: str, axe_check, viewport):
    begin(page, paged_url, "M9_01-knowledge", viewport)
    navigator = page.get_by_role("navigation", name="Pytania")
    expect(navigator.locator("[data-nav-item]")).to_have_count(6)
    expect(page.get_by_role("heading", name="Strona 1 z 3")).to_be_visible()
    expect(nav(page, "k01")).to_contain_text("bez odpowiedzi")
    axe_check(page, f"paged attempt {viewport['width']}")

    mark_document(page)
    question(page, "k01").get_by_label("Sprawdzenie").check()
    expect(nav(page, "k01")).to_have_attribute("data-answered", "true")
    expect(nav(page, "k01")).to_contain_text("odpowiedź zapisana")
    flag = question(page, "k02").get_by_role("button", name="Oznacz na później")
    flag.click()
    expect(flag).to_have_attribute("aria-pressed", "true")
    expect(nav(page, "k02")).to_have_attribute("data-flagged", "true")
    expect(question(page, "k02").locator("[data-autosave-status]")).to_have_text("Pytanie oznaczone na później.")
    expect(page.locator("[data-progress]")).to_have_text("Udzielono odpowiedzi: 1 z 6")
    assert same_document(page)
    axe_check(page, f"flagged question {viewport['width']}")

    page.get_by_role("button", name="Następna strona →").click()
    expect(page).to_have_url(re.compile(r"\?page=2#quiz-questions$"))
    expect(page.get_by_role("heading", name="Strona 2 z 3")).to_be_visible()
    expect(nav(page, "k02")).to_have_attribute("data-flagged", "true")
    question(page, "k03").get_by_label("Prawda").check()
    expect(question(page, "k03").locator("[data-autosave-status]")).to_contain_text("Zapisano o")
    nav(page, "k06").click()  # a question on another page
    expect(page).to_have_url(re.compile(r"\?page=3#q-M9_01-k06$"))
    question(page, "k06").get_by_label("Twoja odpowiedź").fill("informacja zwrotna")
    page.get_by_role("button", name="← Poprzednia strona").click()  # leaves at once: what was typed is saved first
    expect(page).to_have_url(re.compile(r"\?page=2#quiz-questions$"))
    expect(page.locator("[data-progress]")).to_have_text("Udzielono odpowiedzi: 3 z 6")
    axe_check(page, f"page 2 {viewport['width']}")
    no_sideways_scroll(page)

    page.get_by_role("button", name="Przejdź do podsumowania").click()
    expect(page.get_by_text("Bez odpowiedzi: 3 z 6 pytań.")).to_be_visible()
    expect(page.get_by_text("Pytania oznaczone na później: 1.")).to_be_visible()
    axe_check(page, f"summary with flags {viewport['width']}")
    page.locator(".notice--flagged").get_by_role("link", name="Pytanie 2").click()
    expect(page).to_have_url(re.compile(r"\?page=1#q-M9_01-k02$"))
    page.wait_for_load_state("load")  # the URL changes before the new page has scrolled to the anchor
    expect(question(page, "k02").locator("legend")).to_be_in_viewport()
    # The sticky progress bar does not cover the question reached by the link.
    bar = page.locator(".attempt-bar").bounding_box()
    legend = question(page, "k02").locator("legend").bounding_box()
    assert legend["y"] >= bar["y"] + bar["height"] - 1, (bar, legend)


def test_check_answer_without_reload(page: Page, paged_url: str, axe_check):
    begin(page, paged_url, "M9_01-skills", DESKTOP)
    mark_document(page)
    first = question(page, "s01")
    first.get_by_label("Prawda").check()
    first.get_by_role("button", name="Sprawdź odpowiedź").click()
    live = first.locator("[data-check-live]")
    expect(live).to_contain_text("✗ Niepoprawnie. Pozostały 2 próby.")
    assert live.get_attribute("role") == "status"
    assert same_document(page)
    assert page.evaluate("document.activeElement.closest('fieldset') && document.activeElement.closest('fieldset').dataset.questionId") == "M9_01-s01"
    expect(page.locator("#q-M9_01-s01-feedback")).to_be_focused()
    axe_check(page, "verdict in place")

    first.get_by_label("Fałsz").check()
    first.get_by_role("button", name="Sprawdź odpowiedź").click()
    expect(live).to_contain_text("✓ Poprawnie. To pytanie jest już zamknięte.")
    expect(first.get_by_label("Prawda")).to_be_disabled()  # final: the fieldset is closed, as after a reload
    expect(first.get_by_role("button", name="Sprawdź odpowiedź")).to_have_count(0)
    assert same_document(page)
    page.reload()  # the verdict is kept with the answer
    expect(question(page, "s01").locator("[data-check-live]")).to_contain_text("✓ Poprawnie.")


def test_check_answer_without_javascript_returns_to_the_verdict(browser, paged_url: str):
    context = browser.new_context(java_script_enabled=False, locale="pl-PL", viewport=PHONE)
    page = context.new_page()
    begin(page, paged_url, "M9_01-skills", PHONE)
    page.get_by_role("heading", name="Strona 1 z 3").wait_for()
    question(page, "s02").get_by_label("Fałsz").check()
    question(page, "s02").get_by_role("button", name="Sprawdź odpowiedź").click()
    expect(page).to_have_url(re.compile(r"\?page=1#q-M9_01-s02-feedback$"))
    expect(page.locator("#q-M9_01-s02-feedback")).to_contain_text("Niepoprawnie.")
    expect(page.locator("#q-M9_01-s02-feedback")).to_be_focused()
    assert page.locator("#q-M9_01-s02-feedback").bounding_box()["y"] >= page.locator(".attempt-bar").bounding_box()["height"] - 1
    context.close()


def test_untick_and_clear_are_saved_and_survive_a_reload(page: Page, paged_url: str, axe_check):
    begin(page, paged_url, "M9_01-knowledge", DESKTOP)
    several = question(page, "k02")
    several.get_by_label("Jednostkowy").check()
    expect(several.locator("[data-autosave-status]")).to_contain_text("Zapisano o")
    several.get_by_label("Jednostkowy").uncheck()
    status = several.locator("[data-autosave-status]")
    expect(status).to_contain_text("Odpowiedź usunięta, zapisano o")
    now = datetime.now(ZoneInfo("Europe/Warsaw"))
    shown = re.search(r"(\d\d:\d\d)", status.inner_text()).group(1)
    assert shown in {(now - timedelta(minutes=d)).strftime("%H:%M") for d in (0, 1)}  # server time, in Warsaw
    expect(nav(page, "k02")).to_have_attribute("data-answered", "false")
    page.reload()
    expect(question(page, "k02").get_by_label("Jednostkowy")).not_to_be_checked()
    expect(page.locator("[data-progress]")).to_have_text("Udzielono odpowiedzi: 0 z 6")

    page.goto(page.url.split("?")[0].split("#")[0] + "?page=3")
    text = question(page, "k06").get_by_label("Twoja odpowiedź")
    text.fill("ocena")
    expect(question(page, "k06").locator("[data-autosave-status]")).to_contain_text("Zapisano o")
    text.fill("")
    expect(question(page, "k06").locator("[data-autosave-status]")).to_contain_text("Odpowiedź usunięta")
    page.reload()
    expect(question(page, "k06").get_by_label("Twoja odpowiedź")).to_have_value("")
    axe_check(page, "cleared answers")


@VIEWPORTS
def test_reorder_with_buttons_and_repeated_positions(page: Page, paged_url: str, axe_check, viewport):
    begin(page, paged_url, "M9_01-knowledge", viewport)
    page.goto(page.url.split("#")[0] + "?page=3")
    steps = question(page, "k05")
    texts = steps.locator("[data-step-item] label").all_inner_texts()
    first = texts[0]
    down = steps.get_by_role("button", name=f"Przesuń niżej: {first}")
    down.click()
    expect(steps.locator("[data-step-item] label").first).to_have_text(texts[1])
    expect(steps.locator("[data-autosave-status]")).to_contain_text(f"„{first}” jest teraz na pozycji 2 z 3.")
    expect(steps.locator("[data-autosave-status]")).to_contain_text("Zapisano o")
    expect(steps.get_by_role("button", name=f"Przesuń niżej: {first}")).to_be_focused()
    page.keyboard.press("Enter")  # the keyboard moves it on
    expect(steps.locator("[data-step-item] label").last).to_have_text(first)
    expect(steps.get_by_role("button", name=f"Przesuń wyżej: {first}")).to_be_focused()  # at the end: focus to the button that still works
    expect(steps.locator("[data-autosave-status]")).to_contain_text("Zapisano o")
    axe_check(page, f"ordering moved {viewport['width']}")
    page.reload()
    expect(question(page, "k05").locator("[data-step-item] label")).to_have_text([texts[1], texts[2], first])

    selects = question(page, "k05").locator("select[data-step]")
    selects.nth(0).select_option("1")
    selects.nth(1).select_option("1")  # two steps in first place: said at once, not on submit
    error = question(page, "k05").locator("[data-inline-error]")
    expect(error).to_contain_text("Nadaj każdemu krokowi inną pozycję, od 1 do 3.")
    assert error.get_attribute("aria-live") == "polite"
    expect(selects.nth(1)).to_have_attribute("aria-invalid", "true")
    axe_check(page, f"ordering with repeated positions {viewport['width']}")
    no_sideways_scroll(page)


def test_matching_on_a_phone(page: Page, paged_url: str, axe_check):
    begin(page, paged_url, "M9_01-knowledge", PHONE)
    page.goto(page.url.split("#")[0] + "?page=2")
    matching = question(page, "k04")
    cat = matching.get_by_label("Kot")
    cat.select_option(label="Miau")
    expect(matching.locator("[data-autosave-status]")).to_contain_text("Zapisano o")
    select_box, question_box = cat.bounding_box(), matching.bounding_box()
    assert select_box["width"] >= question_box["width"] * 0.8  # as wide as the question: the chosen text is not cut
    assert cat.evaluate("el => el.scrollWidth <= el.clientWidth")
    label_box = matching.get_by_text("Kot", exact=True).bounding_box()
    assert label_box["y"] + label_box["height"] <= select_box["y"] + 1  # the item above its choice
    axe_check(page, "matching on a phone")
    no_sideways_scroll(page)
