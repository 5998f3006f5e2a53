"""Configuration from the environment."""

from course.config import from_environment


def test_defaults_use_sqlite_in_the_instance_folder_and_a_persistent_generated_key(tmp_path, monkeypatch):
    for name in ("SECRET_KEY", "DATABASE_URL", "SESSION_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    first = from_environment(str(tmp_path))
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'course.sqlite3'}"
    assert len(first["SECRET_KEY"]) == 64 and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert from_environment(str(tmp_path))["SECRET_KEY"] == first["SECRET_KEY"]
    assert first["SESSION_COOKIE_SECURE"] is False


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    config = from_environment(str(tmp_path))
    assert config["SECRET_KEY"] == "s3cret" and config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert config["SESSION_COOKIE_SECURE"] is True and config["PREFERRED_URL_SCHEME"] == "https"
    assert not (tmp_path / "secret_key").exists()
