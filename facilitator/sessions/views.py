"""HTTP views: participants join and take part; facilitators create and control sessions."""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from .. import kinds, ratelimit
from ..catalog import Catalog, localize
from ..change import Change
from ..errors import UnknownSession
from ..extensions import db
from ..i18n import LANGUAGE_KEY
from ..live import revision, snapshots
from ..navigation import public_url, safe_next
from ..rules.team import can_control
from ..text import collation_key
from ..transaction import perform
from . import (
    assessment_services,
    identity,
    merging,
    retention,
    services,
    shared_pages,
    step_editing,
    team_services,
    team_views,
)
from .blueprint import bp
from .controls import control
from .forms import (
    ButtonForm,
    ClearAnswersForm,
    DeleteForm,
    EndForm,
    GotoForm,
    JoinCodeForm,
    JoinForm,
    LanguageForm,
    MergeForm,
    NewSessionForm,
    NoteModerationForm,
    RetentionForm,
    SuggestionsForm,
    TimerForm,
    UnmergeForm,
)
from .models import Participant, WorkshopSession
from .qr import qr_svg

# --- participants -------------------------------------------------------------------------


@bp.route("/", methods=["GET", "POST"])
def enter_code() -> str | BaseResponse:
    """The start page on a phone: type the workshop code."""
    form = JoinCodeForm()
    if request.method == "POST":
        ratelimit.slow_down("join", _address())
        if form.validate_on_submit():
            try:
                ws = _lookup(form.code.data)
            except UnknownSession as error:
                form.code.errors = [str(error.message)]
            else:
                return redirect(url_for("sessions.join", code=ws.join_code))
        else:
            ratelimit.failed("join", _address())
    return render_template("sessions/enter_code.html", form=form)


def _address() -> str:
    return request.remote_addr or ""


def _find_by_code(code: str) -> WorkshopSession:
    """The workshop with this join code, answered at the pace the rate limit asks for: once
    an address has tried too many wrong codes, every answer to it – right or wrong – waits the
    same delay, so guessing is slowed but phones behind the same NAT still get in."""
    ratelimit.slow_down("join", _address())
    return _lookup(code)


def _lookup(code: str) -> WorkshopSession:
    """The workshop with this join code; a wrong code counts against the address."""
    try:
        return services.find_by_code(code)
    except UnknownSession:
        ratelimit.failed("join", _address())
        raise


@bp.route("/j/<code>", methods=["GET", "POST"])
def join(code: str) -> str | BaseResponse:
    """Join a workshop (from the QR code): choose a group, read the privacy notice."""
    ws = identity.with_workshop_language(_find_by_code(code))
    if identity.current_participant(ws) is not None:
        return redirect(url_for("sessions.participate", code=ws.join_code))
    page = shared_pages.workshop_key(ws)  # read before the commit expires the workshop
    if request.method == "GET":  # the form is built only if the page is not rendered yet
        return shared_pages.render(
            "sessions/join.html", page, lambda: {"ws": ws, "form": JoinForm(ws.groups)}
        )
    form = JoinForm(ws.groups)
    if form.validate_on_submit():
        ws_id = ws.id
        joined = perform(
            lambda: services.admit(
                ws, form.group.data, current_app.config["MAX_PARTICIPANTS_PER_SESSION"]
            )
        )
        assert joined.secret is not None
        identity.remember_participant(ws_id, joined.secret)
        # the live page in the same round trip (no redirect): a phone on a slow network is in
        # sooner; the page puts its own address (/p/…) in the address bar, so a reload or the
        # back button never posts the choice again
        return shared_pages.render("sessions/participate.html", page, lambda: {"ws": ws})
    return render_template("sessions/join.html", ws=ws, form=form)  # refused: it says why


