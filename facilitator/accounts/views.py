"""Login, logout and password change of facilitators."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from .. import ratelimit
from ..change import Change
from ..navigation import safe_next
from ..transaction import perform
from .forms import LoginForm, PasswordChangeForm
from .models import User
from .services import AccountError, authenticate, change_password

bp = Blueprint("accounts", "facilitator.accounts")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Facilitators log in with e-mail and password.

    Failures slow down later attempts from the same address and for the same account (see
    `ratelimit`); a right password is still accepted after the delay, so nobody is locked out.
    """
    form = LoginForm()
    if form.validate_on_submit():
        keys = (f"address:{request.remote_addr or ''}", f"account:{form.email.data.lower()}")
        ratelimit.slow_down("login", *keys)
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("sessions.dashboard")))
        ratelimit.failed("login", *keys)
        flash(_("E-mail or password is wrong."), "error")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out everywhere: every login cookie of this account, also in other browsers and
    "stay logged in" ones, stops working."""
    perform(_ending_sessions)
    logout_user()
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response:
    """Change one's password; other browsers logged in to the account are logged out."""
    form = PasswordChangeForm()
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    form.new.description = _(
        "At least %(count)s characters; a few words you remember are better than a short "
        "string of special characters.",
        count=min_length,
    )
    if form.validate_on_submit():
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        if not user.check_password(form.current.data):
            form.current.errors = [_("This is not your current password.")]
        else:
            try:
                perform(lambda: _changing_password(user, form.new.data))
            except AccountError as error:
                form.new.errors = [str(error)]
            else:
                # this browser stays logged in (and remembered, if it was), with the new version
                remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
                login_user(user, remember=remembered in request.cookies)
                flash(_("Your password was changed. Other browsers were logged out."), "success")
                return redirect(url_for("sessions.dashboard"))
    return render_template("accounts/password.html", form=form)


def _ending_sessions() -> Change:
    """Log the current account out everywhere (no workshop changes: nobody is told)."""
    current_user.end_sessions()
    return Change()


def _changing_password(user: User, password: str) -> Change:
    """Change a password (no workshop changes: nobody is told)."""
    change_password(user, password)
    return Change()
