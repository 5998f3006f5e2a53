"""Forms of the certificate pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class VerifyCredentialForm(FlaskForm):
    credential = TextAreaField(_l("Poświadczenie (Open Badges 3.0, VC-JWT)"),
                               validators=[DataRequired(_l("Wklej poświadczenie.")), Length(max=100_000)])


class RevokeCertificateForm(FlaskForm):
    reason = TextAreaField(_l("Powód"), validators=[DataRequired(_l("Podaj powód.")), Length(max=2000)])
