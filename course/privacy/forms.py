"""Forms of the privacy pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

REQUIRED = _l("To pole jest wymagane.")


class CorrectNameForm(FlaskForm):
    name = StringField(_l("Imię i nazwisko"), validators=[DataRequired(REQUIRED), Length(max=120)])


class EraseAccountForm(FlaskForm):
    password = PasswordField(_l("Hasło (potwierdzenie)"), validators=[DataRequired(REQUIRED), Length(max=256)])
    confirm = BooleanField(_l("Rozumiem, że usunięcia konta nie można cofnąć."),
                           validators=[DataRequired(_l("Zaznacz, że rozumiesz: usunięcia konta nie można cofnąć."))])
