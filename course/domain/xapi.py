"""xAPI 1.0.3 statements for learning events, built as plain dictionaries (no I/O, no Flask).

Vocabulary (ADL verbs and activity types, as cmi5 and the ADL registry use them):
lesson read ``experienced`` a ``lesson``; an item ``answered`` (a ``cmi.interaction``); a quiz
``passed`` / ``failed`` (scored) or ``completed`` (waiting for a trainer: no success yet), all with
duration; an outcome ``mastered`` (an ``objective``); a certificate ``earned`` (the Open Badges xAPI
recipe). Outcomes travel in ``context.contextActivities.other`` as objectives, the unit and the module in
``grouping``. The actor is an ``account`` with a pseudonym, never an e-mail. Statement ids are UUIDv5 of
the event's natural key, so resending a statement is idempotent at the LRS. No ``version`` member: the
LRS sets it (xAPI 1.0.3 §2.4.10).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

ADL = "http://adlnet.gov/expapi"
VERBS = {
    "experienced": f"{ADL}/verbs/experienced",
    "answered": f"{ADL}/verbs/answered",
    "passed": f"{ADL}/verbs/passed",
    "failed": f"{ADL}/verbs/failed",
    "completed": f"{ADL}/verbs/completed",
    "mastered": f"{ADL}/verbs/mastered",
    "earned": "http://specification.openbadges.org/xapi/verbs/earned",
}
VERB_DISPLAY = {"experienced": "experienced", "answered": "answered", "passed": "passed", "failed": "failed",
                "completed": "completed", "mastered": "mastered", "earned": "earned"}
ACTIVITY = {
    "course": f"{ADL}/activities/course",
    "module": f"{ADL}/activities/module",
    "lesson": f"{ADL}/activities/lesson",
    "assessment": f"{ADL}/activities/assessment",
    "interaction": f"{ADL}/activities/cmi.interaction",
    "objective": f"{ADL}/activities/objective",
    "badge": "http://activitystrea.ms/schema/1.0/badge",
}
BADGE_ASSERTION_EXTENSION = "http://specification.openbadges.org/xapi/extensions/badgeassertion"
BADGE_CLASS_EXTENSION = "http://specification.openbadges.org/xapi/extensions/badgeclass"
NAMESPACE = uuid.UUID("6f0d2a55-3c1e-4b8e-9a57-2f6c1d0e8b41")  # this course's statement-id namespace


@dataclass(frozen=True)
class Site:
    """Where the course lives: the IRIs of its activities and the home page of its accounts."""

    base_url: str  # e.g. "https://kurs.example.pl", no trailing slash
    module_id: str
    module_title: str
    secret: bytes  # keys the pseudonyms; never sent

    def iri(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def pseudonym(self, user_id: int) -> str:
        """A stable pseudonym: the LRS can group a learner's statements but cannot tell who it is."""
        return hmac.new(self.secret, f"xapi-learner:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]

    def actor(self, user_id: int) -> dict:
        return {"objectType": "Agent", "account": {"homePage": self.base_url + "/", "name": self.pseudonym(user_id)}}


def statement_id(*key: object) -> str:
    """The stable id of the statement about one event (same event, same id)."""
    return str(uuid.uuid5(NAMESPACE, "|".join(map(str, key))))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(seconds: float) -> str:
    """ISO 8601 duration with centisecond precision, as xAPI asks (e.g. ``PT1H2M3.45S``)."""
    seconds = max(0.0, round(seconds, 2))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    return text + f"{secs:.2f}".rstrip("0").rstrip(".") + "S"


def _lang(text: str) -> dict:
    return {"pl-PL": text}


def _activity(iri: str, kind: str, name: str, **definition: Any) -> dict:
    return {"objectType": "Activity", "id": iri, "definition": {"type": ACTIVITY[kind], "name": _lang(name), **definition}}


def _verb(name: str) -> dict:
    return {"id": VERBS[name], "display": {"en-US": VERB_DISPLAY[name]}}


def _context(site: Site, unit_id: str | None, outcomes: Iterable[tuple[str, str]] = (), parent: dict | None = None) -> dict:
    grouping = [_activity(site.iri("/"), "course", site.module_title)]
    if unit_id:
        grouping.append({"objectType": "Activity", "id": site.iri(f"/units/{unit_id}/"), "definition": {"type": ACTIVITY["module"]}})
    activities: dict[str, Any] = {"grouping": grouping}
    other = [outcome_activity(site, oid, text) for oid, text in outcomes]
    if other:
        activities["other"] = other
    if parent is not None:
        activities["parent"] = [parent]
    return {"platform": "Mentoring Module 2", "language": "pl-PL", "contextActivities": activities}


def outcome_activity(site: Site, outcome_id: str, text: str) -> dict:
    return _activity(site.iri(f"/outcomes/{outcome_id}"), "objective", f"{outcome_id}: {text}")


def _statement(site: Site, sid: str, user_id: int, verb: str, obj: dict, when: datetime, context: dict, result: dict | None = None) -> dict:
    statement = {"id": sid, "actor": site.actor(user_id), "verb": _verb(verb), "object": obj, "timestamp": iso(when), "context": context}
    if result:
        statement["result"] = result
    return statement


def lesson_read(site: Site, user_id: int, lesson_id: str, title: str, unit_id: str, when: datetime,
                outcomes: Iterable[tuple[str, str]] = ()) -> dict:
    unit, slug = lesson_id.split("/", 1)
    obj = _activity(site.iri(f"/units/{unit}/lessons/{slug}"), "lesson", title)
    return _statement(site, statement_id("experienced", user_id, lesson_id), user_id, "experienced", obj, when,
                      _context(site, unit_id, outcomes), {"completion": True})


@dataclass(frozen=True)
class Interaction:
    """What an item tells xAPI about itself: interaction type, choices, and the learner's response as a string."""

    interaction_type: str  # choice, true-false, matching, sequencing, fill-in, long-fill-in, likert
    response: str | None
    correct_pattern: str | None = None  # only for practice items
    components: Mapping[str, list[dict]] | None = None  # e.g. {"choices": [...]} or {"source": [...], "target": [...]}


def answered(site: Site, user_id: int, attempt_id: int, quiz_iri: str, quiz_title: str, unit_id: str, item_id: str,
             prompt: str, interaction: Interaction, fraction: float | None, when: datetime,
             outcomes: Iterable[tuple[str, str]] = ()) -> dict:
    definition: dict[str, Any] = {"interactionType": interaction.interaction_type}
    if interaction.correct_pattern is not None:
        definition["correctResponsesPattern"] = [interaction.correct_pattern]
    for name, components in (interaction.components or {}).items():
        definition[name] = components
    obj = _activity(site.iri(f"/items/{item_id}"), "interaction", prompt[:200], **definition)
    result: dict[str, Any] = {"completion": interaction.response is not None}
    if interaction.response is not None:
        result["response"] = interaction.response
    if fraction is not None:
        result["score"] = {"scaled": round(max(0.0, min(1.0, fraction)), 4)}
    parent = _activity(quiz_iri, "assessment", quiz_title)
    return _statement(site, statement_id("answered", attempt_id, item_id), user_id, "answered", obj, when,
                      _context(site, unit_id, outcomes, parent), result)


def attempt_finished(site: Site, user_id: int, attempt_id: int, quiz_iri: str, quiz_title: str, unit_id: str,
                     score: float | None, max_score: float, passed: bool | None, started: datetime, finished: datetime,
                     outcomes: Iterable[tuple[str, str]] = ()) -> dict:
    """``passed``/``failed`` when scored; ``completed`` while an open answer waits for a trainer."""
    verb = "completed" if passed is None else ("passed" if passed else "failed")
    result: dict[str, Any] = {"completion": True, "duration": duration((finished - started).total_seconds())}
    if passed is not None:
        result["success"] = passed
    if score is not None and max_score > 0:
        result["score"] = {"scaled": round(min(1.0, score / max_score), 4), "raw": round(score, 4), "min": 0, "max": round(max_score, 4)}
    obj = _activity(quiz_iri, "assessment", quiz_title)
    return _statement(site, statement_id(verb, attempt_id), user_id, verb, obj, finished, _context(site, unit_id, outcomes), result)


def mastered(site: Site, user_id: int, outcome_id: str, text: str, unit_id: str, score: float, when: datetime) -> dict:
    obj = outcome_activity(site, outcome_id, text)
    return _statement(site, statement_id("mastered", user_id, outcome_id, iso(when)), user_id, "mastered", obj, when,
                      _context(site, unit_id), {"success": True, "score": {"scaled": round(max(0.0, min(1.0, score)), 4)}})


def earned(site: Site, user_id: int, code: str, credential_url: str, verify_url: str, when: datetime,
           outcomes: Iterable[tuple[str, str]] = ()) -> dict:
    """The Open Badges xAPI recipe: verb ``earned``, object a badge, the assertion in a result extension."""
    obj = _activity(site.iri("/badge/module"), "badge", site.module_title,
                    extensions={BADGE_CLASS_EXTENSION: {"@id": site.iri("/badge/module")}})
    result = {"completion": True, "success": True, "extensions": {BADGE_ASSERTION_EXTENSION: {"@id": credential_url, "verify": verify_url}}}
    return _statement(site, statement_id("earned", user_id, code), user_id, "earned", obj, when, _context(site, None, outcomes), result)
