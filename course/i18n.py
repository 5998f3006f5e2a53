"""Flask-Babel set-up: Polish by default; other languages only when a translation exists."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_datetime, format_decimal

from .extensions import babel


def select_locale() -> str:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI commands speak the default language
        return default
    return request.accept_languages.best_match(current_app.config["LANGUAGES"]) or default


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(inject_language)
    app.jinja_env.filters["num"] = lambda value: format_decimal(value or 0, format="#,##0.##")
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""


def inject_language() -> dict:
    from flask_babel import get_locale

    return {"html_lang": str(get_locale() or "pl")}
