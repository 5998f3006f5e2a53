"""E-mail notifications as plain data: the kinds, who receives each, the delivery modes, and the retry rule."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta

from .roles import Role


class Mode(enum.Enum):
    """How a person wants one kind of notification: at once, in the daily digest, or not at all."""

    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"


DEFAULT_MODE = Mode.IMMEDIATE


@dataclass(frozen=True)
class Kind:
    """A kind of notification: its stable id (stored in the outbox and the preferences) and its audience."""

    id: str
    audience: Role


# Order is the order of the preference form and of a digest's sections.
KINDS: tuple[Kind, ...] = (
    Kind("answer_to_mark", Role.TRAINER),         # a learner submitted an open answer
    Kind("competence_to_confirm", Role.TRAINER),  # a learner's competence waits for the trainer's confirmation
    Kind("portfolio_submitted", Role.TRAINER),    # a learner submitted a portfolio task for assessment
    Kind("quiz_marked", Role.LEARNER),            # every open answer of an attempt is marked
    Kind("competence_rated", Role.LEARNER),       # a trainer confirmed or rated a competence
    Kind("feedback_written", Role.LEARNER),       # a trainer wrote feedback
    Kind("portfolio_assessed", Role.LEARNER),     # a portfolio task was assessed
    Kind("portfolio_returned", Role.LEARNER),     # a portfolio task was returned for changes
    Kind("certificate_issued", Role.LEARNER),     # a certificate was issued
)
KIND_IDS = frozenset(kind.id for kind in KINDS)


def kinds_for(role: Role) -> tuple[Kind, ...]:
    """The kinds a person of ``role`` can receive (organisation and site admins receive none)."""
    return tuple(kind for kind in KINDS if kind.audience is role)


def mode_for(preferences: dict[str, str], kind_id: str) -> Mode:
    """The person's mode for ``kind_id``: their stored choice when it is a known mode, else the default."""
    try:
        return Mode(preferences.get(kind_id, DEFAULT_MODE.value))
    except ValueError:
        return DEFAULT_MODE


MAX_BACKOFF = timedelta(hours=6)


def backoff(tries: int) -> timedelta:
    """The wait before the next try after ``tries`` failed ones: 1, 2, 4 ... minutes, at most 6 hours."""
    return min(MAX_BACKOFF, timedelta(minutes=2 ** max(0, min(tries, 20) - 1)))


def recipient_language(stored: str | None, languages: tuple[str, ...] | list[str], default: str = "pl") -> str:
    """The language of a person's e-mail: their stored preference when the site speaks it, else the default."""
    return stored if stored in languages else default
