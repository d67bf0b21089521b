"""Reporting periods: calendar quarters and years, named like ``2026-Q3`` and ``2026``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last``, both days included."""

    key: str
    first: date
    last: date

    @property
    def label(self) -> str:
        match = _QUARTER.match(self.key)
        if match:
            return _("Quarter %(quarter)s of %(year)s (%(first)s to %(last)s)") % {
                "quarter": match.group(2),
                "year": match.group(1),
                "first": self.first.strftime("%b %-d"),
                "last": self.last.strftime("%b %-d"),
            }
        return _("Year %(year)s") % {"year": self.key}

    @property
    def short_label(self) -> str:
        return self.key.replace("-", " ")

    def bounds(self, time_zone: str) -> tuple[datetime, datetime]:
        """The period as instants: from the first day's midnight to the midnight after
        the last day, in the county's zone (stored times are compared in UTC)."""
        zone = ZoneInfo(time_zone)
        start = datetime.combine(self.first, time.min, tzinfo=zone)
        end = datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=zone)
        return start, end

    def is_complete(self, today: date) -> bool:
        return self.last < today


def quarter(year: int, number: int) -> Period:
    first = date(year, 3 * (number - 1) + 1, 1)
    after = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(f"{year}-Q{number}", first, after - timedelta(days=1))


def year(number: int) -> Period:
    return Period(str(number), date(number, 1, 1), date(number, 12, 31))


def quarter_of(day: date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def parse(key: str) -> Period | None:
    """The period a key names, or None for anything else."""
    key = (key or "").strip()
    match = _QUARTER.match(key)
    if match and 2000 <= int(match.group(1)) <= 2100:
        return quarter(int(match.group(1)), int(match.group(2)))
    match = _YEAR.match(key)
    if match and 2000 <= int(match.group(1)) <= 2100:
        return year(int(match.group(1)))
    return None


def recent_quarters(today: date, count: int) -> list[Period]:
    """The quarter holding ``today`` and the ``count - 1`` before it, oldest first."""
    found = [quarter_of(today)]
    while len(found) < count:
        found.append(quarter_of(found[-1].first - timedelta(days=1)))
    return list(reversed(found))


def complete_quarters(today: date, count: int) -> list[Period]:
    """The last ``count`` quarters that have ended, newest first."""
    found: list[Period] = []
    current = quarter_of(today)
    while len(found) < count:
        current = quarter_of(current.first - timedelta(days=1))
        found.append(current)
    return found


def choices(today: date, *, quarters: int = 8, years: int = 3) -> list[Period]:
    """Periods offered in a report's form: recent quarters, then recent years."""
    offered = list(reversed(recent_quarters(today, quarters)))
    offered += [year(today.year - n) for n in range(years)]
    return offered
