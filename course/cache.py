"""A small shared cache: Redis when ``REDIS_URL`` is set (shared by every worker and host), else this process' memory."""

from __future__ import annotations

import pickle
from typing import Any

from flask import current_app

PREFIX = "course:cache:"
TTL_SECONDS = 7 * 24 * 3600  # entries carry their own validity stamp; the TTL only bounds memory


def get(namespace: str, key: tuple) -> Any | None:
    from .jobs import redis_connection

    connection = redis_connection()
    if connection is None:
        return current_app.extensions.setdefault(PREFIX + namespace, {}).get(key)
    raw = connection.get(PREFIX + namespace + ":" + repr(key))
    return None if raw is None else pickle.loads(raw)  # noqa: S301 (our own Redis, our own values)


def put(namespace: str, key: tuple, value: Any) -> None:
    from .jobs import redis_connection

    connection = redis_connection()
    if connection is None:
        current_app.extensions.setdefault(PREFIX + namespace, {})[key] = value
        return
    connection.set(PREFIX + namespace + ":" + repr(key), pickle.dumps(value), ex=TTL_SECONDS)
