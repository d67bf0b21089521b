"""Reports may read from a PostgreSQL replica (a hot standby), so that counting a
quarter does not compete with the people working in the primary.

Set ``DATABASE_REPLICA_URL`` to add the ``replica`` database; without it everything reads
from the primary, as before. Only the county report builders (the dashboard and the
program report, page and export) read from it, inside ``reading_from_replica()``: the
queries whose rows are case records go there, whole, with the permission conditions
written into them (team, consents, sealing), so they see the standby's state of those
too. Every other query — the viewer's roles, the audit log, sessions, the reports' own
rows — and every write go to the primary. The public statewide figures, which are kept,
are always counted on the primary.

A standby more than ``CARECIRCLE_REPLICA_MAX_LAG_SECONDS`` behind (30), or one that
cannot say, is not used: the report reads the primary (docs/operations.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

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


def replica_is_fresh() -> bool:
    """Whether there is a replica and it is close enough to the primary to count from:
    caught up with what it received, or replaying within the allowed lag."""
    if REPLICA not in settings.DATABASES:
        return False
    replica = connections[REPLICA]
    if replica.vendor != "postgresql":
        return True  # the test suite's mirror of an SQLite primary
    try:
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), "
                "pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), "
                "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
            )
            recovering, caught_up, lag = cursor.fetchone()
    except DatabaseError:
        return False
    if not recovering:
        return True  # not a standby: the primary itself (a mirror in the tests)
    limit = getattr(settings, "CARECIRCLE_REPLICA_MAX_LAG_SECONDS", 30)
    return bool(caught_up) or (lag is not None and lag <= limit)


def reads_from_replica(function: Callable) -> Callable:
    """A county report builder: what it counts comes from the replica if it is fresh."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if not replica_is_fresh():
            return function(*args, **kwargs)
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
