"""What the program measures (DOMAIN.md §7), counted from a source (``sources.py``).

Each measure runs a fixed number of queries, whatever the number of youth, and is
grouped by county so that one county's report and the statewide tables share it.
Definitions, written down once:

- a youth is **identified** in a period when their first identification falls in it;
- a youth is **served** in a period when identified by its last day and, during it, an
  MDT meeting about them was held, they were screened, or a referral was made for them;
- **status** is the category of the most recent exploitation status started by the
  period's last day and not ended before it; **age** is the age on that day;
- a task is **on time** when done by its due time; a task due in the period and not
  done is **not done**;
- a **placement move** is a placement started in the period after an earlier one.

The measures the dashboard follows over four quarters also come ``*_by_period``: one
query for adjacent periods (oldest first), each row put in the period of its day (by
the database where only counts are wanted: ``_period_of``); the one-period measure is
that with one period, so each definition is written once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from carecircle.clocks.models import MissingEpisode
from carecircle.justice.models import Detention, Diversion
from carecircle.meetings.models import MeetingStatus
from carecircle.referrals.models import Referral
from carecircle.reports.periods import Period
from carecircle.screening.models import Screening
from carecircle.youth.models import ExploitationStatus, Identification, Placement, Race

NO_STATUS = "none"
NOT_RECORDED = "not_recorded"
NO_TIER = "none"
NO_DOMAIN = "none"
AGE_BANDS = ("under_12", "12_13", "14_15", "16_17", "18_plus")
RACE_GROUPS = (
    "hispanic",
    Race.AMERICAN_INDIAN,
    Race.ASIAN,
    Race.BLACK,
    Race.PACIFIC_ISLANDER,
    Race.WHITE,
    "multiple",
    "unknown",
)
_NOT_A_RACE = {Race.DECLINED, Race.UNKNOWN}


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(born: date, day: date) -> str:
    age = age_on(born, day)
    if age < 12:
        return "under_12"
    if age >= 18:
        return "18_plus"
    low = age - age % 2
    return f"{low}_{low + 1}"


def race_group(races: list[str], hispanic_latino: str) -> str:
    """One group per youth, as the state's child welfare reports count them: Hispanic or
    Latino of any race; otherwise the one race given, or two or more races."""
    if hispanic_latino == "yes":
        return "hispanic"
    named = [r for r in races or [] if r not in _NOT_A_RACE]
    if len(named) > 1:
        return "multiple"
    return named[0] if named else "unknown"


def _spanned(periods: list[Period]) -> Period:
    """Adjacent periods, oldest first, as one: from the first's first day to the last's
    last."""
    for earlier, later in pairwise(periods):
        if later.first != earlier.last + timedelta(days=1):
            raise ValueError("Periods must be adjacent, oldest first.")
    return Period("span", periods[0].first, periods[-1].last)


def _which(periods: list[Period]) -> Callable[[date], int]:
    """The index of the period a day of the span falls in."""

    def which(day: date) -> int:
        return next(i for i, period in enumerate(periods) if period.first <= day <= period.last)

    return which


def _period_of(field: str, periods: list[Period], *, time_zone: str | None = None) -> Case:
    """The index of the period (adjacent, oldest first) a row's day — or instant, given
    the county's time zone — falls in, worked out by the database, so that rows of the
    span are counted per period rather than returned per day. Rows are of the span."""
    whens = []
    for index, period in enumerate(periods[:-1]):
        if time_zone is None:
            whens.append(When(**{f"{field}__lte": period.last}, then=Value(index)))
        else:
            _start, end = period.bounds(time_zone)
            whens.append(When(**{f"{field}__lt": end}, then=Value(index)))
    return Case(*whens, default=Value(len(periods) - 1), output_field=IntegerField())


@dataclass(frozen=True)
class YouthRow:
    pk: object
    county_id: int
    date_of_birth: date
    gender: str
    race: str


def _youth_rows(source, ids_query) -> list[YouthRow]:
    rows = (
        source.youth()
        .filter(pk__in=ids_query)
        .values_list(
            "pk", "county_id", "date_of_birth", "gender_identity", "races", "hispanic_latino"
        )
        .order_by()
    )
    return [
        YouthRow(pk, county_id, born, gender or NOT_RECORDED, race_group(races, hispanic))
        for pk, county_id, born, gender, races, hispanic in rows
    ]


def _identifications(source):
    return source.items(Identification).filter(youth__in=source.youth().values("pk"))


def _first_identifications(source, period: Period):
    """Identifications in the period of youth not identified before it (the period's
    identifications are few; every youth's first one is as many as the youth)."""
    earlier = _identifications(source).filter(
        youth_id=OuterRef("youth_id"), identified_on__lt=period.first
    )
    return (
        _identifications(source)
        .filter(identified_on__gte=period.first, identified_on__lte=period.last)
        .exclude(Exists(earlier))
    )


def identified_youth(source, period: Period) -> list[YouthRow]:
    """Youth first identified in the period: identified in it, and not before it."""
    return _youth_rows(source, _first_identifications(source, period).values("youth_id"))


def identified_by_period(source, periods: list[Period]) -> list[Counter]:
    """How many youth were first identified in each period, per county: a youth's
    first identification in the span, if none came before the span."""
    first: dict[tuple, date] = {}
    rows = (
        _first_identifications(source, _spanned(periods))
        .values_list("youth__county_id", "youth_id", "identified_on")
        .order_by()
    )
    for county, youth_id, day in rows:
        if (county, youth_id) not in first or day < first[(county, youth_id)]:
            first[(county, youth_id)] = day
    which = _which(periods)
    found = [Counter() for _ in periods]
    for (county, _youth_id), day in first.items():
        found[which(day)][county] += 1
    return found


def served_youth(source, period: Period) -> list[YouthRow]:
    start, end = period.bounds(source.time_zone)
    met = (
        source.meetings()
        .filter(status=MeetingStatus.FINALISED, starts_at__gte=start, starts_at__lt=end)
        .values_list("youth_id")
        .order_by()
    )
    screened = (
        source.items(Screening)
        .filter(screened_on__gte=period.first, screened_on__lte=period.last)
        .values_list("youth_id")
        .order_by()
    )
    referred = (
        source.items(Referral)
        .filter(created_at__gte=start, created_at__lt=end)
        .values_list("youth_id")
        .order_by()
    )
    # The youth met, screened or referred in the period are few, the county's youth
    # many: start from the former (asking each of the county's youth whether it was
    # met, screened or referred took most of the program report's time).
    active = [youth_id for (youth_id,) in met.union(screened, referred)]
    # Identified by the period's end (the first identification then, or any).
    known = _identifications(source).filter(youth_id=OuterRef("pk"), identified_on__lte=period.last)
    ids = source.youth().filter(pk__any_of=active).filter(Exists(known)).values("pk")
    return _youth_rows(source, ids)


# A youth's status on a day: of the statuses in force that day, the latest started,
# then the latest recorded.
_LATEST_STATUS = (F("started_on").desc(), F("created_at").desc(), F("id").desc())
# A youth's MDT tier: that of their last finalised meeting.
_LAST_MEETING = (F("starts_at").desc(), F("id").desc())


def _statuses_in_force(source, day: date):
    return (
        source.items(ExploitationStatus)
        .filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    )


_KEYS_AT_ONCE = 2000


def statuses_on(source, youth: list[YouthRow], day: date) -> dict[object, str]:
    """Each listed youth's status category on ``day`` (``NO_STATUS`` when none), chosen
    in the database."""
    # The listed youth were read through the same source: asking by their keys ranks
    # their statuses only, not those of every youth the reader may see; a long list is
    # asked in parts.
    listed = sorted({row.pk for row in youth})
    latest_first = Window(RowNumber(), partition_by=[F("youth_id")], order_by=_LATEST_STATUS)
    found: dict = {}
    for start in range(0, len(listed), _KEYS_AT_ONCE):
        found.update(
            _statuses_in_force(source, day)
            .filter(youth_id__any_of=listed[start : start + _KEYS_AT_ONCE])
            .annotate(rank=latest_first)
            .filter(rank=1)
            .values_list("youth_id", "category")
            .order_by()
        )
    return {row.pk: found.get(row.pk, NO_STATUS) for row in youth}


def caseload_now(source, day: date) -> Counter:
    """The youth counted on ``day`` by status, MDT tier and school enrollment as last
    recorded, counted in the database: one query, whatever the number of youth. Each
    youth's latest status and last tier are ranked once for all (a window), not looked
    up youth by youth."""
    latest_status = Window(RowNumber(), partition_by=[F("youth_id")], order_by=_LATEST_STATUS)
    statuses = (
        _statuses_in_force(source, day)
        .annotate(rank=latest_status)
        .filter(rank=1)
        .values("youth_id", "category")
        .order_by()
    )
    last_meeting = Window(RowNumber(), partition_by=[F("youth_id")], order_by=_LAST_MEETING)
    tiers = (
        source.meetings()
        .filter(status=MeetingStatus.FINALISED)
        .annotate(rank=last_meeting)
        .filter(rank=1)
        .values("youth_id", "tier")
        .order_by()
    )
    youth = source.youth().values("id", "school_enrollment").order_by()
    return Counter(
        {
            (status or NO_STATUS, tier or NO_TIER, school or "unknown"): n
            for status, tier, school, n in _youth_by_status_and_tier(youth, statuses, tiers)
        }
    )


def _youth_by_status_and_tier(youth, statuses, tiers) -> list[tuple]:
    """Youth counted by their latest status, last tier and school: the three querysets
    (each with the sharing policy's conditions) joined in one statement, which Django's
    queries cannot say. Every value stays a parameter."""
    try:
        parts = [youth.query.get_compiler(using=youth.db).as_sql()]
    except EmptyResultSet:
        return []  # no youth to count
    # No status or no tier for anyone still counts every youth (as "none").
    parts += [
        qs.query.get_compiler(using=youth.db, elide_empty=False).as_sql()
        for qs in (statuses, tiers)
    ]
    sql = (  # noqa: S608 - Django-compiled queries; values are parameters
        "SELECT s.category, t.tier, y.school_enrollment, COUNT(*) FROM ({}) y "
        "LEFT JOIN ({}) s ON s.youth_id = y.id "
        "LEFT JOIN ({}) t ON t.youth_id = y.id "
        "GROUP BY s.category, t.tier, y.school_enrollment"
    ).format(*(part_sql for part_sql, _params in parts))
    params = [param for _sql, part_params in parts for param in part_params]
    with connections[youth.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
