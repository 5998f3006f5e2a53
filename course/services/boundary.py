"""What a service may tell the transaction boundary: keep the changes made so far even though the answer is a refusal.

A response of 400 or more normally rolls everything back. A few refusals follow a change that must
stay: an attempt found past its deadline is submitted and the save is refused (409 ``time_up``); a quiz
page saves its valid answers and answers 422 for the others.
"""

from __future__ import annotations

from course.extensions import db

_KEY = "course.keep_on_refusal"


def keep_changes() -> None:
    """Commit this transaction's flushed changes even if the response is an error."""
    db.session.info[_KEY] = True


def keeps_changes() -> bool:
    return bool(db.session.info.pop(_KEY, False))
