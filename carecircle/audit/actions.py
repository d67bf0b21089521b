"""Writing the audit log. Every other app's actions call ``record_event``."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from carecircle.audit import context
from carecircle.audit.chain import GENESIS, entry_hash
from carecircle.audit.models import (
    NO_COUNTY_CHAIN,
    AuditChainHead,
    AuditEvent,
    AuditEventYouth,
    Outcome,
)

# Entries that record a look, a sign-in or a message sent, not a change to what reports
# or the header's task counts count. Every other action counts as a change (so an action
# added later and not listed here only makes kept report figures and kept header counts
# be counted again sooner); an action listed here wrongly would leave them stale.
LOOKS = frozenset(
    {
        "alert.read",
        "alert.send",
        "audit.read",
        "auth.session_expired",
        "auth.sessions_replaced",
        "auth.sign_in",
        "auth.sign_out",
        "auth.sso_failed",
        "auth.sso_refused",
        "benchmark.viewed",  # the benchmark's floor as a page (carecircle/benchmark)
        "break_glass.list",
        "consent.list",
        "consent.view",
        "consent.view_form",
        "document.download",
        "document.view",
        "document.view_file",
        "import.check",
        "import.refused",
        "meeting.action_items",
        "meeting.agenda",
        "meeting.ics",
        "meeting.pdf",
        "meeting.view",
        "missing_episode.view",
        "missing_episode.view_whereabouts",
        "note.download",
        "note.export",
        "note.print",
        "note.view",
        "note.view_file",
        "obligation.digest",
        "obligation.list",
        "obligation.notify",
        "obligation.view",
        "placement.view_address",
        "referral.view",
        "report.export_built",
        "report.export_downloaded",
        "report.export_expired",
        "report.export_failed",
        "report.export_requested",
        "report.viewed",
        "screening.view",
        "sealing.register",
        "sharing_window.view",
        "team.view",
        "youth.access_report",
        "youth.disclosures_export",
        "youth.export",
        "youth.list",
        "youth.search_before_create",
        "youth.view",
        "youth.view_contacts",
        "youth.view_for_edit",
        "youth.view_for_merge",
        "youth.view_for_sealing",
        "youth.view_identifications",
        "youth.view_meetings",
        "youth.view_other_names",
        "youth.view_screenings",
    }
)


def _locked_head(chain: int) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(chain=chain, seq=0, entry_hash=GENESIS)
    except IntegrityError:
        pass  # another writer created it first
    return AuditChainHead.objects.select_for_update().get(chain=chain)


def _youth_of(obj: models.Model | None) -> UUID | None:
    if obj is None:
        return None
    if obj._meta.label_lower == "youth.youth":
        return obj.pk
    return getattr(obj, "youth_id", None)


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    county: Any = None,
    youth_id: UUID | None = None,
    youth_ids: Iterable[UUID] = (),
    record_class: str = "",
    purpose: str = "",
    legal_basis: str = "",
    disclosure: bool = False,
    outcome: str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one entry to the audit log.

    Call it inside the same ``transaction.atomic`` block as the change it records, so
    that if the entry cannot be written the change is not kept either.
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if county is None and obj is not None:
        county = getattr(obj, "county", None)
    if county is None and is_user:
        county = actor.county
    if youth_id is None:
        youth_id = _youth_of(obj)
    youth_ids = list(youth_ids)
    chain = county.pk if county is not None else NO_COUNTY_CHAIN
    with transaction.atomic():
        head = _locked_head(chain)
        event = AuditEvent(
            chain=chain,
            seq=head.seq + 1,
            prev_hash=head.entry_hash,
            occurred_at=timezone.now(),
            actor_id=actor.pk if is_user else None,
            actor_username=actor.get_username() if is_user else username,
            actor_agency=_agency_label(actor) if is_user else "",
            county_id=county.pk if county is not None else None,
            youth_id=youth_id,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            record_class=record_class,
            purpose=purpose,
            legal_basis=legal_basis,
            disclosure=disclosure,
            outcome=outcome,
            source_address=context.current().source_address or "",
            detail=detail or {},
        )
        event.entry_hash = entry_hash(event, head.entry_hash)
        event.save(force_insert=True)
        head.seq = event.seq
        head.entry_hash = event.entry_hash
        if action not in LOOKS:
            head.changed_seq = event.seq
        head.save(update_fields=["seq", "entry_hash", "changed_seq"])
        if youth_ids:
            AuditEventYouth.objects.bulk_create(
                AuditEventYouth(event=event, youth_id=y) for y in youth_ids
            )
    return event


def _agency_label(actor: Any) -> str:
    """The actor's agencies as they were at the time, for reports that outlive roles."""
    from carecircle.sharing.policy import active_memberships

    names = sorted({m.agency.name for m in active_memberships(actor)})
    return "; ".join(names)[:200]


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as {field: [old, new]}, for an update's entry."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def last_change(county: Any, *, using: str = "default") -> int:
    """The number of the newest entry of the county's chain that recorded a change (0
    before any): it moves whenever a record of the county, a consent, a team or a
    person's access changes, and not when someone only looks. ``using``: as that
    database has it (a replica's may be behind the primary's, never ahead)."""
    heads = AuditChainHead.objects.using(using).filter(chain=county.pk)
    return heads.values_list("changed_seq", flat=True).first() or 0
