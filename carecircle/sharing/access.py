"""Request-side lookups for teams, consents, emergency access and access reports."""

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.audit.actions import record_event
from carecircle.audit.models import Outcome
from carecircle.sharing import policy
from carecircle.sharing.models import BreakGlassGrant, Consent, SharedItem, TeamMembership
from carecircle.youth.models import Youth


def consents_for(viewer: User, youth: Youth) -> QuerySet[Consent]:
    """The consents the viewer may see (``policy.visible_consents``), ready to show."""
    return (
        policy.visible_consents(viewer, youth)
        .prefetch_related("classes", "signers", "recipient_agencies", "recipient_users")
        .select_related("disclosing_agency", "recorded_by", "revoked_by")
    )


def get_consent(viewer: User, youth: Youth, consent_id: UUID, *, purpose: str = "view") -> Consent:
    consent = consents_for(viewer, youth).filter(pk=consent_id).first()
    if consent is None:
        raise Http404(_("There is no consent at this address that you can see."))
    record_event(
        actor=viewer,
        action=f"consent.{purpose}",
        obj=consent,
        disclosure=consent.disclosing_agency_id not in policy.case_agency_ids(viewer),
    )
    return consent


def get_team_member(viewer: User, youth: Youth, member_id: int) -> TeamMembership:
    if not policy.can_edit_youth(viewer, youth):
        raise PermissionDenied(
            _("Only the youth's case managers and the coordinator change the team.")
        )
    member = TeamMembership.objects.filter(pk=member_id, youth=youth).select_related("user").first()
    if member is None:
        raise Http404(_("That person is not on this youth's team."))
    return member


def youth_for_access_report(viewer: User, youth_id: UUID) -> Youth:
    """Coordinators and auditors of the youth's county read who has seen the record."""
    if viewer.county_id is None:
        # State staff never learn that a youth's page is there at all.
        raise Http404(_("No youth found at this address."))
    if not policy.can_read_access_reports(viewer):
        raise PermissionDenied(
            _("Only the coordinator and the county's auditors read access reports.")
        )
    youth = policy.without_sealed(
        viewer, Youth.objects.filter(pk=youth_id, county_id=viewer.county_id)
    ).first()
    if youth is None:
        raise Http404(_("No youth found at this address."))
    return youth


def pending_reviews(viewer: User) -> QuerySet[BreakGlassGrant]:
    if not policy.can_review_break_glass(viewer):
        raise PermissionDenied(_("Supervisors review emergency access."))
    grants = BreakGlassGrant.objects.filter(county_id=viewer.county_id)
    return (
        policy.without_sealed(viewer, grants, through="youth")
        .exclude(user=viewer)
        .select_related("user", "youth", "reviewed_by")
        .order_by("review", "-started_at")
    )


def get_grant_for_review(viewer: User, grant_id: int) -> BreakGlassGrant:
    grant = pending_reviews(viewer).filter(pk=grant_id).first()
    if grant is None:
        raise Http404(_("There is no emergency access to review at this address."))
    return grant


def read_shared_item(
    viewer: User, queryset: QuerySet, item_id, *, action: str, not_found: str
) -> tuple[SharedItem, policy.Decision]:
    """One item of ``queryset`` if the policy lets the viewer see it (else 404), its read
    audited with the basis it was shown under."""
    item = _first(queryset, item_id)
    decision = policy.decide(viewer, item) if item is not None else None
    if item is None or decision is None:
        raise Http404(not_found)
    record_event(
        actor=viewer,
        action=action,
        obj=item,
        record_class=item.record_class,
        legal_basis=decision.basis,
        disclosure=decision.is_disclosure,
        detail={"consent": str(decision.consent.pk)} if decision.consent else {},
    )
    return item, decision


def read_protected_location(
    viewer: User, queryset: QuerySet, item_id, *, action: str, not_found: str, refused: str
) -> SharedItem:
    """Where a youth lives or may be (a placement address, a missing youth's
    whereabouts): 404 unless the viewer sees the item, 403 unless their role may open
    locations (``policy.can_open_protected_locations``); openings and refusals audited."""
    item = _first(queryset, item_id)
    decision = policy.decide(viewer, item) if item is not None else None
    if item is None or decision is None:
        raise Http404(not_found)
    allowed = policy.can_open_protected_locations(viewer)
    record_event(
        actor=viewer,
        action=action,
        obj=item,
        record_class=item.record_class,
        legal_basis=decision.basis,
        disclosure=decision.is_disclosure,
        outcome=Outcome.SUCCESS if allowed else Outcome.DENIED,
    )
    if not allowed:
        raise PermissionDenied(refused)
    return item


def _first(queryset: QuerySet, item_id):
    try:
        return queryset.filter(pk=item_id).first()
    except (ValueError, ValidationError):
        return None
