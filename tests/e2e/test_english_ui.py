"""A browser that asks for English gets the English interface; the footer switcher goes back to Polish and stays."""

from playwright.sync_api import Browser, expect

NOTE = "The course content is in Polish; the interface is in English."


def test_english_browser_gets_english_chrome_and_can_switch(browser: Browser, base_url: str, axe_check):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        page.goto(base_url + "/glossary/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_text(NOTE)).to_be_visible()
        expect(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Glossary")).to_be_visible()
        axe_check(page, "glossary in English")

        page.get_by_role("navigation", name="Język / Language").get_by_role("link", name="Polski").click()
        expect(page).to_have_url(base_url + "/glossary/")
        expect(page.locator("html")).to_have_attribute("lang", "pl")
        expect(page.get_by_role("navigation", name="Menu główne")).to_be_visible()
        axe_check(page, "glossary in Polish after switching")

        page.goto(base_url + "/")  # the choice beats the browser's English
        expect(page.locator("html")).to_have_attribute("lang", "pl")
        expect(page.get_by_text(NOTE)).to_have_count(0)
        page.get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        axe_check(page, "home page in English")
    finally:
        context.close()
