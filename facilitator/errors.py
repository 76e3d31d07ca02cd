"""Domain errors raised by services, and how HTTP turns them into responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule refused an action. `message` is translated lazily for the user's language."""

    status = 400
    message = _l("This action is not possible.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.message))
        if message is not None:
            self.message = message

    @property
    def code(self) -> str:
        return type(self).__name__


class NotFound(DomainError):
    status = 404
    message = _l("Not found.")


class UnknownSession(NotFound):
    message = _l("There is no workshop with this code.")


class SessionClosed(DomainError):
    status = 409
    message = _l("This workshop has ended.")


class AlreadyUnlinked(DomainError):
    status = 409
    message = _l(
        "This workshop can no longer be reopened: the link between participants and their "
        "contributions has been deleted. Start a new workshop for further input."
    )


class SessionFull(DomainError):
    status = 409
    message = _l("This workshop is full.")


class NotAParticipant(DomainError):
    status = 403
    message = _l("Please join the workshop first.")


class Forbidden(DomainError):
    status = 403
    message = _l("You may not do that.")


class ObserverOnly(DomainError):
    """An observer (read-only member of a workshop's team) tried to change something."""

    status = 403
    message = _l("As an observer you can follow this workshop, but not change anything.")


class OwnerOnly(DomainError):
    status = 403
    message = _l("Only the owner of this workshop can do that.")


class UnknownAccount(DomainError):
    status = 404
    message = _l("There is no facilitator account with this e-mail address.")


class AlreadyInTeam(DomainError):
    status = 409
    message = _l("This account is already in the team of this workshop.")


class InviteSelf(DomainError):
    message = _l("You cannot invite yourself: you own this workshop.")


class NotInTeam(DomainError):
    status = 404
    message = _l("This account is not in the team of this workshop (any more).")


class HandOverToCofacilitator(DomainError):
    status = 409
    message = _l(
        "A workshop can be handed over only to a co-facilitator. Make the person a "
        "co-facilitator first."
    )


class StepClosed(DomainError):
    status = 409
    message = _l("This step is not open for input right now.")


class QuizRevealed(DomainError):
    status = 409
    message = _l(
        "A quiz takes no answers once its right answer is shown. Hide the answer first to open "
        "it again."
    )


class WrongStepKind(DomainError):
    status = 409
    message = _l("This step does not take this kind of input.")


class NoteWaiting(DomainError):
    status = 409
    message = _l("This note is waiting for approval. Approve it first.")


class NotModeratable(DomainError):
    status = 409
    message = _l("Notes of this step cannot wait for approval: the step collects no notes.")


class UnknownNote(NotFound):
    message = _l("This note does not exist (any more).")


class UnknownColumn(DomainError):
    message = _l("This column does not exist.")


class UnknownItem(DomainError):
    status = 404
    message = _l("This statement or hazard does not exist (any more).")


class ValueOutOfRange(DomainError):
    message = _l("This answer is not one of the choices.")


class StepInUse(DomainError):
    status = 409
    message = _l(
        "This step cannot be removed or moved there: a later step takes its notes, statements "
        "or hazards from it (or it is the only step)."
    )


class ChoiceLimit(DomainError):
    status = 409
    message = _l("You have already chosen as many options as allowed.")


class UnknownAction(DomainError):
    status = 404
    message = _l("This measure does not exist (any more).")


class NoteLimitReached(DomainError):
    status = 409
    message = _l("You have reached the maximum number of notes for this step.")


class NoteTooLong(DomainError):
    message = _l("The note is too long.")


class VoteBudgetExceeded(DomainError):
    status = 409
    message = _l("You have no dots left.")


class NoteVoteLimit(DomainError):
    status = 409
    message = _l("You cannot put more dots on this note.")


class NoVoteToRetract(DomainError):
    status = 409
    message = _l("You have no dot on this note.")


class OwnQuestion(DomainError):
    status = 409
    message = _l("You cannot upvote your own question.")


class AlreadyUpvoted(DomainError):
    status = 409
    message = _l("You have already upvoted this question.")


class QuestionAnswered(DomainError):
    status = 409
    message = _l("This question has been answered already.")


class NoteHasDots(DomainError):
    status = 409
    message = _l("This note already has dots and can no longer be changed.")


class InvalidMerge(DomainError):
    message = _l("These notes cannot be merged.")


class NotMergeable(DomainError):
    status = 409
    message = _l(
        "A note to be merged is hidden or already merged, or belongs to another board. "
        "Nothing was changed; please reload the page."
    )


class RateLimited(DomainError):
    status = 429
    message = _l("Too many attempts. Please wait a moment and try again.")


class InvalidPayload(DomainError):
    """A form refused the input; `errors` holds its messages per field."""

    message = _l("Please check your input.")

    def __init__(self, field_errors: Mapping[str, Any]) -> None:
        super().__init__()
        self.errors = {
            name: [str(message) for message in messages] for name, messages in field_errors.items()
        }

    @property
    def code(self) -> str:
        return "invalid"


class TryAgain(DomainError):
    status = 503
    message = _l("The server is busy. Please try again.")


def register_error_handlers(app: Flask) -> None:
    """Render friendly, translated error pages for HTTP errors and domain errors."""

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError) -> tuple[str, int]:
        return render_template("errors/error.html", message=error.message), error.status

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        messages = {
            400: _("The request was not understood. Please reload the page and try again."),
            403: _("You may not open this page."),
            404: _("This page does not exist."),
            405: _("This page cannot be used like that."),
            413: _("That was too much data."),
        }
        message = messages.get(code, _("Something went wrong. Please try again."))
        return render_template("errors/error.html", message=message, code=code), code

    @app.errorhandler(OperationalError)
    def _database_unavailable(error: OperationalError) -> tuple[str, int]:
        app.logger.error("database unavailable: %s", error.orig)
        return render_template("errors/error.html", message=TryAgain.message, code=503), 503
