"""Request-side lookups for sealing: each fetches, asks the policy and audits the read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.audit.actions import record_event
from carecircle.sealing.models import LegalHold, SealingOrder
from carecircle.sharing import policy
from carecircle.youth.access import get_youth_for_viewer
from carecircle.youth.models import Youth


def youth_for_sealing(viewer: User, youth_id) -> Youth:
    """A youth the viewer sees (else 404) and may record a sealing order on (else 403)."""
    youth = get_youth_for_viewer(viewer, youth_id, purpose="view_for_sealing")
    if not policy.can_record_sealing_order(viewer):
        raise PermissionDenied(
            _("The court liaison, the coordinator and supervisors record court orders.")
        )
    return youth


def _sealed(viewer: User):
    if not policy.can_manage_sealed_records(viewer):
        raise PermissionDenied(
            _("Only the roles that carry out sealing orders keep this register.")
        )
    return (
        policy.visible_youth(viewer)
        .filter(sealed_at__isnull=False)
        .prefetch_related(
            Prefetch(
                "sealing_orders",
                queryset=SealingOrder.objects.filter(lifted_at__isnull=True),
                to_attr="orders_in_force",
            ),
            Prefetch(
                "legal_holds",
                queryset=LegalHold.objects.filter(released_at__isnull=True),
                to_attr="holds_in_place",
            ),
        )
        .order_by("sealed_at")
    )


def sealed_register(viewer: User) -> list[Youth]:
    """The sealed records the viewer sees, each with its order and any legal hold."""
    youth = list(_sealed(viewer))
    record_event(actor=viewer, action="sealing.register", youth_ids=[y.pk for y in youth])
    return youth


def sealed_youth_or_404(viewer: User, youth_id) -> Youth:
    """One sealed record of the register (403 for other roles, 404 if there is none)."""
    youth = _sealed(viewer).filter(pk=youth_id).first()
    if youth is None:
        raise Http404(_("There is no sealed record at this address that you can see."))
    record_event(actor=viewer, action="youth.view_for_sealing", obj=youth)
    return youth
