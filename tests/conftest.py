"""Shared fixtures: one migrated database per run (SQLite, or PostgreSQL when asked), apps, clients and factories."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from course import MIGRATIONS_DIR, create_app
from course.content.loader import load_catalogue
from course.domain.roles import Role
from course.extensions import db, limiter
from tests.helpers import STRONG_PASSWORD, bearer, csrf_token, token_for

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"


def pytest_configure(config):
    # Commands run in tests must not write a generated key into the checkout's instance folder.
    os.environ.setdefault("SECRET_KEY", "test-secret-from-conftest")
    # Every test (and every server a test starts) renders the pages a cache hit would have served and fails on a stale one.
    os.environ.setdefault("PAGE_CACHE_VERIFY", "1")


def pytest_collection_modifyitems(items):
    """Every test that touches the database is marked ``db`` so CI can rerun them on PostgreSQL."""
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue(CONTENT_DIR)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh database for this run, migrated to head through Alembic like production."""
    server = os.environ.get("COURSE_TEST_DATABASE_URL")
    if server and server.startswith("postgresql"):
        name = f"course_test_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    else:
        admin, name = None, None
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'course.sqlite3'}"
    migrate_to_head(url)
    yield url
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrate_to_head(url: str) -> None:
    from flask_migrate import upgrade

    # The schema does not depend on the course content: the small fixture course is enough here.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "CATALOGUE": load_catalogue(ROOT / "tests" / "fixtures" / "content")})
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        db.engine.dispose()


FIXTURE_CONTENT_DIR = ROOT / "tests" / "fixtures" / "content"


@pytest.fixture(scope="session")
def fixture_catalogue():
    """A small course (unit M9_01) with a quiz bank using every question type."""
    return load_catalogue(FIXTURE_CONTENT_DIR)


@pytest.fixture
def use_fixture_course():
    """Request this before ``app`` to run the app on the fixture course instead of the real one."""
    return True


@pytest.fixture
def app(request, database_url, tmp_path):
    course_fixture = "fixture_catalogue" if "use_fixture_course" in request.fixturenames else "catalogue"
    catalogue = request.getfixturevalue(course_fixture)
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CATALOGUE": catalogue,
        "RATELIMIT_ENABLED": False,
        "CREDENTIAL_KEY_FILE": str(tmp_path / "credential_key.pem"),
    })
    limiter.reset()
    # No app context stays pushed during a test: each request must get its own, as in production
    # (a shared context would share flask.g, and with it the signed-in user, between clients).
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def in_app(app):
    """Run a function inside an app context (for reading the database in assertions)."""

    def run(function, *args, **kwargs):
        with app.app_context():
            return function(*args, **kwargs)

    return run


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    """Log in and out through the real forms."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = STRONG_PASSWORD, next_url: str | None = None):
        url = "/auth/login" + (f"?next={next_url}" if next_url else "")
        token = csrf_token(self.client, "/auth/login")
        return self.client.post(url, data={"email": email, "password": password, "csrf_token": token})

    def logout(self):
        token = csrf_token(self.client, "/")
        return self.client.post("/auth/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def make_org(app):
    from course.services.organisations import create_organisation

    counter = iter(range(1, 10_000))

    def make(name: str | None = None, slug: str | None = None) -> SimpleNamespace:
        n = next(counter)
        with app.app_context():
            org = create_organisation(name or f"Organizacja {n}", slug or f"org-{n}")
            db.session.commit()  # the test is this write's boundary
            return SimpleNamespace(id=org.id, name=org.name, slug=org.slug, join_code=org.join_code)

    return make


@pytest.fixture
def make_user(app):
    """Create users through the same service the app and CLI use."""
    from course.services.accounts import create_user

    counter = iter(range(1, 10_000))

    def make(role: Role = Role.LEARNER, org=None, email: str | None = None, name: str | None = None, password: str = STRONG_PASSWORD):
        n = next(counter)
        with app.app_context():
            user = create_user(name or f"Osoba Testowa {n}", email or f"osoba{n}@example.com", password, role, org.slug if org else None)
            db.session.commit()  # the test is this write's boundary
            return SimpleNamespace(id=user.id, email=user.email, name=user.name, role=user.role, password=password)

    return make


@pytest.fixture
def org_setup(client, make_org, make_user):
    """An organisation with a learner, a trainer and an org admin, each with an API token (any course)."""
    org = make_org(name="Zakład Szkolenia Żółtego")
    learner = make_user(Role.LEARNER, org=org, name="Zażółć Gęślą-Jaźń")
    users = {"org": org, "learner": learner, "trainer": make_user(Role.TRAINER, org=org), "admin": make_user(Role.ORG_ADMIN, org=org)}
    users["learner_h"] = bearer(token_for(client, learner.email))
    users["trainer_h"] = bearer(token_for(client, users["trainer"].email))
    users["admin_h"] = bearer(token_for(client, users["admin"].email))
    return users
