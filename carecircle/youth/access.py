"""Fetching youth for a request: authorise, fetch and audit the read in one call."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.sharing import policy
from carecircle.youth.models import ExploitationStatus, Youth, YouthQuerySet


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


def record_caseload_export(*, viewer: User, youth: list[Youth], query: str) -> None:
    record_event(
        actor=viewer,
        action="youth.export",
        youth_ids=[y.pk for y in youth],
        detail={"youth": [str(y.pk) for y in youth], "query": query, "format": "csv"},
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


@dataclass
class SearchResult:
    visible: list
    hidden: bool
    elsewhere: list[dict]


def search_before_create(viewer: User, probe) -> SearchResult:
    """Matches the viewer may open; whether the county knows more that the viewer may
    not see; and which other counties know a close match (DOMAIN.md §9: the county and
    whom to contact, nothing more). The search itself is audited, with what it found."""
    from carecircle.accounts.models import County
    from carecircle.accounts.roles import AgencyType
    from carecircle.youth.matching import find_matches

    county_id = viewer.county_id
    visible = find_matches(policy.visible_youth(viewer), probe, county_id=county_id)
    everyone = find_matches(Youth.objects.filter(county_id=county_id), probe, county_id=county_id)
    hidden = {m.youth.pk for m in everyone} - {m.youth.pk for m in visible}
    elsewhere = []
    for county in County.objects.exclude(pk=county_id).order_by("name"):
        strong = [
            m
            for m in find_matches(
                Youth.objects.filter(county=county), probe, county_id=county.pk, limit=1
            )
            if m.score >= 70
        ]
        if strong:
            lead = county.agencies.filter(agency_type=AgencyType.CHILD_WELFARE).first()
            elsewhere.append({"county": county.name, "agency": lead.name if lead else county.name})
    record_event(
        actor=viewer,
        action="youth.search_before_create",
        youth_ids=[m.youth.pk for m in visible],
        detail={
            "probe": f"{probe.first_name} {probe.last_name}",
            "shown": [str(m.youth.pk) for m in visible],
            "hidden_matches": len(hidden),
            "other_counties": [e["county"] for e in elsewhere],
        },
    )
    return SearchResult(visible=visible, hidden=bool(hidden), elsewhere=elsewhere)


def status_for_change(viewer: User, youth: Youth, status_id) -> ExploitationStatus:
    """A status the viewer may see (else 404) and change: only its own agency (else 403)."""
    status = (
        policy.visible_items(viewer, ExploitationStatus.objects.filter(youth=youth))
        .filter(pk=status_id)
        .first()
    )
    if status is None:
        raise Http404(_("There is no status at this address that you can see."))
    if status.source_agency_id not in policy.case_agency_ids(viewer):
        raise PermissionDenied(_("The agency that recorded this status changes it."))
    return status
