"""Forms of the report pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


class ShareLinkForm(FlaskForm):
    days = IntegerField(
        _l("Valid for (days)"),
        default=30,
        validators=[InputRequired(), NumberRange(min=1, max=365)],
    )
