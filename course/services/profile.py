"""The person's own profile: name, language preference and notification preferences, changed together."""

from __future__ import annotations

from course.domain.notifications import Mode
from course.extensions import db
from course.models import User

from .notifications import set_preferences
from .privacy import correct_name


def update_profile(user: User, name: str, language: str | None, modes: dict[str, Mode], languages: list[str]) -> None:
    """Store the profile; ``language`` None follows the browser. A bad name raises ServiceError ``name_invalid``. Flushes."""
    if user.name != name.strip():
        correct_name(user, name)
    user.language = language if language in languages else None
    set_preferences(user, modes)
    db.session.flush()
