from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.lib.fields import EncryptedTextField
from carecircle.sharing.models import SharedItem


class ContactReason(models.TextChoices):
    """Why law enforcement met the youth. There is no prostitution reason: in California
    a minor is not arrested for it, and the contact is a child welfare matter."""

    VICTIM = "victim", _("As a victim or witness")
    WELFARE_CHECK = "welfare_check", _("Welfare check")
    MISSING = "missing", _("Found while missing or a runaway")
    CURFEW = "curfew", _("Curfew or status matter")
    ALLEGED_OFFENSE = "alleged_offense", _("Alleged offense")
    OTHER = "other", _("Other")


class JusticeContact(SharedItem):
    contacted_on = models.DateField(_("date"))
    law_enforcement_agency = models.CharField(_("law enforcement agency"), max_length=200)
    reason = models.CharField(_("reason"), max_length=32, choices=ContactReason.choices)
    details = EncryptedTextField(_("what happened"), blank=True)

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        verbose_name = _("law enforcement contact")


class PetitionKind(models.TextChoices):
    DEPENDENCY = "300", _("Dependency (WIC §300)")
    DELINQUENCY = "602", _("Delinquency (WIC §602)")
    OTHER = "other", _("Other")


class PetitionStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    SUSTAINED = "sustained", _("Sustained")
    DISMISSED = "dismissed", _("Dismissed")
    DIVERTED = "diverted", _("Diverted")


class Petition(SharedItem):
    kind = models.CharField(_("petition"), max_length=16, choices=PetitionKind.choices)
    filed_on = models.DateField(_("filed on"))
    status = models.CharField(_("status"), max_length=16, choices=PetitionStatus.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-filed_on", "-created_at"]
        verbose_name = _("petition")


class Detention(SharedItem):
    started_on = models.DateField(_("detained on"))
    ended_on = models.DateField(_("released on"), null=True, blank=True)
    facility = models.CharField(_("facility"), max_length=200)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        indexes = [
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "started_on"], name="detention_county_start"),
        ]
        verbose_name = _("detention")


class DiversionStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


DIVERSION_NEXT = {
    DiversionStatus.OFFERED: (DiversionStatus.ACCEPTED, DiversionStatus.DECLINED),
    DiversionStatus.ACCEPTED: (DiversionStatus.COMPLETED, DiversionStatus.NOT_COMPLETED),
    DiversionStatus.DECLINED: (),
    DiversionStatus.COMPLETED: (),
    DiversionStatus.NOT_COMPLETED: (),
}


class Diversion(SharedItem):
    """A diversion from the justice system: what was offered, and what came of it. The
    share of youth diverted is a headline outcome of the program."""

    offered_on = models.DateField(_("offered on"))
    program = models.CharField(_("program"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=DiversionStatus.choices, default=DiversionStatus.OFFERED
    )
    decided_on = models.DateField(_("last change on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-offered_on", "-created_at"]
        indexes = [
            # Reports count a period of the county (DOMAIN.md §7).
            models.Index(fields=["county", "offered_on"], name="diversion_county_day"),
        ]
        verbose_name = _("diversion")


class HearingKind(models.TextChoices):
    DETENTION = "detention", _("Detention hearing")
    JURISDICTION = "jurisdiction", _("Jurisdiction hearing")
    DISPOSITION = "disposition", _("Disposition hearing")
    REVIEW = "review", _("Review hearing")
    OTHER = "other", _("Other")


class Hearing(SharedItem):
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("hearing"), max_length=16, choices=HearingKind.choices)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("court hearing")
