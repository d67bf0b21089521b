import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.sharing.storage import private_storage


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked: ready to import")
    REFUSED = "refused", _("Has problems: nothing can be imported")
    IMPORTING = "importing", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed: nothing was imported")


class ImportJob(models.Model):
    """One uploaded file, its dry run (each bad row with its reason, each likely
    duplicate) and, once committed, what it created. The report is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("new youth are served by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(storage=private_storage, upload_to="")
    filename = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # {"problems": [[row, column, message]], "duplicates": [[row, [names]]],
    #  "already_imported": n, "created": n, "skipped_duplicates": n}
    report = models.JSONField(default=dict, blank=True)
    include_duplicates = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return self.filename


class ImportedRecord(models.Model):
    """The external key of a row already imported: importing it again creates nothing."""

    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    external_key = models.CharField(max_length=100)
    youth = models.ForeignKey("youth.Youth", on_delete=models.PROTECT, related_name="+")
    job = models.ForeignKey(ImportJob, on_delete=models.PROTECT, related_name="records")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["county", "external_key"], name="one_import_per_external_key"
            )
        ]

    def __str__(self) -> str:
        return self.external_key
