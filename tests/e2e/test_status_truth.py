"""One truth per status, in the browser (desktop and a 390 px phone), with axe scans of each state.

A learner answers the skills quiz with an essay; the review labels the score as provisional. The
trainer sees the question's stem in the queue, marks the essay with the rubric (partial credit) and
a comment. The learner then finds the comment and the criterion points under the question, a
"częściowo" badge instead of a red cross, and the comment named by quiz and question on /me/.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from course.extensions import db
from tests.e2e.helpers import sign_out
from tests.e2e.test_quiz_keyboard import PASSWORD, register
from tests.e2e.test_trainer_journey import login

COMMENT = "Dobry plan, ale opisz jaśniej, jak sprawdzisz, czy mentee zrozumiał."
ESSAY = "Pokażę mentee, jak sprawdzić dostawę, a potem poproszę, żeby zrobił to sam i opowiedział, co zauważył."
RAW = re.compile(r"(?<![\w-])(attained|in_progress|awaiting_review|not_started|quiz_attempt|trainer_rating|trainer_marking|M9_01-s05)(?![\w-])")


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def no_raw_codes(page: Page) -> None:
    found = RAW.findall(page.locator("main").inner_text())
    assert not found, (page.url, found)


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_status_truth(page: Page, fixture_course_url: str, fixture_live_app, axe_check, width: int):
    base = fixture_course_url
    page.set_viewport_size({"width": width, "height": 900})
    with fixture_live_app.app_context():
        from course.domain.roles import Role
        from course.services.accounts import create_user
        from course.services.organisations import create_organisation

        org = create_organisation(f"Hurtownia Prawdy {width}", f"prawda-{width}")
        create_user("Trenerka Ola", f"ola-{width}@example.com", PASSWORD, Role.TRAINER, org.slug)
        db.session.commit()  # the test is this write's boundary
        join_code = org.join_code
    learner = f"prawda-{width}@example.com"
    register(page, base, learner, join_code)

    page.goto(base + "/quizzes/M9_01-skills/")
    page.get_by_role("button", name="Rozpocznij podejście").click()
    page.locator("fieldset[data-question-id='M9_01-s05']").get_by_label(re.compile("Twoja odpowiedź")).fill(ESSAY)
    page.get_by_role("button", name="Przejdź do podsumowania").click()
    page.get_by_role("button", name="Zakończ i wyślij").click()
    expect(page.locator(".review-score")).to_contain_text("wynik wstępny")
    expect(page.locator("section[aria-labelledby='rq-M9_01-s05']")).to_contain_text("… czeka na ocenę")
    review_url = page.url
    axe_check(page, f"review with a provisional score ({width} px)")
    no_sideways_scroll(page)
    sign_out(page)

    login(page, base, f"ola-{width}@example.com")
    page.goto(base + "/trainer/queue")
    expect(page.locator("#open-heading + *")).to_contain_text("Opisz, co zrobisz.")
    expect(page.locator("main")).to_contain_text("Sprawdź umiejętności")
    no_raw_codes(page)
    axe_check(page, f"marking queue ({width} px)")
    no_sideways_scroll(page)
    page.get_by_role("link", name=re.compile("Oceń odpowiedź")).click()
    page.get_by_label(re.compile("3 pkt: Pełna")).check()
    page.get_by_label(re.compile("0 pkt: Niejasny")).check()
    page.get_by_label("Komentarz dla osoby uczącej się").fill(COMMENT)
    page.get_by_role("button", name="Zapisz ocenę").click()
    expect(page.get_by_role("status")).to_contain_text("Odpowiedź oceniona: 3 z 5 pkt")
    sign_out(page)

    login(page, base, learner)
    page.goto(review_url)
    question = page.locator("section[aria-labelledby='rq-M9_01-s05']")
    expect(question.locator(".badge--partial")).to_have_text(re.compile(r"◐\s*częściowo"))
    expect(question).not_to_contain_text("niepoprawnie")
    marking = question.locator(".review-item__marking")
    expect(marking).to_contain_text("Ocena trenera")
    expect(marking).to_contain_text(COMMENT)
    expect(marking.get_by_role("row", name=re.compile("Trafność"))).to_contain_text("3 / 3")
    expect(marking.get_by_role("row", name=re.compile("Język"))).to_contain_text("0 / 2")
    expect(page.locator(".review-score")).not_to_contain_text("wynik wstępny")
    axe_check(page, f"review with the trainer's marking ({width} px)")
    no_sideways_scroll(page)

    page.goto(base + "/me/")
    comments = page.locator("section[aria-labelledby='comments-heading']")
    expect(comments).to_contain_text("Sprawdź umiejętności, pytanie 5: Opisz, co zrobisz.")
    expect(comments).to_contain_text(COMMENT)
    expect(page.locator("section[aria-labelledby='next-heading']")).to_contain_text("Wciąż do osiągnięcia:")
    no_raw_codes(page)
    axe_check(page, f"dashboard ({width} px)")
    no_sideways_scroll(page)
    comments.get_by_role("link", name=re.compile("Sprawdź umiejętności, pytanie 5")).click()
    expect(page.locator("section[aria-labelledby='rq-M9_01-s05'] .review-item__marking")).to_contain_text(COMMENT)
