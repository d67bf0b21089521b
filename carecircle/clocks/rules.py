"""The county's clock settings: defaults from DOMAIN.md §4, overridden by a versioned
county protocol; and how a due time is computed."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from carecircle.accounts.roles import Role
from carecircle.clocks.models import ClockProtocol, ObligationKind

# Not a role of its own: the youth's case manager — the social worker for a youth
# child welfare serves, otherwise the probation officer.
CASE_MANAGER = "case_manager"
RESPONSIBLE_CHOICES = [(CASE_MANAGER, _("The youth's case manager")), *Role.choices]

DEFAULT_RULES: dict[str, dict] = {
    ObligationKind.LAW_ENFORCEMENT_REPORT: {"due_hours": 24, "responsible": CASE_MANAGER},
    ObligationKind.HEALTH_EXAM: {"due_hours": 72, "responsible": Role.PUBLIC_HEALTH_NURSE},
    ObligationKind.MDT_REFERRAL: {"due_hours": 72, "responsible": Role.COORDINATOR},
    ObligationKind.MISSING_LAW_ENFORCEMENT: {"due_hours": 24, "responsible": CASE_MANAGER},
    ObligationKind.MISSING_NCMEC: {"due_hours": 24, "responsible": CASE_MANAGER},
    ObligationKind.MISSING_FAMILY: {"due_hours": 24, "responsible": CASE_MANAGER},
    ObligationKind.MISSING_ATTORNEY: {"due_hours": 24, "responsible": CASE_MANAGER},
    ObligationKind.RETURN_DEBRIEF: {"due_hours": 72, "responsible": CASE_MANAGER},
    ObligationKind.RETURN_RESCREEN: {"due_hours": 72, "responsible": CASE_MANAGER},
    ObligationKind.MDT_REVIEW_CRISIS: {"due_hours": 7 * 24, "responsible": Role.COORDINATOR},
    ObligationKind.MDT_REVIEW_NON_EMERGENCY: {
        "due_hours": 14 * 24,
        "responsible": Role.COORDINATOR,
    },
    ObligationKind.MDT_REVIEW_ONGOING: {"due_hours": 30 * 24, "responsible": Role.COORDINATOR},
}
# Clocks counted in whole days run to the same wall-clock time that many days later.
DAY_KINDS = frozenset(
    {
        ObligationKind.MDT_REVIEW_CRISIS,
        ObligationKind.MDT_REVIEW_NON_EMERGENCY,
        ObligationKind.MDT_REVIEW_ONGOING,
    }
)
# The law or practice behind each default, shown beside it.
SOURCES = {
    ObligationKind.LAW_ENFORCEMENT_REPORT: "Penal Code §11166; P.L. 113-183",
    ObligationKind.HEALTH_EXAM: _("County protocol"),
    ObligationKind.MDT_REFERRAL: _("County protocol (crisis tier)"),
    ObligationKind.MISSING_LAW_ENFORCEMENT: "Penal Code §11166; P.L. 113-183",
    ObligationKind.MISSING_NCMEC: "Penal Code §11166; P.L. 113-183",
    ObligationKind.MISSING_FAMILY: "AB 2108 (2024)",
    ObligationKind.MISSING_ATTORNEY: _("County policy (ACL 16-15 practice)"),
    ObligationKind.RETURN_DEBRIEF: "WIC §16501.35",
    ObligationKind.RETURN_RESCREEN: "WIC §16501.35; P.L. 113-183",
    ObligationKind.MDT_REVIEW_CRISIS: _("County practice"),
    ObligationKind.MDT_REVIEW_NON_EMERGENCY: _("County practice"),
    ObligationKind.MDT_REVIEW_ONGOING: _("County practice (commonly monthly)"),
}
# Statutory obligations a county may lengthen no further than the law allows.
MAX_HOURS = {
    ObligationKind.LAW_ENFORCEMENT_REPORT: 24,
    ObligationKind.MISSING_LAW_ENFORCEMENT: 24,
    ObligationKind.MISSING_NCMEC: 24,
    ObligationKind.MISSING_FAMILY: 24,
}


@dataclass(frozen=True)
class Rule:
    kind: str
    applies: bool
    due_hours: int
    responsible: str
    protocol_version: int


def current_protocol(county) -> ClockProtocol | None:
    return ClockProtocol.objects.filter(county=county).order_by("-version").first()


def rules_for(county) -> dict[str, Rule]:
    """Every kind's rule in force for the county now."""
    protocol = current_protocol(county)
    overrides = protocol.rules if protocol else {}
    version = protocol.version if protocol else 0
    found = {}
    for kind, default in DEFAULT_RULES.items():
        rule = {"applies": True, **default, **overrides.get(kind, {})}
        found[kind] = Rule(
            kind=kind,
            applies=bool(rule["applies"]),
            due_hours=int(rule["due_hours"]),
            responsible=str(rule["responsible"]),
            protocol_version=version,
        )
    return found


def due_after(start: datetime, hours: int) -> datetime:
    """A clock of ``hours`` runs that many real hours: in UTC arithmetic, a 24-hour
    report due across a daylight-saving change is still due 24 hours later (23 or 25 on
    the wall clock)."""
    if start.tzinfo is None:
        raise ValueError("aware datetimes only")
    return start + timedelta(hours=hours)


def on_local_day(start: datetime, days: int, time_zone: str) -> datetime:
    """A clock counted in days (the next MDT review): the same wall-clock time that many
    calendar days later in the county, whatever the daylight-saving change between."""
    zone = ZoneInfo(time_zone)
    local = start.astimezone(zone)
    later: date = local.date() + timedelta(days=days)
    return datetime.combine(later, time(local.hour, local.minute), tzinfo=zone)
