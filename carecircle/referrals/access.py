"""Reading service plans, providers and referrals for a request."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.referrals.models import Need, Provider, Referral
from carecircle.sharing import policy
from carecircle.sharing.access import read_shared_item
from carecircle.sharing.models import Consent
from carecircle.youth.models import Youth


def needs_for(viewer: User, youth: Youth):
    return policy.visible_items(
        viewer, Need.objects.filter(youth=youth).select_related("source_agency"), youth=youth
    )


def referrals_for(viewer: User, youth: Youth):
    return policy.visible_items(
        viewer,
        Referral.objects.filter(youth=youth).select_related("source_agency", "provider", "need"),
        youth=youth,
    )


def referral_or_404(viewer: User, youth: Youth, referral_id) -> Referral:
    referral, _decision = read_shared_item(
        viewer,
        Referral.objects.filter(youth=youth).select_related(
            "source_agency", "provider", "need", "consent"
        ),
        referral_id,
        action="referral.view",
        not_found=_("There is no referral at this address that you can see."),
    )
    return referral


def providers(viewer: User):
    """The county's directory, for everyone with a caseload."""
    if not policy.has_caseload(viewer) and not policy.can_manage_providers(viewer):
        raise PermissionDenied(_("The provider directory is for county staff."))
    return Provider.objects.filter(county_id=viewer.county_id)


def consents_for_sending(viewer: User, referral: Referral) -> list[Consent]:
    """Consents the viewer may see that would cover sending this referral."""
    from carecircle.referrals.actions import consent_covers

    return [
        c
        for c in policy.visible_consents(viewer, referral.youth).filter(
            disclosing_agency=referral.source_agency, revoked_at__isnull=True
        )
        if consent_covers(c, referral)
    ]
