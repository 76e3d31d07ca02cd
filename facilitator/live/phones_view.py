"""Whether the phones' shared view needs sending: a record of the last one sent, per workshop.

A dot while the results are hidden changes what the projector and the facilitator see, not what
the phones show: a thousand phones are not sent the same board again for every vote. One
process remembers what it sent. Several processes behind one Redis message queue share the
record in Redis, so that each view reaches the phones once, whichever process sends it, and a
process that read an older state never sends it over a newer one (phones would drop it anyway:
they keep the highest revision).

A view is sent when its revision is newer than the last one sent and its content differs.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any, Protocol

from flask import Flask

KEEP_SECONDS = 7 * 24 * 3600  # a forgotten record only costs one resend


def fingerprint(view: dict[str, Any]) -> str:
    """The content of a phones' view, without what changes with every vote or second."""
    content = {**view, "revision": None, "timer": view["timer"]["ends_at"]}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


class Record(Protocol):
    def claim(self, ws_id: int, revision: int, view: str) -> bool:
        """True if this view must be sent (and is now the last one sent)."""


class LocalRecord:
    """One process: the record lives in its memory."""

    def __init__(self) -> None:
        self._sent: dict[int, tuple[int, str]] = {}
        self._lock = threading.Lock()

    def claim(self, ws_id: int, revision: int, view: str) -> bool:
        with self._lock:
            last = self._sent.get(ws_id)
            if last is not None and last[0] >= revision:
                return False
            self._sent[ws_id] = (revision, view)
            return last is None or last[1] != view


# KEYS[1]: the workshop's record; ARGV: revision, view, seconds to keep. One atomic step.
CLAIM = """
local last = redis.call('GET', KEYS[1])
local revision = tonumber(ARGV[1])
local changed = 1
if last then
  local space = string.find(last, ' ', 1, true)
  if tonumber(string.sub(last, 1, space - 1)) >= revision then return 0 end
  if string.sub(last, space + 1) == ARGV[2] then changed = 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'EX', ARGV[3])
return changed
"""


class SharedRecord:
    """Several processes: the record lives in Redis, keyed by the installation's channel."""

    def __init__(self, app: Flask, url: str, channel: str) -> None:
        import redis

        self._app = app
        self._client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._claim = self._client.register_script(CLAIM)
        self._prefix = f"{channel}:phones-view:"
        self._errors = (redis.RedisError, OSError)
        self._unreachable = False

    def claim(self, ws_id: int, revision: int, view: str) -> bool:
        try:
            claimed = self._claim(
                keys=[f"{self._prefix}{ws_id}"], args=[revision, view, KEEP_SECONDS]
            )
        except self._errors:
            if not self._unreachable:  # once per outage, not on every flush
                self._app.logger.warning("phones' view record unreachable; sending every view")
            self._unreachable = True
            return True  # better a view sent twice than phones left behind
        # after an outage the record may predate views sent meanwhile: send once more
        resent, self._unreachable = self._unreachable, False
        return bool(claimed) or resent


def record_for(app: Flask) -> Record:
    """The record this process uses: shared when a Redis message queue joins processes."""
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE") or ""
    if queue.startswith(("redis://", "rediss://", "unix://")):
        return SharedRecord(app, queue, str(app.config["SOCKETIO_CHANNEL"]))
    return LocalRecord()
