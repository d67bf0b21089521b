"""A synthetic state at a chosen scale, for benchmarks (DOMAIN.md §8).

Scale 1 is a state over ten years: 58 counties, 60,000 youth with their histories and
20 million audit entries. It starts from the demo (two counties of youth made through
the actions, so that every history is one the software itself wrote), adds the other
counties with their agencies and staff, then copies the demo's youth into every county
in bulk SQL: new names and birth dates, histories moved back in time by up to ten
years, each county's staff in place of the demo's. The audit log gets each county's
entries for those years, hash-chained like any other (``manage.py audit_verify``
passes). PostgreSQL only: the copies are made by the database itself.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from carecircle.demo.builder import build_demo
from carecircle.demo.state import audit, clone, counties

STATE_COUNTIES = 58
YOUTH_AT_SCALE_1 = 60_000
AUDIT_EVENTS_AT_SCALE_1 = 20_000_000
# DOMAIN.md §8: 50 to 200 notes a youth a year; most cases here last a year or two.
NOTES_PER_YOUTH = 60


@dataclass
class StateSummary:
    scale: float
    counties: int = 0
    youth: int = 0
    staff: int = 0
    audit_events: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def build_state(
    *,
    scale: float,
    seed: int = 2026,
    counties_count: int = STATE_COUNTIES,
    notes_per_youth: int = NOTES_PER_YOUTH,
    progress: Callable[[str], None] = lambda message: None,
) -> StateSummary:
    if connection.vendor != "postgresql":
        raise RuntimeError(
            "The synthetic state is built with PostgreSQL's bulk SQL: point DATABASE_URL "
            "at a new PostgreSQL database."
        )
    if scale <= 0:
        raise ValueError("The scale must be above zero.")
    summary = StateSummary(scale=scale)
    rng = random.Random(seed)
    youth_total = max(counties_count, round(YOUTH_AT_SCALE_1 * scale))
    events_total = round(AUDIT_EVENTS_AT_SCALE_1 * scale)

    def timed(step: str, work: Callable[[], object]) -> object:
        started = time.perf_counter()
        result = work()
        summary.seconds[step] = round(time.perf_counter() - started, 1)
        progress(f"{step}: {summary.seconds[step]} s")
        return result

    progress("Demo counties, made through the actions (templates for every other county)")
    timed("demo", lambda: build_demo(counties=2, youth_per_county=40, seed=seed))
    sizes = counties.county_sizes(youth_total, counties_count)
    # One transaction: the copies join the mapping tables, which last until its end.
    with transaction.atomic():
        state = timed(
            "counties and staff",
            lambda: counties.make_counties(counties_count, sizes, seed=seed),
        )
        summary.rows = timed(
            "youth and histories",
            lambda: clone.copy_youth(
                state, sizes, rng=rng, notes_per_youth=notes_per_youth, progress=progress
            ),
        )
    summary.counties = counties_count
    summary.staff = state.staff
    summary.youth = summary.rows.get("youth_youth", 0)
    summary.audit_events = timed(
        "audit log", lambda: audit.write_history(events_total, seed=seed, progress=progress)
    )
    timed("statistics", analyse)
    return summary


def analyse() -> None:
    """As autovacuum would after a load: without statistics the planner guesses."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
