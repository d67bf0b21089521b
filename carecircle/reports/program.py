"""The program report of a county for a period (DOMAIN.md §7): youth identified and
served, identifications by source, services, placements, timeliness, missing episodes,
diversion and MDT coverage. Counted from what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carecircle.accounts.roles import AgencyType
from carecircle.lib.replica import reads_from_replica
from carecircle.reports import measures
from carecircle.reports.periods import Period
from carecircle.reports.tables import (
    DIVERSION_ROWS,
    DOMAIN_ROWS,
    EPISODE_ROWS,
    REFERRAL_COLUMNS,
    SETTING_ROWS,
    SOURCE_ROWS,
    ReportTable,
    counts_table,
    timeliness_table,
    youth_tables,
)
from carecircle.sharing.policy.read_once import facts_read_once

NOT_FOR_PUBLICATION = gettext_lazy(
    "Working figures for the county's own team: counts from 1 to 10 are shown. Do not "
    "publish them; the state publishes suppressed statewide figures."
)


@dataclass
class ProgramReport:
    county: object
    period: Period
    generated_at: datetime
    tables: list[ReportTable]

    def table(self, key: str) -> ReportTable:
        return next(t for t in self.tables if t.key == key)


@reads_from_replica
@facts_read_once(own=True)
def build_program_report(source, period: Period, *, now: datetime, progress=None) -> ProgramReport:
    county_id = source.county.pk
    step = progress or (lambda _percent, _step: None)
    step(10, _("Counting youth identified and served"))
    identified = measures.identified_youth(source, period)
    served = measures.served_youth(source, period)
    statuses = measures.statuses_on(source, [*identified, *served], period.last)
    tables = youth_tables(identified=identified, served=served, statuses=statuses, day=period.last)

    step(40, _("Counting identifications, services and placements"))
    by_source = measures.identifications_by_source(source, period)
    tables.append(
        counts_table(
            key="identifications_by_source",
            title=_("Identifications by source"),
            description=_("Identifications recorded in the period, by who raised the concern."),
            row_heading=_("Source"),
            rows=SOURCE_ROWS,
            columns=[("n", _("Identifications"))],
            count=lambda row, _col: by_source.get((county_id, row), 0),
            row_totals=False,
        )
    )

    services = services_table(source, period, key="services_by_domain", title=_("Services by type"))
    barriers = measures.referral_barriers(source, period).get(county_id, 0)
    services.notes.append(
        _("Referrals of the period with barriers written down: %(count)s.") % {"count": barriers}
    )
    tables.append(services)

    settings_count, moves = measures.placements(source, period)
    placements = counts_table(
        key="placements",
        title=_("Placements"),
        description=_("Placements that began in the period, by setting."),
        row_heading=_("Setting"),
        rows=SETTING_ROWS,
        columns=[("n", _("Placements begun"))],
        count=lambda row, _col: settings_count.get((county_id, row), 0),
        row_totals=False,
    )
    placements.notes.append(
        _("Of these, moves from an earlier placement: %(count)s.")
        % {"count": moves.get(county_id, 0)}
    )
    tables.append(placements)

    step(60, _("Counting tasks, missing episodes and diversion"))
    tables.append(timeliness_table(measures.timeliness(source, period, now=now), county_id))

    episodes = measures.missing_episodes(source, period, now=now)
    missing = episodes_table(episodes, key="missing_episodes", title=_("Missing from care"))
    missing.notes.append(
        _("Youth with an episode: %(youth)s. Days missing in all: %(days)s.")
        % {
            "youth": len({e.youth_id for e in episodes}),
            "days": round(sum(e.days_so_far for e in episodes)),
        }
    )
    tables.append(missing)

    tables.append(
        diversion_table(
            source, period, key="diversion", title=_("Diversion from the justice system")
        )
    )
    tables.append(coverage_table(measures.meeting_coverage(source, period).get(county_id)))
    return ProgramReport(county=source.county, period=period, generated_at=now, tables=tables)


def services_table(source, period: Period, *, key: str, title: str) -> ReportTable:
    county_id = source.county.pk
    referrals = measures.referrals_by_domain(source, period)
    return counts_table(
        key=key,
        title=title,
        description=_(
            "Referrals made in the period, by the need they answer and where they stand now."
        ),
        row_heading=_("Need"),
        rows=DOMAIN_ROWS,
        columns=REFERRAL_COLUMNS,
        count=lambda row, col: referrals.get((county_id, row, col), 0),
    )


def episodes_table(episodes: list, *, key: str, title: str) -> ReportTable:
    lengths: dict[str, int] = {}
    for episode in episodes:
        band = measures.episode_length(episode.days)
        lengths[band] = lengths.get(band, 0) + 1
    return counts_table(
        key=key,
        title=title,
        description=_("Episodes that began in the period, by how long the youth was away."),
        row_heading=_("Length"),
        rows=EPISODE_ROWS,
        columns=[("n", _("Episodes"))],
        count=lambda row, _col: lengths.get(row, 0),
        row_totals=False,
    )


def diversion_table(source, period: Period, *, key: str, title: str) -> ReportTable:
    county_id = source.county.pk
    diversion = measures.diversions(source, period)
    return counts_table(
        key=key,
        title=title,
        description=_("Diversions offered in the period, by where they stand now."),
        row_heading=_("Diversion"),
        rows=DIVERSION_ROWS,
        columns=[("n", _("Diversions"))],
        count=lambda row, _col: diversion.get((county_id, row), 0),
        row_totals=False,
    )


def coverage_table(coverage: measures.MeetingCoverage | None) -> ReportTable:
    coverage = coverage or measures.MeetingCoverage(missing={})
    rows = [
        ("held", _("MDT meetings held")),
        ("complete", _("With every required agency")),
        *[
            (value, _("Without %(agency)s") % {"agency": label})
            for value, label in AgencyType.choices
            if coverage.missing.get(value)
        ],
    ]
    values = {"held": coverage.held, "complete": coverage.complete, **coverage.missing}
    return counts_table(
        key="mdt_coverage",
        title=_("MDT required-agency coverage"),
        description=_(
            "Meetings held and finalised in the period, and how often each required "
            "agency was missing (by the county's composition policy at the time)."
        ),
        row_heading=_("Meetings"),
        rows=rows,
        columns=[("n", _("Meetings"))],
        count=lambda row, _col: values.get(row, 0),
        row_totals=False,
        column_totals=False,
    )
