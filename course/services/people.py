"""Who staff may see: organisation scoping lives here, in one place, with its own tests."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Select, false, func, select

from course.domain.roles import Role
from course.extensions import db
from course.models import Membership, Organisation, User


def visible_organisation(viewer: User) -> Organisation | None:
    """The organisation a staff member acts in (None for a site admin, who sees all)."""
    return None if viewer.role is Role.ADMIN else viewer.organisation


def visible_learner_ids(viewer: User) -> Select:
    """A SELECT of the ids of the learners ``viewer`` may see (their organisation's; everyone's for an admin).

    Use it as a subquery (``Model.user_id.in_(visible_learner_ids(viewer))``) so scoping is one rule in one place.
    """
    if viewer.role is Role.ADMIN:
        return learner_ids_in(None)
    organisation = viewer.organisation if viewer.role in (Role.TRAINER, Role.ORG_ADMIN) else None
    if organisation is None:
        return select(User.id).where(false())
    return learner_ids_in(organisation.id)


def learner_ids_in(organisation_id: int | None) -> Select:
    """A SELECT of the ids of an organisation's learners (all learners for None)."""
    query = select(User.id).where(User.role == Role.LEARNER)
    if organisation_id is None:
        return query
    return query.join(Membership, Membership.user_id == User.id).where(Membership.organisation_id == organisation_id)


def can_see_learner(viewer: User, learner: User) -> bool:
    """Staff see learners of their own organisation; a site admin sees everyone."""
    if viewer.role is Role.ADMIN:
        return True
    if viewer.role not in (Role.TRAINER, Role.ORG_ADMIN) or viewer.organisation is None:
        return False
    # A removed learner's records stay visible to the organisation they belonged to.
    return learner.membership is not None and learner.membership.organisation_id == viewer.organisation.id


def member_counts(organisation: Organisation) -> Counter:
    """How many members of each role the organisation has."""
    rows = db.session.execute(
        select(User.role, func.count()).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation.id).group_by(User.role)
    )
    return Counter({role: count for role, count in rows})
