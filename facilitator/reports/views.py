"""Report pages and downloads, for the facilitator and through a works-council link."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask import session as cookie
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response as BaseResponse

from ..change import Change
from ..db import utc_now
from ..navigation import public_url
from ..sessions import identity
from ..sessions.forms import ButtonForm
from ..sessions.models import WorkshopSession
from ..text import printable_tree
from ..transaction import perform
from . import links
from .charts import chart
from .data import ReportData, to_json
from .document import report_of
from .docx import to_docx
from .forms import ShareLinkForm
from .load import load_report_input
from .pdf import to_pdf
from .summary import summarise
from .tables import action_plan_table, facts_rows, generated_text, literacy_rows
from .tabular import to_csv_zip, to_xlsx

bp = Blueprint("reports", __name__)

NEW_LINK_KEY = "new_report_link"

Renderer = Callable[[ReportData], bytes]


def _json(report: ReportData) -> bytes:
    return json.dumps(to_json(report), ensure_ascii=False, indent=2).encode()


# format → (renderer, MIME type, file extension, label)
FORMATS: dict[str, tuple[Renderer, str, str, str]] = {
    "pdf": (to_pdf, "application/pdf", "pdf", "PDF"),
    "docx": (
        to_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "Word (DOCX)",
    ),
    "xlsx": (
        to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        "Excel (XLSX)",
    ),
    "csv": (to_csv_zip, "application/zip", "zip", "CSV (ZIP)"),
    "json": (_json, "application/json", "json", "JSON"),
}


def _report(ws: WorkshopSession) -> ReportData:
    # printable: text stored before the forms refused control characters must not break DOCX
    # and XLSX (XML holds no control characters); every format renders from this one copy
    return printable_tree(report_of(load_report_input(ws), utc_now()))


def _page(ws: WorkshopSession, download_url: Callable[[str], str]) -> str:
    with force_locale(ws.language):
        report = _report(ws)
        downloads = [(download_url(fmt), spec[3]) for fmt, spec in FORMATS.items()]
        return render_template(
            "reports/report.html",
            report=report,
            downloads=downloads,
            chart=chart,
            facts_rows=facts_rows,
            literacy_rows=literacy_rows,
            summary=summarise(report),
            roles=report.approval_roles,
            generated=generated_text(report),
            action_plan=action_plan_table(report) if report.show_action_plan else None,
        )


def _download(ws: WorkshopSession, fmt: str) -> Response:
    if fmt not in FORMATS:
        abort(404)
    renderer, mimetype, extension, _label = FORMATS[fmt]
    with force_locale(ws.language):
        body = renderer(_report(ws))
    stamp = utc_now().strftime("%Y-%m-%d")
    name = f"facilitator-{ws.join_code}-{stamp}.{extension}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/sessions/<int:ws_id>/report")
@login_required
@identity.observed_session
def report(ws: WorkshopSession) -> str:
    """The HTML report (print-friendly), marked as interim while the session is live."""
    return _page(ws, lambda fmt: url_for("reports.download", ws_id=ws.id, fmt=fmt))


@bp.get("/sessions/<int:ws_id>/report.<fmt>")
@login_required
@identity.observed_session
def download(ws: WorkshopSession, fmt: str) -> Response:
    """The report as PDF, DOCX, XLSX, CSV (ZIP) or JSON."""
    return _download(ws, fmt)


@bp.get("/sessions/<int:ws_id>/sharing")
@login_required
@identity.facilitator_session
def sharing(ws: WorkshopSession) -> str:
    """Manage the read-only report links of a session."""
    return render_template(
        "reports/sharing.html",
        ws=ws,
        new_link=_new_link(ws.id),
        links=links.links_of(ws),
        form=ShareLinkForm(),
        button=ButtonForm(),
        now=utc_now(),
    )


def _new_link(ws_id: int) -> str | None:
    """The address of the link just created for this workshop, once."""
    stored = cookie.get(NEW_LINK_KEY)
    if not (isinstance(stored, list) and len(stored) == 2 and stored[0] == ws_id):
        return None
    cookie.pop(NEW_LINK_KEY)
    return str(stored[1])


@bp.post("/sessions/<int:ws_id>/sharing")
@login_required
@identity.facilitator_session
def create_link(ws: WorkshopSession) -> BaseResponse:
    """Create a works-council link; its address is shown once."""
    form = ShareLinkForm()
    ws_id = ws.id
    if form.validate_on_submit():

        def create() -> Change:  # a report link: no open page shows it
            link, token = links.create_link(ws, form.days.data)
            return Change(result_id=link.id, secret=token)

        token = perform(create).secret
        # shown once, on the next page, with a copy button (the cookie is signed and this
        # facilitator's own; the link's token is stored only as a hash)
        cookie[NEW_LINK_KEY] = [ws_id, public_url("reports.shared", token=token)]
    else:
        flash(_("The request was not valid. Please reload the page."), "error")
    return redirect(url_for("reports.sharing", ws_id=ws_id))


@bp.post("/sessions/<int:ws_id>/sharing/<int:link_id>/revoke")
@login_required
@identity.facilitator_session
def revoke_link(ws: WorkshopSession, link_id: int) -> BaseResponse:
    """Revoke a works-council link at once."""
    ws_id = ws.id
    if ButtonForm().validate_on_submit():

        def revoke() -> Change:  # a report link: no open page shows it
            links.revoke_link(ws, link_id)
            return Change(result_id=link_id)

        perform(revoke)
        flash(_("The link was revoked."), "success")
    return redirect(url_for("reports.sharing", ws_id=ws_id))


@bp.get("/r/<token>")
def shared(token: str) -> Response:
    """The report through a works-council link: the HTML page and the downloads, nothing else.
    Never stored by a browser or proxy: the link can be revoked, and the page may be interim."""
    ws = links.session_for_token(token)
    page = _page(ws, lambda fmt: url_for("reports.shared_download", token=token, fmt=fmt))
    return _no_store(Response(page, mimetype="text/html"))


@bp.get("/r/<token>/report.<fmt>")
def shared_download(token: str, fmt: str) -> Response:
    """A download through a works-council link (not stored either)."""
    return _no_store(_download(links.session_for_token(token), fmt))


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response
