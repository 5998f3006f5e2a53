"""Flask-Babel set-up: Polish by default; English interface on request (the course content stays Polish).

The locale is, in order: the signed-in person's stored preference (``user.language``, set on
``/account/`` or by the language switch while signed in), an explicit choice (session, then the
``lang`` cookie, both set by ``GET /language?lang=xx&next=/path``), the best ``Accept-Language``
match among ``LANGUAGES``, Polish.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import format_date, format_datetime, format_decimal

from .extensions import babel

LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def _signed_in_user():
    from flask_login import current_user

    return current_user if current_user and current_user.is_authenticated else None


def _chosen() -> str | None:
    languages = current_app.config["LANGUAGES"]
    user = _signed_in_user()
    for value in (getattr(user, "language", None), session.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in languages:
            return value
    return None


# The catalogue a language code selects, with the regional formats it uses (British dates for English;
# gettext falls back from en_GB to the "en" catalogue).
FORMAT_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI commands speak the default language
        return default
    language = _chosen() or request.accept_languages.best_match(current_app.config["LANGUAGES"]) or default
    return FORMAT_LOCALES.get(language, language)


@bp.get("/language")
def choose_language():
    """Store the interface language and go back to a local page (unknown languages are ignored)."""
    from .security import is_safe_next

    target = request.args.get("next")
    response = redirect(target if is_safe_next(target) else url_for("learn.index"))
    lang = request.args.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        user = _signed_in_user()
        if user is not None and user.language != lang:
            user.language = lang  # the stored preference wins when signed in, so the switch updates it (committed at the boundary)
        session["lang"] = lang
        response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                            secure=request.is_secure)
    return response


def vary_on_language(response):
    """Pages depend on Accept-Language: shared caches must not serve one language to the other."""
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.register_blueprint(bp)
    app.after_request(vary_on_language)
    app.context_processor(inject_language)
    app.jinja_env.filters["num"] = lambda value: format_decimal(value or 0, format="#,##0.##")
    # Dates and times in the locale's format, in the course's time zone (BABEL_DEFAULT_TIMEZONE, Europe/Warsaw).
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""


def inject_language() -> dict:
    from flask_babel import get_locale

    locale = get_locale()
    return {"html_lang": locale.language if locale else "pl", "languages": current_app.config["LANGUAGES"]}
