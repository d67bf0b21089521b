import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.sharing.classes import RecordClass
from carecircle.sharing.storage import private_storage


class ImportKind(models.TextChoices):
    """What one file holds. Identifications and services are of youth the county
    imported before, named by the same ``external_id``."""

    YOUTH = "youth", _("Youth: new records")
    IDENTIFICATIONS = "identifications", _("Identifications of youth already imported")
    SERVICES = "services", _("Services (referrals) of youth already imported")


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
    kind = models.CharField(
        _("what the file holds"),
        max_length=16,
        choices=ImportKind.choices,
        default=ImportKind.YOUTH,
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        help_text=_(
            "Youth files: the agency that serves the new youth. Identification and service "
            "files: the agency they are recorded for."
        ),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Identification and service files only: the class their items are recorded under,
    # chosen on upload as on the identification and service plan pages.
    record_class = models.CharField(
        _("kind of record"), max_length=32, choices=RecordClass.choices, blank=True
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
    #  "already_imported": n, "created": n, "skipped_duplicates": n}; identification
    # files add "opens_tasks" and "history" (dry run) and "tasks_opened" (commit).
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
    """The county's own key of a row already imported: importing it again creates nothing.

    One table for every kind of file, the kind a column of the key: a youth's
    ``external_id``, an identification's ``event_id`` and a service's ``service_id`` are
    three separate key spaces, unique per county and kind. A column rather than a
    prefix written into the key (``identification:E-1``), so that no county's own key
    can ever collide with another kind's, and a youth is still found by the key exactly
    as the county wrote it. ``youth`` is the youth the row is about (the one created,
    or the one the identification or service belongs to), so a merge carries the row to
    the kept record like every other row with a youth key; ``item_id`` is the
    identification or referral the row created.
    """

    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=ImportKind.choices, default=ImportKind.YOUTH)
    external_key = models.CharField(max_length=100)
    youth = models.ForeignKey("youth.Youth", on_delete=models.PROTECT, related_name="+")
    item_id = models.UUIDField(null=True, blank=True)
    job = models.ForeignKey(ImportJob, on_delete=models.PROTECT, related_name="records")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["county", "kind", "external_key"], name="one_import_per_kind_and_key"
            )
        ]

    def __str__(self) -> str:
        return self.external_key
