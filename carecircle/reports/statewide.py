"""Statewide figures for the state program and the public (DOMAIN.md §1, §7): one row
per opted-in county and the state's totals, for a whole quarter that has ended. Built
from counts only, through ``StateSource``, and every table is suppressed before anyone
sees it — the state analyst included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import County
from carecircle.reports import measures
from carecircle.reports.periods import Period
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
    publish_linked,
    publish_one,
)


@dataclass
class Statewide:
    period: Period
    counties: list
    tables: list[ReportTable]
    generated_at: datetime


def build_statewide(period: Period, *, now: datetime | None = None) -> Statewide:
    now = now or timezone.now()
    source = StateSource()
    counties = list(County.objects.filter(opted_in=True).order_by("name"))
    rows = [(c.pk, c.name) for c in counties]

    identified = measures.identified_youth(source, period)
    statuses = measures.statuses_on(source, identified, period.last)
    youth_spec = [
        ("youth_by_status", _("Youth identified, by exploitation status"), STATUS_ROWS,
         lambda y: statuses.get(y.pk, measures.NO_STATUS)),
        ("youth_by_age", _("Youth identified, by age"), AGE_ROWS,
         lambda y: measures.age_band(y.date_of_birth, period.last)),
        ("youth_by_gender", _("Youth identified, by gender identity"), GENDER_ROWS,
         lambda y: y.gender),
        ("youth_by_race", _("Youth identified, by race and ethnicity"), RACE_ROWS,
         lambda y: y.race),
    ]  # fmt: skip
    youth_tables = []
    for key, title, columns, attribute in youth_spec:
        counted: dict = {}
        for youth in identified:
            cell = (youth.county_id, attribute(youth))
            counted[cell] = counted.get(cell, 0) + 1
        youth_tables.append(
            counts_table(
                key=key,
                title=title,
                description=_("Youth first identified as exploited or at risk in the quarter."),
                row_heading=_("County"),
                rows=rows,
                columns=columns,
                count=lambda row, col, counted=counted: counted.get((row, col), 0),
            )
        )
    tables = publish_linked(youth_tables)

    episodes: dict = {}
    for episode in measures.missing_episodes(source, period, now=now):
        cell = (episode.county_id, measures.episode_length(episode.days))
        episodes[cell] = episodes.get(cell, 0) + 1
    tables.append(
        publish_one(
            counts_table(
                key="missing_episodes",
                title=_("Missing-from-care episodes, by length"),
                description=_(
                    "Episodes that began in the quarter, by how long the youth was away."
                ),
                row_heading=_("County"),
                rows=rows,
                columns=EPISODE_ROWS,
                count=lambda row, col: episodes.get((row, col), 0),
            )
        )
    )

    diversion = measures.diversions(source, period)
    tables.append(
        publish_one(
            counts_table(
                key="diversion",
                title=_("Diversion from the justice system"),
                description=_("Diversions offered in the quarter, by where they stand now."),
                row_heading=_("County"),
                rows=rows,
                columns=DIVERSION_ROWS,
                count=lambda row, col: diversion.get((row, col), 0),
            )
        )
    )

    counted = measures.timeliness(source, period, now=now)
    for key, title, kinds in (
        ("statutory_reports", _("Statutory reports, by timeliness"), STATUTORY_REPORT_KINDS),
        (
            "return_screens",
            _("Debriefs and re-screens after a return, by timeliness"),
            SCREEN_KINDS,
        ),
    ):
        tables.append(
            publish_one(
                counts_table(
                    key=key,
                    title=title,
                    description=_("Tasks due in the quarter, by whether they were done on time."),
                    row_heading=_("County"),
                    rows=rows,
                    columns=TIMELINESS_COLUMNS,
                    count=lambda row, col, kinds=kinds: sum(
                        counted.get((row, kind, col), 0) for kind in kinds
                    ),
                    percent=(_("Share on time"), 0),
                )
            )
        )
    return Statewide(period=period, counties=counties, tables=tables, generated_at=now)
