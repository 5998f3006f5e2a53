"""One mechanism for every JSON body: ``@accepts(SCHEMA)`` under the route, then ``body()`` in the view.

The body must be a JSON object (400 otherwise; 415 when it is not JSON), at most ``MAX_DEPTH`` levels
deep, and match the JSON Schema (draft 2020-12). Unknown members are refused because the schemas built
with ``obj()`` say ``additionalProperties: false``; strings are NFC-normalised and may not hold NUL or
other control characters (tab and line breaks are allowed in free text). The schema is kept on the view,
so the OpenAPI document describes each request body from the same source.

    @bp.post("/portfolio/mentees")
    @authenticated
    @accepts(obj({"alias": text(80)}, required=["alias"]))
    def create_mentee():
        alias = body()["alias"]
"""

from __future__ import annotations

import unicodedata
from functools import wraps

from flask import g, request
from flask_babel import gettext as _
from jsonschema import Draft202012Validator

from course.security import MAX_ID

from .support import ApiError

MAX_DEPTH = 16
ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def obj(properties: dict, required: list[str] | tuple = (), **extra) -> dict:
    """An object schema that refuses unknown members."""
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False,
            "maxProperties": max(len(properties), 1), **extra}


def text(max_length: int, min_length: int = 0) -> dict:
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def integer(minimum: int = 0, maximum: int = MAX_ID) -> dict:
    return {"type": "integer", "minimum": minimum, "maximum": maximum}


def scalar(max_length: int) -> dict:
    """Any JSON scalar, bounded (strings by length, numbers by the id range): for members whose meaning a service checks."""
    return {"type": ["string", "number", "integer", "boolean", "null"], "maxLength": max_length, "minimum": -MAX_ID, "maximum": MAX_ID}


def _depth(value, limit: int) -> int:
    """Nesting depth, stopping early past ``limit`` (no recursion, so no RecursionError)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _clean(value):
    """NFC-normalise every string (keys too); refuse NUL and control characters."""
    if isinstance(value, str):
        if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in value):
            raise ApiError(400, "invalid_characters", _("Tekst nie może zawierać znaków sterujących (np. NUL)."))
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def parse_body(schema: dict, codes: dict[str, str] | None = None) -> dict:
    """The request's JSON object checked against ``schema``, or an ApiError (400/415) saying what is wrong.

    ``codes`` maps a top-level member to the error code its violation is reported with (default
    ``invalid_request``), so an endpoint keeps the codes it documented before it had a schema.
    """
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", _("Wyślij dane jako JSON (Content-Type: application/json)."))
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        data = None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", _("Treść żądania musi być poprawnym obiektem JSON."))
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise ApiError(400, "invalid_json", _("Dane JSON są zbyt głęboko zagnieżdżone."))
    data = _clean(data)
    error = next(iter(sorted(_validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or _("treść")
        member = str(error.absolute_path[0]) if error.absolute_path else ""
        code = (codes or {}).get(member, "invalid_request")
        if code != "invalid_request":
            from course.messages import message_for

            raise ApiError(400, code, message_for(code))
        raise ApiError(400, "invalid_request", _("Nieprawidłowe pole „%(field)s”: %(problem)s", field=where, problem=error.message[:200]))
    return data


_VALIDATORS: dict[int, Draft202012Validator] = {}


def _validator(schema: dict) -> Draft202012Validator:
    key = id(schema)
    if key not in _VALIDATORS:
        Draft202012Validator.check_schema(schema)
        _VALIDATORS[key] = Draft202012Validator(schema)
    return _VALIDATORS[key]


def accepts(schema: dict, codes: dict[str, str] | None = None):
    """Validate the JSON body before the view runs; the view reads it with ``body()``."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            g.api_body = parse_body(schema, codes)
            return view(*args, **kwargs)

        wrapped.request_schema = schema
        return wrapped

    return decorator


def body() -> dict:
    """The validated body of the current request (see ``accepts``)."""
    return g.api_body
