"""Steps that many browser tests share."""

from __future__ import annotations

from playwright.sync_api import Page


def sign_out(page: Page) -> None:
    """Sign out through the account menu (inside the phone menu on small screens)."""
    for name in ("Menu", "Moje konto"):  # open whichever of the two is collapsed (neither exists without JS)
        button = page.get_by_role("button", name=name)
        if button.is_visible() and button.get_attribute("aria-expanded") == "false":
            button.click()
    page.get_by_role("button", name="Wyloguj").click()
