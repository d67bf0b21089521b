import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.sharing.models import SharedItem


class Domain(models.TextChoices):
    """The needs domains of a CSEC service plan (DOMAIN.md §3, step 6)."""

    SAFETY = "safety", _("Safety")
    PLACEMENT = "placement", _("Placement and housing")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    EDUCATION = "education", _("Education")
    LEGAL = "legal", _("Legal")
    ADVOCACY = "advocacy", _("Advocacy and mentoring")
    FAMILY = "family", _("Family")
    BASIC_NEEDS = "basic_needs", _("Basic needs")
    EMPLOYMENT = "employment", _("Employment")
    IDENTITY_DOCUMENTS = "identity_documents", _("Identity documents")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    DROPPED = "dropped", _("No longer needed")


class Need(SharedItem):
    """One need in the youth's service plan, with the youth's own goal for it."""

    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices)
    description = models.TextField(_("the need"))
    youth_goal = models.TextField(_("the youth's goal, in their words"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )

    class Meta:
        ordering = ["domain", "created_at"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.description[:40]}"


class Provider(models.Model):
    """A service provider in the county's directory."""

    county = models.ForeignKey(
        "accounts.County", on_delete=models.PROTECT, related_name="providers"
    )
    name = models.CharField(_("name"), max_length=200)
    domains = models.JSONField(_("services offered"), default=list)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    counties_served = models.CharField(_("counties served"), max_length=300, blank=True)
    capacity_notes = models.TextField(_("capacity"), blank=True)
    contact = models.CharField(_("how to refer"), max_length=300, blank=True)
    active = models.BooleanField(_("taking referrals"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="provider_name_unique_in_county"
            )
        ]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended before completion")


# The lifecycle: from each status, the statuses a referral may move to.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    ReferralStatus.PROPOSED: (ReferralStatus.SENT, ReferralStatus.ENDED),
    ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.ENDED),
    ReferralStatus.ACCEPTED: (ReferralStatus.IN_PROGRESS, ReferralStatus.ENDED),
    ReferralStatus.IN_PROGRESS: (ReferralStatus.COMPLETED, ReferralStatus.ENDED),
    ReferralStatus.DECLINED: (),
    ReferralStatus.COMPLETED: (),
    ReferralStatus.ENDED: (),
}


class Referral(SharedItem):
    """A referral of the youth to a provider, through its lifecycle. Sending it to an
    outside provider is a disclosure: what was shared, under which consent, is recorded
    and audited."""

    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    shared_information = models.TextField(_("what was shared with the provider"), blank=True)
    consent = models.ForeignKey(
        "sharing.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    barriers = models.TextField(_("barriers"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "created_at"], name="referral_county_made"),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.provider} ({self.get_status_display()})"


class ReferralEvent(models.Model):
    """One step of a referral's lifecycle, with its date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices)
    on = models.DateField(_("on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "created_at"]

    def __str__(self) -> str:
        return f"{self.status} {self.on}"
