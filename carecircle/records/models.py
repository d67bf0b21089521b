from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.lib.fields import EncryptedTextField
from carecircle.sharing.models import SharedItem
from carecircle.sharing.storage import private_storage


class Note(SharedItem):
    subject = models.CharField(_("subject"), max_length=200)
    body = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["youth", "record_class"], name="note_youth_class")]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.subject


class Document(SharedItem):
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(storage=private_storage, upload_to="")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["youth", "record_class"], name="document_youth_class")]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
