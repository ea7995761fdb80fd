"""Domain errors. The API maps each class to one HTTP status (see ``api/errors.py``)."""
from labour.i18n import Message, N_


class DomainError(Exception):
    """Base class. ``code`` is a stable machine-readable string; ``message`` is untranslated."""

    code = "error"
    default_message = N_("The request could not be completed.")

    def __init__(self, message: Message | str | None = None, *, errors: dict | None = None, code: str | None = None):
        if message is None:
            message = self.default_message
        self.message = message if isinstance(message, Message) else Message(message)
        # field name -> list of Message (or a nested dict for nested fields)
        self.errors = errors or {}
        if code:
            self.code = code
        super().__init__(self.message.msgid)


class Invalid(DomainError):
    """Input that breaks a domain rule; ``errors`` names each field."""

    code = "invalid"
    default_message = N_("Some fields are not valid.")

    @classmethod
    def field(cls, name: str, message: str, **params):
        return cls(errors={name: [Message(message, **params)]})


class NotFound(DomainError):
    code = "not_found"
    default_message = N_("Not found.")


class Conflict(DomainError):
    code = "conflict"
    default_message = N_("This conflicts with the current state.")


class PermissionDenied(DomainError):
    code = "forbidden"
    default_message = N_("You are not allowed to do this.")


class Unavailable(DomainError):
    """Something the request depends on cannot be written or reached now (e.g. the audit log): nothing was done."""

    code = "unavailable"
    default_message = N_("The service is unavailable. Try again later.")


class AuthenticationFailed(DomainError):
    code = "unauthenticated"
    default_message = N_("Log in first.")


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    default_message = N_("Too many attempts. Try again later.")
