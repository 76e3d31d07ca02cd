"""Language selection: the participant's own choice, then the workshop's language, then German."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, render_template, request
from flask import session as cookie
from flask_babel import Babel, get_locale, ngettext, refresh
from markupsafe import Markup

LANGUAGE_KEY = "lang"


def select_locale() -> str:
    """Pick the UI language for this request or socket event."""
    languages = current_app.config["LANGUAGES"]
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI, background flush
        return default
    chosen = cookie.get(LANGUAGE_KEY)
    if chosen in languages:
        return str(chosen)
    workshop_language = g.get("workshop_language")
    if workshop_language in languages:
        return str(workshop_language)
    return request.accept_languages.best_match(languages) or default


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """Both forms of a count for the live pages' scripts, which pick one by `{n}` (German and
    English both use one form for 1 and another for every other number)."""
    return {"one": ngettext(singular, plural, 1), "other": ngettext(singular, plural, 2)}


def live_strings() -> Markup:
    """The live pages' interface strings (`sessions/_strings.html`, a hundred translated
    strings) in this request's language, rendered once per language: a room of phones joining
    at once need not translate the same strings for each (unless templates reload)."""
    if current_app.jinja_env.auto_reload:
        return Markup(render_template("sessions/_strings.html"))
    rendered: dict[str, Markup] = current_app.extensions.setdefault("facilitator.strings", {})
    language = str(get_locale())
    if language not in rendered:
        rendered[language] = Markup(render_template("sessions/_strings.html"))
    return rendered[language]


def init_app(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel with our selector and make the language list available to templates."""
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel caches the locale on the app context; choose afresh for every request.
    app.before_request(refresh)

    app.jinja_env.globals["plural_forms"] = plural_forms
    app.jinja_env.globals["live_strings"] = live_strings

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {"languages": app.config["LANGUAGES"], "get_locale": get_locale}
