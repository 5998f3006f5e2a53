"""Render once what does not depend on the learner: cached template fragments per key, locale and catalogue.

A template wraps a learner-independent part in ``{% call fragment("name", key...) %}...{% endcall %}``.
The first request renders it and keeps the HTML under (name, key, locale, script root, catalogue); later
requests reuse it. A fragment may contain the CSRF token (the sign-out form): while a fragment renders,
``csrf_token()`` writes a placeholder, which is replaced by the request's own token on every use, so no
token is ever shared. Whatever else a fragment shows must be in its key (the template says what).

The catalogue is immutable and loaded at start-up, so a cache lives as long as its app; the number
of entries is bounded (a full cache renders without storing, it never grows).
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

CSRF_PLACEHOLDER = "\x00csrf-token\x00"  # never in rendered HTML: NUL is refused in every input
LIMIT = 4096


class FragmentCache:
    """Rendered fragments by key; the template global ``fragment``."""

    def __init__(self, catalogue, limit: int = LIMIT):
        self.version = id(catalogue)
        self.limit = limit
        self.store: dict[tuple, tuple[Markup, bool]] = {}

    def __call__(self, name: str, *key, caller) -> Markup:
        if not current_app.config.get("FRAGMENT_CACHE", True):  # off: every request renders everything (tests compare)
            return Markup(caller())
        full = (name, key, str(get_locale()), request.script_root, self.version)
        found = self.store.get(full)
        if found is None:
            found = self._render(caller)
            if len(self.store) < self.limit:
                self.store[full] = found
        html, has_token = found
        return Markup(html.replace(CSRF_PLACEHOLDER, generate_csrf())) if has_token else html

    @staticmethod
    def _render(caller) -> tuple[Markup, bool]:
        depth = g.get("_fragment_depth", 0)
        g._fragment_depth = depth + 1
        try:
            html = Markup(caller())
        finally:
            g._fragment_depth = depth
        return html, CSRF_PLACEHOLDER in html


def csrf_token() -> str:
    """The template global ``csrf_token()``: the placeholder inside a fragment being rendered, else the token."""
    if g.get("_fragment_depth"):
        return CSRF_PLACEHOLDER
    return generate_csrf()


def fragments(app: Flask | None = None) -> FragmentCache:
    return (app or current_app).extensions["fragments"]


def init_app(app: Flask) -> None:
    """Called after the catalogue is loaded (its identity is part of every key)."""
    cache = FragmentCache(app.extensions["catalogue"])
    app.extensions["fragments"] = cache
    app.jinja_env.globals["fragment"] = cache
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})  # after Flask-WTF's, which injects generate_csrf
