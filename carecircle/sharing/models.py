import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.sharing.classes import RecordClass
from carecircle.sharing.storage import private_storage


class SharedItem(models.Model):
    """What every item about a youth carries: its class, source, author and legal basis.

    Notes and documents inherit it now; screenings, episodes, meeting minutes and the
    rest inherit it as they arrive, so the one policy can decide about all of them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("youth.Youth", on_delete=models.PROTECT, related_name="+")
    record_class = models.CharField(_("record class"), max_length=32, choices=RecordClass.choices)
    source_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("source agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    youth_controlled = models.BooleanField(
        _("the youth consented to their own treatment"),
        default=False,
        help_text=_("Then only a consent the youth signs opens this item to others."),
    )
    court_order_reference = models.CharField(_("court order"), max_length=200, blank=True)
    court_order_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True


class TeamMembership(models.Model):
    """A person on this youth's MDT, for their agency, from a time and perhaps until one."""

    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("youth.Youth", on_delete=models.PROTECT, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    team_role = models.CharField(
        _("role on the team"),
        max_length=100,
        blank=True,
        help_text=_("For example: case manager, therapist, advocate, mentor."),
    )
    is_lead = models.BooleanField(_("leads the MDT"), default=False)
    started_at = models.DateTimeField(_("on the team since"))
    ended_at = models.DateTimeField(_("left the team"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["youth", "started_at"]
        indexes = [models.Index(fields=["user", "youth"], name="team_user_youth")]

    def __str__(self) -> str:
        return f"{self.user} on {self.youth}'s team"


class SharingWindow(models.Model):
    """The WIC §18961.7 window in which the MDT may share child welfare information.

    It runs 30 days from the report; it is extended only with recorded good cause.
    """

    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey(
        "youth.Youth", on_delete=models.PROTECT, related_name="sharing_windows"
    )
    reported_at = models.DateTimeField(_("report made"))
    ends_at = models.DateTimeField(_("sharing ends"))
    good_cause = models.TextField(_("good cause for extending"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"{self.youth}: {self.reported_at:%Y-%m-%d} to {self.ends_at:%Y-%m-%d}"


class Purpose(models.TextChoices):
    MDT = "mdt", _("MDT case planning and coordination")
    CARE = "care_coordination", _("Care coordination and treatment")
    COURT = "court", _("Juvenile court proceedings")
    EDUCATION = "education", _("Education needs")
    ADVOCACY = "advocacy", _("Advocacy and support")


class Consent(models.Model):
    """A release of information: who signed, what it covers, to whom, for what, until when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("youth.Youth", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    recipient_agencies = models.ManyToManyField(
        "accounts.Agency", verbose_name=_("recipient agencies"), related_name="+", blank=True
    )
    recipient_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient people"), related_name="+", blank=True
    )
    # A consent releases the records of one agency: the one whose staff recorded it.
    disclosing_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency whose records it releases"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    information_description = models.TextField(
        _("how much and what kind of information"), blank=True
    )
    youth_self_consented = models.BooleanField(
        _("the youth consented to their own treatment"), default=False
    )
    told_of_right_to_revoke = models.BooleanField(
        _("the signers were told they may revoke this consent"), default=False
    )
    effective_at = models.DateTimeField(_("effective from"))
    expires_at = models.DateTimeField(_("expires"))
    signed_form = models.FileField(_("signed form"), storage=private_storage, upload_to="")
    signed_form_name = models.CharField(max_length=200)
    signed_form_type = models.CharField(max_length=100, default="application/pdf")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_note = models.CharField(
        _("how the revocation was received"), max_length=300, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_at"]
        indexes = [models.Index(fields=["youth", "expires_at"], name="consent_youth_expiry")]

    def __str__(self) -> str:
        return f"{self.youth}: {self.get_purpose_display()} to {self.expires_at:%Y-%m-%d}"

    def is_in_force(self, now) -> bool:
        return self.revoked_at is None and self.effective_at <= now < self.expires_at

    @property
    def status(self) -> str:
        from django.utils import timezone

        now = timezone.now()
        if self.revoked_at is not None:
            return str(_("Revoked"))
        if now >= self.expires_at:
            return str(_("Expired"))
        if now < self.effective_at:
            return str(_("Not yet in force"))
        return str(_("In force"))


class ConsentClass(models.Model):
    """One record class a consent covers (rows, so the policy can query them anywhere)."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="classes")
    record_class = models.CharField(max_length=32, choices=RecordClass.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "record_class"], name="consent_class_once")
        ]

    def __str__(self) -> str:
        return self.get_record_class_display()


class SignerType(models.TextChoices):
    YOUTH = "youth", _("The youth")
    PARENT_GUARDIAN = "parent_guardian", _("Parent or guardian")
    ATTORNEY = "attorney", _("The youth's attorney")
    CFT_PARTICIPANT = "cft_participant", _("Child and family team participant")


class ConsentSigner(models.Model):
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="signers")
    signer_type = models.CharField(_("who signed"), max_length=32, choices=SignerType.choices)
    name = models.CharField(_("name"), max_length=200)
    non_abusing = models.BooleanField(
        _("not suspected of abusing or exploiting the youth"), default=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a child and family team participant who uses Care Circle."),
    )
    signed_on = models.DateField(_("signed on"))

    def __str__(self) -> str:
        return f"{self.name} ({self.get_signer_type_display()})"


class BreakGlassReview(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    JUSTIFIED = "justified", _("Justified")
    NOT_JUSTIFIED = "not_justified", _("Not justified")


class BreakGlassGrant(models.Model):
    """Emergency access to a youth's hidden items, for a short time, with a reason."""

    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("youth.Youth", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    review = models.CharField(
        max_length=16, choices=BreakGlassReview.choices, default=BreakGlassReview.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "youth", "expires_at"], name="glass_user_youth")]

    def __str__(self) -> str:
        return f"{self.user} on {self.youth} at {self.started_at:%Y-%m-%d %H:%M}"
