"""Forms of the organisation pages."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from course.services.deadlines import EARLIEST, LATEST

REQUIRED = _l("To pole jest wymagane.")


class UpdatePolicyForm(FlaskForm):
    competences_need_trainer = BooleanField(_l("Kompetencje wymagają potwierdzenia trenera (zalecane)"))
    certificates_automatic = BooleanField(_l("Wystawiaj certyfikat automatycznie po ukończeniu modułu"))
    certificate_valid_months = IntegerField(
        _l("Ważność certyfikatu w miesiącach (puste: bezterminowo)"),
        validators=[Optional(), NumberRange(1, 120, _l("Podaj liczbę miesięcy od 1 do 120."))],
    )


class ImportLearnersForm(FlaskForm):
    file = FileField(_l("Plik CSV (kolumny: name,email)"), validators=[FileRequired(_l("Wybierz plik CSV."))])


class AddTrainerForm(FlaskForm):
    name = StringField(_l("Imię i nazwisko"), validators=[DataRequired(REQUIRED), Length(max=120)])
    email = EmailField(_l("Adres e-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])


class ReasonForm(FlaskForm):
    """Revoke or reissue: the reason, then a confirmation step (``confirmed``, see course.confirmation)."""

    reason = TextAreaField(_l("Powód"), validators=[DataRequired(_l("Podaj powód.")), Length(max=2000)])
    confirmed = HiddenField()


class CreateOrganisationForm(FlaskForm):
    name = StringField(_l("Nazwa organizacji"), validators=[DataRequired(REQUIRED), Length(max=200)])
    slug = StringField(_l("Identyfikator (małe litery, cyfry, łączniki)"), validators=[DataRequired(REQUIRED), Length(max=60)])


class ActionForm(FlaskForm):
    """A button only: the form exists for its CSRF token."""


class SetDeadlinesForm(FlaskForm):
    """Due dates per unit and per quiz; fields are added per content id by ``set_deadlines_form``."""

    targets: dict[str, str]  # field name -> unit or quiz id
    units: dict[str, str]  # quiz id -> its unit id

    def due_dates(self) -> dict:
        return {target: _parse_date(self[name].data) for name, target in self.targets.items()}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name, target in self.targets.items():  # a quiz is due by its unit's date at the latest
            unit_field = self._fields.get(f"due-{self.units.get(target, '')}")
            mine, units = _parse_date(self[name].data), _parse_date(unit_field.data) if unit_field and not unit_field.errors else None
            if not self[name].errors and mine and units and mine > units:
                self[name].errors.append(_l("Termin quizu nie może być późniejszy niż termin jego jednostki."))
                ok = False
        return ok


def _parse_date(value) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()) if (value or "").strip() else None
    except ValueError:
        return None


def _valid_date(form, field) -> None:
    value = (field.data or "").strip()
    if not value:
        return
    day = _parse_date(value)
    if day is None:
        raise ValidationError(_l("Podaj datę w formacie RRRR-MM-DD, np. 2027-03-31."))
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(_l("Podaj datę od %(first)s do %(last)s.", first=EARLIEST.isoformat(), last=LATEST.isoformat()))


def set_deadlines_form(catalogue, current: dict) -> SetDeadlinesForm:
    """One optional date field per unit (``due-<unit id>``) and per quiz (``due-<quiz id>``), filled with ``current``."""
    fields, targets, units = {}, {}, {}
    for unit in catalogue.units:
        rows = [(unit.id, _l("%(id)s: cała jednostka", id=unit.id))]
        rows += [(quiz.id, f"{unit.id}: {quiz.title}") for quiz in catalogue.quizzes_of(unit.id)]
        for target, label in rows:
            name = f"due-{target}"
            fields[name] = StringField(label, validators=[Optional(), _valid_date], render_kw={"type": "date", "inputmode": "numeric"},
                                       default=current[target].isoformat() if target in current else "")
            targets[name] = target
            if target != unit.id:
                units[target] = unit.id
    form_class = type("SetDeadlinesFormFor", (SetDeadlinesForm,), fields)
    form = form_class()
    form.targets, form.units = targets, units
    return form
