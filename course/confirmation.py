"""A server-side confirmation step for destructive POSTs (remove, revoke, delete), working without JavaScript.

The first post of an action's form only shows a page saying what will happen; the action is taken
only when that page's form is posted back with ``confirmed=yes``. Fields the action needs (a reason)
travel through the page as hidden inputs.
"""

from __future__ import annotations

from flask import render_template, request
from flask_wtf import FlaskForm
from wtforms import HiddenField


class ConfirmActionForm(FlaskForm):
    """The CSRF token and the confirmation flag of a destructive action."""

    confirmed = HiddenField()


def is_confirmed(form: ConfirmActionForm) -> bool:
    return form.confirmed.data == "yes"


def confirmation_page(form: ConfirmActionForm, *, title: str, message: str, button: str, cancel_url: str, carry: dict | None = None):
    """The page that asks before acting; it posts the same form back to the same address."""
    return render_template("confirm.html", form=form, title=title, message=message, button=button, cancel_url=cancel_url,
                           action=request.path, carry=carry or {})
