"""Login and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length

from ..text import TextForm


class LoginForm(TextForm):
    email = EmailField(_l("E-mail"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])
    remember = BooleanField(_l("Stay logged in"))


class PasswordChangeForm(TextForm):
    """The policy itself is checked by the service (`accounts.services.check_new_password`),
    which the command line uses as well."""

    current = PasswordField(_l("Current password"), validators=[InputRequired(), Length(max=200)])
    new = PasswordField(
        _l("New password"),
        validators=[InputRequired(), Length(max=200)],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(),
            EqualTo("new", message=_l("The two new passwords are not the same.")),
        ],
    )
