"""The one place that decides who may see which youth and which items, and do what.

Default deny: a viewer sees nothing unless a rule below grants it. Lists, search,
profiles, downloads, prints, exports and (later) reports all ask here.

Youth — a viewer may know a youth exists when, in the viewer's own county:
- the viewer is the county's CSEC coordinator (who convenes every MDT), or
- one of the viewer's agencies serves the youth, or
- the viewer is on the youth's MDT now.
The state analyst, county administrators and auditors see no youth. A youth whose
record a court has sealed (WIC 781, 786) is seen only by the roles that carry out
sealing orders (``sees_sealed_records``), and counted by nobody.

Items (notes, documents, and every later model built on ``SharedItem``) — a viewer who
may know the youth exists sees an item when one of these holds, checked in order:
1. ``own_agency``: the item comes from one of the viewer's agencies;
2. ``mdt``: the viewer is on the youth's MDT and the class is shared on an MDT basis
   (general, probation, juvenile court, law enforcement, and mental health and health
   unless the youth consented to their own treatment);
3. ``wic_18961_7``: child welfare items, to MDT members while the sharing window runs;
4. ``ferpa_foster_youth``: education items, to a child welfare worker on the MDT;
5. ``consent``: a consent in force covers the class, names the viewer or one of the
   viewer's agencies (a child and family team consent: names the viewer as a signing
   participant), was given by the program the item comes from where it names one, and
   was signed by the youth where the youth controls the item;
6. ``break_glass``: the viewer broke the glass on this youth and the time has not run
   out — never for the consent-only classes.
Part 2 (substance use), victim advocate and child and family team items are shared
only on rules 1 and 5: their own agency, or a consent in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from carecircle.accounts.roles import (
    CASE_ROLES,
    COUNTY_WIDE_ROLES,
    YOUTH_EDITOR_ROLES,
    AgencyType,
    Role,
)
from carecircle.sharing.classes import (
    CONSENT_ONLY_CLASSES,
    COURT_ORDER_CLASSES,
    EDUCATION_CLASSES,
    MDT_CLASSES,
    WINDOW_CLASSES,
    RecordClass,
)

if TYPE_CHECKING:
    from carecircle.accounts.models import Membership, User
    from carecircle.sharing.models import Consent, SharedItem
    from carecircle.youth.models import Youth

BREAK_GLASS_ROLES = frozenset(
    {Role.COORDINATOR, Role.SUPERVISOR, Role.CLINICIAN, Role.PUBLIC_HEALTH_NURSE}
)
COURT_ORDER_ROLES = frozenset({Role.COURT_LIAISON, Role.COORDINATOR, Role.SUPERVISOR})
WINDOW_ROLES = frozenset({Role.COORDINATOR, Role.SOCIAL_WORKER, Role.SUPERVISOR})
ACCESS_REPORT_ROLES = frozenset({Role.COORDINATOR, Role.AUDITOR})


# People ---------------------------------------------------------------------


def active_memberships(viewer: User) -> list[Membership]:
    """The viewer's active memberships, fetched once per request."""
    cached = getattr(viewer, "_cc_memberships", None)
    if cached is None:
        cached = list(
            viewer.memberships.filter(active=True, agency__active=True).select_related("agency")
        )
        viewer._cc_memberships = cached
    return cached


def _is_county_staff(viewer: User | None) -> bool:
    return bool(
        viewer is not None
        and viewer.is_authenticated
        and viewer.is_active
        and viewer.county_id is not None
    )


def _case_memberships(viewer: User) -> list[Membership]:
    if not _is_county_staff(viewer):
        return []
    return [m for m in active_memberships(viewer) if m.role in CASE_ROLES]


def case_roles(viewer: User) -> set[str]:
    return {m.role for m in _case_memberships(viewer)}


def case_agency_ids(viewer: User) -> set[int]:
    return {m.agency_id for m in _case_memberships(viewer)}


def case_agencies(viewer: User) -> list:
    return sorted({m.agency for m in _case_memberships(viewer)}, key=lambda a: a.name)


def has_caseload(viewer: User) -> bool:
    return bool(_case_memberships(viewer))


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


