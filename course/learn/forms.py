"""Forms of the learn pages."""

from flask_wtf import FlaskForm


class MarkLessonReadForm(FlaskForm):
    """A button only; the form exists for its CSRF token."""
