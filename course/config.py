"""Configuration: safe defaults, secrets and the database URL from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_CONTENT_DIR = PACKAGE_DIR.parent / "content"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def from_environment(instance_path: str) -> dict:
    """Build the configuration from environment variables (documented in the README)."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'course.sqlite3'}"
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        # Keep sessions valid across restarts without forcing a setting on a newcomer.
        key_file = Path(instance_path) / "secret_key"
        if key_file.exists():
            secret_key = key_file.read_text().strip()
        else:
            Path(instance_path).mkdir(parents=True, exist_ok=True)
            secret_key = secrets.token_hex(32)
            key_file.write_text(secret_key)
            key_file.chmod(0o600)
    redis_url = os.environ.get("REDIS_URL", "").strip()
    return {
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CONTENT_DIR": os.environ.get("COURSE_CONTENT_DIR") or str(DEFAULT_CONTENT_DIR),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE"),
        # Limits hold across workers and hosts once Redis is there; in memory only in the embedded set-up.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or redis_url or "memory://",
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "API_TOKEN_HOURS": int(os.environ.get("API_TOKEN_HOURS", "24")),
        "PREFERRED_URL_SCHEME": "https" if _flag("SESSION_COOKIE_SECURE") else "http",
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "").rstrip("/"),
        "CREDENTIAL_KEY_FILE": os.environ.get("CREDENTIAL_KEY_FILE", ""),
        "REDIS_URL": redis_url,
        "XAPI_ENDPOINT": os.environ.get("XAPI_ENDPOINT", "").strip(),
        "XAPI_USERNAME": os.environ.get("XAPI_USERNAME", ""),
        "XAPI_PASSWORD": os.environ.get("XAPI_PASSWORD", ""),
        "XAPI_BATCH_SIZE": int(os.environ.get("XAPI_BATCH_SIZE", "500")),
        "PRIVACY_CONTROLLER": os.environ.get("PRIVACY_CONTROLLER", "operator serwisu (ustaw PRIVACY_CONTROLLER: nazwa, adres, kontakt)"),
        "COURSE_ENV": os.environ.get("COURSE_ENV", "production").strip().lower(),
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0") or 0),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_LIFETIME_HOURS": int(os.environ.get("SESSION_LIFETIME_HOURS", "12")),
        # Whole pages cached per learner and state version (course.pagecache); the tests set PAGE_CACHE_VERIFY,
        # which renders every page a cache hit would have served and fails on any difference.
        "PAGE_CACHE": _flag("PAGE_CACHE", True),
        "PAGE_CACHE_VERIFY": _flag("PAGE_CACHE_VERIFY"),
        "PAGE_CACHE_MB": int(os.environ.get("PAGE_CACHE_MB", "64") or 64),
        **mail_from_environment(),
    }


def mail_from_environment() -> dict:
    """SMTP for e-mail notifications (Flask-Mailman's keys); no MAIL_SERVER: see course.mail for the fallback."""
    use_ssl = _flag("MAIL_USE_SSL")
    return {
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "").strip(),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "") or (465 if use_ssl else 587 if _flag("MAIL_USE_TLS") else 25)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_USE_SSL": use_ssl,
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "").strip() or "Kurs mentoringu <no-reply@localhost>",
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", "10")),
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "").strip() or None,
    }


DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "pl",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Warsaw",
    "LANGUAGES": ["pl", "en"],
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_RATE_LIMIT": "10 per minute",  # registration; sign-ins are throttled by their failures below
    "SIGNIN_FAILURES_PER_ACCOUNT": 5,
    "SIGNIN_FAILURES_PER_ADDRESS": 30,
    "SIGNIN_FAILURE_WINDOW_MINUTES": 15,
    "CODE_MISSES_PER_ADDRESS": 60,  # unknown certificate codes, all endpoints together
    "CODE_MISS_WINDOW_MINUTES": 10,
    "TEMPORARY_PASSWORD_DAYS": 7,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
}
