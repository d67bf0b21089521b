import io
import zipfile
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from carecircle.accounts.reauth import recent_sign_in_required
from carecircle.lib.files import inline_file
from carecircle.records import access, actions
from carecircle.records.forms import CourtOrderForm, DocumentForm, NoteForm
from carecircle.records.models import Document, Note
from carecircle.sharing import policy
from carecircle.sharing.classes import PART_2_NOTICE, PART_2_NOTICE_LONG, RecordClass
from carecircle.youth.access import youth_or_404


def _writer_agencies(request: HttpRequest) -> list:
    if not policy.can_write_items(request.user):
        raise PermissionDenied(_("Your role does not write records about youth."))
    return policy.case_agencies(request.user)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def note_new(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    agencies = _writer_agencies(request)
    form = NoteForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note = actions.create_note(
                actor=request.user,
                youth=youth,
                agency=data["agency"],
                record_class=data["record_class"],
                subject=data["subject"],
                body=data["body"],
                youth_controlled=data["youth_controlled"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Note saved."))
            return redirect("records:note", youth_id=youth.pk, item_id=note.pk)
    return render(request, "records/note_new.html", {"youth": youth, "form": form})


def _item_context(request: HttpRequest, opened: access.Opened) -> dict:
    item = opened.item
    return {
        "item": item,
        "decision": opened.decision,
        "consent": opened.decision.consent,
        "is_part_2": item.record_class == RecordClass.SUBSTANCE_USE,
        "can_download": policy.can_download(request.user, item),
        "can_record_court_order": policy.can_record_court_order(request.user)
        and item.record_class in ("juvenile_court", "probation"),
        "court_order_form": CourtOrderForm(),
        "part_2_notice": PART_2_NOTICE,
        "part_2_notice_long": PART_2_NOTICE_LONG,
    }


@require_safe
@login_required
def note_detail(request: HttpRequest, youth_id: UUID, item_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    opened = access.open_item(request.user, youth, Note, item_id)
    return render(
        request, "records/note_detail.html", {"youth": youth, **_item_context(request, opened)}
    )


@require_safe
@login_required
@recent_sign_in_required
def note_print(request: HttpRequest, youth_id: UUID, item_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    opened = access.open_item(request.user, youth, Note, item_id, purpose="print")
    return render(
        request, "records/note_print.html", {"youth": youth, **_item_context(request, opened)}
    )


@require_safe
@login_required
@recent_sign_in_required
def note_export(request: HttpRequest, youth_id: UUID, item_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    opened = access.open_item(request.user, youth, Note, item_id, purpose="export")
    text = render_to_string(
        "records/note_export.txt", {"youth": youth, **_item_context(request, opened)}
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="note-{opened.item.pk}.txt"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_new(request: HttpRequest, youth_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    agencies = _writer_agencies(request)
    form = DocumentForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = actions.upload_document(
                actor=request.user,
                youth=youth,
                agency=data["agency"],
                record_class=data["record_class"],
                title=data["title"],
                upload=data["upload"],
                youth_controlled=data["youth_controlled"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Document saved."))
            return redirect("records:document", youth_id=youth.pk, item_id=document.pk)
    return render(request, "records/document_new.html", {"youth": youth, "form": form})


@require_safe
@login_required
def document_detail(request: HttpRequest, youth_id: UUID, item_id: UUID) -> HttpResponse:
    youth = youth_or_404(request.user, youth_id)
    opened = access.open_item(request.user, youth, Document, item_id)
    return render(
        request,
        "records/document_detail.html",
        {"youth": youth, **_item_context(request, opened)},
    )


@require_safe
@login_required
def document_file(request: HttpRequest, youth_id: UUID, item_id: UUID) -> HttpResponse:
    """The file shown in the browser (view only): allowed wherever the item is visible."""
    youth = youth_or_404(request.user, youth_id)
    document = Document.objects.filter(pk=item_id, youth=youth).only("record_class").first()
    if document is not None and document.record_class == RecordClass.SUBSTANCE_USE:
        # Part 2 material leaves the page only with its notice: the download bundles both.
        return redirect("records:document_download", youth_id=youth.pk, item_id=item_id)
    opened = access.open_item(request.user, youth, Document, item_id, purpose="view_file")
    document = opened.item
    return inline_file(document.file, document.content_type)


@require_safe
@login_required
def document_download(request: HttpRequest, youth_id: UUID, item_id: UUID) -> HttpResponse:
    """The file to keep. Part 2 material comes in a ZIP with the notice and its consent."""
    youth = youth_or_404(request.user, youth_id)
    opened = access.open_item(request.user, youth, Document, item_id, purpose="download")
    document = opened.item
    if document.record_class != RecordClass.SUBSTANCE_USE:
        response = FileResponse(
            document.file.open("rb"),
            content_type=document.content_type,
            as_attachment=True,
            filename=document.original_name,
        )
        response["Cache-Control"] = "no-store"
        return response
    notice = render_to_string(
        "records/part2_notice.txt",
        {**_item_context(request, opened), "youth": youth, "notice": PART_2_NOTICE_LONG},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("READ-FIRST-42-CFR-PART-2-NOTICE.txt", notice)
        with document.file.open("rb") as source:
            bundle.writestr(f"document/{document.original_name}", source.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def court_order(request: HttpRequest, youth_id: UUID, kind: str, item_id: UUID) -> HttpResponse:
    model = {"notes": Note, "documents": Document}[kind]
    youth = youth_or_404(request.user, youth_id)
    opened = access.open_item(request.user, youth, model, item_id)
    if not policy.can_record_court_order(request.user):
        raise PermissionDenied(
            _("Only the court liaison, coordinator or a supervisor records court orders.")
        )
    form = CourtOrderForm(request.POST)
    if form.is_valid():
        actions.record_court_order(
            actor=request.user, item=opened.item, reference=form.cleaned_data["reference"]
        )
        messages.success(
            request, _("Court order recorded: the file can now be downloaded and printed.")
        )
    else:
        messages.error(request, _("Enter the court order's reference, as written on the order."))
    name = "records:note" if model is Note else "records:document"
    return redirect(name, youth_id=youth.pk, item_id=item_id)
