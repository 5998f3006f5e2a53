"""The `course` command: a FlaskGroup whose errors are one line on stderr (exit 2 for bad arguments)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext

from . import cli_ops, create_app
from .cli_notifications import notifications_group
from .config import DEFAULT_CONTENT_DIR
from .content.errors import ContentInvalid
from .domain.roles import Role
from .extensions import current_catalogue
from .interop.commands import export_group, import_group


class CourseGroup(FlaskGroup):
    """FlaskGroup that reports usage and command errors as a single line."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        info = kwargs.setdefault("obj", ScriptInfo(create_app=self.create_app, set_debug_flag=self.set_debug_flag))
        try:
            code = self._run(info, *args, **kwargs)
        finally:
            _close_database(info)
        sys.exit(code if isinstance(code, int) else 0)

    def _run(self, info: ScriptInfo, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as error:
            click.echo(f"course: error: {error.format_message()}", err=True)
            sys.exit(2)
        except click.ClickException as error:
            click.echo(f"course: error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("course: aborted", err=True)
            sys.exit(1)


def _close_database(info: ScriptInfo) -> None:
    """Close pooled connections of an app a command loaded, so none outlive the command."""
    app = getattr(info, "_loaded_app", None)
    if app is not None and "sqlalchemy" in app.extensions:
        from .extensions import db

        with app.app_context():
            db.engine.dispose()


def _cli_app():
    """The app for commands: it serves no requests, except `course run` (development), so no public address is required."""
    return create_app({"COURSE_CLI": True})


cli = CourseGroup(create_app=_cli_app, help="Mentoring Module 2 course: administration commands.")


def fail(message: str, code: int = 1):
    raise click.ClickException(message) if code != 2 else click.UsageError(message)


def commit() -> None:
    """A CLI command's one commit, at its end (services only flush), then the notifications it recorded are sent."""
    from .extensions import db
    from .services import notifications

    db.session.commit()
    notifications.after_commit()


def _content_dir(value: str | None) -> Path:
    """Content is checked without building the app, so that broken content can be reported."""
    return Path(value or os.environ.get("COURSE_CONTENT_DIR") or DEFAULT_CONTENT_DIR)


@cli.command("init")
@click.option("--demo", is_flag=True, help="Also create a demo organisation, trainer, org admin and learners.")
@with_appcontext
def init_command(demo: bool) -> None:
    """Create or upgrade the database to the newest schema (Alembic); optionally add demo data."""
    from flask_migrate import upgrade

    from . import MIGRATIONS_DIR

    upgrade(directory=MIGRATIONS_DIR)
    click.echo("Database is at the newest schema.")
    if demo:
        from .services.demo import create_demo_data

        organisation, logins = create_demo_data(current_catalogue())
        commit()
        click.echo(f"Demo organisation: {organisation.name} (join code {organisation.join_code})")
        click.echo("Demo logins (e-mail / password / role):")
        for user, password in logins:
            click.echo(f"  {user.email}  {password}  {user.role.value}")


@cli.group("content")
def content_group() -> None:
    """Validate course content."""


@content_group.command("check")
@click.option("--content-dir", type=click.Path(file_okay=False), help="Defaults to COURSE_CONTENT_DIR or the bundled content/.")
def content_check(content_dir: str | None) -> None:
    """Validate content/ (IDs, references, outcome coverage, Markdown); exit 1 on any problem."""
    from .content.loader import load_catalogue

    root = _content_dir(content_dir)
    try:
        catalogue = load_catalogue(root)
    except ContentInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s) found.", err=True)
        sys.exit(1)
    words = sum(lesson.word_count for lesson in catalogue.lessons)
    items = sum(len(quiz.items) for quiz in catalogue.quizzes)
    click.echo(
        f"OK: {len(catalogue.units)} units, {len(catalogue.outcomes)} outcomes, {len(catalogue.lessons)} lessons "
        f"({words} words), {len(catalogue.glossary)} glossary terms, {len(catalogue.templates)} templates, "
        f"{len(catalogue.quizzes)} quizzes ({items} items), {len(catalogue.portfolio.tasks)} portfolio tasks, "
        f"{len(catalogue.portfolio.competences)} competence criteria."
    )


@content_group.command("spell")
@click.option("--content-dir", type=click.Path(file_okay=False))
def content_spell(content_dir: str | None) -> None:
    """Check Polish spelling with hunspell (pl_PL) and content/wordlist/; exit 1 on unknown words."""
    from .content.spelling import HunspellMissing, check_spelling

    try:
        problems = check_spelling(_content_dir(content_dir))
    except HunspellMissing as error:
        fail(str(error))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} unknown word(s).", err=True)
        sys.exit(1)
    click.echo("OK: no unknown words.")


@cli.command("outcomes")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {id, unit, category, text}.")
@click.option("--content-dir", type=click.Path(file_okay=False))
def outcomes_command(as_json: bool, content_dir: str | None) -> None:
    """List the module's learning outcomes."""
    from .content.loader import load_catalogue

    try:
        catalogue = load_catalogue(_content_dir(content_dir))
    except ContentInvalid as error:
        fail(f"content is invalid ({len(error.problems)} problem(s)); run 'course content check'")
    if as_json:
        click.echo(json.dumps([o.as_json() for o in catalogue.outcomes], ensure_ascii=False, indent=2))
        return
    for outcome in catalogue.outcomes:
        click.echo(f"{outcome.id:10} {outcome.category.value:12} {outcome.text}")


