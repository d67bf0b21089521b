"""Court orders that seal a youth's record (WIC 781, 786), and legal holds that keep a
record from being destroyed on schedule."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.lib.fields import EncryptedTextField


class Statute(models.TextChoices):
    WIC_781 = "wic_781", _("WIC §781 (sealing on petition)")
    WIC_786 = "wic_786", _("WIC §786 (sealing after probation or diversion)")
    OTHER = "other", _("Another court order")


class SealingOrder(models.Model):
    """A court's order sealing a youth's record. While it is in force (not lifted) the
    youth's ``sealed_at`` is set; on ``destroy_on`` the retention run destroys the
    record unless a legal hold keeps it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey(
        "youth.Youth", on_delete=models.CASCADE, related_name="sealing_orders"
    )
    statute = models.CharField(_("under"), max_length=16, choices=Statute.choices)
    ordered_on = models.DateField(_("date of the order"))
    court_case_number = EncryptedTextField(_("court case number"), blank=True)
    destroy_on = models.DateField(
        _("destroy the record on"),
        help_text=_("The date the order sets for destroying the sealed record."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    lift_reason = models.CharField(_("why the seal is lifted"), max_length=500, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("sealing order")
        constraints = [
            # One order in force per youth at a time.
            models.UniqueConstraint(
                fields=["youth"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_sealing_order_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_statute_display()} {self.ordered_on:%Y-%m-%d}"


class LegalHold(models.Model):
    """Litigation, an investigation or an audit requires the record to be kept: while a
    hold is in place the retention run does not destroy it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("youth.Youth", on_delete=models.CASCADE, related_name="legal_holds")
    reason = EncryptedTextField(_("why the record must be kept"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = _("legal hold")
        constraints = [
            models.UniqueConstraint(
                fields=["youth"],
                condition=models.Q(released_at__isnull=True),
                name="one_legal_hold_in_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.youth_id} {self.placed_at:%Y-%m-%d}"
