import uuid
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.lib.fields import EncryptedTextField
from carecircle.sharing.models import SharedItem


class YouthQuerySet(models.QuerySet):
    def current(self) -> "YouthQuerySet":
        """Records not merged into another record of the same youth."""
        return self.filter(merged_into__isnull=True)

    def unsealed(self) -> "YouthQuerySet":
        """Records no sealing order hides (``policy.visible_youth`` decides who sees more)."""
        return self.filter(sealed_at__isnull=True)

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


class GenderIdentity(models.TextChoices):
    GIRL = "girl", _("Girl or young woman")
    BOY = "boy", _("Boy or young man")
    TRANS_GIRL = "trans_girl", _("Transgender girl or young woman")
    TRANS_BOY = "trans_boy", _("Transgender boy or young man")
    NONBINARY = "nonbinary", _("Nonbinary")
    QUESTIONING = "questioning", _("Questioning or unsure")
    ANOTHER = "another", _("Another identity (in the youth's words)")
    DECLINED = "declined", _("The youth declined to say")


class Race(models.TextChoices):
    """The race categories of the state child welfare system; more than one may apply."""

    AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
    ASIAN = "asian", _("Asian")
    BLACK = "black", _("Black or African American")
    PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Other Pacific Islander")
    WHITE = "white", _("White")
    DECLINED = "declined", _("Declined to state")
    UNKNOWN = "unknown", _("Unable to determine")


class HispanicLatino(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DECLINED = "declined", _("Declined to state")
    UNKNOWN = "unknown", _("Unable to determine")


class IcwaStatus(models.TextChoices):
    """Where the Indian Child Welfare Act inquiry stands."""

    NOT_ASKED = "not_asked", _("Not asked yet")
    NO_REASON = "no_reason", _("Asked: no reason to know or believe")
    REASON_TO_BELIEVE = "reason_to_believe", _("Reason to believe the youth is an Indian child")
    REASON_TO_KNOW = "reason_to_know", _("Reason to know the youth is an Indian child")
    APPLIES = "applies", _("ICWA applies: the tribe confirmed")
    DOES_NOT_APPLY = "does_not_apply", _("ICWA does not apply: the tribe answered")


class SchoolEnrollment(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled and attending")
    ENROLLED_NOT_ATTENDING = "not_attending", _("Enrolled, not attending")
    NOT_ENROLLED = "not_enrolled", _("Not enrolled")
    COMPLETED = "completed", _("Graduated or completed a diploma equivalent")
    UNKNOWN = "unknown", _("Not known")


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
    gender_identity = models.CharField(
        _("gender identity"), max_length=32, choices=GenderIdentity.choices, blank=True
    )
    gender_description = models.CharField(
        _("gender in the youth's own words"), max_length=100, blank=True
    )
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=50, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    races = models.JSONField(_("race"), default=list, blank=True)
    hispanic_latino = models.CharField(
        _("Hispanic or Latino"), max_length=16, choices=HispanicLatino.choices, blank=True
    )
    tribal_affiliation = models.CharField(_("tribal affiliation"), max_length=200, blank=True)
    icwa_status = models.CharField(
        _("ICWA status"),
        max_length=32,
        choices=IcwaStatus.choices,
        default="not_asked",
    )
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    school_grade = models.CharField(_("grade"), max_length=20, blank=True)
    school_enrollment = models.CharField(
        _("school enrollment"), max_length=20, choices=SchoolEnrollment.choices, blank=True
    )
    # A merged record stays, so that links and the audit trail still resolve; it
    # points at the record that carries the youth's history now.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    # Set while a court's sealing order (WIC 781, 786) is in force: the record then
    # leaves every list, search, count and export but the exception roles'
    # (``policy.sees_sealed_records``). The order itself is a ``sealing.SealingOrder``.
    sealed_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
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
            # Search before create asks the other counties all at once.
            models.Index(fields=["date_of_birth"], name="youth_state_dob"),
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
        indexes = [
            models.Index(fields=["county", "key"], name="youth_search_key"),
            # Search before create asks the other counties all at once.
            models.Index(fields=["key"], name="youth_state_search_key"),
        ]

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
    summary = EncryptedTextField(_("what was identified"), blank=True)

    class Meta:
        ordering = ["-identified_on", "-created_at"]
        indexes = [
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "identified_on"], name="identification_county_day"),
        ]
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
        indexes = [
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "started_on"], name="status_county_start"),
        ]
        verbose_name = _("exploitation status")
        verbose_name_plural = _("exploitation statuses")

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.get_certainty_display()})"


class ContactKind(models.TextChoices):
    PARENT = "parent", _("Parent or legal guardian")
    CAREGIVER = "caregiver", _("Caregiver")
    INDIAN_CUSTODIAN = "indian_custodian", _("Indian custodian")
    TRIBE = "tribe", _("Tribal representative")
    ATTORNEY = "attorney", _("The youth's attorney")
    CASA = "casa", _("CASA volunteer")
    OTHER = "other", _("Other")


class YouthContact(models.Model):
    """Someone to reach about the youth: a caregiver, the attorney, the CASA, the tribe."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="contacts")
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("who they are"), max_length=20, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class PlacementSetting(models.TextChoices):
    HOME = "home", _("Home of a parent")
    RELATIVE = "relative", _("Relative or extended family")
    RESOURCE_FAMILY = "resource_family", _("Resource family (foster home)")
    STRTP = "strtp", _("Short-term residential therapeutic program (STRTP)")
    CSEC_SPECIALISED = "csec_specialised", _("Specialised CSEC placement")
    DETENTION = "detention", _("Juvenile hall or detention")
    OTHER = "other", _("Other")


class Placement(SharedItem):
    """Where the youth lives, from when to when. The setting is part of the MDT's
    picture; the address is a protected item, shown only on its own audited page to
    those who place and supervise the youth (``policy.can_open_protected_locations``)."""

    setting = models.CharField(
        _("kind of placement"), max_length=32, choices=PlacementSetting.choices
    )
    name = models.CharField(
        _("placement name"),
        max_length=200,
        blank=True,
        help_text=_("The home or program, for example: the Alvarez family, Seaside Counseling."),
    )
    address = EncryptedTextField(_("address"), blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        indexes = [
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "started_on"], name="placement_county_start"),
            # A youth's earlier placements (a placement move), and their placements in order.
            models.Index(fields=["youth", "started_on"], name="placement_youth_start"),
        ]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return self.get_setting_display()
