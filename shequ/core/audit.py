from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models.signals import pre_save


def _live(context: dict) -> bool:
    """auditlog leaves its context behind when a `set_actor` block ends but disconnects the receiver
    that stamps entries; only a context whose receiver is still connected names the actor."""
    return any(lookup_key[0] == context.get("signal_duid") for lookup_key, *_ in pre_save.receivers)


@contextmanager
def audit_actor(acting_user: AbstractBaseUser) -> Iterator[None]:
    """Attribute auditlog entries to `acting_user`.

    Inside a request auditlog's middleware has already named the actor and the client address;
    nesting its `set_actor` would drop both for the rest of the request, so a live context naming
    the same user is kept. Whatever context was there before is restored on the way out.
    """
    outer = auditlog_value.get(None)
    if outer is not None and outer.get("actor") == acting_user and _live(outer):
        yield
        return
    token = auditlog_value.set(None)
    try:
        with set_actor(acting_user):
            yield
    finally:
        auditlog_value.reset(token)
