"""Statewide figures for the state program and the public (DOMAIN.md §1, §7): one row
per opted-in county and the state's totals, for a whole quarter.

Built from counts only, through ``StateSource``; every table is suppressed before anyone
sees it, the state analyst included. A quarter is published once, a while after it
ends (counties enter late records), and the suppressed figures are kept as a snapshot
and served unchanged from then on: figures recounted on each visit would move, and two
saved copies could be subtracted to reveal a small count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from carecircle.accounts.models import County
from carecircle.audit.actions import record_event
from carecircle.reports import measures
from carecircle.reports.models import StatewideSnapshot
from carecircle.reports.periods import Period, complete_quarters
from carecircle.reports.sources import StateSource
from carecircle.reports.tables import (
    AGE_ROWS,
    DIVERSION_ROWS,
    EPISODE_ROWS,
    GENDER_ROWS,
    RACE_ROWS,
    SCREEN_KINDS,
    STATUS_ROWS,
    STATUTORY_REPORT_KINDS,
    TIMELINESS_COLUMNS,
    ReportTable,
    counts_table,
    publish,
    publish_linked,
    publish_one,
    youth_attributes,
)

# Counties have this long after a quarter ends to enter its late records.
PUBLICATION_DELAY = timedelta(days=30)
QUARTERS_OFFERED = 8


@dataclass
class Statewide:
    period: Period
    counties: list[str]
    tables: list[ReportTable]
    taken_at: datetime


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    description: str
    columns: list
    percent: bool = False


def published_quarters(today: date) -> list[Period]:
    """The quarters on offer, newest first: whole quarters that ended at least
    ``PUBLICATION_DELAY`` ago. Never years or periods to date, which overlap them."""
    # The quarter just ended may still be inside its delay: look one further back.
    ended = complete_quarters(today, QUARTERS_OFFERED + 1)
    return [q for q in ended if q.last + PUBLICATION_DELAY < today][:QUARTERS_OFFERED]


def specs() -> list[Spec]:
    youth = _("Youth first identified as exploited or at risk in the quarter.")
    tasks = _("Tasks that fell due in the quarter, by whether they were done on time.")
    return [
        Spec("youth_by_status", _("Youth identified, by exploitation status"), youth,
             STATUS_ROWS),
        Spec("youth_by_age", _("Youth identified, by age"), youth, AGE_ROWS),
        Spec("youth_by_gender", _("Youth identified, by gender identity"), youth, GENDER_ROWS),
        Spec("youth_by_race", _("Youth identified, by race and ethnicity"), youth, RACE_ROWS),
        Spec("missing_episodes", _("Missing-from-care episodes, by length"),
             _("Episodes that began in the quarter, by how long the youth was away."),
             EPISODE_ROWS),
        Spec("diversion", _("Diversion from the justice system"),
             _("Diversions offered in the quarter, by where they stood when published."),
             DIVERSION_ROWS),
        Spec("statutory_reports", _("Statutory reports, by timeliness"), tasks,
             TIMELINESS_COLUMNS, percent=True),
        Spec("return_screens", _("Debriefs and re-screens after a return, by timeliness"),
             tasks, TIMELINESS_COLUMNS, percent=True),
    ]  # fmt: skip


def _skeleton(spec: Spec, rows: list, count) -> ReportTable:
    return counts_table(
        key=spec.key,
        title=spec.title,
        description=spec.description,
        row_heading=_("County"),
        rows=rows,
        columns=spec.columns,
        count=count,
        percent=(_("Share on time"), 0) if spec.percent else None,
    )


def count_and_suppress(period: Period, *, now: datetime) -> tuple[list[str], list[ReportTable]]:
    """Count the quarter for every opted-in county and suppress every table."""
    source = StateSource()
    counties = list(County.objects.filter(opted_in=True).order_by("name"))
    rows = [(c.pk, c.name) for c in counties]
    by_key = {spec.key: spec for spec in specs()}

    identified = measures.identified_youth(source, period)
    statuses = measures.statuses_on(source, identified, period.last)
    attributes = youth_attributes(statuses, period.last)
    youth_tables = []
    for key, attribute in attributes.items():
        counted: dict = {}
        for youth in identified:
            cell = (youth.county_id, attribute(youth))
            counted[cell] = counted.get(cell, 0) + 1
        youth_tables.append(
            _skeleton(by_key[key], rows, lambda r, c, counted=counted: counted.get((r, c), 0))
        )
    tables = publish_linked(youth_tables)

    episodes: dict = {}
    for episode in measures.missing_episodes(source, period, now=now):
        cell = (episode.county_id, measures.episode_length(episode.days))
        episodes[cell] = episodes.get(cell, 0) + 1
    tables.append(
        publish_one(
            _skeleton(by_key["missing_episodes"], rows, lambda r, c: episodes.get((r, c), 0))
        )
    )
    diversion = measures.diversions(source, period)
    tables.append(
        publish_one(_skeleton(by_key["diversion"], rows, lambda r, c: diversion.get((r, c), 0)))
    )
    counted = measures.timeliness(source, period, now=now)
    for key, kinds in (
        ("statutory_reports", STATUTORY_REPORT_KINDS),
        ("return_screens", SCREEN_KINDS),
    ):
        tables.append(
            publish_one(
                _skeleton(
                    by_key[key],
                    rows,
                    lambda r, c, kinds=kinds: sum(counted.get((r, k, c), 0) for k in kinds),
                )
            )
        )
    return [c.name for c in counties], tables


def _take_snapshot(period: Period) -> StatewideSnapshot:
    # A new snapshot: whatever this process drew before is let go (a snapshot taken
    # again, as a test does, may share its quarter and even its time with an old one).
    _DRAWN.clear()
    counties, tables = count_and_suppress(period, now=timezone.now())
    stored = {
        t.key: {
            "cells": t.cells,
            "row_totals": t.row_totals,
            "column_totals": t.column_totals,
            "total": t.total,
        }
        for t in tables
    }
    try:
        with transaction.atomic():
            snapshot = StatewideSnapshot.objects.create(
                period=period.key, counties=counties, tables=stored
            )
            record_event(
                actor=None,
                action="report.statewide_published",
                detail={"period": period.key, "counties": len(counties)},
            )
    except IntegrityError:
        # Another request published the quarter first: serve what it stored.
        snapshot = StatewideSnapshot.objects.get(period=period.key)
    return snapshot


def statewide_for(period: Period) -> Statewide:
    """The published figures of a quarter, taking the snapshot the first time."""
    snapshot = StatewideSnapshot.objects.filter(period=period.key).first()
    if snapshot is None:
        snapshot = _take_snapshot(period)
    rows = list(enumerate(snapshot.counties))
    tables = []
    for spec in specs():
        stored = SimpleNamespace(**snapshot.tables[spec.key])
        table = publish(_skeleton(spec, rows, lambda _r, _c: 0), stored)
        tables.append(table)
    return Statewide(
        period=period, counties=snapshot.counties, tables=tables, taken_at=snapshot.taken_at
    )


# Published figures drawn as HTML, by quarter, when they were taken and language: a
# snapshot never changes, so each server process draws each at most once.
_DRAWN: dict[tuple[str, datetime, str], str] = {}
_DRAWN_AT_MOST = 64


def drawn(state: Statewide, draw) -> SafeString:
    """``draw()`` (the tables of ``state`` as HTML), drawn once per process."""
    key = (state.period.key, state.taken_at, get_language() or settings.LANGUAGE_CODE)
    html = _DRAWN.get(key)
    if html is None:
        if len(_DRAWN) >= _DRAWN_AT_MOST:
            _DRAWN.clear()
        html = _DRAWN[key] = str(draw())
    return mark_safe(html)  # noqa: S308 - drawn by the page's own template
