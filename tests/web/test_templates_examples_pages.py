"""Template pages with their filled-in example and DOCX download, worked examples and diagrams."""

from __future__ import annotations

import io
import re

import docx

from course.learn.documents import DOCX_MIMETYPE


def test_templates_index_lists_every_template_with_its_download_and_the_examples(client, catalogue):
    html = client.get("/templates/").get_data(as_text=True)
    for template in catalogue.templates:
        assert f'href="/templates/{template.slug}"' in html and f'href="/templates/{template.slug}.docx"' in html
    for example in catalogue.examples:
        assert f'href="/examples/{example.slug}"' in html
    assert 'href="/templates/"' in client.get("/").get_data(as_text=True)  # footer link


def test_template_page_shows_blank_form_download_and_filled_in_example(client, catalogue):
    for template in catalogue.templates:
        html = client.get(f"/templates/{template.slug}").get_data(as_text=True)
        assert f'href="/templates/{template.slug}.docx"' in html
        assert 'id="przyklad"' in html and template.example_title in html


def test_docx_download_is_a_word_document_that_opens(client):
    response = client.get("/templates/zapis-sesji.docx")
    assert response.status_code == 200 and response.mimetype == DOCX_MIMETYPE
    assert 'attachment; filename="zapis-sesji.docx"' == response.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.data))
    assert document.paragraphs[0].text == "Zapis sesji mentoringowej"
    labels = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Podstawa: U / M / O" in labels and "Co się stało (fakty, bez ocen)" in labels
    assert client.get("/templates/nie-ma.docx").status_code == 404


def test_worked_example_page(client, catalogue):
    example = catalogue.example("rozmowa-grow")
    html = client.get("/examples/rozmowa-grow").get_data(as_text=True)
    assert example.title in html and "Wersja słaba" in html and "Wersja dobra" in html
    assert "<details" in html  # the collapsible model answer
    assert client.get("/examples/nie-ma").status_code == 404


def test_diagram_is_served_as_svg_with_a_locked_down_policy(client, catalogue):
    response = client.get("/diagrams/cykl-kolba.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.get_data(as_text=True).startswith("<svg")
    assert client.get("/diagrams/nie-ma.svg").status_code == 404


def test_lesson_shows_figure_with_text_equivalent_and_every_image_loads(client, catalogue):
    html = client.get("/units/M2_04/lessons/konflikt-w-mentoringu").get_data(as_text=True)
    assert html.count('<figure class="diagram"') == 2
    assert "Opis rysunku w formie tekstu" in html and "<td>dostosowanie się</td>" in html
    sources = set()
    for lesson in catalogue.lessons:
        sources.update(re.findall(r'<img [^>]*src="([^"]+)"', lesson.html))
    assert len(sources) >= 6
    for src in sorted(sources):
        assert client.get(src).status_code == 200, src
