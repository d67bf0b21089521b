"""Fetching youth for a request: authorise, fetch and audit the read in one call."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.sharing import policy
from carecircle.youth.models import ExploitationStatus, Placement, Youth, YouthQuerySet


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


def record_caseload_export(
    *, viewer: User, youth: list[Youth], query: str, file_format: str = "csv", api: bool = False
) -> None:
    detail: dict[str, object] = {
        "youth": [str(y.pk) for y in youth],
        "query": query,
        "format": file_format,
    }
    if api:
        detail["api"] = True
    record_event(
        actor=viewer, action="youth.export", youth_ids=[y.pk for y in youth], detail=detail
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
    from carecircle.youth.matching import (
        candidates,
        counties_with_strong_matches,
        find_matches,
    )

    county_id = viewer.county_id
    # The county's candidates are looked up once, then ranked twice: among what the
    # viewer may see, and among all the county's records.
    ids = candidates(probe, county_id=county_id)
    visible = find_matches(policy.visible_youth(viewer), probe, county_id=county_id, ids=ids)
    # A sealed record is never "known to the county": not as a hidden match, nor to
    # another county (the roles that still see it find it among ``visible``).
    everyone = find_matches(
        Youth.objects.current().unsealed().filter(county_id=county_id),
        probe,
        county_id=county_id,
        ids=ids,
    )
    hidden = {m.youth.pk for m in everyone} - {m.youth.pk for m in visible}
    elsewhere = []
    strong = counties_with_strong_matches(
        Youth.objects.current().unsealed(), probe, besides=county_id
    )
    for county in County.objects.filter(pk__in=strong).order_by("name"):
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
        policy.visible_items(viewer, ExploitationStatus.objects.filter(youth=youth), youth=youth)
        .filter(pk=status_id)
        .first()
    )
    if status is None:
        raise Http404(_("There is no status at this address that you can see."))
    if status.source_agency_id not in policy.case_agency_ids(viewer):
        raise PermissionDenied(_("The agency that recorded this status changes it."))
    return status


def merged_target(viewer: User, youth_id) -> Youth | None:
    """For the address of a merged record: the record it now lives in, if the viewer may
    see that one (a chain of merges is followed to its end)."""
    seen = set()
    current = Youth.objects.filter(pk=youth_id, merged_into__isnull=False).first()
    while current is not None and current.merged_into_id and current.pk not in seen:
        seen.add(current.pk)
        current = Youth.objects.filter(pk=current.merged_into_id).first()
    if current is None or not seen:
        return None
    return policy.visible_youth(viewer).filter(pk=current.pk).first()


def youth_for_profile_change(viewer: User, youth_id) -> Youth:
    """Names, case numbers and contacts are changed by those who change the profile."""
    youth = youth_or_404(viewer, youth_id)
    if not policy.can_edit_youth(viewer, youth):
        raise PermissionDenied(_("You can see this youth's record but not change it."))
    return youth


def placements_for(viewer: User, youth: Youth):
    return policy.visible_items(
        viewer, Placement.objects.filter(youth=youth).select_related("source_agency"), youth=youth
    )


def placement_address(viewer: User, youth: Youth, placement_id) -> Placement:
    """A placement's protected address: 404 unless the viewer sees the placement, 403
    unless the viewer's role may open addresses; every opening (and refusal) audited."""
    from carecircle.sharing.access import read_protected_location

    return read_protected_location(
        viewer,
        placements_for(viewer, youth),
        placement_id,
        action="placement.view_address",
        not_found=_("There is no placement at this address that you can see."),
        refused=_(
            "Placement addresses are opened only by the coordinator, social workers, "
            "probation officers and supervisors. Ask one of them if you need it."
        ),
    )


def merge_candidates(viewer: User, youth: Youth) -> list[Youth]:
    """Records in the county that search before create would offer for this youth."""
    from carecircle.youth.matching import Probe, find_matches

    probe = Probe(
        first_name=youth.first_name,
        last_name=youth.last_name,
        date_of_birth=youth.date_of_birth,
        other_name=youth.preferred_name,
        identifier="",
    )
    matches = find_matches(
        policy.visible_youth(viewer).exclude(pk=youth.pk), probe, county_id=youth.county_id
    )
    return [m.youth for m in matches]