def _is_county_wide(viewer: User) -> bool:
    return any(m.role in COUNTY_WIDE_ROLES for m in _case_memberships(viewer))


# Youth ----------------------------------------------------------------------


def team_youth_ids(viewer: User, now: datetime) -> QuerySet:
    """Youth whose MDT the viewer is on now, for an agency the viewer still works for."""
    from carecircle.accounts.models import Membership
    from carecircle.sharing.models import TeamMembership

    still_employed = Membership.objects.filter(
        user_id=OuterRef("user_id"), agency_id=OuterRef("agency_id"), active=True
    )
    return (
        TeamMembership.objects.filter(user=viewer, started_at__lte=now)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now))
        .filter(Exists(still_employed))
        .values("youth_id")
    )


def visible_youth(viewer: User, queryset: QuerySet[Youth] | None = None) -> QuerySet[Youth]:
    """The youth the viewer may know exist."""
    from carecircle.youth.models import Youth

    qs = queryset if queryset is not None else Youth.objects.all()
    memberships = _case_memberships(viewer)
    if not memberships:
        return qs.none()
    qs = qs.filter(_current_records(viewer))
    if _is_county_wide(viewer):
        return qs
    agency_ids = {m.agency_id for m in memberships}
    # Subqueries rather than joins keep one row per youth without DISTINCT.
    served = Youth.agencies.through.objects.filter(agency_id__in=agency_ids).values("youth_id")
    return qs.filter(Q(pk__in=served) | Q(pk__in=team_youth_ids(viewer, timezone.now())))


def _current_records(viewer: User, prefix: str = "") -> Q:
    """The youth records of the viewer's county that are current — a record merged into
    another is reached through the record it was merged into — and not sealed, unless
    the viewer carries out sealing orders; as a condition on the path ``prefix``."""
    current = Q(**{f"{prefix}county_id": viewer.county_id, f"{prefix}merged_into__isnull": True})
    if sees_sealed_records(viewer):
        return current
    return current & Q(**{f"{prefix}sealed_at__isnull": True})


def of_visible_youth(viewer: User, *, through: str = "youth") -> Q:
    """Rows that belong to a youth the viewer may know exist (``visible_youth``), as a
    condition on the path ``through`` to the youth. For a county-wide role that is a
    condition on the youth's own fields — every current record of the county — rather
    than the list of the county's youth, which grew with the county in every query."""
    if not _case_memberships(viewer):
        return Q(pk__in=[])
    if not _is_county_wide(viewer):
        return Q(**{f"{through}__in": visible_youth(viewer).values("pk")})
    return _current_records(viewer, f"{through}__")


def sees_sealed_records(viewer: User) -> bool:
    """Whether the viewer holds a role that carries out sealing orders (the setting
    ``CARECIRCLE_SEALED_RECORD_ROLES``); they still see a sealed youth, on the usual
    rules. Nobody else learns that a sealed record exists, not even as a count."""
    roles = set(settings.CARECIRCLE_SEALED_RECORD_ROLES)
    return any(m.role in roles for m in _case_memberships(viewer))


def without_sealed(viewer: User, queryset: QuerySet, *, through: str = "") -> QuerySet:
    """``queryset`` less the records of sealed youth, unless the viewer carries out
    sealing orders. ``through`` names the path to the youth ("youth" for its items)."""
    if sees_sealed_records(viewer):
        return queryset
    field = f"{through}__sealed_at__isnull" if through else "sealed_at__isnull"
    return queryset.filter(**{field: True})


def can_see_youth(viewer: User, youth: Youth) -> bool:
    return visible_youth(viewer).filter(pk=youth.pk).exists()


def can_create_youth(viewer: User) -> bool:
    return any(m.role in YOUTH_EDITOR_ROLES for m in _case_memberships(viewer))


def can_edit_youth(viewer: User, youth: Youth) -> bool:
    """Whether the viewer may change the youth's identifying details.

    Callers have already established that the viewer may see the youth.
    """
    if not _is_county_staff(viewer) or youth.county_id != viewer.county_id:
        return False
    return any(m.role in YOUTH_EDITOR_ROLES for m in _case_memberships(viewer))