@bp.route("/p/<code>")
def participate(code: str) -> str | BaseResponse:
    """The participant's live page (rendered from snapshots sent over the socket)."""
    ws = identity.with_workshop_language(_find_by_code(code))
    if identity.current_participant(ws) is None:
        return redirect(url_for("sessions.join", code=ws.join_code))
    return shared_pages.render(
        "sessions/participate.html", shared_pages.workshop_key(ws), lambda: {"ws": ws}
    )


@bp.route("/p/<code>/state.json")
def participant_state(code: str) -> Response:
    """The participant's full state, for a client that reconnects without a socket."""
    ws = _find_by_code(code)
    participant = identity.require_participant(ws)
    revision.hold_for_read(ws)
    content = snapshots.load_content(ws)
    return jsonify(
        state=snapshots.participant_snapshot(content),
        me=snapshots.private_states(content, [participant.id])[participant.id],
    )


@bp.post("/language")
def set_language() -> BaseResponse:
    """Switch the interface language (kept in the cookie, no account needed)."""
    form = LanguageForm()
    if form.validate_on_submit():
        cookie[LANGUAGE_KEY] = form.lang.data
    return redirect(safe_next(form.next.data, "/"))


# --- facilitators ---------------------------------------------------------------------------


def _catalog() -> Catalog:
    return current_app.extensions["facilitator.catalog"]  # type: ignore[no-any-return]


@bp.route("/dashboard")
@login_required
def dashboard() -> str:
    """The workshops the facilitator owns or is in the team of, newest first, with the role."""
    memberships = team_services.workshops_of(current_user.id)
    sessions = [ws for ws, _role in memberships]
    counts = dict(
        db.session.execute(
            select(Participant.ws_id, func.count())
            .where(Participant.ws_id.in_([ws.id for ws in sessions]))
            .group_by(Participant.ws_id)
        ).all()
    )
    for ws in sessions:
        if ws.unlinked_at is not None:  # the participant rows are gone, their counts kept
            counts[ws.id] = sum((ws.participants_by_group or {}).values())
    return render_template(
        "sessions/dashboard.html",
        sessions=sessions,
        roles={ws.id: role for ws, role in memberships},
        role_label=team_views.role_label,
        counts=counts,
    )


@bp.route("/sessions/new", methods=["GET", "POST"])
@login_required
def new() -> str | BaseResponse:
    """Create a session from an exercise template."""
    catalog = _catalog()
    form = NewSessionForm()
    lang = request.args.get("lang", "de")
    own = step_editing.own_templates(current_user.id)
    form.template.choices = [
        SelectChoice(t.slug, localize(t.title, lang)) for t in catalog.list(lang)
    ] + [
        SelectChoice(
            f"{step_editing.OWN_PREFIX}{t.id}",
            _("%(title)s (own template)", title=localize(t.title, lang)),
        )
        for t in sorted(own, key=lambda t: collation_key(localize(t.title, lang)))
    ]
    if request.method == "GET":
        form.groups.data = "\n".join(current_app.config["DEFAULT_GROUPS"])
        form.anonymity_threshold.data = current_app.config["DEFAULT_ANONYMITY_THRESHOLD"]
        form.retention_days.data = current_app.config["DEFAULT_RETENTION_DAYS"]
        if slug := request.args.get("template"):
            form.template.data = slug
    if form.validate_on_submit():
        template = step_editing.own_template(current_user.id, form.template.data) or catalog.get(
            form.template.data
        )
        created = perform(
            lambda: Change(  # a new workshop: no page shows it yet
                result_id=services.create_from_template(
                    current_user,
                    template,
                    title=form.title.data,
                    organisation=form.organisation.data or "",
                    place=form.place.data or "",
                    language=form.language.data,
                    groups=form.group_list,
                    anonymity_threshold=form.anonymity_threshold.data,
                    code_length=current_app.config["JOIN_CODE_LENGTH"],
                    retention_days=form.retention_days.data,
                ).id
            )
        )
        return redirect(url_for("sessions.facilitate", ws_id=created.result_id))
    return render_template(
        "sessions/new.html",
        form=form,
        templates=catalog.list(str(get_locale())),
        own_templates=own,
        button=ButtonForm(),
    )


