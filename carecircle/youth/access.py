"""Fetching youth for a request: authorise, fetch and audit the read in one call."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.sharing import policy
from carecircle.youth.models import Youth, YouthQuerySet


def _agencies_by_name() -> Prefetch:
    return Prefetch("agencies", queryset=Agency.objects.order_by("name"))


def caseload(viewer: User) -> YouthQuerySet:
    """The youth on the viewer's caseload, ready for listing."""
    return policy.visible_youth(viewer).prefetch_related(_agencies_by_name())  # type: ignore[return-value]


def record_caseload_read(*, viewer: User, youth: list[Youth], query: str, page: int) -> None:
    """A list shows youth too: which ones were shown is part of the audit trail."""
    record_event(
        actor=viewer,
        action="youth.list",
        youth_ids=[y.pk for y in youth],
        detail={"youth": [str(y.pk) for y in youth], "query": query, "page": page},
    )


def youth_or_404(viewer: User, youth_id) -> Youth:
    """The youth, if the viewer may know it exists; otherwise 404.

    Not audited by itself: callers record the read of what they show (the profile, or
    the one item a page is about), so that one page makes one entry.
    """
    try:
        return (
            policy.visible_youth(viewer)
            .select_related("county")
            .prefetch_related(_agencies_by_name())
            .get(pk=youth_id)
        )
    except (Youth.DoesNotExist, ValueError):
        raise Http404(_("No youth found at this address.")) from None


def get_youth_for_viewer(
    viewer: User, youth_id, *, purpose: str = "view", detail: dict | None = None
) -> Youth:
    """The youth, if the viewer may know it exists; otherwise 404. The read is audited."""
    youth = youth_or_404(viewer, youth_id)
    record_event(actor=viewer, action=f"youth.{purpose}", obj=youth, detail=detail)
    return youth


def record_profile_read(*, viewer: User, youth: Youth, items: list) -> None:
    """One entry for the profile page: it lists items, and listing another agency's
    item (its title, its class) is itself a disclosure."""
    own = policy.case_agency_ids(viewer)
    record_event(
        actor=viewer,
        action="youth.view",
        obj=youth,
        disclosure=any(i.source_agency_id not in own for i in items),
        detail={"items": [f"{i._meta.model_name}:{i.pk}" for i in items]},
    )


def get_youth_for_editing(viewer: User, youth_id) -> Youth:
    """The youth for an edit: 404 if not visible, 403 if visible but not the viewer's to change."""
    youth = get_youth_for_viewer(viewer, youth_id, purpose="view_for_edit")
    if not policy.can_edit_youth(viewer, youth):
        raise PermissionDenied(_("You can see this youth's record but not change it."))
    return youth
