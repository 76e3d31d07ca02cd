"""The privacy notice participants read before joining, in one place.

The join page shows it and the report's method notes quote it, so the two can never disagree;
`docs/privacy.md` (the data inventory) states the same in detail, and a test holds them together.
"""

from __future__ import annotations

from flask_babel import gettext as _


def privacy_notice(threshold: int, unlink_after_minutes: int, retention_days: int) -> list[str]:
    """The notice's sentences, in the current language."""
    return [
        _("You take part anonymously: we ask for no name and no e-mail address."),
        _(
            "We store your group, your notes and your dots, and a random number in a cookie so "
            "that you can come back after a reload; we keep that number only as a hash."
        ),
        _("We do not store your IP address or anything about your device."),
        _(
            "A result is shown only when at least %(k)s people answered, and per group only "
            "when at least %(k)s people of that group answered.",
            k=threshold,
        ),
        _("Nobody, not even the facilitator, can see who wrote which note or voted for what."),
        _(
            "%(minutes)s minutes after the workshop ends, the link between you and your "
            "contributions is deleted; all results are deleted %(days)s days after the end.",
            minutes=unlink_after_minutes,
            days=retention_days,
        ),
    ]
