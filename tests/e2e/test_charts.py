"""The charts in a browser: the learner's dashboard, the trainer's heat map and the item-analysis distributions, on the
real course, at desktop and phone sizes, with axe scans of each state and no sideways scrolling at 320 CSS px."""

from playwright.sync_api import Page, expect

from course.extensions import db
from tests.e2e.test_quiz_keyboard import PASSWORD
from tests.e2e.test_trainer_journey import login
from tests.helpers import bearer, token_for

REFLECTION = "W zeszłym tygodniu omówiłem z mentee jego błąd przy przyjęciu towaru i razem ustaliliśmy, jak sprawdzać dokumenty. " * 2
SIZES = ({"width": 1366, "height": 900}, {"width": 390, "height": 844})
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def submit(client, headers, quiz, answer) -> None:
    """Start an attempt, answer each question it shows with ``answer(question)`` (None leaves it blank), submit."""
    attempt = client.post(f"/api/v1/quizzes/{quiz.id}/attempts", headers=headers).get_json()
    for question in attempt["questions"]:
        response = answer(quiz.item(question["id"]))
        if response is not None:
            assert client.put(f"/api/v1/attempts/{attempt['attempt_id']}/answers/{question['id']}", headers=headers,
                              json=response).status_code == 200
    assert client.post(f"/api/v1/attempts/{attempt['attempt_id']}/submit", headers=headers).status_code == 200


def seed(live_app, catalogue) -> None:
    """A trainer and three learners: one with attained, awaiting and in-progress outcomes, two who practised."""
    with live_app.app_context():
        from course.domain.roles import Role
        from course.services.accounts import create_user
        from course.services.organisations import create_organisation

        org = create_organisation("Hurtownia Wykresów", "wykresy-e2e")
        create_user("Trenerka Wykresów", "trener-wykresy@example.com", PASSWORD, Role.TRAINER, org.slug)
        for i, name in enumerate(("Ola Wykresowa", "Piotr Słupkowy", "Renata Kołowa-Przybyszewska-Wielkopolska")):
            create_user(name, f"uczen{i}-wykresy@example.com", PASSWORD, Role.LEARNER, org.slug)
        db.session.commit()  # the test is this write's boundary
    client = live_app.test_client()
    practice = catalogue.quiz("M2_03-knowledge")
    position = {item.id: n for n, item in enumerate(practice.items)}
    for i in range(3):  # learner i answers a third, two thirds or all of the items right, the rest blank
        headers = bearer(token_for(client, f"uczen{i}-wykresy@example.com"))
        submit(client, headers, practice, lambda item, i=i: item.correct_response() if position[item.id] % 3 <= i else None)
    headers = bearer(token_for(client, "uczen0-wykresy@example.com"))
    submit(client, headers, catalogue.quiz("M2_03-test"), lambda item: item.correct_response())
    submit(client, headers, catalogue.quiz("M2_04-competences"), lambda item: {"level": 3, "reflection": REFLECTION})
    unit = catalogue.units[0]
    for lesson in unit.lessons[:2]:
        client.post(f"/api/v1/units/{unit.id}/lessons/{lesson.slug}/read", headers=headers)


def each_size(page: Page, axe_check, label: str) -> None:
    for size in SIZES:
        page.set_viewport_size(size)
        axe_check(page, f"{label} at {size['width']} px")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate(FITS), f"{label} scrolls sideways at 320 px"
    for chart in page.locator("svg.chart").all():  # every chart fits its box at 320 px, or scrolls in its own region
        box, frame = chart.bounding_box(), page.locator("main").bounding_box()
        assert box["width"] <= frame["width"] + 1 or chart.evaluate("el => el.closest('.heatmap-wrap') !== null")


def test_charts_on_dashboard_cohort_and_item_analysis(page: Page, base_url: str, live_app, catalogue, axe_check):
    seed(live_app, catalogue)

    login(page, base_url, "uczen0-wykresy@example.com")
    page.goto(base_url + "/me/")
    summary = page.locator(".summary-figure")
    expect(summary).to_contain_text("z 31 efektów osiągniętych")
    attained = int(summary.get_attribute("data-attained"))
    assert attained >= 1  # the unit test attained M2_03's W and U outcomes
    picture = page.get_by_role("img", name="Efekty uczenia się:")
    expect(picture).to_be_visible()
    assert picture.locator("g.chart-cell").count() == 31
    assert picture.locator("g.chart-cell[data-status='attained']").count() == attained
    assert picture.locator("g.chart-cell[data-status='awaiting_review']").count() >= 1
    expect(page.get_by_role("img", name="Postęp w jednostkach")).to_be_visible()
    each_size(page, axe_check, "dashboard with charts")
    page.set_viewport_size(SIZES[0])
    page.get_by_text("Efekty uczenia się w tabeli").click()
    expect(page.get_by_role("table", name="Stan każdego efektu uczenia się")).to_be_visible()
    page.get_by_text("Postęp w jednostkach w tabeli").click()
    expect(page.get_by_role("table", name="Postęp w jednostkach")).to_contain_text("2 /")
    each_size(page, axe_check, "dashboard with the chart tables open")
    page.context.clear_cookies()

    login(page, base_url, "trener-wykresy@example.com")
    page.goto(base_url + "/trainer/")
    heat = page.get_by_role("img", name="Mapa stanu efektów")
    expect(heat).to_be_visible()
    assert heat.locator("g.chart-row").count() == 3 and heat.locator("g.chart-cell").count() == 3 * 31
    assert heat.locator("g.chart-share").count() == 31
    region = page.get_by_role("region", name="Mapa stanu efektów (przewijana w poziomie)")
    region.focus()  # keyboard users can scroll the heat map's region
    each_size(page, axe_check, "cohort with heat map")

    page.set_viewport_size(SIZES[0])
    page.goto(base_url + "/trainer/quizzes/M2_03-knowledge/analysis")
    histogram = page.get_by_role("img", name="Rozkład wyników")
    expect(histogram).to_be_visible()
    assert histogram.locator("g.chart-bar").count() == 10
    expect(page.get_by_role("img", name="Łatwość i dyskryminacja pytań")).to_be_visible()
    select = page.get_by_label("Które podejścia analizować")
    assert select.evaluate("el => getComputedStyle(el).borderTopWidth") == "2px", "styled like the other fields"
    page.get_by_text("Rozkład wyników w tabeli").click()
    expect(page.locator("#score-bins")).to_be_visible()
    each_size(page, axe_check, "item analysis with distributions")
