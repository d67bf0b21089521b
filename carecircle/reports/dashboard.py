"""The county dashboard: the caseload and its clocks now, the work of a period, and the
outcome measures of DOMAIN.md §7 over the last four quarters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carecircle.clocks.models import MissingEpisode
from carecircle.lib.dates import county_today
from carecircle.lib.replica import reads_from_replica
from carecircle.meetings.models import Tier
from carecircle.reports import measures
from carecircle.reports.periods import Period, recent_quarters
from carecircle.reports.program import (
    coverage_table,
    diversion_table,
    episodes_table,
    services_table,
)
from carecircle.reports.suppression import percentage
from carecircle.reports.tables import (
    KIND_ROWS,
    SCREEN_KINDS,
    STATUS_ROWS,
    STATUTORY_REPORT_KINDS,
    ReportTable,
    counts_table,
    timeliness_table,
)
from carecircle.sharing.policy.read_once import facts_read_once
from carecircle.youth.models import SchoolEnrollment

DUE_SOON = timedelta(hours=24)


@dataclass
class Trend:
    """One outcome measure over the quarters: counts, or shares in percent."""

    key: str
    label: str
    values: list[int | Decimal | None]
    is_percent: bool = False


@dataclass
class Dashboard:
    period: Period
    now: datetime
    tables: dict[str, ReportTable]
    quarters: list[Period]
    trends: list[Trend]
    missing_now: int
    episode_summary: dict

    def trend(self, key: str) -> Trend:
        return next(t for t in self.trends if t.key == key)


@reads_from_replica
@facts_read_once(own=True)
def build_dashboard(source, period: Period, *, now: datetime) -> Dashboard:
    county_id = source.county.pk
    tables: dict[str, ReportTable] = {}

    counted = measures.caseload_now(source, county_today(source.time_zone))
    caseload: Counter = Counter()
    school: Counter = Counter()
    for (status, tier, enrollment), n in counted.items():
        caseload[(status, tier)] += n
        school[enrollment] += n
    tables["caseload"] = counts_table(
        key="caseload",
        title=_("Caseload by status and MDT tier"),
        description=_(
            "Youth you may see, by their exploitation status today and the tier of "
            "their last MDT meeting."
        ),
        row_heading=_("Status"),
        rows=STATUS_ROWS,
        columns=[*Tier.choices, (measures.NO_TIER, _("No MDT meeting yet"))],
        count=lambda row, col: caseload.get((row, col), 0),
    )
    tables["school"] = counts_table(
        key="school",
        title=_("School enrollment"),
        description=_("Youth you may see, by school enrollment as last recorded."),
        row_heading=_("School"),
        rows=list(SchoolEnrollment.choices),
        columns=[("n", _("Youth"))],
        count=lambda row, _col: school.get(row, 0),
        row_totals=False,
    )

    tasks = measures.open_tasks(source, now=now, soon=now + DUE_SOON)
    task_columns = [
        ("overdue", _("Overdue")),
        ("due_soon", _("Due in the next 24 hours")),
        ("later", _("Due later")),
    ]
    by_kind: dict[tuple[str, str], int] = {}
    by_agency: dict[tuple[str, str], int] = {}
    for (kind, agency, state), n in tasks.items():
        by_kind[(kind, state)] = by_kind.get((kind, state), 0) + n
        by_agency[(agency, state)] = by_agency.get((agency, state), 0) + n
    tables["tasks_by_kind"] = counts_table(
        key="tasks_by_kind",
        title=_("Open tasks by kind"),
        description=_("Tasks not yet done, by how soon they are due."),
        row_heading=_("Task"),
        rows=[
            (k, label)
            for k, label in KIND_ROWS
            if any(by_kind.get((k, s)) for s, _l in task_columns)
        ],
        columns=task_columns,
        count=lambda row, col: by_kind.get((row, col), 0),
    )
    agencies = sorted({agency for agency, _state in by_agency})
    tables["tasks_by_agency"] = counts_table(
        key="tasks_by_agency",
        title=_("Open tasks by agency"),
        description=_("Tasks not yet done, by the agency whose record started them."),
        row_heading=_("Agency"),
        rows=[(a, a) for a in agencies],
        columns=task_columns,
        count=lambda row, col: by_agency.get((row, col), 0),
    )

    tables["timeliness"] = timeliness_table(measures.timeliness(source, period, now=now), county_id)
    tables["mdt_coverage"] = coverage_table(
        measures.meeting_coverage(source, period).get(county_id)
    )
    tables["services"] = services_table(
        source, period, key="services", title=_("Services by domain and status")
    )
    episodes = measures.missing_episodes(source, period, now=now)
    tables["missing"] = episodes_table(
        episodes, key="missing", title=_("Missing episodes by length")
    )
    tables["diversion"] = diversion_table(source, period, key="diversion", title=_("Diversion"))
    missing_now = (
        source.items(MissingEpisode)
        .filter(youth__in=source.youth().values("pk"), returned_at__isnull=True)
        .count()
    )
    quarters = recent_quarters(period.last, 4)
    return Dashboard(
        period=period,
        now=now,
        tables=tables,
        quarters=quarters,
        trends=trends(source, quarters, now=now),
        missing_now=missing_now,
        episode_summary={
            "episodes": len(episodes),
            "youth": len({e.youth_id for e in episodes}),
            "days": round(sum(e.days_so_far for e in episodes)),
        },
    )


def _share_on_time(counted, county_id, kinds) -> Decimal | None:
    on_time = sum(counted.get((county_id, k, "on_time"), 0) for k in kinds)
    due = sum(counted.get((county_id, k, c), 0) for k in kinds for c in measures.TIMELINESS)
    return percentage(on_time, due)


def trends(source, quarters: list[Period], *, now: datetime) -> list[Trend]:
    """The outcome measures of DOMAIN.md §7, one value per quarter: one query a
    measure for the four quarters."""
    county_id = source.county.pk
    rows: dict[str, list] = {key: [] for key in _TREND_LABELS}
    per_quarter = zip(
        measures.missing_episodes_by_period(source, quarters, now=now),
        measures.placements_by_period(source, quarters),
        measures.diversions_by_period(source, quarters),
        measures.timeliness_by_period(source, quarters, now=now),
        measures.identified_by_period(source, quarters),
        measures.re_exploitation_by_period(source, quarters),
        measures.detentions_by_period(source, quarters),
        strict=True,
    )
    for episodes, (_settings, moves), diversion, counted, identified, again, held in per_quarter:
        rows["identified"].append(identified.get(county_id, 0))
        rows["episodes"].append(len(episodes))
        rows["days_missing"].append(round(sum(e.days_so_far for e in episodes)))
        rows["moves"].append(moves.get(county_id, 0))
        rows["re_exploited"].append(again.get(county_id, 0))
        rows["detentions"].append(held.get(county_id, 0))
        rows["diversions_offered"].append(
            sum(n for (c, _s), n in diversion.items() if c == county_id)
        )
        rows["diversions_completed"].append(diversion.get((county_id, "completed"), 0))
        rows["reports_on_time"].append(_share_on_time(counted, county_id, STATUTORY_REPORT_KINDS))
        rows["health_on_time"].append(_share_on_time(counted, county_id, {"health_exam"}))
        rows["screens_on_time"].append(_share_on_time(counted, county_id, SCREEN_KINDS))
    return [
        Trend(key, str(label), rows[key], is_percent=key.endswith("on_time"))
        for key, label in _TREND_LABELS.items()
    ]


_TREND_LABELS = {
    "identified": gettext_lazy("Youth identified"),
    "episodes": gettext_lazy("Missing episodes begun"),
    "days_missing": gettext_lazy("Days missing"),
    "moves": gettext_lazy("Placement moves"),
    "re_exploited": gettext_lazy("Youth re-exploited"),
    "detentions": gettext_lazy("Detentions"),
    "diversions_offered": gettext_lazy("Diversions offered"),
    "diversions_completed": gettext_lazy("Diversions completed"),
    "reports_on_time": gettext_lazy("Statutory reports on time (%)"),
    "health_on_time": gettext_lazy("Health exams within 72 hours (%)"),
    "screens_on_time": gettext_lazy("Debriefs and re-screens after a return on time (%)"),
}
