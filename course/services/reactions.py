"""Reactions that run after a change, not inside it: a newly completed module issues an automatic certificate.

A service that completes a module records the fact with ``module_completed(user_id)``; whoever owns the
transaction runs the reactions once the change is committed: ``course.database.run_reactions()`` (the
request boundary calls it after its commit). Each reaction runs in its own transaction under the
learner's lock and is idempotent, so a reaction that fails (a missing signing key, a learner who
meanwhile lost eligibility) is logged and leaves the committed change intact. A rollback forgets the
recorded reactions.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from course.extensions import db

_KEY = "course.completed_modules"


def module_completed(user_id: int) -> None:
    """Record that the learner's module became complete in this transaction."""
    db.session.info.setdefault(_KEY, []).append(user_id)


def pending() -> list[int]:
    """Learners whose module became complete in the current transaction (in order, without repeats)."""
    return list(dict.fromkeys(db.session.info.get(_KEY, [])))


def discard() -> None:
    db.session.info.pop(_KEY, None)


def take_pending() -> list[int]:
    """The recorded reactions, forgotten by the session (the caller runs them)."""
    todo = pending()
    discard()
    return todo


def issue_automatically(user_id: int):
    """Issue the certificate if the learner's organisation issues automatically and none is valid; else None."""
    from course.models import User

    from .certificates import active_certificate, issue_certificate
    from .locks import lock_learner

    lock_learner(user_id)
    user = db.session.get(User, user_id, populate_existing=True)
    organisation = user.organisation if user else None
    if organisation is None or not organisation.certificates_automatic or active_certificate(user_id) is not None:
        return None
    return issue_certificate(None, user)


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint inside it
        session.info.pop(_KEY, None)