# Items ----------------------------------------------------------------------


def _consents_in_force(now: datetime) -> QuerySet[Consent]:
    from carecircle.sharing.models import Consent

    return Consent.objects.filter(
        revoked_at__isnull=True, effective_at__lte=now, expires_at__gt=now
    )


def _break_glass_youth_ids(viewer: User, now: datetime) -> QuerySet:
    from carecircle.sharing.models import BreakGlassGrant

    return BreakGlassGrant.objects.filter(
        user=viewer, started_at__lte=now, expires_at__gt=now
    ).values("youth_id")


def _open_windows(now: datetime) -> QuerySet:
    from carecircle.sharing.models import SharingWindow

    return SharingWindow.objects.filter(reported_at__lte=now, ends_at__gt=now)


def _in_child_welfare(viewer: User) -> bool:
    return any(m.agency.agency_type == AgencyType.CHILD_WELFARE for m in _case_memberships(viewer))


def visible_items(
    viewer: User,
    queryset: QuerySet,
    *,
    now: datetime | None = None,
    youth: Youth | None = None,
) -> QuerySet:
    """The items of ``queryset`` (any ``SharedItem`` model) the viewer may see now.

    With ``youth``, the items of that one youth (a profile, a timeline): the youth's
    facts are read first (``youth_facts``) and the rules that cannot apply are left
    out of the query — the same rows, a far smaller query to plan. Facts kept for a
    read-only request are of its own time: with ``now`` given they are read afresh."""
    if now is None:
        return _visible_items(viewer, queryset, timezone.now(), youth)
    with facts_read_afresh():
        return _visible_items(viewer, queryset, now, youth)


def _visible_items(viewer: User, queryset: QuerySet, now: datetime, youth: Youth | None):
    agency_ids = case_agency_ids(viewer)
    if not agency_ids:
        return queryset.none()
    if youth is not None:
        allowed = one_youth_items(viewer, youth, now=now)
        if allowed is None:
            return queryset.none()
        return queryset.filter(county_id=viewer.county_id, youth_id=youth.pk).filter(allowed)
    # The whole county's youth are the team of a county-wide role, and the last filter
    # below already keeps only youth the viewer may see: no condition then (a second
    # list of every youth of the county, in each branch, cost time that grew with it).
    on_team = Q() if _is_county_wide(viewer) else Q(youth_id__in=team_youth_ids(viewer, now))
    allowed = (
        Q(source_agency_id__in=agency_ids)
        | (on_team & Q(record_class__in=MDT_CLASSES, youth_controlled=False))
        | (
            on_team
            & Q(record_class__in=WINDOW_CLASSES)
            & Exists(_open_windows(now).filter(youth_id=OuterRef("youth_id")))
        )
        | (
            Q(youth_id__in=_break_glass_youth_ids(viewer, now))
            & ~Q(record_class__in=CONSENT_ONLY_CLASSES)
        )
    )
    by_consent = consent_condition(viewer, agency_ids, now)
    if by_consent is not None:
        allowed |= by_consent
    if _in_child_welfare(viewer):
        allowed |= on_team & Q(record_class__in=EDUCATION_CLASSES)
    return queryset.filter(Q(county_id=viewer.county_id) & of_visible_youth(viewer)).filter(allowed)


@dataclass(frozen=True)
class Decision:
    """Why the viewer may see an item: the basis recorded in the audit log."""

    basis: str
    consent: Consent | None = None

    @property
    def is_disclosure(self) -> bool:
        """Seen by someone outside the agency the item came from."""
        return self.basis != "own_agency"