def _join_url(ws: WorkshopSession) -> str:
    """The address phones join at: `PUBLIC_URL` if configured, else this request's host."""
    return public_url("sessions.join", code=ws.join_code)


@bp.route("/sessions/<int:ws_id>")
@login_required
@identity.observed_session
def facilitate(ws: WorkshopSession) -> str:
    """The live control page; for an observer the same live view without any control."""
    step = ws.current_step
    team = team_views.panel(ws)
    if not can_control(team.role):
        return render_template(
            "sessions/observe.html", ws=ws, team=team, role_label=team_views.role_label
        )
    return render_template(
        "sessions/facilitate.html",
        ws=ws,
        team=team,
        role_label=team_views.role_label,
        step=step,
        has_input=kinds.get_kind(step.kind).has_input,
        join_url=_join_url(ws),
        button=ButtonForm(),
        end_form=EndForm(),
        timer_form=TimerForm(),
        delete_form=DeleteForm(),
        retention_form=RetentionForm(retention_days=ws.retention_days),
        deletion_due=retention.deletion_due(ws),
    )


@bp.route("/sessions/<int:ws_id>/projector")
@login_required
@identity.observed_session
def projector(ws: WorkshopSession) -> str:
    """The beamer page: join QR code and code always visible, the current step large. It speaks
    the workshop's language (the room's), whatever language the facilitator's screen uses, so
    its `lang` and with it the hyphenation match the text on it."""
    join_url = _join_url(ws)
    with force_locale(ws.language):
        return render_template(
            "sessions/projector.html", ws=ws, join_url=join_url, qr=qr_svg(join_url)
        )


@bp.route("/sessions/<int:ws_id>/state.json")
@login_required
@identity.observed_session
def facilitator_state(ws: WorkshopSession) -> Response:
    """The facilitator's full snapshot (for resync and for tests)."""
    revision.hold_for_read(ws)
    return jsonify(snapshots.facilitator_snapshot(snapshots.load_content(ws)))


@bp.post("/sessions/<int:ws_id>/goto")
@login_required
@identity.facilitator_session
def goto(ws: WorkshopSession) -> Any:
    """Move the whole session to another step."""
    form = GotoForm()
    return control(ws, form, lambda: assessment_services.goto(ws, form.position.data))


@bp.post("/sessions/<int:ws_id>/input/<any(open, close):state>")
@login_required
@identity.facilitator_session
def set_input(ws: WorkshopSession, state: str) -> Any:
    """Open or close the current step for input."""
    return control(ws, ButtonForm(), lambda: services.set_input_open(ws, state == "open"))


@bp.post("/sessions/<int:ws_id>/answers/clear")
@login_required
@identity.facilitator_session
def clear_answers(ws: WorkshopSession) -> Any:
    """Delete the current step's answers and dots (after a reopening, to start over)."""
    return control(ws, ClearAnswersForm(), lambda: services.clear_answers(ws))


@bp.post("/sessions/<int:ws_id>/results/<any(reveal, hide):state>")
@login_required
@identity.facilitator_session
def set_results(ws: WorkshopSession, state: str) -> Any:
    """Reveal or hide the current step's results."""
    return control(ws, ButtonForm(), lambda: services.set_results_visible(ws, state == "reveal"))


@bp.post("/sessions/<int:ws_id>/timer/start")
@login_required
@identity.facilitator_session
def timer_start(ws: WorkshopSession) -> Any:
    """Start a countdown shown on the projector and the phones."""
    form = TimerForm()
    return control(ws, form, lambda: services.start_timer(ws, form.minutes.data * 60))


@bp.post("/sessions/<int:ws_id>/timer/stop")
@login_required
@identity.facilitator_session
def timer_stop(ws: WorkshopSession) -> Any:
    """Stop the countdown."""
    return control(ws, ButtonForm(), lambda: services.stop_timer(ws))


