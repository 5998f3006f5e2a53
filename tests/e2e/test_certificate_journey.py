"""An org admin issues a certificate in the browser; a stranger verifies it by typing its code."""

import re

from playwright.sync_api import Browser, Page, expect

from course.extensions import db
from tests.e2e.test_quiz_keyboard import PASSWORD
from tests.e2e.test_trainer_journey import login
from tests.helpers import OBSERVED, take_test

REFLECTION = "Podczas wdrożenia nowej osoby sam zaplanowałem jej pierwszy tydzień i omówiłem z nią postępy w piątek. " * 2


def test_org_admin_issues_and_stranger_verifies(page: Page, browser: Browser, fixture_course_url: str, fixture_live_app, axe_check):
    base = fixture_course_url
    with fixture_live_app.app_context():
        from course.domain.roles import Role
        from course.services.accounts import create_user
        from course.services.organisations import create_organisation

        org = create_organisation("Piekarnia „Złoty Kłos”", "zloty-klos")
        for name, email, role in (("Łucja Żebrowska", "lucja@example.com", Role.LEARNER), ("Trener Tomasz", "tomasz@example.com", Role.TRAINER),
                                  ("Admin Agata", "agata@example.com", Role.ORG_ADMIN)):
            create_user(name, email, PASSWORD, role, org.slug)
        db.session.commit()  # the test is this write's boundary
    api = fixture_live_app.test_client()

    def bearer(email):
        return {"Authorization": "Bearer " + api.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).get_json()["token"]}

    learner, trainer = bearer("lucja@example.com"), bearer("tomasz@example.com")
    assert take_test(api, learner)["passed"] is True  # the unit test attains W1 and U1
    answers = {"M9_01-competences": {"M9_01-c01": {"level": 4, "reflection": REFLECTION}}}
    for quiz, responses in answers.items():
        attempt = api.post(f"/api/v1/quizzes/{quiz}/attempts", headers=learner).get_json()
        for question, response in responses.items():
            api.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question}", headers=learner, json=response)
        api.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=learner)
    learner_id = api.get("/api/v1/me/attainment", headers=learner).get_json()["learner_id"]
    api.post(f"/api/v1/learners/{learner_id}/outcomes/M9_01.K1/confirmations", headers=trainer, json={"level": 4, "comment": OBSERVED})
    for slug in ("pierwsza", "druga"):
        api.post(f"/api/v1/units/M9_01/lessons/{slug}/read", headers=learner)

    login(page, base, "agata@example.com")
    page.goto(base + "/org/")
    expect(page.get_by_role("heading", name=re.compile("Gotowi do certyfikatu"))).to_contain_text("(1)")
    axe_check(page, "organisation page")
    page.get_by_role("button", name=re.compile("Wystaw certyfikat")).click()
    expect(page.get_by_role("status").first).to_contain_text("Certyfikat wystawiony")
    code = page.locator("dd code").inner_text()
    axe_check(page, "verify page after issuing")

    stranger = browser.new_context(locale="pl-PL").new_page()  # a Polish browser (en-US would get the English UI)
    stranger.goto(base + "/verify/")
    stranger.get_by_label("Kod z certyfikatu").fill("  " + code.lower().replace("-", " "))
    stranger.get_by_role("button", name="Sprawdź").click()
    expect(stranger.get_by_text("Certyfikat jest ważny.")).to_be_visible()
    expect(stranger.get_by_text("Łucja Żebrowska")).to_be_visible()
    expect(stranger.locator("body")).not_to_contain_text("lucja@example.com")
    axe_check(stranger, "public verification")
    stranger.goto(base + "/verify/ZZZZ-ZZZZ-ZZZZ")
    expect(stranger.get_by_role("alert")).to_contain_text("Nie ma certyfikatu")
    axe_check(stranger, "unknown code")
    stranger.context.close()
