"""Unbound extension instances; `create_app` binds them. Nothing else happens at import."""

from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .db import Base

db = SQLAlchemy(model_class=Base)
socketio = SocketIO()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
compress = Compress()
