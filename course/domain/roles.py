"""User roles and what each may do, as plain data."""

import enum


class Role(enum.Enum):
    """A user's role on the site (DESIGN.md section 3)."""

    LEARNER = "learner"
    TRAINER = "trainer"
    ORG_ADMIN = "org_admin"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        """Staff act on other people's records within their organisation."""
        return self is not Role.LEARNER
