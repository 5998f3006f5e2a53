"""Signed values without per-request set-up: the session cookie and the CSRF token (issue 17).

Flask builds a new ``URLSafeTimedSerializer`` for the session cookie on every request and verifies and decodes
the cookie again even when the browser sends the same one as before; Flask-WTF builds another serializer for
every CSRF token. Here the serializers are built once per key, and a cookie already verified is not verified
and decoded again: its contents (only when they are plain values) and its timestamp are kept, and its age is
checked as itsdangerous checks it. What a request sees is exactly what Flask and Flask-WTF would give it.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time

from flask import Flask, current_app, g, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

KEPT = 4096  # verified cookies kept per process (then the oldest half goes)
_PLAIN = (str, int, float, bool, type(None))


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with the serializer built once and verified cookies kept."""

    def __init__(self):
        self.serializers: dict[tuple, URLSafeTimedSerializer] = {}
        self.verified: dict[tuple, tuple[int, dict]] = {}
        self.lock = threading.Lock()

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (*app.config["SECRET_KEY_FALLBACKS"], app.secret_key) if app.config["SECRET_KEY_FALLBACKS"] else (app.secret_key,)
        found = self.serializers.get(keys)
        if found is None:
            found = self.serializers[keys] = super().get_signing_serializer(app)
        return found

    def open_session(self, app: Flask, request):
        s = self.get_signing_serializer(app)
        if s is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (value, s.secret_keys[-1])
        kept = self.verified.get(key)
        if kept is not None:
            age = int(time.time()) - kept[0]
            if 0 <= age <= max_age:  # itsdangerous' own test of a signature's age
                return self.session_class(kept[1])
        try:
            data, signed_at = s.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(v, _PLAIN) for v in data.values()):  # no lists (flashes) to share
            with self.lock:
                if len(self.verified) >= KEPT:
                    for old in list(self.verified)[: KEPT // 2]:
                        self.verified.pop(old, None)
                self.verified[key] = (int(signed_at.timestamp()), dict(data))
        return self.session_class(data)


_CSRF_SERIALIZERS: dict = {}
_CSRF_SIGNED: dict[tuple, tuple[int, str]] = {}  # (key, raw token) -> (the second it was signed in, the signed token)


def csrf_token() -> str:
    """Flask-WTF's ``generate_csrf()`` for this request (the same token, cached in ``g`` as it caches it), with its
    serializer built once per key instead of once per call.

    The signed token is the raw token, the second it was signed in and their signature, so a session's requests
    within one second get the same bytes either way: the one signed last is reused then (a page and the requests
    it sets off, or any busy session), and signed again once the second has passed.
    """
    config = current_app.config
    secret_key = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    field_name = config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
    if field_name not in g:
        s = _CSRF_SERIALIZERS.get(secret_key)
        if s is None:
            s = _CSRF_SERIALIZERS[secret_key] = URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token")
        if field_name not in session:
            session[field_name] = hashlib.sha1(os.urandom(64)).hexdigest()
        raw = session[field_name]
        signed = _CSRF_SIGNED.get((secret_key, raw)) if isinstance(raw, str) else None
        second = int(time.time())
        if signed is not None and signed[0] == second:
            token = signed[1]
        else:
            try:
                token = s.dumps(raw)
            except TypeError:
                raw = session[field_name] = hashlib.sha1(os.urandom(64)).hexdigest()
                token = s.dumps(raw)
            if int(time.time()) == second:  # signed within that second: its timestamp is that second
                if len(_CSRF_SIGNED) >= KEPT:
                    _CSRF_SIGNED.clear()
                _CSRF_SIGNED[(secret_key, raw)] = (second, token)
        setattr(g, field_name, token)
    return g.get(field_name)


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookies()
