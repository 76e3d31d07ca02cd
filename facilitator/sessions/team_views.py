"""HTTP: a workshop's team on its control page; the owner invites, changes roles, removes and
hands the workshop over. Every change is performed once (`controls.control`); its scope, the
team, tells every control page of the workshop (`Broadcaster.team_changed`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import queries
from ..accounts.models import User
from ..change import Change
from ..extensions import db
from ..queries import TeamMember
from . import identity, team_services
from .blueprint import bp
from .controls import control
from .models import WorkshopSession
from .team_forms import ROLE_LABELS, HandOverForm, InviteForm, MemberForm, RoleForm
from .team_rules import Role

INVITE = "invite"  # the invite form's prefix: its fields stay apart from the page's others


@dataclass
class TeamPanel:
    """What the team box on the control page shows to the one looking at it."""

    ws: WorkshopSession
    members: list[TeamMember]
    me: int
    role: Role
    invite: InviteForm

    @property
    def is_owner(self) -> bool:
        return self.role is Role.OWNER

    def role_form(self, member: TeamMember) -> RoleForm:
        return RoleForm(formdata=None, account_id=member.account_id, role=member.role.value)


def panel(ws: WorkshopSession) -> TeamPanel:
    role = identity.current_role() or identity.team_role(ws)
    assert role is not None  # the view was guarded
    return TeamPanel(
        ws,
        queries.team_of(ws),
        current_user.id,
        role,
        InviteForm(formdata=None, prefix=INVITE),
    )


def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])


@bp.get("/sessions/<int:ws_id>/team")
@login_required
@identity.observed_session
def team(ws: WorkshopSession) -> str:
    """The team box alone: control pages fetch it when the team changed."""
    return render_template("sessions/_team.html", team=panel(ws), role_label=role_label)


def _change(ws: WorkshopSession, form: Any, operation: Callable[[], tuple[Change, str]]) -> Any:
    """Validate, run one team operation, and come back to the team box; nothing is changed
    when the form or a rule refuses (the reason is shown on the control page)."""
    said: list[str] = []

    def saying() -> Change:
        change, message = operation()
        said.append(message)
        return change

    return control(
        ws,
        form,
        saying,
        back=url_for("sessions.facilitate", ws_id=ws.id, _anchor="team"),
        done=lambda _change: said[0],
        invalid=_problems,
    )


def _problems(form: Any) -> str:
    """A refused form's messages; a broken hidden field (or an expired page) says reload."""
    messages: list[str] = []
    for name, errors in form.errors.items():
        if name in ("account_id", "csrf_token"):
            messages.append(_("The request was not valid. Please reload the page."))
        else:
            messages += [str(error) for error in errors]
    return " ".join(dict.fromkeys(messages))


def _name(ws: WorkshopSession, account_id: int) -> str:
    return next(
        (m.name for m in queries.team_of(ws) if m.account_id == account_id), str(account_id)
    )


@bp.post("/sessions/<int:ws_id>/team/invite")
@login_required
@identity.owner_session
def invite(ws: WorkshopSession) -> Any:
    """Add a facilitator account to the team as co-facilitator or observer."""
    form = InviteForm(prefix=INVITE)

    def operation() -> tuple[Change, str]:
        role = Role(form.role.data)
        change = team_services.invite(ws, form.email.data, role)
        account = db.session.get(User, change.result_id)
        assert account is not None
        return change, _(
            "%(name)s (%(email)s) is now in the team as %(role)s.",
            name=account.display_name,
            email=account.email,
            role=role_label(role),
        )

    return _change(ws, form, operation)


@bp.post("/sessions/<int:ws_id>/team/role")
@login_required
@identity.owner_session
def change_role(ws: WorkshopSession) -> Any:
    """Make a member a co-facilitator or an observer; their page reloads with the new rights."""
    form = RoleForm()

    def operation() -> tuple[Change, str]:
        role = Role(form.role.data)
        change = team_services.change_role(ws, form.account_id.data, role)
        return change, _(
            "%(name)s is now %(role)s.",
            name=_name(ws, form.account_id.data),
            role=role_label(role),
        )

    return _change(ws, form, operation)


@bp.post("/sessions/<int:ws_id>/team/remove")
@login_required
@identity.owner_session
def remove(ws: WorkshopSession) -> Any:
    """Take a member out of the team: their open pages stop working at once."""
    form = MemberForm()

    def operation() -> tuple[Change, str]:
        name = _name(ws, form.account_id.data)
        change = team_services.remove(ws, form.account_id.data)
        return change, _("%(name)s is no longer in the team.", name=name)

    return _change(ws, form, operation)


@bp.post("/sessions/<int:ws_id>/team/hand-over")
@login_required
@identity.owner_session
def hand_over(ws: WorkshopSession) -> Any:
    """Make a co-facilitator the owner (after a confirming tick); the owner stays as a
    co-facilitator."""
    form = HandOverForm()

    def operation() -> tuple[Change, str]:
        change = team_services.hand_over(ws, form.account_id.data)
        return change, _(
            "%(name)s owns this workshop now; you stay in the team as a co-facilitator.",
            name=_name(ws, form.account_id.data),
        )

    return _change(ws, form, operation)
