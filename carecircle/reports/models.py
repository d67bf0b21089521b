import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.sharing.storage import private_storage

KEPT_FOR = timedelta(days=7)
STALE_AFTER = timedelta(minutes=30)


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel spreadsheet (XLSX)")
    PDF = "pdf", _("PDF")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Export(models.Model):
    """A report file built in the background for the person who asked for it, with its
    progress; the file is kept outside the web root and served only to that person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    report = models.CharField(_("report"), max_length=32, default="program")
    period = models.CharField(_("period"), max_length=16)
    file_format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("per cent done"), default=0)
    step = models.CharField(_("doing now"), max_length=200, blank=True)
    file = models.FileField(storage=private_storage, upload_to="", blank=True)
    error = models.CharField(_("what went wrong"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "created_at"], name="export_by_user")]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.report} {self.period} ({self.file_format})"

    @property
    def expires_at(self):
        """Files are kept for a week: built under the permissions of their day."""
        return (self.finished_at or self.created_at) + KEPT_FOR

    def is_expired(self, now) -> bool:
        return self.status == ExportStatus.DONE and now >= self.expires_at

    def is_stale(self, now) -> bool:
        """Still not built long after it was asked for: the worker may have stopped."""
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) and (
            now - self.created_at > STALE_AFTER
        )

    @property
    def filename(self) -> str:
        return f"care-circle-{self.report}-report-{self.period}.{self.file_format}"


class StatewideSnapshot(models.Model):
    """The published statewide figures of one quarter: counted and suppressed once, then
    served unchanged. Figures recounted on every visit would move as late records are
    entered, and two saved copies could be subtracted to reveal a small count."""

    period = models.CharField(_("quarter"), max_length=16, unique=True)
    taken_at = models.DateTimeField(_("published at"), auto_now_add=True)
    # The counties, in row order, as they were named when the figures were taken.
    counties = models.JSONField(default=list)
    # Per table: its suppressed cells and totals (None where hidden).
    tables = models.JSONField(default=dict)

    class Meta:
        ordering = ["-period"]
        verbose_name = _("statewide snapshot")

    def __str__(self) -> str:
        return self.period


class KeptFigures(models.Model):
    """A county report's figures as one person was shown them, kept so that asking again
    soon serves them without counting: good while nothing in the county has changed
    since (the audit chain's last change) and for a few minutes at most (``kept.py``).
    Counts and labels only, as drawn on the page, in the person's language."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    county = models.ForeignKey("accounts.County", on_delete=models.CASCADE, related_name="+")
    report = models.CharField(_("report"), max_length=32)
    period = models.CharField(_("period"), max_length=16)
    language = models.CharField(_("language"), max_length=16)
    # The county's last change (``audit.actions.last_change``) when they were counted.
    changed_seq = models.PositiveBigIntegerField()
    counted_at = models.DateTimeField(_("counted at"))
    html = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["viewer", "county", "report", "period", "language"],
                name="kept_figures_once",
            )
        ]
        verbose_name = _("kept figures")
        verbose_name_plural = _("kept figures")

    def __str__(self) -> str:
        return f"{self.report} {self.period} ({self.language})"
