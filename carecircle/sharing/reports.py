"""Who has seen a youth's record, and the accounting of disclosures."""

import csv
import io

from django.db.models import Q, QuerySet

from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.youth.models import Youth

READ_ACTION_SUFFIXES = (
    ".view",
    ".list",
    ".print",
    ".download",
    ".export",
    ".view_file",
    ".view_for_edit",
)


def access_events(youth: Youth) -> QuerySet[AuditEvent]:
    """Every read of the youth's record or items, including lists that showed the youth."""
    listed = AuditEventYouth.objects.filter(youth_id=youth.pk).values("event_id")
    reads = Q()
    for suffix in READ_ACTION_SUFFIXES:
        reads |= Q(action__endswith=suffix)
    return (
        AuditEvent.objects.filter(county_id=youth.county_id)
        .filter(Q(youth_id=youth.pk) | Q(pk__in=listed))
        .filter(reads)
        .order_by("-occurred_at", "-id")
    )


def disclosure_events(youth: Youth) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        county_id=youth.county_id, youth_id=youth.pk, disclosure=True
    ).order_by("occurred_at", "id")


def _safe_cell(value: object) -> str:
    """Spreadsheet programs run cells that start like a formula; make them plain text."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def disclosures_csv(youth: Youth, time_zone: str) -> str:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(time_zone)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Date and time",
            "Recipient",
            "Recipient's agency",
            "What",
            "Record class",
            "Basis",
            "Consent",
            "Action",
        ]
    )
    for event in disclosure_events(youth).iterator():
        writer.writerow(
            [
                _safe_cell(event.occurred_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")),
                _safe_cell(event.actor_username),
                _safe_cell(event.actor_agency),
                _safe_cell(f"{event.object_type} {event.object_id}"),
                _safe_cell(event.record_class),
                _safe_cell(event.legal_basis),
                _safe_cell(event.detail.get("consent", "")),
                _safe_cell(event.action),
            ]
        )
    return out.getvalue()
