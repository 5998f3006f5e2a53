"""Markdown rendering: the features lessons use, and safety."""

from course.content.markdown import render_markdown, slugify


def test_tables_admonitions_footnotes_and_toc():
    text = (
        "## Część pierwsza\n\nTekst[^1].\n\n### Podsekcja\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        '!!! tip "Wskazówka"\n    Treść ramki.\n\n[^1]: Przypis.\n'
    )
    rendered = render_markdown(text)
    assert '<h2 id="czesc-pierwsza">Część pierwsza</h2>' in rendered.html
    assert '<th align="left">a</th>' in rendered.html
    assert '<div class="admonition tip">' in rendered.html
    assert 'class="footnote-ref"' in rendered.html
    assert [(h.level, h.anchor) for h in rendered.toc] == [(2, "czesc-pierwsza"), (3, "podsekcja")]
    assert rendered.problems == []


def test_raw_html_and_scripts_never_reach_the_page():
    rendered = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[x](javascript:alert(1))')
    assert "<script" not in rendered.html and "<img" not in rendered.html
    assert "javascript:" not in rendered.html
    assert rendered.problems and "unsupported scheme" in rendered.problems[0][1]


def test_content_links_are_resolved():
    rendered = render_markdown("[a](glossary:mentor) [b](glossary:brak)", lambda s, t: f"/glossary/#{t}" if t == "mentor" else None)
    assert 'href="/glossary/#mentor"' in rendered.html
    assert rendered.problems == [("glossary:brak", "link target 'glossary:brak' does not exist")]


def test_slugify_polish():
    assert slugify("Źródła i dalsza lektura") == "zrodla-i-dalsza-lektura"
    assert slugify("Łódź: żółw, gęś!") == "lodz-zolw-ges"
