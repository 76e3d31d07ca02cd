"""The `facilitator` command: init, serve, purge, create-user, check-exercises, demo."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import force_locale

from .change import Change
from .extensions import db
from .transaction import perform


def init_db() -> None:
    """Create missing tables (idempotent)."""
    from .accounts import models as _accounts  # noqa: F401  (register tables)
    from .db import add_missing_columns
    from .reports import models as _reports  # noqa: F401
    from .sessions import models as _sessions  # noqa: F401

    db.create_all()
    add_missing_columns(db.engine)


@click.command("init")
@click.option("--email", default="moderation@example.org", show_default=True)
@click.option("--password", default=None, help="Generated and printed if not given.")
@with_appcontext
def init_command(email: str, password: str | None) -> None:
    """Create the database and, if there is none yet, the first facilitator account."""
    from .accounts.services import AccountError, count_users, create_user

    init_db()
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")
    if count_users():
        click.echo("Facilitator accounts exist already; add more with `facilitator create-user`.")
        return
    password = password or secrets.token_urlsafe(12)
    try:
        with force_locale("en"):
            perform(_quietly(lambda: create_user(email, password, display_name="Moderation")))
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo("First facilitator account created. Log in with:")
    click.echo(f"  E-mail:   {email}")
    click.echo(f"  Password: {password}")


@click.command("create-user")
@click.argument("email")
@click.option("--name", default=None, help="Display name.")
@click.password_option()
@with_appcontext
def create_user_command(email: str, name: str | None, password: str) -> None:
    """Create a facilitator account."""
    from .accounts.services import AccountError, create_user

    init_db()
    try:
        with force_locale("en"):
            perform(_quietly(lambda: create_user(email, password, display_name=name)))
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Facilitator account {email} created.")


@click.command("set-password")
@click.argument("email")
@click.password_option()
@with_appcontext
def set_password_command(email: str, password: str) -> None:
    """Set a facilitator's password (it must follow the password policy); logs the account out
    in every browser."""
    from .accounts.services import AccountError, change_password, find_user

    init_db()

    def setting() -> Change:  # one transaction: a refusal leaves nothing open or changed
        user = find_user(email)
        if user is None:
            raise click.ClickException(f"there is no account for {email}")
        change_password(user, password)
        return Change(result_id=user.id)

    try:
        with force_locale("en"):
            perform(setting)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Password of {email} changed; it is logged out everywhere.")


def _quietly(action: Callable[[], object]) -> Callable[[], Change]:
    """A setup command's operation (an account, a demo): no open page shows what it changes,
    so nobody is told."""

    def operation() -> Change:
        action()
        return Change()

    return operation


@click.command("check-exercises")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def check_exercises_command(directory: Path | None) -> None:
    """Validate every exercise template file; exit 1 naming the file and key of an error."""
    import os

    from .catalog import Catalog, CatalogError
    from .config import Defaults
    from .kinds import KINDS

    folder = directory or Path(os.environ.get("FACILITATOR_EXERCISES_DIR", Defaults.EXERCISES_DIR))
    try:
        catalog = Catalog.load(folder, KINDS)
    except CatalogError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    for template in catalog.list():
        objectives = len(template.learning_objectives)
        click.echo(
            f"ok  {template.slug}  ({len(template.steps)} steps, {objectives} learning objectives)"
        )
        if not objectives:
            click.echo(
                f"note: {template.slug} has no learning_objectives; the report's AI-literacy "
                "record can then list only the step titles"
            )
    click.echo(f"{len(catalog)} exercise templates valid in {folder}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--lan",
    is_flag=True,
    help="Serve the local network (a laptop in the room): bind all interfaces, print the "
    "address for phones and a QR code.",
)
@click.option(
    "--async-mode",
    type=click.Choice(["gevent", "eventlet", "threading"]),
    default=None,
    help="Chosen before start-up by `facilitator serve` itself (default: gevent).",
)
@with_appcontext
def serve_command(host: str, port: int, lan: bool, async_mode: str | None) -> None:
    """Run the production server (WebSocket transport; gevent unless told otherwise)."""
    from . import gc_policy
    from .extensions import socketio
    from .lan import banner, lan_address

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    init_db()
    address = None
    if lan:
        host = "0.0.0.0"
        address = lan_address()
        if address is None:
            click.echo("No local network address found; phones cannot reach this machine yet.")
        else:
            app.config["PUBLIC_URL"] = app.config["PUBLIC_URL"] or f"http://{address}:{port}"
            click.echo(banner(app.config["PUBLIC_URL"] + "/"))
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if lan and address is not None:
        shown_host = address
    if app.config["PURGE_INTERVAL_SECONDS"]:
        from .sessions.retention import run_periodically

        socketio.start_background_task(run_periodically, app)
    gc_policy.install(app, lambda: app.extensions["facilitator.broadcaster"].last_change)
    mode = app.config["ASYNC_MODE"]
    click.echo(f"Facilitator runs on http://{shown_host}:{port}/  (async mode: {mode})")
    click.echo(f"Facilitators log in at http://{shown_host}:{port}/login ; stop with Ctrl+C.")
    socketio.run(app, host=host, port=port, log_output=False, use_reloader=False)


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Apply the retention periods: close abandoned workshops, cut the link between
    participants and contributions of closed ones, delete expired ones.

    Open pages hear of it through the Socket.IO message queue (`SOCKETIO_MESSAGE_QUEUE`), if
    one is configured: this process then emits into it like a server's worker. Without one,
    a page learns of it on its next action or reconnect."""
    from .sessions.retention import purge_with_config

    init_db()
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    app.config["BROADCAST_INTERVAL"] = 0  # send each change at once: this process soon exits
    result = purge_with_config(app)
    click.echo(
        f"closed {result.closed} abandoned workshop(s); cut the participant link in "
        f"{result.unlinked}; deleted {result.deleted} expired workshop(s)"
    )
    if result.failed:
        raise click.ClickException(f"{result.failed} workshop(s) failed; see the log")


