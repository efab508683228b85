from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor


@contextmanager
def audit_actor(acting_user) -> Iterator[None]:
    """Attribute auditlog entries to `acting_user`.

    Inside a request auditlog's middleware has already named the actor (and the client address);
    nesting its `set_actor` would drop both for the rest of the request, so the request's context is
    kept when it names the same user, and restored afterwards when it does not.
    """
    try:
        outer = auditlog_value.get()
    except LookupError:
        outer = None
    if outer is not None and outer.get("actor") == acting_user:
        yield
        return
    try:
        with set_actor(acting_user):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)
