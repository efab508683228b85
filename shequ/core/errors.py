"""Refusals a domain explains in words, each with a stable code that API clients can rely on."""


class DomainError(Exception):
    """The request is understood but conflicts with the record's state (a full slot, a step the
    workflow forbids). The API answers `api_status` with `{"detail": message, "code": api_code}`;
    `api_code` is "<app>.<reason>", e.g. "bookings.slot_full". `extra` adds what a program needs to
    act on the refusal to that body (the missing materials, the existing application)."""

    api_status = 409
    api_code = "core.conflict"

    def __init__(self, message, *, api_code: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        if api_code:
            self.api_code = api_code