@click.command("demo")
@click.option("--participants", default=6, show_default=True, type=click.IntRange(1, 50))
@click.option(
    "--workshop",
    type=click.Choice(["hopes", "risk"]),
    default="hopes",
    show_default=True,
    help="hopes: fears and hopes with dots; risk: a prospective risk assessment.",
)
@with_appcontext
def demo_command(participants: int, workshop: str) -> None:
    """Seed a demo session with simulated participants."""
    from .demo import seed_demo, seed_risk_demo

    init_db()
    summary: list[str] = []
    seed = seed_risk_demo if workshop == "risk" else seed_demo
    perform(_quietly(lambda: summary.extend(seed(participants))))
    for line in summary:
        click.echo(line)


COMMANDS = (
    init_command,
    create_user_command,
    set_password_command,
    check_exercises_command,
    serve_command,
    purge_command,
    demo_command,
)


def register(app: Flask) -> None:
    """Add our commands to the app's CLI (`flask --app facilitator …` works too)."""
    for command in COMMANDS:
        app.cli.add_command(command)


def _create_app() -> Flask:
    from . import create_app

    return create_app()


def _use_instance(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        import os

        os.environ["FACILITATOR_INSTANCE"] = str(value)


INSTANCE_OPTION = click.Option(
    ["--instance"],
    type=click.Path(file_okay=False, path_type=Path),
    callback=_use_instance,
    expose_value=False,
    is_eager=True,
    help="Folder for the database, secret key and config.py (also FACILITATOR_INSTANCE); "
    "default: instance/ of a source checkout, else this user's data folder.",
)

cli = FlaskGroup(
    name="facilitator",
    create_app=_create_app,
    params=[INSTANCE_OPTION],
    add_default_commands=False,
    add_version_option=False,
    help="Facilitator: run participatory workshops live.",
)
# Registered on the group itself, so `facilitator check-exercises` runs even when a broken
# exercise file keeps the app from starting.
for _command in COMMANDS:
    cli.add_command(_command)
