"""Migrations: an empty database upgrades to head, the models agree with it, and it downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from course import MIGRATIONS_DIR, create_app
from course.content.loader import load_catalogue
from course.extensions import db

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


@pytest.fixture
def empty_app(tmp_path):
    catalogue = load_catalogue(FIXTURE_CONTENT)  # schema tests do not depend on the course content
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "CATALOGUE": catalogue})
    with app.app_context():
        yield app
        db.engine.dispose()


def _differences():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_empty_database_to_head_then_models_agree(empty_app):
    upgrade(directory=MIGRATIONS_DIR)
    assert _differences() == []


def test_models_agree_with_the_run_database(app, in_app):
    """The shared test database (PostgreSQL in CI) was built by the migrations too."""
    assert in_app(_differences) == []


def test_downgrade_to_base_and_back(empty_app):
    upgrade(directory=MIGRATIONS_DIR)
    downgrade(directory=MIGRATIONS_DIR, revision="base")
    with db.engine.connect() as connection:
        tables = set(db.inspect(connection).get_table_names())
    assert tables <= {"alembic_version"}
    upgrade(directory=MIGRATIONS_DIR)
    assert _differences() == []


def test_sqlite_runs_with_foreign_keys_wal_and_busy_timeout(empty_app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
