"""Dates and time zones: stored in UTC, shown in the county's zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def county_today(time_zone: str) -> date:
    return timezone.now().astimezone(ZoneInfo(time_zone)).date()


def in_county_zone(moment: datetime, time_zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(time_zone))
