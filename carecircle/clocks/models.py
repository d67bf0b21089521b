from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.roles import Role
from carecircle.lib.fields import EncryptedTextField
from carecircle.sharing.models import SharedItem


class ObligationKind(models.TextChoices):
    """What the county must do, from DOMAIN.md §4."""

    LAW_ENFORCEMENT_REPORT = "le_report", _("Report the exploitation to law enforcement")
    HEALTH_EXAM = "health_exam", _("Health exam")
    MDT_REFERRAL = "mdt_referral", _("Refer to the MDT")
    MISSING_LAW_ENFORCEMENT = "missing_le", _("Report to law enforcement for NCIC entry")
    MISSING_NCMEC = "missing_ncmec", _("Report to NCMEC")
    MISSING_FAMILY = "missing_family", _("Notify parents or guardians, Indian custodian and tribe")
    MISSING_ATTORNEY = "missing_attorney", _("Notify the youth's attorney")
    RETURN_DEBRIEF = "return_debrief", _("Debrief after the return")
    RETURN_RESCREEN = "return_rescreen", _("Exploitation re-screen after the return")
    ACTION_ITEM = "action_item", _("Action item from an MDT meeting")
    MDT_REVIEW_CRISIS = "mdt_review_crisis", _("Next MDT review (crisis tier)")
    MDT_REVIEW_NON_EMERGENCY = "mdt_review_non_emergency", _("Next MDT review (non-emergency)")
    MDT_REVIEW_ONGOING = "mdt_review_ongoing", _("Next MDT review (ongoing)")


# The next review after a meeting of each tier: the county's cadence.
REVIEW_KIND_BY_TIER = {
    "crisis": "mdt_review_crisis",
    "non_emergency": "mdt_review_non_emergency",
    "ongoing": "mdt_review_ongoing",
}
REVIEW_KINDS = tuple(REVIEW_KIND_BY_TIER.values())


# Tasks closed by typed evidence on their page; the others close by their own record.
EVIDENCE_KINDS = frozenset(
    {
        ObligationKind.LAW_ENFORCEMENT_REPORT,
        ObligationKind.HEALTH_EXAM,
        ObligationKind.MDT_REFERRAL,
    }
)


