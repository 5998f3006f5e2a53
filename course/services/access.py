"""Load a resource or 404, and check that the viewer may act on it: one function per resource, for pages and API alike.

The rule (Indico's ``_process_args`` / ``_check_access``): a role that may never take the action gets 403
before anything is looked up (so ids cannot be probed by the difference); a missing object, or one of
another organisation, is 404; the learner's own attempts are 404 to everyone else.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import Forbidden, NotFound

from course.domain.roles import Role
from course.extensions import db
from course.models import AttemptAnswer, Certificate, QuizAttempt, User

from .locks import lock_learner
from .people import can_see_learner

STAFF = frozenset({Role.TRAINER, Role.ORG_ADMIN, Role.ADMIN})
MARKERS = frozenset({Role.TRAINER, Role.ADMIN})
CERTIFIERS = frozenset({Role.ORG_ADMIN, Role.ADMIN})
ACTIONS = {"view": STAFF, "mark": MARKERS, "certify": CERTIFIERS}


def _refusals() -> dict[str, str]:
    return {
        "view": _("Tylko trener lub administrator organizacji osoby uczącej się może zobaczyć jej wyniki."),
        "mark": _("Tylko trener może oceniać i potwierdzać kompetencje."),
        "certify": _("Certyfikaty wystawia administrator organizacji."),
    }


def forbidden(message: str) -> Forbidden:
    error = Forbidden()
    error.description_override = message  # the API's JSON error message (see course.errors)
    return error


def check_role(viewer: User, action: str) -> None:
    """403 when the viewer's role can never take ``action`` (view | mark | certify)."""
    if viewer.role not in ACTIONS[action]:
        raise forbidden(_refusals()[action])


def learner_for(viewer: User, learner_id: int, action: str = "view") -> User:
    """The learner ``viewer`` may act on: 403 for a role that may not, 404 for a missing, non-learner or foreign id."""
    check_role(viewer, action)
    learner = db.session.get(User, learner_id) if 0 < learner_id < 2**63 else None
    if learner is None or learner.role is not Role.LEARNER or not can_see_learner(viewer, learner):
        raise NotFound()  # another organisation's learner is as unknown as a missing one
    return learner


def own_attempt(viewer: User, attempt_id: int, quiz_id: str | None = None) -> QuizAttempt:
    """The viewer's own attempt (of ``quiz_id`` when given); anyone else's is 404."""
    attempt = db.session.get(QuizAttempt, attempt_id) if 0 < attempt_id < 2**63 else None
    if attempt is None or attempt.user_id != viewer.id or (quiz_id is not None and attempt.quiz_id != quiz_id):
        raise NotFound()
    return attempt


_ATTEMPT_WITH_ANSWERS = (select(QuizAttempt).where(QuizAttempt.id == bindparam("attempt_id")).options(joinedload(QuizAttempt.answers))
                         .execution_options(populate_existing=True))


def own_attempt_to_change(viewer: User, attempt_id: int) -> QuizAttempt:
    """The viewer's own attempt with its answers, read in one query after taking the viewer's lock (a submit).

    The lock comes first, so the attempt is read once and already serialised against a concurrent submit;
    the lock is the viewer's own (an attempt of someone else is then 404, and the request rolls back). Only
    for a request that has loaded nothing but the viewer before: nothing is expired, the attempt and its
    answers are read afresh (``populate_existing``).
    """
    if not 0 < attempt_id < 2**63:
        raise NotFound()
    lock_learner(viewer.id)
    attempt = db.session.execute(_ATTEMPT_WITH_ANSWERS, {"attempt_id": attempt_id}).unique().scalar_one_or_none()
    if attempt is None or attempt.user_id != viewer.id:
        raise NotFound()
    return attempt


_ATTEMPT_AND_ANSWER = (select(QuizAttempt, AttemptAnswer)
                       .outerjoin(AttemptAnswer, (AttemptAnswer.attempt_id == QuizAttempt.id) & (AttemptAnswer.item_id == bindparam("item_id")))
                       .where(QuizAttempt.id == bindparam("attempt_id")).execution_options(populate_existing=True))


def own_attempt_and_answer(viewer: User, attempt_id: int, item_id: str) -> tuple[QuizAttempt, AttemptAnswer | None]:
    """The viewer's own attempt and its stored answer to ``item_id`` (None: none yet), in one query after the viewer's lock.

    As ``own_attempt_to_change``, for a save of one answer: the attempt's other answers are not loaded
    (a save costs the same on the first question and on the last).
    """
    if not 0 < attempt_id < 2**63:
        raise NotFound()
    lock_learner(viewer.id)
    row = db.session.execute(_ATTEMPT_AND_ANSWER, {"attempt_id": attempt_id, "item_id": item_id}).one_or_none()
    if row is None or row[0].user_id != viewer.id:
        raise NotFound()
    return row[0], row[1]


def attempt_for(viewer: User, attempt_id: int, action: str = "view") -> tuple[QuizAttempt, User]:
    """A learner's attempt and the learner, for staff who may take ``action`` on that learner."""
    check_role(viewer, action)
    attempt = db.session.get(QuizAttempt, attempt_id) if 0 < attempt_id < 2**63 else None
    if attempt is None:
        raise NotFound()
    return attempt, learner_for(viewer, attempt.user_id, action)


def certificate_for(viewer: User, certificate_id: int) -> Certificate:
    """A certificate the viewer may revoke or reissue: their organisation's (any, for a site admin)."""
    check_role(viewer, "certify")
    certificate = db.session.get(Certificate, certificate_id) if 0 < certificate_id < 2**63 else None
    organisation = viewer.organisation
    if certificate is None or (viewer.role is not Role.ADMIN and (organisation is None or certificate.organisation_id != organisation.id)):
        raise NotFound()
    return certificate


def certificate_or_404(code: str) -> Certificate:
    """A certificate by its public code (anyone may verify one)."""
    from .certificates import certificate_by_code

    certificate = certificate_by_code(code)
    if certificate is None:
        raise NotFound()
    return certificate
