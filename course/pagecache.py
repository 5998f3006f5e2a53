"""Render once what does not depend on the learner: cached template fragments per key, locale and catalogue.

A template wraps a learner-independent part in ``{% call fragment("name", key...) %}...{% endcall %}``.
The first request renders it and keeps the HTML under (name, key, locale, script root, catalogue); later
requests reuse it. A fragment may contain the CSRF token (the sign-out form): while a fragment renders,
``csrf_token()`` writes a placeholder, which is replaced by the request's own token on every use, so no
token is ever shared. Whatever else a fragment shows must be in its key (the template says what).

The catalogue is immutable and loaded at start-up, so a cache lives as long as its app; the number
of entries is bounded (a full cache renders without storing, it never grows).
"""

from __future__ import annotations

import threading
from collections import namedtuple

from flask import Flask, current_app, g, request, session
from flask_babel import get_locale
from markupsafe import Markup

from . import signed

CSRF_PLACEHOLDER = "\x00csrf-token\x00"  # never in rendered HTML: NUL is refused in every input
LIMIT = 4096


class FragmentCache:
    """Rendered fragments by key; the template global ``fragment``."""

    def __init__(self, catalogue, limit: int = LIMIT):
        self.version = id(catalogue)
        self.limit = limit
        self.store: dict[tuple, tuple[Markup, bool]] = {}

    def __call__(self, name: str, *key, caller) -> Markup:
        if not current_app.config.get("FRAGMENT_CACHE", True):  # off: every request renders everything (tests compare)
            return Markup(caller())
        full = (name, key, str(get_locale()), request.script_root, self.version)
        found = self.store.get(full)
        if found is None:
            found = self._render(caller)
            if len(self.store) < self.limit:
                self.store[full] = found
        html, has_token = found
        return Markup(html.replace(CSRF_PLACEHOLDER, signed.csrf_token())) if has_token else html

    @staticmethod
    def _render(caller) -> tuple[Markup, bool]:
        depth = g.get("_fragment_depth", 0)
        g._fragment_depth = depth + 1
        try:
            html = Markup(caller())
        finally:
            g._fragment_depth = depth
        return html, CSRF_PLACEHOLDER in html


def csrf_token() -> str:
    """The template global ``csrf_token()``: the placeholder inside a fragment being rendered, else the token."""
    if g.get("_fragment_depth"):
        return CSRF_PLACEHOLDER
    return signed.csrf_token()


def fragments(app: Flask | None = None) -> FragmentCache:
    return (app or current_app).extensions["fragments"]


def init_app(app: Flask) -> None:
    """Called after the catalogue is loaded (its identity is part of every key)."""
    cache = FragmentCache(app.extensions["catalogue"])
    app.extensions["fragments"] = cache
    app.jinja_env.globals["fragment"] = cache
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})  # after Flask-WTF's, which injects its generate_csrf
    init_pages(app)


# Whole pages -------------------------------------------------------------------------------------------------------
#
# The pages a learner opens most are kept whole, per (page, its arguments, the host, the locale, who asks and the
# version of their state, the day in Warsaw). Who asks is the row one query returns for the session cookie: the
# user's columns that pages show or that decide access, their membership and their organisation's ``state_version``.
# A learner's ``state_version`` is bumped by every write under the learner's lock (``services.locks``, which every
# service that changes a learner's state calls first, trainers' writes included) and, as a net under that rule, by
# any ORM write of a learner's rows in a transaction without the lock (``_bump_learners``). An organisation's is
# bumped by any change to it, its due dates or its people (``_bump_organisations``). Due dates are shown as days
# from today: the day is in the key. Pages that depend on the moment otherwise call ``uncacheable()``.
# A hit still checks the session as the user loader does (live, not idle, not past its lifetime, the session
# version, not erased, no temporary password) and gets a fresh CSRF token; anything unusual (flashes to show, a
# session due its ``last_seen_at`` touch, Flask-Login's session protection about to write) renders normally.
# With PAGE_CACHE_VERIFY (the tests) a hit renders the page anyway and fails if the two differ.

PAGES = frozenset({"learn.index", "learn.lesson", "learn.unit", "learn.dashboard", "learn.glossary", "quiz.overview"})
_WROTE = "course.pagecache.wrote"


def _identity_statement():
    from sqlalchemy import bindparam, select

    from course.models import Membership, Organisation, User, UserSession

    return (select(User.id, User.session_version, User.state_version, User.role, User.name, User.email, User.language,
                   User.must_change_password, User.password_expires_at, User.erased_at,
                   Membership.id.label("membership_id"), Membership.organisation_id, Membership.removed_at,
                   Organisation.state_version.label("organisation_version"),
                   UserSession.created_at, UserSession.last_seen_at)
            .join(UserSession, UserSession.user_id == User.id)
            .outerjoin(Membership, Membership.user_id == User.id)
            .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
            .where(UserSession.sid_hash == bindparam("sid_hash"), User.id == bindparam("user_id")))


