"""Security headers on every response, cookies, proxies, bounded ids, safe redirects and role checks."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, g, request
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from course.domain.roles import Role

MAX_ID = 2**31 - 1  # ids are Integer columns: int4 on PostgreSQL
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"), ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
_SECURITY_NAMES = frozenset(name.lower() for name, _ in SECURITY_HEADERS)


def add_security_headers(response):
    present = {name.lower() for name, _ in response.headers.items()}
    if present.isdisjoint(_SECURITY_NAMES):  # nearly always: all five in one step
        response.headers.extend(SECURITY_HEADERS)
    else:  # a view set some of them itself: those stay
        for name, value in SECURITY_HEADERS:
            response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if _private(response):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def _private(response) -> bool:
    """Pages and answers for a signed-in person, and every download, must not be kept by caches."""
    if request.path.startswith("/static/"):
        return False
    if "attachment" in response.headers.get("Content-Disposition", ""):
        return True
    served = g.get("page_signed_in")  # a page served whole from the page cache: the user was never loaded
    if served is not None:
        return served
    return bool(current_user) and current_user.is_authenticated


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that matches only ids a database column can hold (PostgreSQL ``integer``): larger ones are 404, never 500."""

    def to_python(self, value: str) -> int:
        # Not werkzeug's ``max``: its refusal lets a rule with another method match the path, so a DELETE of
        # a huge id would be 405. An id no column can hold names nothing: 404 whatever the method.
        number = super().to_python(value)
        if number > MAX_ID:
            from werkzeug.exceptions import NotFound

            raise NotFound()
        return number


def configure_urls(app: Flask) -> None:
    """Called before the blueprints are registered, so every ``<int:id>`` route is bounded."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def configure_deployment(app: Flask) -> None:
    """``__Host-`` cookies over HTTPS, ProxyFix for the configured number of proxies, a fixed public address.

    Outside development and tests the app refuses to start without ``PUBLIC_BASE_URL``: absolute URLs
    in signed credentials and certificates must never come from a request's ``Host`` header.
    """
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.config.setdefault("SESSION_COOKIE_NAME", "session")
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0)
    if not app.config.get("PUBLIC_BASE_URL") and not is_development(app):
        raise RuntimeError("PUBLIC_BASE_URL must be set (e.g. https://kurs.example.pl) outside development; "
                           "set COURSE_ENV=development to run without it")


def is_development(app: Flask) -> bool:
    """Development and tests may fall back to the request's host for absolute URLs."""
    return bool(app.testing or app.debug or app.config.get("COURSE_ENV") in ("development", "testing") or app.config.get("COURSE_CLI"))


def is_safe_next(target: str | None) -> bool:
    """Only local paths are followed after login: no scheme, no host, no '//' or '\\' tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not any(ord(c) < 32 for c in target)


def role_required(*roles: Role):
    """Allow the view only to signed-in users with one of ``roles`` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from course.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def refuse_nul_bytes():
    """NUL in a query string or form field is never meant, and PostgreSQL cannot store or compare it: 400, not 500."""
    values = [*request.args.values(), *request.args.keys()]
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.values(), *request.form.keys()]
    if any("\x00" in value for value in values) or "\x00" in request.path:
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)
