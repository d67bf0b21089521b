"""Reports may read from a PostgreSQL replica (a hot standby), so that counting a
quarter does not compete with the people working in the primary.

Set ``DATABASE_REPLICA_URL`` to add the ``replica`` database; without it everything reads
from the primary, as before. Only the report builders read from it, only inside
``reading_from_replica()``, and only the case records they count: who may see what
(accounts, sharing), the audit log, sessions, and the reports' own rows always come from
the primary. Writes always go to the primary. A replica is a few seconds behind at
most: a report may miss what was recorded in those seconds (docs/operations.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
# The apps a report counts. Everything else is read from the primary.
COUNTED_APPS = frozenset(
    {"youth", "records", "screening", "clocks", "meetings", "referrals", "justice"}
)

_reading: ContextVar[bool] = ContextVar("carecircle_reading_from_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(function: Callable) -> Callable:
    """A report builder: what it counts may come from the replica."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with reading_from_replica():
            return function(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """``DATABASE_ROUTERS``: sends a report's reads of case records to the replica."""

    def db_for_read(self, model, **hints) -> str | None:
        if not (_reading.get() and REPLICA in settings.DATABASES):
            return None
        # Explicitly the primary for the rest, even when reached through a record read
        # from the replica (Django would otherwise follow that record's database).
        return REPLICA if model._meta.app_label in COUNTED_APPS else "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an object read from either is the same.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints) -> bool | None:
        # The replica follows the primary's migrations by replication.
        return False if db == REPLICA else None
