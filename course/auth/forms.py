"""Forms of the auth pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

REQUIRED = _l("To pole jest wymagane.")


class LoginForm(FlaskForm):
    email = EmailField(_l("Adres e-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Hasło"), validators=[DataRequired(REQUIRED), Length(max=256)])


class RegisterUserForm(FlaskForm):
    name = StringField(_l("Imię i nazwisko"), validators=[DataRequired(REQUIRED), Length(max=120)])
    email = EmailField(_l("Adres e-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(
        _l("Hasło"),
        validators=[DataRequired(REQUIRED)],
        description=_l("Co najmniej 12 znaków. Najlepiej kilka przypadkowych słów; nie używaj popularnych haseł."),
    )
    password_repeat = PasswordField(
        _l("Powtórz hasło"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("Hasła nie są takie same."))],
    )
    join_code = StringField(
        _l("Kod organizacji (opcjonalnie)"),
        validators=[Optional(), Length(max=20)],
        description=_l("Jeśli Twoja firma lub szkoła dała Ci kod, wpisz go tutaj, np. ABCD-EFGH."),
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Obecne hasło"), validators=[DataRequired(REQUIRED)])
    new_password = PasswordField(
        _l("Nowe hasło"), validators=[DataRequired(REQUIRED)], description=_l("Co najmniej 12 znaków; nie używaj popularnych haseł.")
    )
    new_password_repeat = PasswordField(
        _l("Powtórz nowe hasło"),
        validators=[DataRequired(REQUIRED), EqualTo("new_password", _l("Hasła nie są takie same."))],
    )
