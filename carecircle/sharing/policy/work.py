"""The sharing policy's rules for the MDT's daily work: who places youth and may open
where they live or may be, who convenes meetings, who moves referrals and episodes,
and which tasks a person sees. Part of ``carecircle.sharing.policy``; import them
from there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from carecircle.accounts.roles import Role
from carecircle.sharing.classes import CONSENT_ONLY_CLASSES
from carecircle.sharing.policy import (
    COURT_ORDER_ROLES,
    _is_county_staff,
    active_memberships,
    case_agency_ids,
    decide,
    has_role,
    one_youth_items,
    sees_sealed_records,
    visible_items,
    without_sealed,
)

if TYPE_CHECKING:
    from carecircle.accounts.models import User
    from carecircle.youth.models import Youth


def can_merge_youth(viewer: User) -> bool:
    """Merging two records of one youth is the coordinator's call (DOMAIN.md §3)."""
    return has_role(viewer, Role.COORDINATOR)


# Who places and supervises the youth, and so may read where the youth lives.
PLACEMENT_ADDRESS_ROLES = frozenset(
    {Role.COORDINATOR, Role.SOCIAL_WORKER, Role.PROBATION_OFFICER, Role.SUPERVISOR}
)


def can_record_placement(viewer: User) -> bool:
    return has_role(viewer, *PLACEMENT_ADDRESS_ROLES)


def can_open_protected_locations(viewer: User) -> bool:
    """A placement's address is a protected item: beyond seeing the placement at all,
    only the roles that place and supervise youth may open it (exploiters look for
    where a youth lives). Callers have already decided the viewer sees the placement."""
    return has_role(viewer, *PLACEMENT_ADDRESS_ROLES)


def can_see_county_clocks(viewer: User) -> bool:
    return has_role(viewer, Role.COORDINATOR, Role.SUPERVISOR)


def can_satisfy_obligation(viewer: User, obligation) -> bool:
    """Whose task it is may close it, and so may the coordinator and supervisors.
    Callers have already decided the viewer may see it."""
    if obligation.responsible_user_id == viewer.pk:
        return True
    return has_role(viewer, obligation.responsible_role, Role.COORDINATOR, Role.SUPERVISOR)


def can_change_episode(viewer: User, episode) -> bool:
    """Reports, return, debrief and close: the agency that recorded the episode, and the
    coordinator and supervisors. Callers have decided the viewer sees the episode."""
    if not can_record_missing(viewer):
        return False
    return episode.source_agency_id in case_agency_ids(viewer) or has_role(
        viewer, Role.COORDINATOR, Role.SUPERVISOR
    )


CONTACT_KINDS_FOR_ALL = frozenset({"attorney", "casa", "tribe"})


def shown_contacts(viewer: User, contacts) -> list:
    """A caregiver's or parent's name and phone say where a youth lives: like an address,
    only the roles that may open locations see them. The youth's attorney, CASA and tribe
    are shown to everyone who may see the youth."""
    if can_open_protected_locations(viewer):
        return list(contacts)
    return [c for c in contacts if c.kind in CONTACT_KINDS_FOR_ALL]


def can_record_missing(viewer: User) -> bool:
    """Those who place and supervise youth record that one is missing, and the reports."""
    return has_role(viewer, *PLACEMENT_ADDRESS_ROLES)


def _obligation_by_role(viewer: User) -> Q:
    """Tasks a viewer knows of because of who they are: their own, their role's, and —
    for the coordinator, who watches every clock of the county — all. Never a task that
    stands for a record only a consent opens (Part 2, a victim advocate's, a CFT's)."""
    roles = {m.role for m in active_memberships(viewer)}
    mine = Q(responsible_user=viewer) | Q(responsible_role__in=roles)
    if Role.COORDINATOR in roles:
        mine = Q()
    return mine & ~Q(record_class__in=CONSENT_ONLY_CLASSES)


def visible_obligations(
    viewer: User, queryset: QuerySet, *, youth: Youth | None = None
) -> QuerySet:
    """Tasks shown to the viewer: a task is shared as its trigger is (it is a shared
    item with its trigger's class and source), and also with whose task it is and the
    coordinator. Callers limit it to youth the viewer may see. With ``youth``, the tasks
    of that one youth, asked as ``visible_items`` asks for one youth's items."""
    if not _is_county_staff(viewer):
        return queryset.none()
    queryset = without_sealed(viewer, queryset.filter(county_id=viewer.county_id), through="youth")
    by_role = _obligation_by_role(viewer)
    if youth is not None:
        shared = one_youth_items(viewer, youth, now=timezone.now())
        return queryset.filter(youth_id=youth.pk).filter(
            by_role if shared is None else by_role | shared
        )
    # Asked task by task (EXISTS on its key), not as the list of every shared task of
    # the county, which grew with the county.
    shared = visible_items(viewer, queryset.model.objects.all()).filter(pk=OuterRef("pk"))
    # The cheap test first: PostgreSQL tries an OR's parts in the order written.
    return queryset.filter(by_role | Exists(shared))


def can_see_obligation(viewer: User, obligation) -> bool:
    """``visible_obligations`` for one task. Callers have decided the viewer sees the youth."""
    if not _is_county_staff(viewer) or obligation.county_id != viewer.county_id:
        return False
    if obligation.record_class not in CONSENT_ONLY_CLASSES and (
        has_role(viewer, Role.COORDINATOR, obligation.responsible_role)
        or obligation.responsible_user_id == viewer.pk
    ):
        return True
    return decide(viewer, obligation) is not None


def can_convene_mdt(viewer: User) -> bool:
    """The coordinator convenes MDT meetings (supervisors may too): schedules, takes
    attendance, finalises and sees the composition check."""
    return has_role(viewer, Role.COORDINATOR, Role.SUPERVISOR)


def can_complete_action_item(viewer: User, item) -> bool:
    return item.owner_id == viewer.pk or can_convene_mdt(viewer)


def can_manage_providers(viewer: User) -> bool:
    return has_role(viewer, Role.COORDINATOR, Role.COUNTY_ADMIN)


def can_move_referral(viewer: User, referral) -> bool:
    """The referring agency moves its referral along; the coordinator may too."""
    return referral.source_agency_id in case_agency_ids(viewer) or has_role(
        viewer, Role.COORDINATOR
    )


def can_record_sealing_order(viewer: User) -> bool:
    """Those who record court orders record a sealing order, on a youth they see."""
    return has_role(viewer, *COURT_ORDER_ROLES)


def can_manage_sealed_records(viewer: User) -> bool:
    """The roles that carry out sealing orders keep the register: legal holds, lifting."""
    return sees_sealed_records(viewer)
