import uuid
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.sharing.models import SharedItem


class YouthQuerySet(models.QuerySet):
    def search(self, text: str) -> "YouthQuerySet":
        """Youth whose first, last or preferred name contains every word of ``text``."""
        qs = self
        for word in text.split():
            qs = qs.filter(
                models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(preferred_name__icontains=word)
            )
        return qs


class Youth(models.Model):
    """A young person known to the county's CSEC response.

    The key is random, so that a record's address says nothing about how many youth
    a county or the state has.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(
        _("preferred name"),
        max_length=100,
        blank=True,
        help_text=_("The name the youth asks to be called, if different."),
    )
    date_of_birth = models.DateField(_("date of birth"))
    agencies = models.ManyToManyField(
        "accounts.Agency",
        verbose_name=_("agencies serving the youth"),
        related_name="youth",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)

    objects = YouthQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["county", "last_name", "first_name"], name="youth_county_name"),
            models.Index(fields=["county", "date_of_birth"], name="youth_county_dob"),
        ]
        verbose_name = _("youth")
        verbose_name_plural = _("youth")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class AliasKind(models.TextChoices):
    ALIAS = "alias", _("Also known as")
    STREET_NAME = "street_name", _("Street name")
    PREVIOUS_NAME = "previous_name", _("Previous legal name")


class YouthAlias(models.Model):
    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="aliases")
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AliasKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")

    def __str__(self) -> str:
        return self.name


class IdentifierKind(models.TextChoices):
    CWS_CLIENT = "cws_client", _("State child welfare client ID")
    PROBATION = "probation", _("Probation number")
    COURT_CASE = "court_case", _("Court case number")
    OTHER = "other", _("Other agency number")


class YouthIdentifier(models.Model):
    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="identifiers")
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(_("number"), max_length=100)
    normalized = models.CharField(max_length=100, db_index=True)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("case number")
        verbose_name_plural = _("case numbers")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class YouthSearchKey(models.Model):
    """A phonetic key of one of the youth's names, for search before create."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="+")
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["county", "key"], name="youth_search_key")]

    def __str__(self) -> str:
        return self.key


class IdentificationSource(models.TextChoices):
    HOTLINE = "hotline", _("Child abuse hotline")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement contact")
    DETENTION = "detention", _("Detention intake")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Hospital or health provider")
    SCREENING = "screening", _("Screening")
    SELF_DISCLOSURE = "self_disclosure", _("The youth told someone")
    OTHER = "other", _("Other")


class ExploitationCategory(models.TextChoices):
    """The state's four categories."""

    BEFORE_CARE = "before_care", _("Exploited before entering foster care")
    DURING_CARE = "during_care", _("Exploited during foster care")
    WHILE_MISSING = "while_missing", _("Exploited while missing from care")
    AT_RISK = "at_risk", _("At risk of exploitation")


class Certainty(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    SUSPECTED = "suspected", _("Suspected")


class Identification(SharedItem):
    """A concern raised: when, from where, and by whom."""

    identified_on = models.DateField(_("identified on"))
    source = models.CharField(_("source"), max_length=32, choices=IdentificationSource.choices)
    identified_by = models.CharField(_("identified by"), max_length=200)
    summary = models.TextField(_("what was identified"), blank=True)

    class Meta:
        ordering = ["-identified_on", "-created_at"]
        verbose_name = _("identification")
        verbose_name_plural = _("identifications")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.identified_on:%Y-%m-%d}"


class ExploitationStatus(SharedItem):
    """One period of one exploitation category. A change ends the period and starts a
    new one, so the history of the youth's status is the list of periods."""

    category = models.CharField(_("category"), max_length=32, choices=ExploitationCategory.choices)
    certainty = models.CharField(_("certainty"), max_length=16, choices=Certainty.choices)
    labor_trafficking = models.BooleanField(_("labor trafficking"), default=False)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    identification = models.ForeignKey(
        Identification, on_delete=models.PROTECT, null=True, blank=True, related_name="statuses"
    )

    class Meta:
        ordering = ["-started_on", "-created_at"]
        verbose_name = _("exploitation status")
        verbose_name_plural = _("exploitation statuses")

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.get_certainty_display()})"
