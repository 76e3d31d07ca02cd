"""HTML forms of the risk assessment: the facilitator's items and the action plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, cast

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .. import kinds
from ..text import TextForm
from .forms import ID_RANGE


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ItemAddForm(TextForm):
    step_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    text = TextAreaField(
        _l("Own statement or hazard"),
        validators=[DataRequired(message=_l("Please write something.")), Length(max=500)],
        filters=[_stripped],
    )
    area = StringField(_l("Area (optional)"), validators=[Length(max=120)], filters=[_stripped])


class ItemRefForm(TextForm):
    item_id = IntegerField(validators=[InputRequired(), ID_RANGE])


class TakeOverForm(TextForm):
    step_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    origin = SelectField(
        choices=[SelectChoice(o) for o in ("check", "note", "risk")], validators=[InputRequired()]
    )
    source_id = IntegerField(validators=[InputRequired(), ID_RANGE])


def stop_choices() -> list[SelectChoice]:
    return [
        SelectChoice("S", _l("S – Substitution (a different, less intrusive system or function)")),
        SelectChoice("T", _l("T – Technical (e.g. switch off analytics, add an override)")),
        SelectChoice("O", _l("O – Organisational (rules, time, pilots, procedures)")),
        SelectChoice("P", _l("P – Personal (training, instruction)")),
    ]


def priority_choices() -> list[SelectChoice]:
    return [
        SelectChoice("high", _l("high")),
        SelectChoice("medium", _l("medium")),
        SelectChoice("low", _l("low")),
    ]


def status_choices() -> list[SelectChoice]:
    return [
        SelectChoice("open", _l("open")),
        SelectChoice("in_progress", _l("in progress")),
        SelectChoice("done", _l("done")),
        SelectChoice("dropped", _l("dropped")),
    ]


class ToActionForm(TextForm):
    """Take a proposal over into the action plan, with the STOP type chosen there."""

    note_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    stop_type = SelectField(_l("Type (STOP)"), choices=stop_choices(), validators=[Optional()])


class RemoveActionForm(TextForm):
    """Removing a measure needs an explicit tick."""

    confirm = BooleanField(
        _l("Yes, remove this measure from the action plan."), validators=[DataRequired()]
    )


class ActionForm(TextForm):
    """A row of the action plan (OiRA's columns plus STOP type, priority, effectiveness check
    and status)."""

    hazard_id = SelectField(_l("Hazard"), coerce=int, validators=[Optional()])
    measure = TextAreaField(
        _l("Measure"),
        validators=[DataRequired(message=_l("Please describe the measure.")), Length(max=2000)],
        filters=[_stripped],
    )
    stop_type = SelectField(_l("Type (STOP)"), choices=stop_choices(), default="O")
    priority = SelectField(_l("Priority"), choices=priority_choices(), default="medium")
    expertise = TextAreaField(
        _l("Expertise or requirements needed"), validators=[Length(max=1000)], filters=[_stripped]
    )
    responsible = StringField(
        _l("Responsible (role)"),
        description=_l("A role such as “Geschäftsführung”; a person's name only if you type one."),
        validators=[Length(max=200)],
        filters=[_stripped],
    )
    budget = StringField(_l("Budget"), validators=[Length(max=100)], filters=[_stripped])
    start_on = DateField(_l("Start"), validators=[Optional()])
    due_on = DateField(_l("Due"), validators=[Optional()])
    effectiveness = TextAreaField(
        _l("Effectiveness check: how, when, by whom"),
        validators=[Length(max=1000)],
        filters=[_stripped],
    )
    status = SelectField(_l("Status"), choices=status_choices(), default="open")

    def validate_due_on(self, field: DateField) -> None:
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError(_l("The due date cannot be before the start."))

    def values(self) -> dict[str, object]:
        return {
            name: getattr(self, name).data
            for name in (
                "measure",
                "stop_type",
                "priority",
                "expertise",
                "responsible",
                "budget",
                "start_on",
                "due_on",
                "effectiveness",
                "status",
            )
        }


# --- editing steps and own templates --------------------------------------------------------


def _editable() -> list[kinds.StepKind]:
    """The kinds a step can be added of on the control page, in their declared places."""
    return sorted(
        (each for each in kinds.KINDS.values() if each.editable), key=lambda k: k.edit_place
    )


def kind_choices() -> list[SelectChoice]:
    """The form's kinds, with the labels they declare."""
    return [SelectChoice(each.name, each.edit_label) for each in _editable()]


def lines_help() -> str:
    """What the lines are for each kind offered, as each kind says it."""
    return " ".join(str(each.edit_lines) for each in _editable() if each.edit_lines is not None)


class StepAddForm(TextForm):
    """The control page's quick form: the fields every kind offered shares. The fields a kind
    adds (`StepKind.quick_fields`) join it in `QuickStepForm`, built once from the registry;
    the page draws them in a loop over `kind_fields`, so this form names none of them."""

    kind = SelectField(_l("Kind of step"), choices=kind_choices)  # read when a form is made
    title = StringField(
        _l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_stripped]
    )
    prompt = TextAreaField(
        _l("Question or text"), validators=[DataRequired(), Length(max=2000)], filters=[_stripped]
    )
    lines = TextAreaField(
        _l("Columns, options or items (one per line)"),
        description=LazyString(lines_help),  # read when the form is drawn, in its language
        validators=[Length(max=4000)],
    )
    position = IntegerField(validators=[InputRequired(), NumberRange(0, 999)])
    # the names of the fields the kinds added, in the order the page draws them
    kind_fields: ClassVar[tuple[str, ...]] = ()

    @property
    def line_list(self) -> list[str]:
        return [line.strip() for line in (self.lines.data or "").splitlines() if line.strip()]

    def kinds_data(self) -> dict[str, Any]:
        """The data of the kinds' own fields, by name (each kind's `raw_settings` reads its
        own)."""
        return {name: self[name].data for name in self.kind_fields}


def quick_fields(offered: Sequence[kinds.StepKind]) -> dict[str, Any]:
    """The fields the kinds offered add to the quick form, each name once, in the kinds'
    order; two kinds may read one field only by naming the same field object."""
    found: dict[str, Any] = {}
    for each in offered:
        for name, field in each.quick_fields.items():
            if name in StepAddForm.__dict__ or found.setdefault(name, field) is not field:
                raise TypeError(f"{each.name}: the quick form has another field named {name!r}")
    return found


def quick_step_form(offered: Sequence[kinds.StepKind]) -> type[StepAddForm]:
    """The quick form with the fields of the kinds offered."""
    added = quick_fields(offered)
    built = type("QuickStepForm", (StepAddForm,), {**added, "kind_fields": tuple(added)})
    return cast(type[StepAddForm], built)


QuickStepForm = quick_step_form(_editable())


class StepRefForm(TextForm):
    step_id = IntegerField(validators=[InputRequired(), ID_RANGE])


class StepEditForm(TextForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(), Length(max=200)], filters=[_stripped]
    )
    prompt = TextAreaField(
        _l("Question or text"), validators=[DataRequired(), Length(max=2000)], filters=[_stripped]
    )


class SaveTemplateForm(TextForm):
    name = StringField(
        _l("Name of the template"),
        validators=[DataRequired(), Length(max=200)],
        filters=[_stripped],
    )
