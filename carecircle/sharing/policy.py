"""The one place that decides who may see which youth and what they may do.

Default deny: a viewer sees nothing unless a rule below grants it. Lists, search,
profiles and later exports and reports all take their querysets from here.

Rules now in force:
- Never across counties: a viewer sees only youth of their own county.
- The state analyst and county staff without a case role (county administrators,
  auditors) see no youth.
- A coordinator of the county's lead agency sees every youth in the county.
- Any other case role sees the youth their agencies serve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from carecircle.accounts.roles import CASE_ROLES, COUNTY_WIDE_ROLES, YOUTH_EDITOR_ROLES

if TYPE_CHECKING:
    from carecircle.accounts.models import User
    from carecircle.youth.models import Youth


def active_memberships(viewer: User) -> list:
    """The viewer's active memberships, fetched once per request."""
    cached = getattr(viewer, "_cc_memberships", None)
    if cached is None:
        cached = list(
            viewer.memberships.filter(active=True, agency__active=True).select_related("agency")
        )
        viewer._cc_memberships = cached
    return cached


def _is_county_staff(viewer: User) -> bool:
    return bool(
        viewer is not None
        and viewer.is_authenticated
        and viewer.is_active
        and viewer.county_id is not None
    )


def case_roles(viewer: User) -> set[str]:
    if not _is_county_staff(viewer):
        return set()
    return {m.role for m in active_memberships(viewer) if m.role in CASE_ROLES}


def has_caseload(viewer: User) -> bool:
    return bool(case_roles(viewer))


def visible_youth(viewer: User, queryset: QuerySet[Youth] | None = None) -> QuerySet[Youth]:
    """The youth the viewer may know exist."""
    from carecircle.youth.models import Youth

    qs = queryset if queryset is not None else Youth.objects.all()
    if not _is_county_staff(viewer):
        return qs.none()
    memberships = [m for m in active_memberships(viewer) if m.role in CASE_ROLES]
    if not memberships:
        return qs.none()
    qs = qs.filter(county_id=viewer.county_id)
    if any(m.role in COUNTY_WIDE_ROLES for m in memberships):
        return qs
    agency_ids = {m.agency_id for m in memberships}
    # A subquery rather than a join keeps one row per youth without DISTINCT.
    served = Youth.agencies.through.objects.filter(agency_id__in=agency_ids).values("youth_id")
    return qs.filter(pk__in=served)


def can_edit_youth(viewer: User, youth: Youth) -> bool:
    """Whether the viewer may change the youth's identifying details.

    Callers have already established that the viewer may see the youth.
    """
    if not _is_county_staff(viewer) or youth.county_id != viewer.county_id:
        return False
    return any(m.role in YOUTH_EDITOR_ROLES for m in active_memberships(viewer))


def has_role(viewer: User, *roles: str) -> bool:
    """Whether the viewer holds one of these county roles."""
    if not _is_county_staff(viewer):
        return False
    return any(m.role in roles for m in active_memberships(viewer))


def is_state_analyst(viewer: User) -> bool:
    return bool(
        viewer is not None
        and viewer.is_authenticated
        and viewer.is_active
        and viewer.county_id is None
        and viewer.state_role == "state_analyst"
    )
