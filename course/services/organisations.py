"""Organisations: creation with a join code."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from course.extensions import db
from course.models import Organisation, User

from .errors import ServiceError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# No 0/O, 1/I/L: codes are read aloud and typed from paper.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def create_organisation(name: str, slug: str) -> Organisation:
    """Create an organisation with a fresh join code that learners use to register into it."""
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise ServiceError("name_invalid", "name")
    if not SLUG.match(slug) or len(slug) > 60:
        raise ServiceError("slug_invalid", "slug")
    if db.session.scalar(select(Organisation).where(Organisation.slug == slug)) is not None:
        raise ServiceError("slug_taken", "slug")
    code = new_join_code()
    while db.session.scalar(select(Organisation).where(Organisation.join_code == code)) is not None:
        code = new_join_code()
    organisation = Organisation(name=name, slug=slug, join_code=code)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_policy(organisation: Organisation, *, competences_need_trainer: bool, certificates_automatic: bool,
                  certificate_valid_months: int | None) -> int:
    """Change the organisation's policy; its learners' attainment is recomputed at once. Returns the rows that changed.

    One transaction (the caller's): the new policy and every learner's recomputation are committed together or not at all.
    """
    from .attainment import recompute
    from .people import learner_ids_in

    if certificate_valid_months is not None and not 1 <= certificate_valid_months <= 120:
        raise ServiceError("valid_months_invalid", "certificate_valid_months")
    changed_rule = organisation.competences_need_trainer != competences_need_trainer
    organisation.competences_need_trainer = competences_need_trainer
    organisation.certificates_automatic = certificates_automatic
    organisation.certificate_valid_months = certificate_valid_months
    db.session.flush()
    if not changed_rule:
        return 0
    learner_ids = list(db.session.scalars(learner_ids_in(organisation.id).order_by(None).order_by(User.id)))  # lock order: by id
    return sum(len(recompute(user_id, react=True)) for user_id in learner_ids)
