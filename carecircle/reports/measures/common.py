"""The measures' shared words: the categories they count by, ages and race groups, and
which of several adjacent periods a day falls in. Part of ``carecircle.reports.measures``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

from django.db.models import (
    Case,
    IntegerField,
    Value,
    When,
)

from carecircle.reports.periods import Period
from carecircle.youth.models import Race

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