def decide(viewer: User, item: SharedItem, *, now: datetime | None = None) -> Decision | None:
    """The basis on which the viewer may see ``item`` now, or None when they may not.

    The same rules as ``visible_items``, one item at a time, so the basis can be
    recorded; a test holds the two to the same answers.
    """
    now = now or timezone.now()
    if not _is_county_staff(viewer) or item.county_id != viewer.county_id:
        return None
    if not visible_youth(viewer).filter(pk=item.youth_id).exists():
        return None
    if item.source_agency_id in case_agency_ids(viewer):
        return Decision("own_agency")
    on_team = (
        _is_county_wide(viewer)
        or team_youth_ids(viewer, now).filter(youth_id=item.youth_id).exists()
    )
    if on_team:
        if item.record_class in MDT_CLASSES and not item.youth_controlled:
            return Decision("mdt")
        if (
            item.record_class in WINDOW_CLASSES
            and _open_windows(now).filter(youth_id=item.youth_id).exists()
        ):
            return Decision("wic_18961_7")
        if item.record_class in EDUCATION_CLASSES and _in_child_welfare(viewer):
            return Decision("ferpa_foster_youth")
    consent = consent_for(viewer, item, now=now)
    if consent is not None:
        return Decision("consent", consent)
    if (
        item.record_class not in CONSENT_ONLY_CLASSES
        and _break_glass_youth_ids(viewer, now).filter(youth_id=item.youth_id).exists()
    ):
        return Decision("break_glass")
    return None


def consent_for(viewer: User, item: SharedItem, *, now: datetime | None = None) -> Consent | None:
    """The consent in force that opens ``item`` to the viewer, if one does."""
    from carecircle.sharing.models import SignerType

    now = now or timezone.now()
    agency_ids = case_agency_ids(viewer)
    candidates = _consents_in_force(now).filter(
        youth_id=item.youth_id,
        classes__record_class=item.record_class,
        disclosing_agency_id=item.source_agency_id,
    )
    if item.record_class == RecordClass.CHILD_AND_FAMILY_TEAM:
        candidates = candidates.filter(
            signers__user=viewer, signers__signer_type=SignerType.CFT_PARTICIPANT
        )
    else:
        candidates = candidates.filter(
            Q(recipient_users=viewer) | Q(recipient_agencies__in=agency_ids)
        )
    if item.youth_controlled:
        candidates = candidates.filter(signers__signer_type=SignerType.YOUTH)
    return candidates.distinct().order_by("expires_at").first()


def visible_consents(viewer: User, youth: Youth) -> QuerySet[Consent]:
    """A consent reveals what it covers (a Part 2 consent reveals treatment), so it is
    shown only to the agency whose records it releases, whoever recorded it, and the
    people and agencies it names."""
    from carecircle.sharing.models import Consent, SignerType

    agency_ids = case_agency_ids(viewer)
    if not agency_ids or youth.county_id != viewer.county_id:
        return Consent.objects.none()
    mine = Consent.objects.filter(youth=youth, county_id=viewer.county_id).filter(
        Q(disclosing_agency_id__in=agency_ids)
        | Q(recorded_by=viewer)
        | Q(recipient_users=viewer)
        | Q(recipient_agencies__in=agency_ids)
        | Q(signers__user=viewer, signers__signer_type=SignerType.CFT_PARTICIPANT)
    )
    return Consent.objects.filter(pk__in=mine.values("pk"))


def consent_agencies(viewer: User) -> list:
    """The agencies whose records the viewer may release under a consent."""
    return case_agencies(viewer)


# Agencies whose mere involvement is protected: naming a substance use program reveals
# Part 2 patient status, naming an advocate reveals a privileged relationship.
PROTECTED_AGENCY_TYPES = frozenset({AgencyType.SUBSTANCE_USE, AgencyType.VICTIM_ADVOCATE})


def shown_agencies(viewer: User, agencies) -> list:
    """Of the agencies involved with a youth, those the viewer may be told about."""
    mine = case_agency_ids(viewer)
    return [a for a in agencies if a.agency_type not in PROTECTED_AGENCY_TYPES or a.pk in mine]


def can_manage_team(viewer: User) -> bool:
    """The coordinator convenes the MDT; supervisors may change it too."""
    return has_role(viewer, Role.COORDINATOR, Role.SUPERVISOR)


def can_download(viewer: User, item: SharedItem) -> bool:
    """Download, print or export: court and probation files need a court order, except
    for the agency the item came from. Callers have already decided the viewer sees it."""
    if item.record_class not in COURT_ORDER_CLASSES:
        return True
    return bool(item.court_order_reference) or item.source_agency_id in case_agency_ids(viewer)


