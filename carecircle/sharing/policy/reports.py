"""The sharing policy's rules for reports. Part of ``carecircle.sharing.policy``; import
them from there.

- A county's dashboard and program report are for its CSEC coordinator and supervisors,
  and count only what the viewer may see (``visible_youth``, ``visible_items``,
  ``visible_obligations``): a supervisor's figures cover the youth their agency serves.
- Statewide figures are counts, never rows. They count what a county may contribute to
  de-identified statistics: current records (not merged duplicates), and items of every
  class but those shared only under a consent (Part 2, a victim advocate's, a child and
  family team's) and items whose disclosure the youth controls.
- Sealed records (WIC 781, 786) are counted nowhere: not in a county's reports, not in
  statewide figures. Quarters already published stay as they were published. Every published table
  is then suppressed (``carecircle.reports.suppression``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from carecircle.accounts.roles import Role
from carecircle.sharing.classes import CONSENT_ONLY_CLASSES
from carecircle.sharing.policy import has_role, is_state_analyst, visible_items, visible_youth

if TYPE_CHECKING:
    from carecircle.accounts.models import User

REPORT_ROLES = frozenset({Role.COORDINATOR, Role.SUPERVISOR})


def can_see_county_reports(viewer: User) -> bool:
    return has_role(viewer, *REPORT_ROLES)


def can_see_statewide(viewer: User) -> bool:
    """The signed-in statewide view; the public page needs no sign-in."""
    return is_state_analyst(viewer)


def countable_youth(queryset: QuerySet) -> QuerySet:
    """Youth records that count in statewide figures: one per youth, none sealed."""
    return queryset.filter(merged_into__isnull=True, sealed_at__isnull=True)


def countable_items(queryset: QuerySet) -> QuerySet:
    """Items (any ``SharedItem`` model) that may be counted in statewide figures."""
    return queryset.filter(
        youth__merged_into__isnull=True, youth__sealed_at__isnull=True, youth_controlled=False
    ).exclude(record_class__in=CONSENT_ONLY_CLASSES)


def reported_youth(viewer: User) -> QuerySet:
    """The youth a county report counts: those the viewer sees, less sealed records —
    a sealed record is counted by nobody, not even by the roles that still see it."""
    return visible_youth(viewer).filter(sealed_at__isnull=True)


def reported_items(viewer: User, queryset: QuerySet) -> QuerySet:
    return visible_items(viewer, queryset).filter(youth__sealed_at__isnull=True)
