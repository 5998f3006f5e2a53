"""The Mentoring Module 2 course: an application factory that only wires things together."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import config as course_config

if TYPE_CHECKING:  # the package root stays importable without Flask, so course.domain stays pure
    from flask import Flask

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def create_app(config: dict | None = None) -> Flask:
    """Create the app: configuration, extensions, catalogue, blueprints, CLI and error pages."""
    from flask import Flask

    app = Flask(__name__, instance_relative_config=False)
    app.config.update(course_config.DEFAULTS)
    app.config.update(course_config.from_environment(app.instance_path))
    app.config.update(config or {})
    from . import errors, logs, security

    security.configure_deployment(app)
    logs.init_app(app)
    configure_extensions(app)
    configure_catalogue(app)
    security.configure_urls(app)
    configure_blueprints(app)
    errors.init_app(app)
    security.init_app(app)
    from .services import audit_hooks, notification_hooks

    audit_hooks.init_app(app)
    notification_hooks.init_app(app)
    return app


def configure_extensions(app: Flask) -> None:
    from . import auth, database, i18n, labels, mail, signed
    from .extensions import csrf, db, limiter, migrate

    signed.init_app(app)
    database.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    labels.init_app(app)
    auth.init_login(app)
    mail.init_app(app)


def configure_catalogue(app: Flask) -> None:
    """Load content once; a broken content tree stops start-up with every problem listed."""
    from .content.loader import load_catalogue

    catalogue = app.config.get("CATALOGUE") or load_catalogue(app.config["CONTENT_DIR"])
    app.extensions["catalogue"] = catalogue
    from . import pagecache

    pagecache.init_app(app)

    @app.context_processor
    def inject_catalogue():
        return {"catalogue": catalogue}


def configure_blueprints(app: Flask) -> None:
    from .account.routes import bp as account_bp
    from .analysis.routes import bp as analysis_bp
    from .api import bp as api_bp
    from .auth.routes import bp as auth_bp
    from .certificates.routes import bp as certificates_bp
    from .learn.routes import bp as learn_bp
    from .main.routes import bp as main_bp
    from .org.audit import bp as org_audit_bp
    from .org.routes import bp as org_bp
    from .portfolio.routes import bp as portfolio_bp
    from .privacy.routes import bp as privacy_bp
    from .quiz.routes import bp as quiz_bp
    from .trainer.routes import bp as trainer_bp

    for blueprint in (main_bp, auth_bp, learn_bp, quiz_bp, trainer_bp, analysis_bp, org_bp, org_audit_bp, certificates_bp, portfolio_bp, privacy_bp,
                      account_bp, api_bp):
        app.register_blueprint(blueprint)