@bp.post("/sessions/<int:ws_id>/join-panel/<any(big, small):state>")
@login_required
@identity.facilitator_session
def set_join_panel(ws: WorkshopSession, state: str) -> Any:
    """Show the projector's QR code and join code big again, or as a corner box."""
    return control(ws, ButtonForm(), lambda: services.set_join_panel(ws, state == "big"))


@bp.post("/sessions/<int:ws_id>/notes/merge")
@login_required
@identity.facilitator_session
def merge(ws: WorkshopSession) -> Any:
    """Merge one or several duplicate notes into another, optionally under a new title."""
    form = MergeForm()
    return control(
        ws,
        form,
        lambda: merging.merge_notes(ws, form.into_id.data, form.note_id.data, form.title.data),
        invalid=_(
            "These notes cannot be merged: please tick at least two notes and check the title "
            "(plain text, at most 1,000 characters)."
        ),
    )


@bp.post("/sessions/<int:ws_id>/notes/unmerge")
@login_required
@identity.facilitator_session
def unmerge(ws: WorkshopSession) -> Any:
    """Undo a merge: of one note, or of a whole group at once."""
    form = UnmergeForm()
    return control(ws, form, lambda: merging.unmerge(ws, form.note_id.data))


@bp.route("/sessions/<int:ws_id>/notes/suggestions.json")
@login_required
@identity.facilitator_session
def merge_suggestions(ws: WorkshopSession) -> Any:
    """Groups of near-duplicate notes on the current board, computed now (never on the
    broadcast path); `rejected` (repeated, ids joined by '.') names groups not to suggest."""
    form = SuggestionsForm(formdata=request.args)
    if not form.validate():
        message = _("The request was not valid. Please reload the page.")
        return jsonify(ok=False, message=message, errors=form.errors), 400
    clusters = merging.suggestions(ws, form.rejected.data)
    return jsonify(
        ok=True,
        step_id=ws.current_step.id,
        clusters=[
            {
                "column": cluster.column,
                "title": cluster.title,
                "title_id": cluster.title_id,
                "note_ids": list(cluster.note_ids),
                "score": cluster.score,
            }
            for cluster in clusters
        ],
    )


@bp.post("/sessions/<int:ws_id>/notes/<any(hide, show):state>")
@login_required
@identity.facilitator_session
def moderate(ws: WorkshopSession, state: str) -> Any:
    """Hide an abusive note, or show it again."""
    form = NoteModerationForm()
    return control(
        ws, form, lambda: services.set_note_hidden(ws, form.note_id.data, state == "hide")
    )


@bp.post("/sessions/<int:ws_id>/<any(close, reopen):state>")
@login_required
@identity.facilitator_session
def close(ws: WorkshopSession, state: str) -> Any:
    """End the workshop after a confirming tick (or reopen it after closing by mistake); the
    phones, the projector and this page hear it at once."""
    if state == "close":
        return control(
            ws,
            EndForm(),
            lambda: services.close_session(ws),
            invalid=_("Please confirm that the workshop is to be ended."),
        )
    return control(ws, ButtonForm(), lambda: services.reopen_session(ws))


@bp.post("/sessions/<int:ws_id>/retention")
@login_required
@identity.facilitator_session
def set_retention(ws: WorkshopSession) -> Any:
    """Change how long the workshop is kept after it ends."""
    form = RetentionForm()
    return control(ws, form, lambda: services.set_retention(ws, form.retention_days.data))


@bp.post("/sessions/<int:ws_id>/delete")
@login_required
@identity.owner_session
def delete(ws: WorkshopSession) -> Any:
    """Delete a workshop and everything in it at once (after the browser's confirmation);
    its open pages (phones, projector, control pages) are told that it is gone."""
    return control(
        ws,
        DeleteForm(),
        lambda: services.delete_session(ws),
        then=url_for("sessions.dashboard"),
        done=_("The workshop “%(title)s” and all its data were deleted.", title=ws.title),
        invalid=_("Please confirm that the workshop and all its results are to be deleted."),
    )
