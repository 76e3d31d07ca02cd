"""Unbound extension instances; `create_app` binds them. Nothing else happens at import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .db import Base

if TYPE_CHECKING:  # the class only; importing the module here would make an import circle
    from .live.broadcast import Broadcaster

db = SQLAlchemy(model_class=Base)
socketio = SocketIO()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
compress = Compress()


def broadcaster() -> Broadcaster:
    """The app's broadcaster (see `live/broadcast.py`): the one accessor of it."""
    return current_app.extensions["facilitator.broadcaster"]  # type: ignore[no-any-return]
