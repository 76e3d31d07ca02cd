"""`facilitator …` and `python -m facilitator …`.

`serve` runs under gevent (default) or eventlet. Their monkey-patching must happen before
anything else is imported, so this module decides the mode from the command line first and
imports the application afterwards. Before that, it narrows the umask (files for this user
only) and routes standard error through the address filter of `logs.py`.
"""

from __future__ import annotations

import os
import sys

ASYNC_MODES = ("gevent", "eventlet", "threading")


def _serve_async_mode(argv: list[str]) -> str | None:
    if "serve" not in argv:
        return None
    for index, arg in enumerate(argv):
        if arg.startswith("--async-mode="):
            return arg.split("=", 1)[1]
        if arg == "--async-mode" and index + 1 < len(argv):
            return argv[index + 1]
    return os.environ.get("FACILITATOR_ASYNC_MODE", "gevent")


def main() -> None:
    """Entry point of the `facilitator` command."""
    # Files this process creates (the SQLite database with its WAL and SHM files, the secret
    # key, instance/) are readable by this user only.
    os.umask(0o077)
    # No client address in any log line, whoever writes it (see logs.py).
    from .logs import redact_stderr

    redact_stderr()
    mode = _serve_async_mode(sys.argv[1:])
    if mode is not None:
        if mode not in ASYNC_MODES:
            sys.exit(f"unknown async mode {mode!r}; choose one of {', '.join(ASYNC_MODES)}")
        os.environ["FACILITATOR_ASYNC_MODE"] = mode
        if mode == "gevent":
            from gevent import monkey

            monkey.patch_all()
        elif mode == "eventlet":
            import eventlet

            eventlet.monkey_patch()
    from .cli import cli

    cli()


if __name__ == "__main__":
    main()
