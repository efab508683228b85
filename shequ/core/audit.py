"""The audit context of the work in progress: who acts, from which address, with which client.

django-auditlog keeps it in a context variable that stamps every LogEntry; the domain-event log
reads the same context, so both logs name the same actor, address and user agent.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from auditlog import get_logentry_model
from auditlog.cid import correlation_id
from auditlog.context import _set_extra_data, auditlog_value, set_extra_data
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models.signals import pre_save

from shequ.core.client import client_address, client_user_agent

# What a request contributes to the context besides the actor. `user_agent` is not a LogEntry field,
# so auditlog leaves it alone; domain events record it.
REQUEST_KEYS = ("remote_addr", "remote_port", "user_agent")
# The signal_duid of every request's context. auditlog's own middleware connects a pre_save receiver
# for LogEntry on each request and disconnects it after (a third of a minimal request's time, and
# every connect empties the signal's receiver cache); this one receiver, connected once, stamps the
# entries of whichever request is in progress in this thread or task.
REQUEST_SIGNAL_DUID = ("shequ.request", 0)


def request_stamping_connect() -> None:
    """Connect the receiver that stamps LogEntry rows with the request's context (CoreConfig.ready)."""
    pre_save.connect(
        partial(_set_extra_data, signal_duid=REQUEST_SIGNAL_DUID),
        sender=get_logentry_model(),
        dispatch_uid=REQUEST_SIGNAL_DUID,
        weak=False,
    )


def _client_address_or_none(request) -> str | None:
    return client_address(request) or None


class AuditContextMiddleware(AuditlogMiddleware):
    """auditlog's middleware with the client address that trusted proxies vouch for (auditlog's own
    takes the left-most X-Forwarded-For entry, which the client writes), plus the user agent, and
    with the one receiver connected at start-up instead of one per request.

    Cheap on the requests that write no audit row (most of them), measured by
    bench/middleware_costs.py (it was a quarter of a minimal request's time): the client address is
    a callable, worked out only when an entry or event is written (auditlog calls callable values);
    headers are read from META rather than through request.headers, which copies every header; and
    a request without a session cookie names no actor without loading the user, whom the session
    middleware could only find anonymous (token requests are named by audit_request_actor_set)."""

    def __init__(self, get_response=None):
        super().__init__(get_response)
        header = settings.AUDITLOG_CID_HEADER
        # auditlog looks the header up in request.headers, then as a raw META key.
        self.cid_keys = ("HTTP_" + header.upper().replace("-", "_"), header) if header else ()
        self.cid_from_request = not settings.AUDITLOG_CID_GETTER

    def get_extra_data(self, request):
        meta = request.META
        try:
            remote_port = int(meta.get("HTTP_X_FORWARDED_PORT", ""))
        except ValueError:
            remote_port = None
        return {
            "remote_addr": partial(_client_address_or_none, request),
            "remote_port": remote_port,
            "actor": self._get_actor(request) if settings.SESSION_COOKIE_NAME in request.COOKIES else None,
            "user_agent": client_user_agent(request),
        }

    def __call__(self, request):
        if self.cid_from_request:
            correlation_id.set(next((request.META[key] for key in self.cid_keys if key in request.META), None))
        token = auditlog_value.set(self.get_extra_data(request) | {"signal_duid": REQUEST_SIGNAL_DUID})
        try:
            return self.get_response(request)
        finally:
            auditlog_value.reset(token)


def _live(context: dict) -> bool:
    """auditlog leaves its context behind when a `set_actor` block ends but disconnects the receiver
    that stamps entries; only a context whose receiver is still connected names the actor."""
    return any(lookup_key[0] == context.get("signal_duid") for lookup_key, *_ in pre_save.receivers)


def _live_context() -> dict | None:
    context = auditlog_value.get(None)
    return context if context is not None and _live(context) else None


def audit_request_actor_set(user) -> None:
    """Name the actor of the request in progress.

    DRF authenticates a token inside the view, after the middleware found an anonymous user; the
    authentication calls this so that the request's audit rows name the token's owner.
    """
    context = _live_context()
    if context is not None:
        context["actor"] = user


def audit_request_client() -> tuple[str, str]:
    """(client address, user agent) of the request in progress; empty outside a request."""
    context = _live_context() or {}
    address = context.get("remote_addr")
    return (address() if callable(address) else address) or "", context.get("user_agent") or ""


@contextmanager
def audit_actor(acting_user: AbstractBaseUser) -> Iterator[None]:
    """Attribute auditlog entries to `acting_user`.

    Inside a request auditlog's middleware has already named the actor and the client address;
    nesting its `set_actor` would drop both for the rest of the request, so a live context naming
    the same user is kept, and a new one for another user keeps the request's address and client.
    Whatever context was there before is restored on the way out.
    """
    outer = _live_context()
    if outer is not None and outer.get("actor") == acting_user:
        yield
        return
    carried = {key: outer[key] for key in REQUEST_KEYS if key in outer} if outer else {}
    token = auditlog_value.set(None)
    try:
        with set_extra_data(context_data={"actor": acting_user, **carried}):
            yield
    finally:
        auditlog_value.reset(token)
