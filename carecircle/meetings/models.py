import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.lib.fields import EncryptedTextField
from carecircle.sharing.models import SharedItem


class Tier(models.TextChoices):
    CRISIS = "crisis", _("Crisis / rapid response")
    NON_EMERGENCY = "non_emergency", _("Non-emergency")
    ONGOING = "ongoing", _("Ongoing review")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    FINALISED = "finalised", _("Held and finalised")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """One MDT meeting about one youth. The time, place and who came are the team's
    shared picture; what was said lives in minute sections, each with its record class.

    ``uid`` and ``sequence`` are the calendar invitation's: a change keeps the UID and
    raises the sequence, so calendars update the event instead of adding one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("youth.Youth", on_delete=models.PROTECT, related_name="meetings")
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    uid = models.CharField(max_length=100, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    youth_participated = models.BooleanField(_("the youth took part"), default=False)
    caregiver_participated = models.BooleanField(_("a caregiver took part"), default=False)
    # The composition check when the meeting was finalised: which required agency types
    # were missing under which version of the county's policy, and the recorded reason.
    policy_version = models.PositiveIntegerField(null=True, blank=True)
    missing_agency_types = models.JSONField(default=list, blank=True)
    missing_reason = models.TextField(_("why required agencies were missing"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["youth", "starts_at"], name="meeting_youth_start"),
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "starts_at"], name="meeting_county_start"),
        ]
        verbose_name = _("MDT meeting")
        verbose_name_plural = _("MDT meetings")

    def __str__(self) -> str:
        return f"MDT {self.starts_at:%Y-%m-%d %H:%M}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status}"


class SectionKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    DECISION = "decision", _("Decision")
    YOUTH_VOICE = "youth_voice", _("The youth's goals, in their own words")


class MinuteSection(SharedItem):
    """A part of a meeting's record, shared by its own class: a Part 2 section reaches
    only those a Part 2 consent names, even when the rest of the minutes reach all."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="sections")
    kind = models.CharField(_("kind"), max_length=16, choices=SectionKind.choices)
    heading = models.CharField(_("heading"), max_length=200)
    body = EncryptedTextField(_("text"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("minute section")
        verbose_name_plural = _("minute sections")

    def __str__(self) -> str:
        return self.heading


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(SharedItem):
    """Who does what by when, agreed at a meeting. It becomes an obligation of its owner,
    due at the end of its due date in the county, and goes overdue like any clock."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("what is to be done"), max_length=300)
    due_on = models.DateField(_("due by"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    outcome = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description
