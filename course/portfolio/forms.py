"""Portfolio forms. Entry fields are rendered from the entry kind and validated by the domain rules, as in the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from course.domain.portfolio import PortfolioTask


class AddMenteeForm(FlaskForm):
    alias = StringField(_l("Alias mentee"), validators=[Length(max=200)])


class SaveEntryForm(FlaskForm):
    """CSRF only: the fields come from the entry kind (see routes._posted_entry)."""


class SubmitTaskForm(FlaskForm):
    """CSRF only: the chosen entries come as the list ``entry_ids``."""


class DeleteEntryForm(FlaskForm):
    """CSRF only."""


def assess_task_form(task: PortfolioTask, formdata=None) -> FlaskForm:
    """One radio group per rubric criterion with its four level descriptors, feedback, and the choice to return."""

    class AssessTaskForm(FlaskForm):
        comment = TextAreaField(_l("Informacja zwrotna dla osoby uczącej się"), validators=[Optional(), Length(max=5000)])

    for criterion in task.criteria:
        choices = [SelectChoice(str(n), f"{n}: {text}") for n, text in enumerate(criterion.levels, start=1)]
        field = RadioField(criterion.text, choices=choices, validators=[InputRequired(_l("Wybierz poziom od 1 do 4 dla każdego kryterium."))])
        setattr(AssessTaskForm, f"criterion_{criterion.id}", field)
    return AssessTaskForm(formdata=formdata) if formdata is not None else AssessTaskForm()


class ReturnTaskForm(FlaskForm):
    comment = TextAreaField(_l("Co trzeba poprawić"), validators=[InputRequired(_l("Napisz, co trzeba poprawić.")), Length(max=5000)])