def youth_for_merge(viewer: User, youth_id) -> Youth:
    youth = youth_or_404(viewer, youth_id)
    if not policy.can_merge_youth(viewer):
        raise PermissionDenied(_("The CSEC coordinator merges records."))
    return youth


def record_profile_part_read(*, viewer: User, youth: Youth, part: str) -> None:
    record_event(actor=viewer, action=f"youth.view_{part}", obj=youth)


def record_merge_read(*, viewer: User, youth: list[Youth]) -> None:
    record_event(
        actor=viewer,
        action="youth.view_for_merge",
        youth_ids=[y.pk for y in youth],
        detail={"youth": [str(y.pk) for y in youth]},
    )


@dataclass
class MergeSide:
    youth: Youth
    other_names: list[str]
    case_numbers: list[str]
    agencies: list[str]
    team: int


def merge_comparison(viewer: User, keep: Youth, duplicate: Youth) -> list[MergeSide]:
    """The two records side by side, as much as the viewer may see of each: both read
    with their names, case numbers, agencies and current team at once."""
    from carecircle.sharing.models import TeamMembership

    current_team = TeamMembership.objects.filter(ended_at__isnull=True).select_related("agency")
    loaded = Youth.objects.filter(pk__in=[keep.pk, duplicate.pk]).prefetch_related(
        "aliases",
        "identifiers",
        _agencies_by_name(),
        Prefetch("team", queryset=current_team, to_attr="current_team"),
    )
    by_pk = {youth.pk: youth for youth in loaded}
    sides = []
    for youth in (keep, duplicate):
        full = by_pk[youth.pk]
        team = [m.agency for m in full.current_team]
        sides.append(
            MergeSide(
                youth=youth,
                other_names=[a.name for a in full.aliases.all()],
                case_numbers=[str(i) for i in full.identifiers.all()],
                agencies=[a.name for a in policy.shown_agencies(viewer, full.agencies.all())],
                team=len(policy.shown_agencies(viewer, team)),
            )
        )
    return sides


def caseload_filter_choices(viewer: User) -> tuple[list[Agency], list[tuple[int, str]]]:
    """The agencies and people the caseload can be narrowed by: those of the county the
    viewer may be told about (not a substance use program or an advocate, unless the
    viewer's own), so that a filter never reveals a protected involvement."""
    from carecircle.accounts.models import Membership

    agencies = policy.shown_agencies(
        viewer, list(Agency.objects.filter(county_id=viewer.county_id, active=True))
    )
    people = (
        Membership.objects.filter(agency__in=agencies, active=True, user__is_active=True)
        .order_by("user__first_name", "user__last_name", "user_id")
        .values_list("user_id", "user__first_name", "user__last_name", "user__username")
    )
    workers: dict[int, str] = {}
    for user_id, first_name, last_name, username in people:
        workers.setdefault(user_id, User.name_from(first_name, last_name, username))
    return agencies, list(workers.items())


def filter_caseload(
    viewer: User,
    youth: YouthQuerySet,
    *,
    status: str | None,
    agency_id: int | None,
    worker_id: int | None,
    shown: list[Agency],
) -> YouthQuerySet:
    from carecircle.sharing.models import TeamMembership

    if status:
        # Only statuses the viewer may see count: a filter must not reveal one hidden.
        current = policy.visible_items(
            viewer, ExploitationStatus.objects.filter(category=status, ended_on__isnull=True)
        )
        youth = youth.filter(pk__in=current.values("youth_id"))
    if agency_id is not None:
        youth = youth.filter(
            pk__in=Youth.agencies.through.objects.filter(agency_id=agency_id).values("youth_id")
        )
    if worker_id is not None:
        on_team = TeamMembership.objects.filter(
            user_id=worker_id, ended_at__isnull=True, agency__in=shown
        )
        youth = youth.filter(pk__in=on_team.values("youth_id"))
    return youth


def current_statuses(viewer: User, youth: list[Youth]) -> dict:
    """Each listed youth's current statuses the viewer may see, in one query."""
    found: dict = {}
    rows = policy.visible_items(
        viewer,
        ExploitationStatus.objects.filter(youth__in=[y.pk for y in youth], ended_on__isnull=True),
    ).order_by("started_on")
    for status in rows:
        found.setdefault(status.youth_id, []).append(status)
    return found