class ClockProtocol(models.Model):
    """One version of a county's clock settings: which obligations apply, how long each
    may take and whose it is. Versions are never changed; an obligation keeps the
    version it was opened under."""

    county = models.ForeignKey(
        "accounts.County", on_delete=models.PROTECT, related_name="clock_protocols"
    )
    version = models.PositiveIntegerField(_("version"))
    rules = models.JSONField(_("rules"))
    note = models.CharField(_("reason for the change"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("adopted at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["county", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["county", "version"], name="one_protocol_per_version")
        ]
        verbose_name = _("clock protocol")
        verbose_name_plural = _("clock protocols")

    def __str__(self) -> str:
        return f"{self.county} clocks v{self.version}"


class ObligationQuerySet(models.QuerySet):
    def open(self) -> "ObligationQuerySet":
        return self.filter(satisfied_at__isnull=True)


class Obligation(SharedItem):
    """Something the county must do for a youth because something happened.

    It is satisfied by evidence (a report number, a debrief, a screening), never by a
    checkbox. The due time is computed when it opens, from the county's protocol. It
    carries the record class, source agency and legal basis of what started it: a task
    says that its trigger exists, so it is shared as far as the trigger is — and, beyond
    that, with whose task it is and the coordinator (``policy.visible_obligations``).
    """

    kind = models.CharField(_("task"), max_length=32, choices=ObligationKind.choices)
    # What started it: a kind of record and its key, kept as text so that any app's
    # records can start an obligation without a foreign key to each of them.
    trigger_kind = models.CharField(_("started by"), max_length=32)
    trigger_id = models.CharField(max_length=64)
    triggered_at = models.DateTimeField(_("started at"), null=True, blank=True)
    episode = models.ForeignKey(
        "MissingEpisode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="obligations",
    )
    protocol_version = models.PositiveIntegerField(
        _("protocol version"), default=0, help_text=_("0: the defaults of DOMAIN.md §4.")
    )
    responsible_role = models.CharField(_("whose task"), max_length=32, choices=Role.choices)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    satisfied_at = models.DateTimeField(_("done"), null=True, blank=True)
    satisfied_by = models.TextField(_("evidence"), blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    satisfied_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set once the overdue notices and the escalation have been written, so that the
    # sweep stops looking at it.
    overdue_swept_at = models.DateTimeField(null=True, blank=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "created_at", "id"]
        indexes = [
            models.Index(fields=["youth", "satisfied_at"], name="obligation_youth_open"),
            models.Index(fields=["county", "satisfied_at", "due_at"], name="obligation_due"),
            # Timeliness counts the tasks that fell due in a period, met or not.
            models.Index(fields=["county", "due_at"], name="obligation_county_due"),
            # The task lists, earliest first: the first page is read in order and stops,
            # instead of sorting every open task of the county.
            models.Index(
                fields=["county", "due_at", "created_at", "id"],
                condition=models.Q(satisfied_at__isnull=True),
                name="obligation_open_in_order",
            ),
            # The header's counts on every page: a person's own tasks with a deadline, and
            # a role's that nobody has taken, instead of the county's every open task. A
            # list, which asks for no deadline, cannot use them, and keeps its order above.
            models.Index(
                fields=["responsible_user", "due_at"],
                condition=models.Q(satisfied_at__isnull=True, due_at__isnull=False),
                name="obligation_own_deadlines",
            ),
            models.Index(
                fields=["county", "responsible_role", "due_at"],
                condition=models.Q(
                    satisfied_at__isnull=True,
                    due_at__isnull=False,
                    responsible_user__isnull=True,
                ),
                name="obligation_role_deadlines",
            ),
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.youth_id})"


class HowFound(models.TextChoices):
    RETURNED = "returned", _("Came back on their own")
    LAW_ENFORCEMENT = "law_enforcement", _("Found by law enforcement")
    CAREGIVER = "caregiver", _("Found by a caregiver or worker")
    HOSPITAL = "hospital", _("At a hospital or clinic")
    DETENTION = "detention", _("Taken to detention")
    OTHER = "other", _("Other")


class MissingEpisode(SharedItem):
    """A youth missing from care (AWOL): from when they were last seen to their return.

    The suspected whereabouts are a protected item, like a placement address. An
    episode is closed only once the debrief and the re-screen are recorded.
    """

    last_seen_at = models.DateTimeField(_("last seen"))
    reported_missing_at = models.DateTimeField(_("reported missing"))
    reported_by = models.CharField(_("reported by"), max_length=200)
    circumstances = EncryptedTextField(_("what happened"), blank=True)
    whereabouts = EncryptedTextField(_("known or suspected whereabouts"), blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    how_found = models.CharField(
        _("how the youth was found"), max_length=32, choices=HowFound.choices, blank=True
    )
    return_notes = EncryptedTextField(_("about the return"), blank=True)
    debriefed_at = models.DateTimeField(_("debriefed"), null=True, blank=True)
    debriefed_by = models.CharField(_("debriefed by"), max_length=200, blank=True)
    why_left = EncryptedTextField(_("why the youth left"), blank=True)
    while_away = EncryptedTextField(_("what happened while away"), blank=True)
    rescreen = models.ForeignKey(
        "screening.Screening",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        indexes = [
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "last_seen_at"], name="episode_county_seen"),
        ]
        verbose_name = _("missing episode")
        verbose_name_plural = _("missing episodes")

    def __str__(self) -> str:
        return f"{self.youth_id} missing since {self.last_seen_at:%Y-%m-%d %H:%M}"


class ReportKind(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement, for NCIC entry")
    NCMEC = "ncmec", _("National Center for Missing & Exploited Children")
    FAMILY = "family", _("Parents or guardians, Indian custodian, tribe")
    ATTORNEY = "attorney", _("The youth's attorney")


# The obligation each report satisfies.
REPORT_OBLIGATION = {
    ReportKind.LAW_ENFORCEMENT: ObligationKind.MISSING_LAW_ENFORCEMENT,
    ReportKind.NCMEC: ObligationKind.MISSING_NCMEC,
    ReportKind.FAMILY: ObligationKind.MISSING_FAMILY,
    ReportKind.ATTORNEY: ObligationKind.MISSING_ATTORNEY,
}


class EpisodeReport(models.Model):
    """A report made about a missing episode, with the number the recipient gave."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("report to"), max_length=32, choices=ReportKind.choices)
    made_at = models.DateTimeField(_("made at"))
    recipient = models.CharField(_("made to"), max_length=200)
    reference = models.CharField(_("report or case number"), max_length=100, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class Transition(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Overdue: escalated to you")


class ClockNotification(models.Model):
    """One notice of one transition of one obligation to one person. The unique key is
    what makes the sweep idempotent: a notice written once is never written again."""

    obligation = models.ForeignKey(
        Obligation, on_delete=models.PROTECT, related_name="notifications"
    )
    transition = models.CharField(max_length=16, choices=Transition.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "transition", "user"], name="one_notice_per_transition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.transition} {self.obligation_id} → {self.user_id}"


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clock_preference"
    )
    email = models.BooleanField(_("also send e-mail"), default=True)
    lead_hours = models.PositiveSmallIntegerField(
        _("warn me this many hours before a task is due"), default=4
    )
    daily_digest = models.BooleanField(
        _("one e-mail a day instead of one per notice"), default=False
    )
    last_digest_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"