@cli.group("orgs")
def orgs_group() -> None:
    """Manage organisations."""


@orgs_group.command("create")
@click.option("--name", required=True)
@click.option("--slug", required=True, help="Lowercase letters, digits and hyphens, e.g. 'zaklad-tryb'.")
@with_appcontext
def orgs_create(name: str, slug: str) -> None:
    """Create an organisation and print its join code."""
    from .messages import message_for
    from .services.errors import ServiceError
    from .services.organisations import create_organisation

    try:
        organisation = create_organisation(name, slug)
    except ServiceError as error:
        fail(message_for(error.code), 2 if error.code in ("slug_invalid", "name_invalid") else 1)
    commit()
    click.echo(organisation.join_code)


@cli.group("users")
def users_group() -> None:
    """Manage user accounts."""


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--org", "org_slug", help="Slug of the organisation the user belongs to.")
@with_appcontext
def users_create(email: str, name: str, role: str, org_slug: str | None) -> None:
    """Create a user; the password is read from stdin (or prompted for on a terminal)."""
    from .messages import message_for
    from .services.accounts import create_user
    from .services.errors import ServiceError

    password = _read_password()
    try:
        user = create_user(name, email, password, Role(role), org_slug)
    except ServiceError as error:
        fail(message_for(error.code), 1 if error.code == "email_taken" else 2)
    commit()
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@cli.group("attainment")
def attainment_group() -> None:
    """Learners' attainment of the outcomes."""


@attainment_group.command("recompute")
@click.option("--learner", "learner_id", type=int, help="Only this learner (user id); default: every learner.")
@click.option("--check", is_flag=True, help="Change nothing; print the differences and exit 1 if there are any (monitoring).")
@with_appcontext
def attainment_recompute(learner_id: int | None, check: bool) -> None:
    """Rebuild stored attainment and completion from the evidence; report what differed. Never issues or revokes a certificate."""
    from sqlalchemy import select

    from .extensions import db
    from .models import User
    from .services.attainment import recompute

    if learner_id is not None:
        user = db.session.get(User, learner_id)
        if user is None or user.role is not Role.LEARNER:
            fail(f"no learner with id {learner_id}", 2)
        ids = [learner_id]
    else:
        ids = list(db.session.scalars(select(User.id).where(User.role == Role.LEARNER).order_by(User.id)))
    differed = 0
    for user_id in ids:
        for difference in recompute(user_id, check=check):
            differed += 1
            click.echo(f"learner {difference.user_id} {difference.outcome_id}: stored {difference.stored} -> {difference.computed}")
    if check:
        db.session.rollback()
        click.echo(f"Checked {len(ids)} learner(s); {differed} row(s) differ{'' if differed else ' (none)'}.")
        if differed:
            sys.exit(1)
        return
    commit()
    click.echo(f"Recomputed {len(ids)} learner(s); {differed} row(s) differed and were corrected.")


@export_group.command("results")
@click.option("--what", "kind", type=click.Choice(["matrix", "attempts"]), default="matrix", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--org", "org_slug", help="Only this organisation's learners (default: all).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout; required for xlsx).")
@with_appcontext
def export_results(kind: str, fmt: str, org_slug: str | None, output: str | None) -> None:
    """Export learners' results: the outcome matrix or the attempts, as CSV, XLSX or JSON."""
    import shutil

    from sqlalchemy import select

    from .extensions import db
    from .models import Organisation
    from .services import exports
    from .services.people import learner_ids_in

    organisation_id = None
    if org_slug:
        organisation_id = db.session.scalar(select(Organisation.id).where(Organisation.slug == org_slug))
        if organisation_id is None:
            fail(f"no organisation with slug '{org_slug}'", 2)
    if fmt == "xlsx" and not output:
        fail("--format xlsx needs --output FILE", 2)
    rows = exports.rows_for(kind, learner_ids_in(organisation_id), current_catalogue())
    stream = open(output, "w", encoding="utf-8", newline="") if output and fmt != "xlsx" else sys.stdout
    try:
        if fmt == "xlsx":
            with exports.write_xlsx(rows, kind) as source, open(output, "wb") as target:
                shutil.copyfileobj(source, target)
        elif fmt == "csv":
            for chunk in exports.csv_chunks(rows):
                stream.write(chunk)
        else:
            header = next(rows)
            stream.write("[\n")
            for n, row in enumerate(rows):
                values = [exports.json_value(v) for v in row]
                stream.write(("," if n else "") + json.dumps(dict(zip(header, values, strict=True)), ensure_ascii=False) + "\n")
            stream.write("]\n")
    finally:
        if stream is not sys.stdout:
            stream.close()


cli.add_command(export_group)
cli.add_command(notifications_group)
cli.add_command(import_group)
for _command in cli_ops.COMMANDS:
    cli.add_command(_command)


@cli.group("privacy")
def privacy_group() -> None:
    """GDPR housekeeping."""


@privacy_group.command("purge")
@click.option("--dry-run", is_flag=True, help="List who would be erased; change nothing.")
@with_appcontext
def privacy_purge(dry_run: bool) -> None:
    """Erase learners inactive for longer than their organisation's retention; drop expired counters and year-old audit events."""
    from .extensions import db
    from .services.privacy import purge

    due = purge(dry_run=dry_run)
    for user in due:
        click.echo(f"{'would erase' if dry_run else 'erased'} learner {user.id}")
    db.session.commit()
    click.echo(f"{len(due)} learner(s) {'due' if dry_run else 'erased'}.")


def main() -> None:
    cli.main()
