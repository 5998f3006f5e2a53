"""On a 320 px phone: a lesson figure is readable and its text equivalent opens; a template page offers its
fillable download and shows its filled-in example; a worked example's model answer opens. axe on each page."""

from playwright.sync_api import Page, expect


def test_figure_template_and_worked_example_on_a_phone(page: Page, base_url: str, axe_check):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base_url + "/units/M2_04/lessons/konflikt-w-mentoringu")
    figure = page.locator("figure.diagram").first
    figure.scroll_into_view_if_needed()
    image = figure.get_by_role("img", name="Koło konfliktu Moore'a")
    expect(image).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    width = image.bounding_box()["width"]
    assert 280 <= width <= 320, width  # 16-unit text in a 320-unit viewBox stays >= 14 px; no horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 320 + 1
    figure.get_by_text("Opis rysunku w formie tekstu").click()
    expect(figure.get_by_text("wartości", exact=False).last).to_be_visible()
    axe_check(page, "lesson with figures")

    page.goto(base_url + "/templates/zapis-sesji")
    download_link = page.get_by_role("link", name="Pobierz formularz do wypełnienia (DOCX)")
    expect(download_link).to_be_visible()
    with page.expect_download() as info:
        download_link.click()
    assert info.value.suggested_filename == "zapis-sesji.docx"
    page.get_by_role("link", name="Zobacz przykład wypełnienia").click()
    expect(page.get_by_role("heading", name="Przykład: zapis sesji Marzeny i Filipa po zmarnowanej płycie")).to_be_visible()
    axe_check(page, "template page with example")

    page.goto(base_url + "/examples/rozmowa-grow")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rozmowa GROW")
    page.get_by_text("Przykładowa odpowiedź").click()
    expect(page.get_by_text("Co konkretnie zrobisz i kiedy?").last).to_be_visible()
    axe_check(page, "worked example")
