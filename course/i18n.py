"""Flask-Babel set-up: Polish by default; English interface on request (the course content stays Polish).

The locale is, in order: the signed-in person's stored preference (``user.language``, set on
``/account/`` or by the language switch while signed in), an explicit choice (session, then the
``lang`` cookie, both set by ``GET /language?lang=xx&next=/path``), the best ``Accept-Language``
match among ``LANGUAGES``, Polish.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, has_request_context, redirect, request, session, url_for
from flask.globals import _cv_app
from flask_babel import Domain, format_date, format_datetime, format_decimal
from flask_babel import _get_current_context as _babel_context

from .extensions import babel

LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def _signed_in_user():
    from flask_login import current_user

    return current_user if current_user and current_user.is_authenticated else None


def _chosen(user_language: str | None) -> str | None:
    languages = current_app.config["LANGUAGES"]
    for value in (user_language, session.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in languages:
            return value
    return None


# The catalogue a language code selects, with the regional formats it uses (British dates for English;
# gettext falls back from en_GB to the "en" catalogue).
FORMAT_LOCALES = {"en": "en_GB"}


def locale_for(user_language: str | None) -> str:
    """The request's locale for a person whose stored preference is ``user_language`` (None: anonymous or none)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    language = _chosen(user_language) or request.accept_languages.best_match(current_app.config["LANGUAGES"]) or default
    return FORMAT_LOCALES.get(language, language)


def select_locale() -> str:
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return locale_for(getattr(_signed_in_user(), "language", None))


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


class RequestDomain(Domain):
    """Flask-Babel's message domain, but the translations are looked up once per request and locale.

    Flask-Babel looks them up on every ``gettext`` (the current context, the locale, its identifier as the
    cache key: the dashboard made about 240 such calls a request). They are kept beside the locale they were
    found for: ``force_locale`` and ``refresh`` replace that locale object, so the next call looks again.
    """

    def get_translations(self):
        app_context = _cv_app.get(None)  # Flask-Babel's context (g._flask_babel) without three proxy look-ups
        ctx = app_context.g.__dict__.get("_flask_babel") if app_context is not None else None
        if ctx is None:
            ctx = _babel_context()
            if ctx is None:
                return super().get_translations()
        cached = getattr(ctx, "course_translations", None)
        if cached is None or cached[0] is not self or cached[1] is not getattr(ctx, "babel_locale", None) or cached[1] is None:
            translations = super().get_translations()  # also sets ctx.babel_locale
            cached = ctx.course_translations = (self, ctx.babel_locale, translations)
        return cached[2]


def translations():
    """The current translations (templates' ``_`` and ``ngettext``): straight to the domain's per-request cache."""
    return babel.domain_instance.get_translations()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    if not isinstance(babel.__dict__.get("domain_instance"), RequestDomain):  # one Babel for every app (extensions.py)
        babel.domain_instance = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    app.jinja_env.install_gettext_callables(  # as Flask-Babel's, without its domain and context look-ups per call
        gettext=lambda s: translations().ugettext(s), ngettext=lambda s, p, n: translations().ungettext(s, p, n), newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s), npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n))
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
