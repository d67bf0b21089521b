import uuid
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


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
            models.Index(fields=["county", "last_name", "first_name"], name="youth_county_name")
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
