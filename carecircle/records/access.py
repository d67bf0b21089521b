"""Fetching notes and documents for a request: authorise, fetch and audit in one call."""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.audit.actions import record_event
from carecircle.audit.models import Outcome
from carecircle.records.models import Document, Note
from carecircle.sharing import policy
from carecircle.sharing.models import SharedItem
from carecircle.youth.models import Youth

# What leaves Care Circle with the viewer; a court file is view only without an order.
TAKE_AWAY_PURPOSES = frozenset({"print", "download", "export"})


@dataclass(frozen=True)
class Opened:
    item: SharedItem
    decision: policy.Decision


def notes_for(viewer: User, youth: Youth):
    qs = Note.objects.filter(youth=youth).select_related("source_agency", "author")
    return policy.visible_items(viewer, qs, youth=youth)


def documents_for(viewer: User, youth: Youth):
    qs = Document.objects.filter(youth=youth).select_related("source_agency", "author")
    return policy.visible_items(viewer, qs, youth=youth)


def open_item(
    viewer: User, youth: Youth, model: type[SharedItem], item_id: UUID, *, purpose: str = "view"
) -> Opened:
    """The item if the viewer may see it (else 404), its read audited with its basis.

    ``purpose`` is view, print, download or export. Download, print and export of a
    court or probation file without a court order answer 403, and the refusal is
    recorded.
    """
    item = (
        model.objects.filter(pk=item_id, youth=youth).select_related("source_agency", "author")
    ).first()
    decision = policy.decide(viewer, item) if item is not None else None
    if item is None or decision is None:
        raise Http404(_("There is no record at this address that you can see."))
    name = model._meta.model_name
    if purpose in TAKE_AWAY_PURPOSES and not policy.can_download(viewer, item):
        record_event(
            actor=viewer,
            action=f"{name}.{purpose}",
            obj=item,
            record_class=item.record_class,
            legal_basis=decision.basis,
            outcome=Outcome.DENIED,
            detail={"reason": "court order required"},
        )
        raise PermissionDenied(
            _(
                "This is a court file: it can be viewed here, but not downloaded, printed "
                "or exported until a court order is recorded."
            )
        )
    record_event(
        actor=viewer,
        action=f"{name}.{purpose}",
        obj=item,
        record_class=item.record_class,
        legal_basis=decision.basis,
        disclosure=decision.is_disclosure,
        detail={"consent": str(decision.consent.pk)} if decision.consent else {},
    )
    return Opened(item=item, decision=decision)
