"""Error pages for people (in the interface language), and the JSON error shape for the API."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

TITLES = {
    400: _l("Nieprawidłowe żądanie"),
    403: _l("Brak dostępu"),
    404: _l("Nie znaleziono strony"),
    405: _l("Niedozwolona metoda"),
    413: _l("Za duże żądanie"),
    429: _l("Zbyt wiele prób"),
    500: _l("Błąd serwera"),
}


def _explanation(code: int) -> str:
    return {
        400: _("Przeglądarka wysłała żądanie, którego nie możemy przyjąć. Wróć i spróbuj ponownie."),
        403: _("Nie masz uprawnień do tej strony. Jeśli uważasz, że to błąd, skontaktuj się z trenerem lub administratorem organizacji."),
        404: _("Nie ma tu takiej strony. Sprawdź adres albo wróć na stronę główną kursu."),
        405: _("Ta strona nie obsługuje takiego żądania."),
        413: _("Przesłane dane są za duże."),
        429: _("Zbyt wiele prób w krótkim czasie. Odczekaj minutę i spróbuj ponownie."),
        500: _("Coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę."),
    }.get(code, _("Wystąpił błąd."))


def wants_json() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, code: str, message: str):
    return jsonify({"error": {"code": code, "message": message}}), status


def conflict_response():
    """The answer to a write that lost a race: nothing was stored, the client may try again."""
    message = _("Ktoś w tej samej chwili zmienił te same dane. Nic nie zapisano; spróbuj ponownie.")
    if wants_json():
        response, status = api_error(409, "conflict", message)
    else:
        response = current_app.make_response((render_template("errors/error.html", status=409, title=_("Konflikt zapisu"), message=message), 409))
        status = 409
    response.status_code = status
    return response


def handle_http_error(error: HTTPException):
    status = error.code or 500
    if status == 403:
        from .services.audit import record_denial

        record_denial(status)
    if isinstance(error, CSRFError):
        message = _("Formularz wygasł lub nie pochodzi z tej strony. Odśwież stronę i spróbuj ponownie.")
    else:
        message = _explanation(status)
    if wants_json():
        code = (error.name or "error").lower().replace(" ", "_")
        return api_error(status, code, getattr(error, "description_override", None) or message)
    title = str(TITLES.get(status) or _("Błąd"))
    return render_template("errors/error.html", status=status, title=title, message=message), status


def handle_unexpected(error: Exception):
    from .extensions import db

    current_app.logger.error("unhandled exception: %s", type(error).__name__, exc_info=error)
    db.session.rollback()
    return handle_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.debug and not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
