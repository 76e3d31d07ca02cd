"""Login and logout of facilitators."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user
from werkzeug.wrappers import Response

from .. import ratelimit
from ..navigation import safe_next
from . import bp
from .forms import LoginForm
from .services import find_user


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Facilitators log in with e-mail and password."""
    form = LoginForm()
    if request.method == "POST":
        ratelimit.check("login", request.remote_addr or "")
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("sessions.dashboard")))
        ratelimit.count("login", request.remote_addr or "")
        flash(_("E-mail or password is wrong."), "error")
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out and return to the login page."""
    logout_user()
    return redirect(url_for("accounts.login"))
