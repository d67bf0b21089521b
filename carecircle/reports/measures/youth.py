"""Measures of youth: identified, served, their status on a day and the caseload now.
Part of ``carecircle.reports.measures``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    Window,
)
from django.db.models.functions import RowNumber

from carecircle.meetings.models import MeetingStatus
from carecircle.referrals.models import Referral
from carecircle.reports.measures.common import (
    NO_STATUS,
    NO_TIER,
    NOT_RECORDED,
    _spanned,
    _which,
    race_group,
)
from carecircle.reports.periods import Period
from carecircle.screening.models import Screening
from carecircle.youth.models import ExploitationStatus, Identification


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
