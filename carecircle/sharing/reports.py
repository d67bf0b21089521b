"""Who has seen a youth's record, and the accounting of disclosures."""

from django.db.models import Q, QuerySet

from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.lib.spreadsheets import csv_text
from carecircle.youth.models import Youth

READ_ACTION_SUFFIXES = (
    ".view",
    ".list",
    ".print",
    ".download",
    ".export",
    ".view_file",
    ".view_for_edit",
    ".view_for_merge",
    ".view_address",
    ".view_whereabouts",
    ".view_contacts",
    ".view_other_names",
    ".view_meetings",
    ".pdf",
)


def record_ids(youth: Youth) -> list:
    """The youth's record and every record merged into it (and into those): their
    history is the youth's history."""
    ids = [youth.pk]
    frontier = [youth.pk]
    while frontier:
        frontier = list(Youth.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


def access_events(youth: Youth) -> QuerySet[AuditEvent]:
    """Every read of the youth's record or items, including lists that showed the youth."""
    ids = record_ids(youth)
    listed = AuditEventYouth.objects.filter(youth_id__in=ids).values("event_id")
    reads = Q()
    for suffix in READ_ACTION_SUFFIXES:
        reads |= Q(action__endswith=suffix)
    return (
        AuditEvent.objects.filter(county_id=youth.county_id)
        .filter(Q(youth_id__in=ids) | Q(pk__in=listed))
        .filter(reads)
        .order_by("-occurred_at", "-id")
    )


def disclosure_events(youth: Youth) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        county_id=youth.county_id, youth_id__in=record_ids(youth), disclosure=True
    ).order_by("occurred_at", "id")


def disclosures_csv(youth: Youth, time_zone: str) -> str:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(time_zone)
    return csv_text(
        [
            "Date and time",
            "Recipient",
            "Recipient's agency",
            "What",
            "Record class",
            "Basis",
            "Consent",
            "Action",
        ],
        (
            [
                event.occurred_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                event.actor_username,
                event.actor_agency,
                f"{event.object_type} {event.object_id}",
                event.record_class,
                event.legal_basis,
                event.detail.get("consent", ""),
                event.action,
            ]
            for event in disclosure_events(youth).iterator()
        ),
    )
