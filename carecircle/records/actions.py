"""Every change to notes and documents goes through these functions."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import Agency, User
from carecircle.audit.actions import record_event
from carecircle.lib.files import check_upload, removed_on_failure, stored_name
from carecircle.records.models import Document, Note
from carecircle.sharing.items import shared_fields
from carecircle.sharing.models import SharedItem
from carecircle.youth.models import Youth


@transaction.atomic
def create_note(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    subject: str,
    body: str,
    youth_controlled: bool = False,
) -> Note:
    note = Note(
        **shared_fields(
            actor=actor,
            youth=youth,
            agency=agency,
            record_class=record_class,
            youth_controlled=youth_controlled,
        ),
        subject=subject.strip(),
        body=body.strip(),
    )
    note.full_clean()
    note.save()
    record_event(
        actor=actor,
        action="note.create",
        obj=note,
        record_class=record_class,
        detail={"subject": note.subject, "agency": agency.name},
    )
    return note


@transaction.atomic
def upload_document(
    *,
    actor: User,
    youth: Youth,
    agency: Agency,
    record_class: str,
    title: str,
    upload: UploadedFile,
    youth_controlled: bool = False,
) -> Document:
    fields = shared_fields(
        actor=actor,
        youth=youth,
        agency=agency,
        record_class=record_class,
        youth_controlled=youth_controlled,
    )
    checked = check_upload(upload)
    document = Document(
        **fields,
        title=title.strip(),
        original_name=upload.name[:200],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    document.file.save(stored_name("documents", checked.content_type), upload, save=False)
    with removed_on_failure(document.file):
        document.full_clean(exclude=["file"])
        document.save()
        record_event(
            actor=actor,
            action="document.upload",
            obj=document,
            record_class=record_class,
            detail={"title": document.title, "sha256": checked.sha256, "size": checked.size},
        )
    return document


@transaction.atomic
def record_court_order(*, actor: User, item: SharedItem, reference: str) -> SharedItem:
    reference = reference.strip()
    if not reference:
        raise ValidationError(_("Enter the court order's reference, as written on the order."))
    model = type(item)
    item = model.objects.select_for_update().get(pk=item.pk)
    before = item.court_order_reference
    item.court_order_reference = reference[:200]
    item.court_order_recorded_at = timezone.now()
    item.save(update_fields=["court_order_reference", "court_order_recorded_at"])
    record_event(
        actor=actor,
        action=f"{model._meta.model_name}.court_order",
        obj=item,
        record_class=item.record_class,
        detail={"court_order": [before, item.court_order_reference]},
    )
    return item