class IdentityReader:
    """The identity query for every request that may be served from the cache: the session, its user, membership, versions.

    On a SQLite file it runs on a read-only connection of its own per thread, straight through the driver with the
    statement compiled once and SQLAlchemy's own result processors applied (about 5 microseconds against 130 through
    the session and the pool, on a request that otherwise costs well under a millisecond). The values are exactly
    those the session would return. A read outside the request's transaction is fine here: what a miss then renders
    is at least as new as the versions read, and a hit renders nothing. Elsewhere (PostgreSQL) it runs on the
    request's own connection.
    """

    def __init__(self, engine):
        self.statement = _identity_statement()
        compiled = self.statement.compile(dialect=engine.dialect)
        self.sql, self.order = str(compiled), compiled.positiontup
        self.names = [column.key for column in self.statement.selected_columns]
        self.processors = [column.type.dialect_impl(engine.dialect).result_processor(engine.dialect, None)
                           for column in self.statement.selected_columns]
        database = engine.url.database
        self.path = database if engine.dialect.name == "sqlite" and database and database != ":memory:" and not database.startswith("file:") else None
        self.local = threading.local()

    def row(self, sid_hash: str, user_id: int):
        params = {"sid_hash": sid_hash, "user_id": user_id}
        if self.path is None:
            from course.extensions import db

            return db.session.connection().execute(self.statement, params).first()
        connection = getattr(self.local, "connection", None)
        if connection is None:
            import sqlite3

            connection = self.local.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA query_only=ON")
            self.local.row_type = namedtuple("Identity", self.names)
        found = connection.execute(self.sql, [params[name] for name in self.order]).fetchone()
        if found is None:
            return None
        return self.local.row_type(*(process(value) if process else value for process, value in zip(self.processors, found, strict=True)))


class PageCache:
    """Rendered pages, split at the CSRF token, least recently used first; at most ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.store: dict[tuple, tuple[bytes, ...]] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple) -> tuple[bytes, ...] | None:
        with self.lock:
            parts = self.store.pop(key, None)
            if parts is not None:
                self.store[key] = parts  # now the most recently used
        return parts

    def put(self, key: tuple, parts: tuple[bytes, ...]) -> None:
        size = sum(map(len, parts))
        if size > self.limit // 8:
            return
        with self.lock:
            old = self.store.pop(key, None)
            self.size -= sum(map(len, old)) if old else 0
            while self.store and self.size + size > self.limit:
                self.size -= sum(map(len, self.store.pop(next(iter(self.store)))))
            self.store[key] = parts
            self.size += size


def pages(app: Flask | None = None) -> PageCache:
    return (app or current_app).extensions["pages"]


def _who() -> tuple | None:
    """(the key's part for who asks, their stored language), or None when this request must take the usual path."""
    from flask_login import COOKIE_NAME

    from course.auth import parse_user_id
    from course.auth.sessions import digest, session_state
    from course.extensions import login_manager

    if session and session.get("_id") != login_manager._session_identifier_generator() and session.get("_fresh") is not False:
        return None  # Flask-Login's session protection would mark the session not fresh (a write): the usual path
    user_id = session.get("_user_id")
    if user_id is None:
        if request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)):
            return None
        return ("anonymous",), None
    parsed, sid = parse_user_id(user_id), session.get("sid")
    if parsed is None or not sid:
        return None
    row = current_app.extensions["identity_reader"].row(digest(sid), parsed[0])
    if (row is None or row.session_version != parsed[1] or row.erased_at is not None or row.must_change_password
            or session_state(row.created_at, row.last_seen_at) != "live"):
        return None  # no such session, ended, expired or due its once-a-minute touch: the user loader decides
    return tuple(row)[:-2], row.language


def serve_page():
    """``before_request``: the cached page for this request's key, or None (the view renders; ``keep_page`` stores it)."""
    if request.method != "GET" or request.endpoint not in PAGES or not current_app.config["PAGE_CACHE"]:
        return None
    if session.get("_flashes"):
        return None
    who = _who()
    if who is None:
        return None
    from course.extensions import db
    from course.i18n import locale_for
    from course.services.deadlines import today

    key = (request.endpoint, tuple(sorted(request.view_args.items())), request.query_string, request.host,
           request.script_root, locale_for(who[1]), who[0], today())
    parts = pages().get(key)
    if parts is None or current_app.config["PAGE_CACHE_VERIFY"]:
        g.page_key, g.page_cached = key, parts  # the view renders; keep_page stores the page (or compares it)
        db.session.info.pop(_WROTE, None)
        return None
    g.page_signed_in = who[0] != ("anonymous",)
    g.read_only = True  # nothing to commit at the boundary (course/database.py)
    return current_app.response_class(signed.csrf_token().encode().join(parts), mimetype="text/html")


def uncacheable() -> None:
    """A view calls this when its page depends on the moment (e.g. a waiting time that ends): it is never kept."""
    g.page_key = None


