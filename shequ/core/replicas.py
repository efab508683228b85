"""Reads that may go to a read replica (settings.DATABASE_REPLICAS, from SHEQU_DATABASE_REPLICA_URLS).

Nothing goes to a replica unless it asks: dashboards, statistics and exports run inside
`reads_from_replica()` (a context manager and a decorator), whose reads may be a little behind the
primary and cost the primary nothing. Everything else reads the default database. Once a request
(or a command, or a task worker) has written anything, all its reads stay on the default database,
so nobody reads a replica that has not yet seen their own change; so do reads inside a transaction.
Writes always go to the default database, and migrations never run on a replica (it replicates them).
"""

import random
from contextlib import ContextDecorator
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


class reads_from_replica(ContextDecorator):
    def __enter__(self):
        self._token = _replica_reads.set(True)
        return self

    def __exit__(self, *exc_info):
        _replica_reads.reset(self._token)
        return False


def writes_forgotten(**_signal_arguments) -> None:
    """A new request has written nothing yet (connected to request_started)."""
    _wrote.set(False)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if not (_replica_reads.get() and settings.DATABASE_REPLICAS) or _wrote.get():
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        return random.choice(settings.DATABASE_REPLICAS)

    def db_for_write(self, model, **hints) -> str:
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Every replica holds the same rows as the default database.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return False if db in settings.DATABASE_REPLICAS else None
