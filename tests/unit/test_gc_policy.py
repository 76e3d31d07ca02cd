"""When `facilitator serve` runs a full garbage collection: after a quiet spell, or when due."""

from __future__ import annotations

import gc

from flask import Flask

from facilitator import gc_policy
from facilitator.gc_policy import due

QUIET, MOST = 2.0, 300.0


def test_not_while_changes_keep_coming() -> None:
    assert not due(now=100.0, last_change=99.5, last_collection=50.0, quiet=QUIET, most=MOST)


def test_once_after_a_quiet_spell() -> None:
    assert due(now=100.0, last_change=97.0, last_collection=50.0, quiet=QUIET, most=MOST)
    # nothing changed since that collection: no second one
    assert not due(now=110.0, last_change=97.0, last_collection=101.0, quiet=QUIET, most=MOST)


def test_at_the_latest_after_the_longest_interval_even_if_never_quiet() -> None:
    assert due(now=400.0, last_change=399.9, last_collection=99.0, quiet=QUIET, most=MOST)


def test_configured_off_leaves_python_alone() -> None:
    app = Flask(__name__)
    app.config.update(GC_MAX_INTERVAL_SECONDS=0, GC_QUIET_SECONDS=2)
    before = gc.get_threshold()
    assert not gc_policy.install(app, lambda: 0.0)
    assert gc.get_threshold() == before
