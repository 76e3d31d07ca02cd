"""Forms of a workshop's team: invite an account, change a role, remove, hand over."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from ..navigation import MAX_ID
from ..rules.team import MEMBER_ROLES, Role
from ..text import TextForm

ROLE_LABELS = {
    Role.OWNER: _l("Owner"),
    Role.COFACILITATOR: _l("Co-facilitator"),
    Role.OBSERVER: _l("Observer"),
}


def _role_field() -> SelectField:
    return SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in MEMBER_ROLES],
        default=Role.OBSERVER.value,
        validators=[InputRequired(message=_l("Please choose a role."))],
    )


class InviteForm(TextForm):
    email = StringField(
        _l("E-mail address of the facilitator account"),
        description=_l(
            "The person needs a facilitator account of this installation; they log in with "
            "this address."
        ),
        validators=[
            InputRequired(message=_l("Please enter an e-mail address.")),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+$", message=_l("This is not an e-mail address.")),
        ],
        filters=[lambda value: value.strip().lower() if isinstance(value, str) else value],
        render_kw={"autocomplete": "off", "inputmode": "email", "spellcheck": "false"},
    )
    role = _role_field()


class MemberForm(TextForm):
    """One member of the team (removing them)."""

    account_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])


class RoleForm(MemberForm):
    role = _role_field()


class HandOverForm(MemberForm):
    confirm = BooleanField(
        _l("Yes, make this co-facilitator the owner. I stay in the team as a co-facilitator."),
        validators=[DataRequired(message=_l("Please confirm the handover."))],
    )
