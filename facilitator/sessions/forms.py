"""Every input's shape and limits: HTML forms and socket payloads alike.

Socket payloads are wrapped as a MultiDict of *string* values before validation (see
STYLE.md §4: WTForms' InputRequired checks raw input, and a numeric 0 would fail otherwise).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, TypeVar

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.i18n import messages_path
from wtforms.meta import DefaultMeta
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from ..navigation import MAX_ID
from ..rules import session as rules
from ..text import TextForm

ID_RANGE = NumberRange(min=1, max=MAX_ID)
MAX_MERGE = 1000  # notes merged in one action
MAX_REJECTED = 500  # suggestions turned down that a control page remembers
IDEMPOTENCY_KEY = Regexp(r"^[A-Za-z0-9_-]{8,64}$", message=_l("Invalid request key."))
COLUMN_KEY = Regexp(r"^[a-z0-9][a-z0-9-]{0,39}$", message=_l("Unknown column."))

FormT = TypeVar("FormT", bound="PayloadForm")


@functools.lru_cache(maxsize=8)
def _wtforms_translations(locale: str) -> support.NullTranslations:
    """WTForms' own messages in one language, loaded once (Flask-WTF reloads them per request,
    which is every socket event)."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class PayloadForm(TextForm):
    """Base of socket payload forms: no CSRF (the connection was authenticated at connect)."""

    class Meta:
        csrf = False

        def get_translations(self, form: Any) -> support.NullTranslations:
            return _wtforms_translations(str(get_locale() or "de"))

    @classmethod
    def from_payload(cls: type[FormT], payload: object) -> FormT:
        """Build the form from a socket payload; anything but a flat object fails validation."""
        data: MultiDict[str, str] = MultiDict()
        if isinstance(payload, Mapping):
            for name, value in payload.items():
                if isinstance(value, str | int | float) and not isinstance(value, bool):
                    data.add(str(name), str(value))
        return cls(formdata=data)