def can_record_court_order(viewer: User) -> bool:
    return has_role(viewer, *COURT_ORDER_ROLES)


def can_write_items(viewer: User) -> bool:
    return has_caseload(viewer)


def can_break_glass(viewer: User) -> bool:
    return has_role(viewer, *BREAK_GLASS_ROLES)


def can_manage_consents(viewer: User) -> bool:
    return has_caseload(viewer)


def can_manage_window(viewer: User) -> bool:
    """Child welfare records the report and any extension of the §18961.7 window."""
    return any(
        m.role in WINDOW_ROLES and m.agency.agency_type == AgencyType.CHILD_WELFARE
        for m in _case_memberships(viewer)
    )


def can_read_access_reports(viewer: User) -> bool:
    return has_role(viewer, *ACCESS_REPORT_ROLES)


def can_review_break_glass(viewer: User) -> bool:
    return has_role(viewer, Role.SUPERVISOR)


def consents_for_items(
    viewer: User, items: list[SharedItem], *, now: datetime | None = None
) -> dict[object, Consent | None]:
    """For listing: the consent each item was disclosed under (None when another basis
    applies), found with one query however many items there are."""
    from carecircle.sharing.models import SignerType

    now = now or timezone.now()
    agency_ids = case_agency_ids(viewer)
    wanted = [i for i in items if i.source_agency_id not in agency_ids]
    if not wanted:
        return {}
    consents = list(
        _consents_in_force(now)
        .filter(youth_id__in={i.youth_id for i in wanted})
        .filter(
            Q(recipient_users=viewer)
            | Q(recipient_agencies__in=agency_ids)
            | Q(signers__user=viewer, signers__signer_type=SignerType.CFT_PARTICIPANT)
        )
        .distinct()
        .prefetch_related("classes", "signers", "recipient_users", "recipient_agencies")
        .order_by("expires_at")
    )

    def names_viewer(consent: Consent, record_class: str) -> bool:
        if record_class == RecordClass.CHILD_AND_FAMILY_TEAM:
            return any(
                s.user_id == viewer.pk and s.signer_type == SignerType.CFT_PARTICIPANT
                for s in consent.signers.all()
            )
        return any(u.pk == viewer.pk for u in consent.recipient_users.all()) or any(
            a.pk in agency_ids for a in consent.recipient_agencies.all()
        )

    result: dict[object, Consent | None] = {}
    for item in wanted:
        result[item.pk] = next(
            (
                c
                for c in consents
                if c.youth_id == item.youth_id
                and item.record_class in {k.record_class for k in c.classes.all()}
                and c.disclosing_agency_id == item.source_agency_id
                and names_viewer(c, item.record_class)
                and (
                    not item.youth_controlled
                    or any(s.signer_type == SignerType.YOUTH for s in c.signers.all())
                )
            ),
            None,
        )
    return result


# The rules of the MDT's daily work (placements, clocks, meetings, referrals), the
# consent rule as a condition on items, one youth's items, and the facts read once per
# request live in their own modules, which build on the rules above; they are part of
# this one policy and callers import them from here (hence imports at the end,
# re-exported). Why the facts are read first: docs/decisions/0012.
from carecircle.sharing.policy.consents import consent_condition, viewer_consents
from carecircle.sharing.policy.one_youth import YouthFacts, one_youth_items, youth_facts
from carecircle.sharing.policy.read_once import facts_read_afresh
from carecircle.sharing.policy.reports import (
    REPORT_ROLES,
    can_see_county_reports,
    can_see_statewide,
    countable_items,
    countable_youth,
    reported_items,
    reported_youth,
)
from carecircle.sharing.policy.work import (
    CONTACT_KINDS_FOR_ALL,
    PLACEMENT_ADDRESS_ROLES,
    can_change_episode,
    can_complete_action_item,
    can_convene_mdt,
    can_manage_providers,
    can_manage_sealed_records,
    can_merge_youth,
    can_move_referral,
    can_open_protected_locations,
    can_record_missing,
    can_record_placement,
    can_record_sealing_order,
    can_satisfy_obligation,
    can_see_county_clocks,
    can_see_obligation,
    shown_contacts,
    visible_obligations,
)
