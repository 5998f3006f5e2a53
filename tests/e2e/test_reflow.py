"""WCAG 1.4.10 Reflow: every page a learner, a trainer and an org admin reach fits 320 CSS px without sideways scrolling.

One run visits every page, collects each page that is wider than the viewport (with the widest elements, to find
the cause) and asserts the list is empty; each page also gets an axe scan.
"""

import re

from playwright.sync_api import Page, expect

from course.extensions import db
from tests.e2e.helpers import sign_out
from tests.e2e.test_quiz_keyboard import PASSWORD, register
from tests.e2e.test_trainer_journey import login

WIDTH = 320

# The widest elements that stick out to the right of the viewport: reported with a failure to point at the cause.
OVERFLOW = """() => {
  const w = window.innerWidth, scroll = document.documentElement.scrollWidth;
  const out = [];
  if (scroll > w) {
    const clipped = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 0.5 && r.width > 0 && (!clipped(el) || getComputedStyle(el).position === 'absolute')) {
        const cls = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '';
        out.push(el.tagName.toLowerCase() + cls + ' ' + Math.round(r.right));
      }
    }
  }
  return {scroll: scroll, inner: w, culprits: out.slice(-4)};
}"""


class Reflow:
    def __init__(self, page: Page, base: str, axe_check) -> None:
        self.page, self.base, self.axe_check = page, base, axe_check
        self.failures: list[str] = []
        self.visited: list[str] = []

    def check(self, label: str, path: str | None = None) -> None:
        if path is not None:
            response = self.page.goto(self.base + path)
            assert response is not None and response.status < 400, f"{label}: {path} answered {response and response.status}"
        self.visited.append(label)
        m = self.page.evaluate(OVERFLOW)
        if m["scroll"] > m["inner"]:
            self.failures.append(f"{label} ({self.page.url}): scrollWidth {m['scroll']} > {m['inner']}; {m['culprits']}")
        try:
            self.axe_check(self.page, f"{label} at {WIDTH} px")
        except AssertionError as error:  # collected, so one run shows every problem
            self.failures.append(str(error))


def test_every_page_reflows_at_320_px(page: Page, base_url: str, live_app, catalogue, axe_check):
    base = base_url
    with live_app.app_context():
        from course.domain.roles import Role
        from course.services.accounts import create_user
        from course.services.organisations import create_organisation

        org = create_organisation("Zakład Przetwórstwa Owocowo-Warzywnego Spółdzielnia Pracy", "reflow-e2e")
        create_user("Trenerka Reflow", "trener-reflow@example.com", PASSWORD, Role.TRAINER, org.slug)
        create_user("Administratorka Reflow", "admin-reflow@example.com", PASSWORD, Role.ORG_ADMIN, org.slug)
        db.session.commit()  # the test is this write's boundary
        join_code = org.join_code

    page.set_viewport_size({"width": WIDTH, "height": 800})
    r = Reflow(page, base, axe_check)
    r.check("sign-in", "/auth/login")
    r.check("registration", "/auth/register")
    r.check("verify form", "/verify/")
    r.check("privacy notice", "/privacy")

    register(page, base, "uczen-reflow@example.com", join_code)
    r.check("home", "/")
    for unit in catalogue.units:
        r.check(f"unit {unit.id}", f"/units/{unit.id}/")
        for lesson in unit.lessons:
            r.check(f"lesson {unit.id}/{lesson.slug}", f"/units/{unit.id}/lessons/{lesson.slug}")
    r.check("glossary", "/glossary/")
    r.check("templates", "/templates/")
    r.check("a template", f"/templates/{catalogue.templates[0].slug}")
    r.check("an example", f"/examples/{catalogue.examples[0].slug}")

    # A practice quiz: overview, attempt, summary, review.
    r.check("practice quiz overview", "/quizzes/M2_03-knowledge/")
    page.get_by_role("button", name="Rozpocznij podejście").click()
    expect(page.get_by_role("button", name="Przejdź do podsumowania")).to_be_visible()
    r.check("practice quiz attempt")
    page.get_by_role("button", name="Przejdź do podsumowania").click()
    r.check("practice quiz summary")
    page.get_by_role("button", name="Zakończ i wyślij").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    r.check("practice quiz review")
    r.check("practice quiz overview after an attempt", "/quizzes/M2_03-knowledge/")
    # A skills quiz (matching, ordering and open questions) and a competences self-assessment.
    for quiz_id in ("M2_03-skills", "M2_03-competences"):
        r.check(f"{quiz_id} overview", f"/quizzes/{quiz_id}/")
        page.get_by_role("button", name="Rozpocznij podejście").click()
        expect(page.get_by_role("button", name="Przejdź do podsumowania")).to_be_visible()
        r.check(f"{quiz_id} attempt")
    # The unit test: overview and attempt.
    r.check("unit test overview", "/quizzes/M2_03-test/")
    page.get_by_role("button", name=re.compile("Rozpocznij")).first.click()
    expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
    r.check("unit test attempt")

    r.check("dashboard", "/me/")
    r.check("my data", "/me/privacy")
    r.check("erase account", "/me/delete")
    r.check("profile", "/account/")
    r.check("password", "/auth/password")
    r.check("API tokens", "/auth/tokens")
    r.check("portfolio", "/portfolio/")
    page.get_by_label("Alias mentee").fill("Uczeń z lakierni numer dwa")
    page.get_by_role("button", name="Dodaj mentee").click()
    expect(page.get_by_role("heading", name=re.compile("Mentee:"))).to_be_visible()
    r.check("portfolio mentee")
    mentee_url = page.url
    page.get_by_role("link", name="Zapis sesji", exact=True).click()
    r.check("portfolio new entry")
    page.goto(mentee_url)
    for task in catalogue.portfolio.tasks:
        r.check(f"portfolio task {task.id}", f"/portfolio/tasks/{task.id}")
    sign_out(page)

    with live_app.app_context():
        from course.models import User

        learner_id = db.session.query(User.id).filter_by(email="uczen-reflow@example.com").scalar()

    login(page, base, "trener-reflow@example.com")
    r.check("trainer cohort", "/trainer/")
    # The matrix scrolls inside its region and its learner column stays in view.
    matrix = page.get_by_role("region", name="Macierz osób i efektów uczenia się")
    matrix.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    learner_cell = matrix.locator("tbody th").first
    assert matrix.evaluate("el => el.scrollLeft") > 0
    assert abs(learner_cell.bounding_box()["x"] - matrix.bounding_box()["x"]) <= 2, "the learner column scrolled away"
    r.check("marking queue", "/trainer/queue")
    r.check("learner record", f"/trainer/learners/{learner_id}")
    page.get_by_role("link", name=re.compile("podejście 1")).first.click()
    r.check("trainer view of an attempt")
    r.check("item analysis list", "/trainer/quizzes/")
    r.check("item analysis", "/trainer/quizzes/M2_03-knowledge/analysis")
    sign_out(page)

    login(page, base, "admin-reflow@example.com")
    r.check("organisation", "/org/")
    page.get_by_role("button", name=re.compile("Usuń z organizacji")).first.click()  # asks first (nothing is removed yet)
    expect(page.get_by_role("heading", name="Usunąć osobę z organizacji?")).to_be_visible()
    r.check("confirmation before removing a member")
    r.check("audit log", "/org/audit")
    r.check("admin cohort", "/trainer/")

    print(f"reflow at {WIDTH} px: {len(r.visited)} pages checked")
    assert not r.failures, f"{len(r.failures)} of {len(r.visited)} pages scroll sideways at {WIDTH} px:\n" + "\n".join(r.failures)
