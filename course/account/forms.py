"""The profile form, composed from the notification kinds the person's role receives (WTForms dynamic composition)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from course.domain.notifications import Kind, Mode

REQUIRED = _l("To pole jest wymagane.")

KIND_LABELS = {
    "answer_to_mark": _l("Odpowiedź otwarta czeka na moją ocenę"),
    "competence_to_confirm": _l("Kompetencja czeka na moje potwierdzenie"),
    "portfolio_submitted": _l("Zadanie portfolio czeka na moją ocenę"),
    "quiz_marked": _l("Trener ocenił moje odpowiedzi otwarte"),
    "competence_rated": _l("Trener potwierdził lub ocenił moją kompetencję"),
    "feedback_written": _l("Trener napisał do mnie informację zwrotną"),
    "portfolio_assessed": _l("Trener ocenił moje zadanie portfolio"),
    "portfolio_returned": _l("Trener zwrócił mi zadanie portfolio do poprawy"),
    "certificate_issued": _l("Wystawiono mi certyfikat"),
}
MODE_LABELS = {Mode.IMMEDIATE: _l("Od razu"), Mode.DIGEST: _l("Raz dziennie, w podsumowaniu"), Mode.OFF: _l("Nie wysyłaj")}
LANGUAGE_CHOICES = [SelectChoice("auto", _l("Jak w przeglądarce")), SelectChoice("pl", "polski"), SelectChoice("en", "English")]


class UpdateProfileForm(FlaskForm):
    name = StringField(_l("Imię i nazwisko"), validators=[DataRequired(REQUIRED), Length(max=120, message=_l("Podaj imię i nazwisko (do 120 znaków)."))])
    language = RadioField(_l("Język strony i e-maili"), choices=LANGUAGE_CHOICES, default="auto",
                          validators=[InputRequired(_l("Wybierz język z listy."))])

    @property
    def kind_fields(self) -> list:
        """The notification preference fields, in the order of the kinds."""
        return [self[f"notify_{kind_id}"] for kind_id in KIND_LABELS if f"notify_{kind_id}" in self]


def profile_form(kinds: tuple[Kind, ...], **data) -> UpdateProfileForm:
    """The profile form with one choice (at once / digest / off) per kind the person can receive."""

    class _Form(UpdateProfileForm):
        pass

    for kind in kinds:
        setattr(_Form, f"notify_{kind.id}", RadioField(
            KIND_LABELS[kind.id], choices=[SelectChoice(mode.value, MODE_LABELS[mode]) for mode in Mode],
            validators=[InputRequired(_l("Wybierz, jak wysyłać to powiadomienie."))]))
    return _Form(**data)
