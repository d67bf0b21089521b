"""Measures of the work: identifications, referrals, placements, tasks, missing
episodes, diversion and detention, re-exploitation, meetings and open tasks. Part of
``carecircle.reports.measures``."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
)

from carecircle.clocks.models import MissingEpisode
from carecircle.justice.models import Detention, Diversion
from carecircle.meetings.models import MeetingStatus
from carecircle.referrals.models import Referral
from carecircle.reports.measures.common import (
    NO_DOMAIN,
    _period_of,
    _spanned,
    _which,
)
from carecircle.reports.periods import Period
from carecircle.youth.models import ExploitationStatus, Identification, Placement


def identifications_by_source(source, period: Period) -> Counter:
    rows = (
        source.items(Identification)
        .filter(identified_on__gte=period.first, identified_on__lte=period.last)
        .values_list("county_id", "source")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({(county, kind): n for county, kind, n in rows})


def referrals_by_domain(source, period: Period) -> Counter:
    """Referrals made in the period, by the domain of the need and their status now."""
    start, end = period.bounds(source.time_zone)
    rows = (
        source.items(Referral)
        .filter(created_at__gte=start, created_at__lt=end)
        .values_list("county_id", "need__domain", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({(county, domain or NO_DOMAIN, status): n for county, domain, status, n in rows})


def referral_barriers(source, period: Period) -> Counter:
    """Referrals made in the period with barriers written down, per county."""
    start, end = period.bounds(source.time_zone)
    rows = (
        source.items(Referral)
        .filter(created_at__gte=start, created_at__lt=end)
        .exclude(barriers="")
        .values_list("county_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter(dict(rows))


def placements(source, period: Period) -> tuple[Counter, Counter]:
    """Placements started in the period by setting, and how many of them were moves."""
    return placements_by_period(source, [period])[0]


def placements_by_period(source, periods: list[Period]) -> list[tuple[Counter, Counter]]:
    span = _spanned(periods)
    earlier = source.items(Placement).filter(
        youth_id=OuterRef("youth_id"), started_on__lt=OuterRef("started_on")
    )
    rows = (
        source.items(Placement)
        .filter(youth__in=source.youth().values("pk"))
        .filter(started_on__gte=span.first, started_on__lte=span.last)
        .annotate(move=Exists(earlier), in_period=_period_of("started_on", periods))
        .values_list("county_id", "setting", "move", "in_period")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: list[tuple[Counter, Counter]] = [(Counter(), Counter()) for _ in periods]
    for county, setting, move, index, n in rows:
        by_setting, moves = found[index]
        by_setting[(county, setting)] += n
        if move:
            moves[county] += n
    return found


TIMELINESS = ("on_time", "late", "not_done")


def timeliness(source, period: Period, *, now: datetime) -> Counter:
    """Tasks that fell due in the period by kind: done on time, done late, not done.
    Tasks not yet due (later in a period still running) are left out."""
    return timeliness_by_period(source, [period], now=now)[0]


def timeliness_by_period(source, periods: list[Period], *, now: datetime) -> list[Counter]:
    start, end = _spanned(periods).bounds(source.time_zone)
    rows = (
        source.obligations()
        .filter(due_at__gte=start, due_at__lt=min(end, now))
        .annotate(in_period=_period_of("due_at", periods, time_zone=source.time_zone))
        .values_list("county_id", "kind", "in_period")
        .annotate(
            on_time=Count("pk", filter=Q(satisfied_at__lte=F("due_at"))),
            late=Count("pk", filter=Q(satisfied_at__gt=F("due_at"))),
            not_done=Count("pk", filter=Q(satisfied_at__isnull=True)),
        )
        .order_by()
    )
    found = [Counter() for _ in periods]
    for county, kind, index, on_time, late, not_done in rows:
        counted = found[index]
        counted[(county, kind, "on_time")] += on_time
        counted[(county, kind, "late")] += late
        counted[(county, kind, "not_done")] += not_done
    return found


EPISODE_LENGTHS = ("up_to_1", "2_to_7", "8_to_30", "over_30", "still_missing")


def episode_length(days: float | None) -> str:
    if days is None:
        return "still_missing"
    if days <= 1:
        return "up_to_1"
    if days <= 7:
        return "2_to_7"
    if days <= 30:
        return "8_to_30"
    return "over_30"


@dataclass(frozen=True)
class EpisodeRow:
    county_id: int
    youth_id: object
    days: float | None  # None while the youth is still missing
    days_so_far: float


def missing_episodes(source, period: Period, *, now: datetime) -> list[EpisodeRow]:
    """Episodes that began in the period, with how long each lasted (or has lasted)."""
    return missing_episodes_by_period(source, [period], now=now)[0]


def missing_episodes_by_period(
    source, periods: list[Period], *, now: datetime
) -> list[list[EpisodeRow]]:
    span, which = _spanned(periods), _which(periods)
    zone = ZoneInfo(source.time_zone)
    start, end = span.bounds(source.time_zone)
    rows = (
        source.items(MissingEpisode)
        .filter(youth__in=source.youth().values("pk"))
        .filter(last_seen_at__gte=start, last_seen_at__lt=end)
        .values_list("county_id", "youth_id", "last_seen_at", "returned_at")
        .order_by()
    )
    found: list[list[EpisodeRow]] = [[] for _ in periods]
    for county, youth_id, seen, returned in rows:
        so_far = ((returned or now) - seen).total_seconds() / 86400
        days = so_far if returned else None
        found[which(seen.astimezone(zone).date())].append(
            EpisodeRow(county, youth_id, days, so_far)
        )
    return found


def diversions(source, period: Period) -> Counter:
    """Diversions offered in the period, by where they stand now."""
    return diversions_by_period(source, [period])[0]


def diversions_by_period(source, periods: list[Period]) -> list[Counter]:
    span = _spanned(periods)
    rows = (
        source.items(Diversion)
        .filter(offered_on__gte=span.first, offered_on__lte=span.last)
        .annotate(in_period=_period_of("offered_on", periods))
        .values_list("county_id", "status", "in_period")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = [Counter() for _ in periods]
    for county, status, index, n in rows:
        found[index][(county, status)] += n
    return found


def detentions(source, period: Period) -> Counter:
    return detentions_by_period(source, [period])[0]


def detentions_by_period(source, periods: list[Period]) -> list[Counter]:
    span = _spanned(periods)
    rows = (
        source.items(Detention)
        .filter(started_on__gte=span.first, started_on__lte=span.last)
        .annotate(in_period=_period_of("started_on", periods))
        .values_list("county_id", "in_period")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = [Counter() for _ in periods]
    for county, index, n in rows:
        found[index][county] += n
    return found


def re_exploitation(source, period: Period) -> Counter:
    """Youth exploited again: a status of exploitation (not "at risk") from a new
    identification, started in the period after an earlier one had ended. A change of
    certainty (suspected to confirmed) continues the same identification: not counted."""
    return re_exploitation_by_period(source, [period])[0]


def re_exploitation_by_period(source, periods: list[Period]) -> list[Counter]:
    span = _spanned(periods)
    earlier = (
        source.items(ExploitationStatus)
        .filter(
            youth_id=OuterRef("youth_id"),
            ended_on__isnull=False,
            ended_on__lte=OuterRef("started_on"),
        )
        .exclude(category="at_risk")
        .exclude(identification_id=OuterRef("identification_id"))
    )
    rows = (
        source.items(ExploitationStatus)
        .filter(youth__in=source.youth().values("pk"))
        .filter(started_on__gte=span.first, started_on__lte=span.last)
        .exclude(category="at_risk")
        .filter(Exists(earlier))
        .annotate(in_period=_period_of("started_on", periods))
        .values_list("county_id", "youth_id", "in_period")
        .distinct()
        .order_by()
    )
    youth: list[defaultdict] = [defaultdict(set) for _ in periods]
    for county, youth_id, index in rows:
        youth[index][county].add(youth_id)
    return [Counter({county: len(ids) for county, ids in per.items()}) for per in youth]


@dataclass
class MeetingCoverage:
    held: int = 0
    complete: int = 0
    missing: Counter | None = None


def meeting_coverage(source, period: Period) -> dict[int, MeetingCoverage]:
    """MDT meetings held in the period, how many had every required agency, and which
    agencies were missing how often."""
    start, end = period.bounds(source.time_zone)
    rows = (
        source.meetings()
        .filter(status=MeetingStatus.FINALISED, starts_at__gte=start, starts_at__lt=end)
        .values_list("county_id", "missing_agency_types")
        .order_by()
    )
    found: dict[int, MeetingCoverage] = defaultdict(lambda: MeetingCoverage(missing=Counter()))
    for county, missing in rows:
        coverage = found[county]
        coverage.held += 1
        if not missing:
            coverage.complete += 1
        for agency_type in missing or []:
            coverage.missing[agency_type] += 1
    return dict(found)


def open_tasks(source, *, now: datetime, soon: datetime) -> Counter:
    """Open tasks by kind, the agency whose record started them, and whether they are
    overdue, due soon or later."""
    rows = (
        source.obligations()
        .filter(satisfied_at__isnull=True)
        .values_list("kind", "source_agency__name")
        .annotate(
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            due_soon=Count("pk", filter=Q(due_at__gte=now, due_at__lt=soon)),
            later=Count("pk", filter=Q(due_at__gte=soon) | Q(due_at__isnull=True)),
        )
        .order_by()
    )
    found: Counter = Counter()
    for kind, agency, overdue, due_soon, later in rows:
        found[(kind, agency, "overdue")] += overdue
        found[(kind, agency, "due_soon")] += due_soon
        found[(kind, agency, "later")] += later
    return found
