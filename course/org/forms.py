"""Forms of the organisation pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

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
    reason = TextAreaField(_l("Powód"), validators=[DataRequired(_l("Podaj powód.")), Length(max=2000)])


class CreateOrganisationForm(FlaskForm):
    name = StringField(_l("Nazwa organizacji"), validators=[DataRequired(REQUIRED), Length(max=200)])
    slug = StringField(_l("Identyfikator (małe litery, cyfry, łączniki)"), validators=[DataRequired(REQUIRED), Length(max=60)])


class ActionForm(FlaskForm):
    """A button only: the form exists for its CSRF token."""
