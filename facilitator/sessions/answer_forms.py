"""The payloads of participants' answers: which dimensions they may name comes from the kinds.

Apart from `forms.py` because it sits above the kinds: each kind declares the dimensions its
answers take (`StepKind.answer_dimensions`), and a kind's own payload forms build on
`forms.PayloadForm`, so `forms.py` cannot import the kinds. Whether a step takes a dimension
is its kind's to say (`assessment_services`); the form only refuses names no kind knows.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange

from .. import kinds
from .forms import ID_RANGE, IDEMPOTENCY_KEY, PayloadForm

DIMENSION_CHOICES = [SelectChoice(name) for name in kinds.ANSWER_DIMENSIONS]


class AnswerForm(PayloadForm):
    """One answer to an item in one dimension (the service checks the step and the range)."""

    step_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    item_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    dimension = SelectField(choices=DIMENSION_CHOICES, validators=[InputRequired()])
    value = IntegerField(
        validators=[
            InputRequired(),
            NumberRange(min=1, max=20, message=_l("This answer is not one of the choices.")),
        ]
    )
    key = StringField(validators=[InputRequired(), IDEMPOTENCY_KEY])


class SkipForm(PayloadForm):
    """Remove one's answers to an item ("I cannot judge this"), or untick one option."""

    step_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    item_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    dimension = SelectField(choices=[SelectChoice(""), *DIMENSION_CHOICES], default="")
    key = StringField(validators=[InputRequired(), IDEMPOTENCY_KEY])
