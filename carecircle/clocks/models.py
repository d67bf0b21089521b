import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.roles import Role


class ObligationKind(models.TextChoices):
    MDT_REFERRAL = "mdt_referral", _("Refer to the MDT")


class ObligationQuerySet(models.QuerySet):
    def open(self) -> "ObligationQuerySet":
        return self.filter(satisfied_at__isnull=True)


class Obligation(models.Model):
    """Something the county must do for a youth because something happened.

    It is satisfied by evidence (a meeting held, a report number), never by a checkbox.
    Deadlines (``due_at``) come with the county's clock settings; until then it is null.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    youth = models.ForeignKey("youth.Youth", on_delete=models.PROTECT, related_name="obligations")
    kind = models.CharField(_("task"), max_length=32, choices=ObligationKind.choices)
    # What started it: a kind of record and its key, kept as text so that any app's
    # records can start an obligation without a foreign key to each of them.
    trigger_kind = models.CharField(_("started by"), max_length=32)
    trigger_id = models.CharField(max_length=64)
    responsible_role = models.CharField(_("whose task"), max_length=32, choices=Role.choices)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    satisfied_at = models.DateTimeField(_("done"), null=True, blank=True)
    satisfied_by = models.TextField(_("evidence"), blank=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["youth", "satisfied_at"], name="obligation_youth_open"),
        ]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.youth_id})"
