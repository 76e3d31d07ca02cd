"""Configuration defaults and the order in which they are overridden.

`create_app` loads, later entries winning:

1. the defaults in `Defaults` below;
2. `instance/config.py` (optional, not in version control);
3. environment variables with the prefix `FACILITATOR_` (values parsed as JSON where possible,
   e.g. `FACILITATOR_ANONYMITY_THRESHOLD=3`); `DATABASE_URL` is honoured as a shorthand for
   `FACILITATOR_SQLALCHEMY_DATABASE_URI`;
4. the `test_config` mapping passed to `create_app`.

If no `SECRET_KEY` is configured, one is generated into `instance/secret_key` on first start and
reused afterwards: there is never a fixed default key.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout (./run, `pip install -e .`): the package sits beside pyproject.toml.
SOURCE_DIR = PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "pyproject.toml").is_file() else None


def exercises_dir() -> Path:
    """The exercise templates: `exercises/` of a source checkout (the source of truth), else
    the copy an installed wheel carries inside the package (see pyproject.toml)."""
    if SOURCE_DIR is not None and (SOURCE_DIR / "exercises").is_dir():
        return SOURCE_DIR / "exercises"
    return PACKAGE_DIR / "exercises"


def user_data_dir() -> Path:
    """This user's folder for application data: XDG on Linux, the platforms' own elsewhere."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "Facilitator"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "Facilitator"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "facilitator"


def instance_path() -> str:
    """The instance folder (database, secret key, config.py): `FACILITATOR_INSTANCE` (also set
    by `facilitator --instance DIR`), else `instance/` of a source checkout, else the per-user
    data folder (an installed package never writes into site-packages)."""
    if chosen := os.environ.get("FACILITATOR_INSTANCE"):
        return str(Path(chosen).expanduser().resolve())
    if SOURCE_DIR is not None:
        return str(SOURCE_DIR / "instance")
    return str(user_data_dir())


class Defaults:
    """Defaults for every setting the application reads."""

    SECRET_KEY: str | None = None
    # relative SQLite paths are resolved inside instance/ by Flask-SQLAlchemy
    SQLALCHEMY_DATABASE_URI = "sqlite:///facilitator.sqlite"
    EXERCISES_DIR = str(exercises_dir())
    # Connections each process keeps open to a server database (see db.engine_options); with
    # four processes that is 80, within PostgreSQL's default of 100 connections.
    # `FACILITATOR_SQLALCHEMY_ENGINE_OPTIONS` (JSON) overrides them.
    DATABASE_POOL: Mapping[str, int] = MappingProxyType({"pool_size": 15, "max_overflow": 5})
    # How long a write waits for SQLite's lock before the user is asked to try again.
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    # Socket.IO: "threading" for development and in-process tests; `facilitator serve` picks
    # gevent unless told otherwise. A message queue is needed only with several processes.
    ASYNC_MODE = "threading"
    SOCKETIO_MESSAGE_QUEUE: str | None = None  # e.g. redis://127.0.0.1:6379/0
    SOCKETIO_CHANNEL = "facilitator"  # the queue's channel; one per installation
    # WebSocket origins accepted: None means this server's own origin only; behind a proxy that
    # changes the host, list the public origin(s), e.g. ["https://workshop.example.org"].
    SOCKETIO_ALLOWED_ORIGINS: list[str] | None = None
    # Largest Socket.IO message accepted; a note of 1,000 characters fits several times.
    SOCKETIO_MAX_MESSAGE_BYTES = 16_384
    # Seconds between two snapshot flushes of one session; 0 flushes right after every commit.
    BROADCAST_INTERVAL = 0.2

    # Base address phones use to reach this server (for the join link and QR code); unset: the
    # address the facilitator opened the page with.
    PUBLIC_URL: str | None = None

    BABEL_DEFAULT_LOCALE = "de"
    LANGUAGES = ("de", "en")
    JOIN_CODE_LENGTH = 6
    MAX_NOTE_LENGTH = 1000
    DEFAULT_ANONYMITY_THRESHOLD = 5
    MIN_ANONYMITY_THRESHOLD = 3
    DEFAULT_GROUPS = ("Beschäftigte", "Führungskräfte", "Betriebsrat", "Sonstige/Beratung")
    MAX_PARTICIPANTS_PER_SESSION = 5000

    # Retention (see sessions/retention.py): days a closed workshop is kept (the facilitator
    # may change it per workshop), minutes after closing until the link between participants
    # and their contributions is cut, days after which a workshop never closed counts as
    # abandoned and is closed, and seconds between two purges inside `facilitator serve`
    # (0: no periodic purge; run `facilitator purge` from cron instead).
    DEFAULT_RETENTION_DAYS = 90
    UNLINK_AFTER_MINUTES = 60
    AUTO_CLOSE_AFTER_DAYS = 30
    PURGE_INTERVAL_SECONDS = 3600

    # `facilitator serve` runs Python's full garbage collection itself, when nothing has
    # changed for GC_QUIET_SECONDS or at the latest every GC_MAX_INTERVAL_SECONDS, instead of
    # in the middle of a vote (see gc_policy.py); 0 leaves Python's own schedule.
    GC_QUIET_SECONDS = 2.0
    GC_MAX_INTERVAL_SECONDS = 300.0

    # Number of reverse proxies in front of the app whose X-Forwarded-Proto/-Host to trust
    # (e.g. 1 behind deploy/nginx.conf); with it, cookies are Secure when served over HTTPS.
    PROXY_COUNT = 0

    # Facilitator passwords: at least this long, and not a common one (accounts/passwords.py).
    PASSWORD_MIN_LENGTH = 12
    # How passwords are hashed: a Werkzeug method string. Werkzeug's scrypt is meant to be slow
    # (about 0.1 s a hash); only the test suite, which hashes hundreds of throwaway passwords,
    # sets a cheap one (tests/conftest.py). tests/unit/test_password_hashing.py holds the
    # default to scrypt.
    PASSWORD_HASH_METHOD = "scrypt"

    # (hits, seconds), in memory only (see ratelimit.py): wrong join codes per client address
    # and failed logins per address and per account that pass before answers are slowed down;
    # socket events per participant beyond which they are refused.
    RATE_LIMITS: Mapping[str, tuple[int, float]] = MappingProxyType(
        {"join": (30, 60), "login": (10, 300), "events": (40, 10)}
    )
    # (first, longest) delay in seconds once a join or login key is over its limit: every
    # answer, right or wrong, then waits; the delay doubles with each further failure.
    RATE_LIMIT_DELAYS: Mapping[str, tuple[float, float]] = MappingProxyType(
        {"join": (0.5, 4.0), "login": (1.0, 10.0)}
    )

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 30
    WTF_CSRF_TIME_LIMIT = None
    COMPRESS_MIMETYPES = (
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    )