def note_text_field() -> StringField:
    return TextAreaField(
        _l("Your note"),
        validators=[DataRequired(message=_l("Please write something."))],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


class NoteAddForm(PayloadForm):
    step_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    column = StringField(validators=[InputRequired(), COLUMN_KEY])
    text = note_text_field()
    key = StringField(validators=[InputRequired(), IDEMPOTENCY_KEY])

    def validate_text(self, field: StringField) -> None:
        if len(field.data or "") > current_app.config["MAX_NOTE_LENGTH"]:
            raise ValidationError(_l("The note is too long."))


class NoteEditForm(PayloadForm):
    note_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    text = note_text_field()
    key = StringField(validators=[InputRequired(), IDEMPOTENCY_KEY])

    validate_text = NoteAddForm.validate_text


class NoteRefForm(PayloadForm):
    """A note and an idempotency key: deleting a note, casting or retracting a dot."""

    note_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    key = StringField(validators=[InputRequired(), IDEMPOTENCY_KEY])


class WholeAnswerForm(PayloadForm):
    """A kind's own event that saves a whole answer at once (a ranking's order): the step,
    the key, and the answer's values in the subclass's fields (`StepKind.actions`)."""

    step_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    key = StringField(validators=[InputRequired(), IDEMPOTENCY_KEY])

    def values(self) -> list[int]:
        """The whole answer's values, read from the validated payload."""
        raise NotImplementedError(type(self).__name__)


class ConnectForm(PayloadForm):
    """What a connecting client says it is: which session, which view."""

    ws = IntegerField(validators=[InputRequired(), ID_RANGE])
    view = SelectField(
        choices=[SelectChoice(view) for view in ("participant", "projector", "facilitator")],
        validators=[InputRequired()],
    )
    csrf = StringField(validators=[Length(max=200)])  # the page's CSRF token, checked at connect


# --- HTML forms -----------------------------------------------------------------------------


def form_problems(form: FlaskForm) -> str:
    """A refused form's messages in one line, each with its field's label, for a flash."""
    return "; ".join(
        f"{getattr(form, name).label.text}: {' '.join(str(m) for m in messages)}"
        for name, messages in form.errors.items()
        if hasattr(form, name)
    ) or str(_l("The request was not valid. Please reload the page."))


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class NewSessionForm(TextForm):
    template = SelectField(_l("Exercise template"), validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    place = StringField(
        _l("Place (optional)"),
        description=_l("Where the workshop is held, e.g. a site or a meeting room; in the report."),
        validators=[Length(max=200)],
    )
    language = SelectField(
        _l("Language of the workshop"),
        choices=[SelectChoice("de", "Deutsch"), SelectChoice("en", "English")],
        default="de",
    )
    groups = TextAreaField(
        _l("Participant groups (one per line)"),
        validators=[InputRequired(), Length(max=1000)],
    )
    anonymity_threshold = IntegerField(
        _l("Anonymity threshold"),
        description=_l(
            "Results are broken down by group only for groups with at least this many "
            "participants (at least 3)."
        ),
        default=5,
        validators=[InputRequired(), NumberRange(min=3, max=100)],
    )

    retention_days = IntegerField(
        _l("Keep results for (days after the end)"),
        description=_l(
            "Then the workshop is deleted with all its results. The link between participants "
            "and their contributions is deleted soon after the end anyway."
        ),
        default=90,
        validators=[InputRequired(), NumberRange(min=1, max=3650)],
    )

    def validate_groups(self, field: TextAreaField) -> None:
        groups = _lines(field.data)
        if not 1 <= len(groups) <= 12:
            raise ValidationError(_l("Give between 1 and 12 groups."))
        if any(len(group) > 80 for group in groups):
            raise ValidationError(_l("A group name may have at most 80 characters."))
        if len(set(groups)) != len(groups):
            raise ValidationError(_l("Each group may appear only once."))

    @property
    def group_list(self) -> list[str]:
        return _lines(self.groups.data)


class JoinCodeForm(TextForm):
    code = StringField(
        _l("Workshop code"),
        validators=[InputRequired(message=_l("Please enter the code."))],
        filters=[lambda value: rules.normalize_join_code(value) if value else value],
        # a code, not a word: capitals on the phone's keyboard, no suggestions, no autofill
        render_kw={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"},
    )

    def validate_code(self, field: StringField) -> None:
        if not rules.is_valid_join_code(field.data or "", current_app.config["JOIN_CODE_LENGTH"]):
            raise ValidationError(_l("This is not a valid code. Please check it."))


class JoinForm(TextForm):
    group = RadioField(
        _l("I take part as"), validators=[InputRequired(message=_l("Please choose a group."))]
    )

    def __init__(self, groups: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.group.choices = [SelectChoice(group) for group in groups]


class ButtonForm(TextForm):
    """An empty form for POST-only buttons (CSRF only)."""


class ClearAnswersForm(TextForm):
    """Deleting a step's answers and dots needs an explicit tick."""

    confirm = BooleanField(
        _l("Yes, delete every answer and dot of this step."), validators=[DataRequired()]
    )


class DeleteForm(TextForm):
    """Deleting a workshop needs an explicit tick."""

    confirm = BooleanField(
        _l("Yes, delete this workshop with all notes, dots, results and report links."),
        validators=[DataRequired()],
    )


class EndForm(TextForm):
    """Ending the workshop needs an explicit tick (it closes input on every phone)."""

    confirm = BooleanField(
        _l("Yes, end the workshop now: input closes on every phone."),
        validators=[DataRequired()],
    )


class RetentionForm(TextForm):
    retention_days = IntegerField(
        _l("Keep results for (days after the end)"),
        validators=[InputRequired(), NumberRange(min=1, max=3650)],
    )


class GotoForm(TextForm):
    position = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=999)])


class TimerForm(TextForm):
    minutes = IntegerField(
        _l("Minutes"), default=5, validators=[InputRequired(), NumberRange(min=1, max=120)]
    )


class NoteModerationForm(TextForm):
    note_id = IntegerField(validators=[InputRequired(), ID_RANGE])


class QuestionStatusForm(TextForm):
    """The facilitator marks a question of a Q&A step open, being answered or answered."""

    note_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    status = SelectField(
        choices=[SelectChoice(status) for status in rules.QA_STATUSES],
        validators=[InputRequired()],
    )


class IdListField(Field):
    """Note ids sent as the same field several times (ticked checkboxes), or as one value with
    ids joined by `separator`; each a positive id, at most `MAX_MERGE` of them."""

    def __init__(self, *args: Any, separator: str = ",", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.separator = separator
        self.data: list[int] = []

    def process_formdata(self, valuelist: list[Any]) -> None:
        ids: list[int] = []
        for value in valuelist:
            for part in str(value).split(self.separator):
                if part.strip():
                    try:
                        ids.append(int(part))
                    except ValueError:
                        raise ValueError(_l("Unknown note.")) from None
        if any(not ID_RANGE.min <= note_id <= MAX_ID for note_id in ids) or len(ids) > MAX_MERGE:
            raise ValueError(_l("Unknown note."))
        self.data = list(dict.fromkeys(ids))

    def _value(self) -> str:
        return self.separator.join(str(note_id) for note_id in self.data)


class IdGroupsField(Field):
    """Groups of note ids: the field repeated, each value one group with ids joined by '.'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.data: list[list[int]] = []

    def process_formdata(self, valuelist: list[Any]) -> None:
        if len(valuelist) > MAX_REJECTED:
            raise ValueError(_l("Unknown note."))
        groups = []
        for value in valuelist:
            member = IdListField(separator=".").bind(None, "group", _meta=DefaultMeta())
            member.process_formdata([value])
            groups.append(member.data)
        self.data = groups


def _some_ids(form: Any, field: IdListField) -> None:
    if not field.data and not field.process_errors:
        raise ValidationError(_l("Please choose at least one note to merge."))


class MergeForm(TextForm):
    """Merge one or several notes (`note_id`, repeated) into `into_id`, optionally under a new
    title (a note of the facilitator's that heads the group)."""

    note_id = IdListField(_l("Notes to merge"), validators=[_some_ids])
    into_id = IntegerField(_l("Merge into"), validators=[InputRequired(), ID_RANGE])
    title = StringField(
        _l("Title of the merged note (optional)"),
        validators=[Optional(), Length(max=1000)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


class UnmergeForm(TextForm):
    """Undo the merge of one note, or of a whole group at once (`note_id` repeated)."""

    note_id = IdListField(validators=[_some_ids])


class SuggestionsForm(TextForm):
    """What the facilitator turned down: each `rejected` value one group, ids joined by '.'."""

    class Meta:
        csrf = False  # a read (GET): nothing changes

    rejected = IdGroupsField()


class ApproveAllForm(TextForm):
    """Approve a step's waiting notes up to the newest one the facilitator saw."""

    step_id = IntegerField(validators=[InputRequired(), ID_RANGE])
    up_to = IntegerField(validators=[InputRequired(), ID_RANGE])


class LanguageForm(TextForm):
    lang = HiddenField(validators=[InputRequired(), Regexp(r"^(de|en)$")])
    next = HiddenField()
