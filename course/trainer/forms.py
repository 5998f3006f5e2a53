"""Trainer forms; the marking form is composed from the item's rubric."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from course.domain.questions import OpenBody

REQUIRED = _l("To pole jest wymagane.")


class ConfirmCompetenceForm(FlaskForm):
    level = RadioField(_l("Poziom kompetencji"), choices=[SelectChoice(str(n), str(n)) for n in range(1, 5)],
                       validators=[InputRequired(_l("Wybierz poziom od 1 do 4."))])
    basis = RadioField(_l("Na czym opierasz ocenę"), default="observation", choices=[
        SelectChoice("observation", _l("Obserwacja: opisz w komentarzu, co i kiedy zaobserwowałeś lub zaobserwowałaś")),
        SelectChoice("portfolio", _l("Oceniona praca z teczki mentora")),
    ], validators=[Optional()])
    submission_id = SelectField(_l("Praca z teczki mentora"), choices=[], validate_choice=False)
    comment = TextAreaField(_l("Komentarz dla osoby uczącej się"), validators=[Optional(), Length(max=5000)])


class GiveFeedbackForm(FlaskForm):
    text = TextAreaField(_l("Informacja zwrotna dla osoby uczącej się"), validators=[DataRequired(REQUIRED), Length(max=5000)])


def mark_open_answer_form(body: OpenBody, formdata=None) -> FlaskForm:
    """One radio group per rubric criterion (its levels and points), plus a comment."""

    class MarkOpenAnswerForm(FlaskForm):
        comment = TextAreaField(_l("Komentarz dla osoby uczącej się"), validators=[Optional(), Length(max=5000)])

    for criterion in body.rubric:
        choices = [SelectChoice(str(n), f"{level.points:g} pkt: {level.description}") for n, level in enumerate(criterion.levels)]
        field = RadioField(criterion.criterion, choices=choices, validators=[InputRequired(_l("Wybierz poziom dla każdego kryterium."))])
        setattr(MarkOpenAnswerForm, f"criterion_{criterion.id}", field)
    return MarkOpenAnswerForm(formdata=formdata) if formdata is not None else MarkOpenAnswerForm()


def rubric_fraction(body: OpenBody, form: FlaskForm) -> float:
    """The share of the rubric's maximum that the chosen levels give."""
    earned = sum(c.levels[int(getattr(form, f"criterion_{c.id}").data)].points for c in body.rubric)
    return earned / sum(c.max_points for c in body.rubric)


def rubric_levels(body: OpenBody, form: FlaskForm) -> dict[str, int]:
    """The level index chosen for each criterion, as stored with the marked answer."""
    return {c.id: int(getattr(form, f"criterion_{c.id}").data) for c in body.rubric}
