"""The JSON API /api/v1/: bearer-token or session authentication, JSON errors."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import attainment, attempts, certificates, grants, portfolio, privacy, routes  # noqa: E402,F401  (registers the endpoints on bp)