def keep_page(response):
    """``after_request`` (it runs before the boundary's commit): keep a page rendered for a key nothing in the request changed."""
    key = g.get("page_key")
    if key is None or response.status_code != 200 or response.mimetype != "text/html" or response.is_streamed:
        return response
    from course.extensions import db

    if db.session.info.get(_WROTE) or session.get("_flashes"):
        return response
    token = g.get("csrf_token")
    body = response.get_data()
    parts = tuple(body.split(token.encode())) if token else (body,)
    cached = g.get("page_cached")
    if cached is not None:
        if cached != parts:
            current_app.logger.error("page cache: a stale page would have been served for %s", request.path)
            raise RuntimeError(f"page cache: the page cached for {request.path} differs from the page rendered now")
        return response
    pages().put(key, parts)
    return response


def _note_write(session, *args) -> None:
    session.info[_WROTE] = True


def _note_statement(state) -> None:
    if not state.is_select:
        state.session.info[_WROTE] = True


def _bump_organisations(session, flush_context, instances) -> None:
    """``before_flush``: bump ``state_version`` of every organisation whose learners' pages show what changes.

    Learners' pages show their organisation (its name, policies, due dates) and its people: the trainers listed on
    ``/me/`` and the names of those who commented. So a change to an organisation or its due dates, any member
    joining, leaving or moving, and a change to a member's name or role bump that organisation; a name or role change
    of someone in no organisation (a site administrator, who may comment anywhere) bumps every organisation.
    """
    from sqlalchemy import inspect, update

    from course.models import Deadline, Membership, Organisation, User

    changed, everywhere = set(), False
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Deadline | Membership):
            organisation = obj.__dict__.get("organisation")  # set through the relationship, the id comes at the flush
            changed.add(obj.organisation_id if obj.organisation_id is not None else getattr(organisation, "id", None))
            if isinstance(obj, Membership) and obj in session.dirty:
                previous = inspect(obj).attrs.organisation_id.history.deleted
                changed.update(previous or ())
        elif isinstance(obj, Organisation) and obj not in session.new and session.is_modified(obj, include_collections=False):
            changed.add(obj.id)
        elif isinstance(obj, User) and obj in session.dirty:
            state = inspect(obj)
            if state.attrs.name.history.has_changes() or state.attrs.role.history.has_changes():
                membership = obj.__dict__.get("membership")  # loaded, or looked up without flushing
                if membership is None:
                    with session.no_autoflush:
                        membership = session.scalar(select_membership(obj.id))
                if membership is None:
                    everywhere = True
                else:
                    changed.add(membership.organisation_id)
    changed.discard(None)
    if everywhere:
        session.connection().execute(update(Organisation).values(state_version=Organisation.state_version + 1))
    elif changed:
        session.connection().execute(update(Organisation).where(Organisation.id.in_(sorted(changed)))
                                     .values(state_version=Organisation.state_version + 1))


def _learner_rows():
    from course.models import (
        AttainmentChange,
        AttemptGrant,
        Certificate,
        Completion,
        Evidence,
        LearnerFeedback,
        LessonRead,
        Mentee,
        OutcomeAttainment,
        PortfolioEntry,
        PortfolioSubmission,
        QuizAttempt,
    )

    return {QuizAttempt: "user_id", AttemptGrant: "user_id", Evidence: "user_id", OutcomeAttainment: "user_id",
            AttainmentChange: "user_id", Completion: "user_id", LearnerFeedback: "learner_id", Certificate: "user_id",
            Mentee: "user_id", PortfolioEntry: "user_id", PortfolioSubmission: "user_id", LessonRead: "user_id"}


def _bump_learners(session, flush_context, instances) -> None:
    """``before_flush``: a learner's state written without the learner's lock still bumps their ``state_version``.

    Every service takes the lock first (``services.locks``), which bumps it; this is the net under that rule, so a
    missed lock can never leave a cached page showing an older state.
    """
    from sqlalchemy import update

    from course.models import User
    from course.services.locks import held

    if not _LEARNER_ROWS:
        _LEARNER_ROWS.update(_learner_rows())
    learners = {getattr(obj, _LEARNER_ROWS[type(obj)]) for obj in (*session.new, *session.dirty, *session.deleted) if type(obj) in _LEARNER_ROWS}
    learners -= held(session)
    learners.discard(None)
    if learners:
        session.connection().execute(update(User).where(User.id.in_(sorted(learners))).values(state_version=User.state_version + 1))


_LEARNER_ROWS: dict = {}


def select_membership(user_id: int):
    from sqlalchemy import select

    from course.models import Membership

    return select(Membership).where(Membership.user_id == user_id)


def init_pages(app: Flask) -> None:
    """Whole-page caching: the hook runs before ``require_own_password`` and every other per-user check of a request."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    app.extensions["pages"] = PageCache(app.config["PAGE_CACHE_MB"] * 1024 * 1024)
    with app.app_context():
        from course.extensions import db

        app.extensions["identity_reader"] = IdentityReader(db.engine)
    app.before_request(serve_page)
    app.after_request(keep_page)  # runs before the commit (hooks run last-registered first); a GET that wrote is never kept
    if not event.contains(Session, "before_flush", _bump_organisations):
        event.listen(Session, "before_flush", _bump_organisations)
        event.listen(Session, "before_flush", _bump_learners)
        event.listen(Session, "after_flush", _note_write)
        event.listen(Session, "do_orm_execute", _note_statement)

