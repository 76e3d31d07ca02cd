"""Forms of the report pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from ..text import TextForm


class ShareLinkForm(TextForm):
    days = IntegerField(
        _l("Valid for (days)"),
        default=30,
        validators=[InputRequired(), NumberRange(min=1, max=365)],
    )
