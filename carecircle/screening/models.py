from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.sharing.models import SharedItem


class InstrumentKind(models.TextChoices):
    SCORED = "scored", _("Scored here, item by item")
    RESULT_ONLY = "result_only", _("Result of an external tool")


class Level(models.TextChoices):
    """The three levels every instrument reports, in rising order."""

    NO_CONCERN = "no_concern", _("No concern")
    POSSIBLE_CONCERN = "possible_concern", _("Possible concern")
    CLEAR_CONCERN = "clear_concern", _("Clear concern")


LEVEL_ORDER = [Level.NO_CONCERN, Level.POSSIBLE_CONCERN, Level.CLEAR_CONCERN]


class ScreeningContext(models.TextChoices):
    INTAKE = "intake", _("Intake")
    PERIODIC = "periodic", _("Scheduled re-screen")
    RETURN_FROM_MISSING = "return_from_missing", _("Return from missing")
    DETENTION = "detention", _("Detention intake")
    OTHER = "other", _("Other")


class Instrument(models.Model):
    """A screening tool. Its content lives in its versions, loaded from YAML files."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=InstrumentKind.choices)
    active = models.BooleanField(_("offered for new screenings"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("screening instrument")
        verbose_name_plural = _("screening instruments")

    def __str__(self) -> str:
        return self.name

    def latest_version(self) -> "InstrumentVersion":
        return self.versions.order_by("-number").first()


class InstrumentVersion(models.Model):
    """One definition of an instrument, as loaded. Never changed once loaded: a changed
    definition is a new version, so every screening keeps the items and thresholds it
    was scored with."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    digest = models.CharField(max_length=64)
    definition = models.JSONField()
    source_file = models.CharField(max_length=200, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="instrument_version_number"
            ),
            models.UniqueConstraint(
                fields=["instrument", "digest"], name="instrument_version_digest"
            ),
        ]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")

    def __str__(self) -> str:
        return f"{self.instrument.name}, version {self.number}"

    @property
    def is_scored(self) -> bool:
        return self.definition.get("kind") == InstrumentKind.SCORED


class Screening(SharedItem):
    """One screening of one youth: the version used, the answers or the external result,
    and the level."""

    instrument_version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrument version"),
        on_delete=models.PROTECT,
        related_name="screenings",
    )
    context = models.CharField(_("context"), max_length=32, choices=ScreeningContext.choices)
    screened_on = models.DateField(_("screened on"))
    screener = models.CharField(_("screener"), max_length=200)
    # Scored instruments: item key → option key, as posted; the version says what they mean.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Result-only instruments: which external tool gave the result.
    tool_name = models.CharField(_("tool"), max_length=200, blank=True)
    tool_version = models.CharField(_("tool version"), max_length=50, blank=True)
    # A list of {"label", "level"} (and "key", "score" for groups scored here).
    indicator_levels = models.JSONField(_("indicator levels"), default=list, blank=True)
    total_score = models.IntegerField(_("total score"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=32, choices=Level.choices)

    class Meta:
        ordering = ["-screened_on", "-created_at"]
        indexes = [
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "screened_on"], name="screening_county_day"),
        ]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.instrument_version.instrument.name} {self.screened_on:%Y-%m-%d}"
