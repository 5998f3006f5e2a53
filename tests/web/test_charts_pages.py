"""Charts on the pages: the learner's outcome picture and unit bars, the trainer's heat map, the item-analysis distributions.

Each chart is checked against figures obtained another way (the JSON API, the submit responses, the page's own tables).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from course.domain.charts import PALETTE, histogram_bins
from course.domain.roles import Role
from tests.helpers import KNOWLEDGE_RIGHT, REFLECTION, bearer, fixture_quiz, take, take_test, token_for
from tests.web.test_dashboard import count_queries

SVG = "{http://www.w3.org/2000/svg}"


def chart(html: str, chart_id: str) -> ET.Element:
    """The inline SVG with ``chart_id``, parsed (it must be well-formed)."""
    match = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.S)
    assert match, f"no chart {chart_id}"
    root = ET.fromstring(match.group(0))
    assert root.get("role") == "img" and root.find(SVG + "title").text and root.find(SVG + "desc").text
    return root


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(SVG + "g") if cls in (g.get("class") or "").split()]


def bar_figures(root: ET.Element) -> list[str]:
    return [g.find(SVG + "text").text for g in groups(root, "chart-bar")]


class TestDashboardOnTheFixtureCourse:
    pytestmark = pytest.mark.usefixtures("use_fixture_course")

    def test_picture_and_bars_show_the_learners_state(self, client, auth, make_org, make_user):
        org = make_org()
        learner = make_user(Role.LEARNER, org=org)
        headers = bearer(token_for(client, learner.email))
        take_test(client, headers, answer=lambda q: "right" if fixture_quiz().item(q["id"]).outcome_ids == ("M9_01.W1",) else "blank")
        take(client, headers, "M9_01-competences", {"M9_01-c01": {"level": 3, "reflection": REFLECTION}})
        client.post("/api/v1/units/M9_01/lessons/pierwsza/read", headers=headers)
        statuses = {o["id"]: o["status"] for o in client.get("/api/v1/me/attainment", headers=headers).get_json()["outcomes"]}
        assert statuses == {"M9_01.W1": "attained", "M9_01.U1": "in_progress", "M9_01.K1": "awaiting_review"}

        auth.login(learner.email)
        html = client.get("/me/").get_data(as_text=True)
        assert html.index('id="outcome-picture"') < html.index('id="overview-heading"')  # the page opens with it
        assert "1 z 3 efektów osiągniętych" in html
        picture = chart(html, "outcome-picture")
        tiles = {g.get("data-outcome"): g for g in groups(picture, "chart-cell")}
        assert {k: g.get("data-status") for k, g in tiles.items()} == statuses
        for outcome_id, tile in tiles.items():
            symbol = PALETTE[statuses[outcome_id]].symbol
            assert "".join(tile.find(SVG + "text").itertext()) == f"{symbol} {outcome_id.split('.')[1]}"
        assert "1 z 3" in picture.find(SVG + "title").text
        # Text equivalents: the counts beside the chart, and every outcome's status in the table.
        for code, count in (("attained", 1), ("in_progress", 1), ("awaiting_review", 1), ("not_started", 0)):
            assert re.search(rf'<li data-status="{code}">.*?: <strong>{count}</strong></li>', html, re.S), code
        assert re.search(r'<li data-outcome="M9_01.K1"><a href="#M9_01.K1">K1</a>: <span aria-hidden="true">…</span> czeka na trenera</li>', html)
        units = chart(html, "unit-progress")
        assert bar_figures(units) == ["1 / 2", "1 / 1", "0 / 1", "0 / 1"]  # lessons, W, U, K
        assert [float(g.get("data-value")) for g in groups(units, "chart-bar")] == [0.5, 1.0, 0.0, 0.0]
        assert re.search(r'<tr data-unit="M9_01"><th scope="row">M9_01</th><td>1 / 2</td>\s*<td>1 / 1</td><td>0 / 1</td><td>0 / 1</td></tr>', html)

    def test_dashboard_queries_stay_constant_with_the_charts(self, app, client, auth, make_user):
        learner = make_user(Role.LEARNER)
        headers = bearer(token_for(client, learner.email))
        auth.login(learner.email)
        client.get("/me/")
        with count_queries(app) as before:
            assert 'id="outcome-picture"' in client.get("/me/").get_data(as_text=True)
        take(client, headers, "M9_01-knowledge", KNOWLEDGE_RIGHT)
        take(client, headers, "M9_01-competences", {"M9_01-c01": {"level": 3, "reflection": REFLECTION}})
        with count_queries(app) as after:
            client.get("/me/")
        assert len(after) == len(before)


def test_real_course_picture_has_31_tiles_in_three_unit_rows(client, auth, make_user, catalogue):
    learner = make_user(Role.LEARNER)
    headers = bearer(token_for(client, learner.email))
    first = catalogue.units[0]
    assert client.post(f"/api/v1/units/{first.id}/lessons/{first.lessons[0].slug}/read", headers=headers).status_code in (200, 201)
    auth.login(learner.email)
    html = client.get("/me/").get_data(as_text=True)
    assert "0 z 31 efektów osiągniętych" in html
    picture = chart(html, "outcome-picture")
    tiles = groups(picture, "chart-cell")
    assert [g.get("data-outcome") for g in tiles] == [o.id for o in catalogue.outcomes]
    assert {g.get("data-status") for g in tiles} == {"not_started"}
    assert [g.get("data-unit") for g in picture.iter(SVG + "g") if g.get("data-unit")] == ["M2_03", "M2_04", "M2_05"]
    figures = bar_figures(chart(html, "unit-progress"))
    assert figures[0] == f"1 / {len(first.lessons)}" and figures[1:4] == ["0 / 4", "0 / 2", "0 / 5"]  # M2_03: W1-4, U1-2, K1-5
    assert len(figures) == 12


class TestCohortHeatMap:
    pytestmark = pytest.mark.usefixtures("use_fixture_course")

    def test_heat_map_matches_the_matrix_and_its_shares(self, client, auth, cohort):
        auth.login(cohort["trainer"].email)
        html = client.get("/trainer/").get_data(as_text=True)
        heat = chart(html, "cohort-heatmap")
        rows = groups(heat, "chart-row")
        assert [r.get("data-learner") for r in rows] == ["Alicja Pierwsza", "Bogdan Drugi"]  # the page's order; no outsider
        matrix = re.search(r'<table class="matrix">.*?</table>', html, re.S).group(0)
        for row in rows:
            table_row = re.search(rf'>{row.get("data-learner")}</a></th>(.*?)</tr>', matrix, re.S).group(1)
            words = re.findall(r'<span class="visually-hidden">(.*?)</span>', table_row)
            by_word = {"osiągnięty": "attained", "w trakcie": "in_progress", "czeka na trenera": "awaiting_review", "nierozpoczęty": "not_started"}
            assert [c.get("data-status") for c in groups(row, "chart-cell")] == [by_word[w] for w in words]
        assert [c.get("data-status") for c in groups(rows[1], "chart-cell")] == ["not_started"] * 3  # Bogdan did nothing
        shares = [g.find(SVG + "text").text + "%" for g in groups(heat, "chart-share")]
        footer = re.findall(r"<td>(\d+%)</td>", re.search(r"<tfoot>.*?</tfoot>", matrix, re.S).group(0))
        assert shares == footer and shares[0] == "50%"  # W1: Alicja of two learners
        assert html.index('id="cohort-heatmap"') < html.index('<table class="matrix">')

    def test_filters_narrow_the_heat_map(self, client, auth, cohort):
        auth.login(cohort["trainer"].email)
        html = client.get("/trainer/?category=competences&name=Alicja").get_data(as_text=True)
        heat = chart(html, "cohort-heatmap")
        assert [r.get("data-learner") for r in groups(heat, "chart-row")] == ["Alicja Pierwsza"]
        assert [c.get("data-outcome") for c in groups(heat, "chart-cell")] == ["M9_01.K1"]
        assert "cohort-heatmap" not in client.get("/trainer/?name=Nikogo").get_data(as_text=True)

    def test_only_the_shown_page_is_drawn_and_queries_do_not_grow(self, app, client, auth, make_org, make_user):
        org = make_org()
        trainer = make_user(Role.TRAINER, org=org)
        for i in range(3):
            make_user(Role.LEARNER, org=org, name=f"Osoba {i:02d}")
        auth.login(trainer.email)
        client.get("/trainer/")
        with count_queries(app) as small:
            client.get("/trainer/")
        from course.services.cohort import PER_PAGE

        for i in range(3, PER_PAGE + 1):  # PER_PAGE + 1 learners in all
            make_user(Role.LEARNER, org=org, name=f"Osoba {i:02d}")
        with count_queries(app) as large:
            first = client.get("/trainer/?sort=name").get_data(as_text=True)
        assert len(large) == len(small)
        assert len(groups(chart(first, "cohort-heatmap"), "chart-row")) == PER_PAGE
        second = client.get("/trainer/?sort=name&page=2").get_data(as_text=True)
        assert [r.get("data-learner") for r in groups(chart(second, "cohort-heatmap"), "chart-row")] == [f"Osoba {PER_PAGE:02d}"]


class TestItemAnalysisCharts:
    pytestmark = pytest.mark.usefixtures("use_fixture_course")
    QUIZ = "M9_01-knowledge"

    def test_histogram_and_item_bars(self, app, client, auth, make_org, make_user):
        from tests.web.test_item_analysis_pages import answers_of, items_on_page

        org = make_org()
        api = app.test_client()
        percents = []
        for i in range(10):
            learner = make_user(Role.LEARNER, org=org)
            review = take(api, bearer(token_for(api, learner.email)), self.QUIZ, answers_of(i))
            percents.append(100 * review["score"] / review["max_score"])
        auth.login(make_user(Role.TRAINER, org=org).email)
        html = client.get(f"/trainer/quizzes/{self.QUIZ}/analysis").get_data(as_text=True)
        expected = histogram_bins(percents)
        assert len({c for *_, c in expected if c}) > 1  # the known state spreads over several bins
        histogram = chart(html, "score-histogram")
        assert bar_figures(histogram) == [str(count) for *_, count in expected]
        table = re.search(r'<table class="table" id="score-bins">.*?</table>', html, re.S).group(0)
        assert re.findall(r'<th scope="row">(\d+)–(\d+)%</th><td data-col="count">(\d+)</td>', table) == [
            (str(low), str(high), str(count)) for low, high, count in expected]
        assert histogram.find(SVG + "title").text == "Rozkład wyników (podejść ocenionych w całości: 10)"
        items = chart(html, "item-bars")
        rows = groups(items, "chart-item")
        page = items_on_page(html)
        assert len(rows) == len(page)
        for row, cells in zip(rows, page.values(), strict=True):
            facility, discrimination = groups(row, "chart-bar")
            assert facility.find(SVG + "text").text == str(round(float(cells["facility"])))
            shown = discrimination.find(SVG + "text").text
            assert shown == ("—" if cells["discrimination"] == "" else str(round(float(cells["discrimination"]))))
        assert 'class="field__input field__input--short" id="attempts"' in html  # the select is styled like the others

    def test_no_attempts_gives_empty_charts(self, client, auth, make_org, make_user):
        org = make_org()
        auth.login(make_user(Role.TRAINER, org=org).email)
        html = client.get(f"/trainer/quizzes/{self.QUIZ}/analysis").get_data(as_text=True)
        assert set(bar_figures(chart(html, "score-histogram"))) == {"0"}
        assert {g.find(SVG + "text").text for g in groups(chart(html, "item-bars"), "chart-bar")} == {"—"}
