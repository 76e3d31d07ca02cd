"""The password policy (pure): long enough, not a common password, not the e-mail address.

Length is what makes a password strong (NIST SP 800-63B); the short list below catches the
passwords every guesser tries first, also with digits or punctuation added at either end, and
keyboard or counting runs. `PASSWORD_MIN_LENGTH` (default 12) sets the length.
"""

from __future__ import annotations

import string

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

_COMMON_WORDS = """
    password passwort passwd kennwort geheim secret admin administrator root login welcome
    willkommen letmein iloveyou ichliebedich hallo hello test testtest guest gast master sommer
    winter fruehling herbst sonne schatz hase mausi baby dragon monkey football fussball
    sunshine princess qwerty qwertz asdf asdfgh yxcvbn zxcvbn abc abcdef abcd1234 trustno1
    changeme facilitator moderation moderator workshop betriebsrat arbeit firma handwerk
    bäckerei example beispiel default standard start startpasswort initial
"""
COMMON = frozenset(_COMMON_WORDS.split())
RUNS = (
    "01234567890123456789",
    "98765432109876543210",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "qwertzuiopasdfghjklyxcvbnmqwertzuiop",
    "qwertyuiopasdfghjklzxcvbnmqwertyuiop",
    "1qaz2wsx3edc4rfv5tgb6zhn7ujm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm",
)
_PADDING = string.digits + string.punctuation + " "


def _is_run(password: str) -> bool:
    lowered = password.lower()
    return any(lowered in run for run in RUNS)


def _is_repetition(password: str) -> bool:
    """ "aaaa…", "abab…", "123123…": a short piece repeated."""
    size = len(password)
    return any(
        size % width == 0 and password == password[:width] * (size // width)
        for width in range(1, size // 2 + 1)
    )


def _is_common(password: str) -> bool:
    lowered = password.lower()
    candidates = {
        lowered,
        lowered.strip(_PADDING),
        lowered.rstrip(_PADDING),
        lowered.lstrip(_PADDING),
    }
    return any(candidate in COMMON for candidate in candidates)


def password_problems(password: str, email: str, min_length: int) -> list[LazyString]:
    """Why `password` is not good enough for the account `email` (empty if it is)."""
    problems: list[LazyString] = []
    if len(password) < min_length:
        problems.append(_l("The password needs at least %(count)s characters.", count=min_length))
    if _is_common(password) or _is_run(password) or _is_repetition(password):
        problems.append(
            _l("This password is among the first ones anyone guesses. Please choose another.")
        )
    lowered = password.lower()
    local = email.strip().lower().split("@")[0]
    if email.strip() and (
        email.strip().lower() in lowered or (len(local) >= 4 and local in lowered)
    ):
        problems.append(_l("The password must not contain the e-mail address."))
    return problems
