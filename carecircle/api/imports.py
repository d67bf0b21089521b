"""API v1: bulk import, as the import pages do it — upload (the dry run starts in the
background), read the report as it fills, commit. The upload is checked by the pages'
own form, so a file refused there is refused here with the same words."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from carecircle.api.common import WRITE, run
from carecircle.imports import access, actions, progress
from carecircle.imports.forms import UploadForm
from carecircle.imports.models import ImportJob, ImportKind, ImportStatus
from carecircle.sharing import policy
from carecircle.sharing.classes import RecordClass

SHOWN = 500
# The form's refusals, under the codes the schema documents for each input.
FORM_CODES = {
    "kind": "invalid_choice",
    "record_class": "invalid_choice",
}  # problems and duplicates listed, as on the page


class ImportSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(help_text="Percent of the current step.")
    done = serializers.SerializerMethodField(help_text="Nothing more will happen by itself.")
    problems = serializers.SerializerMethodField(help_text="[row, column, reason]")
    duplicates = serializers.SerializerMethodField(help_text="[row, [likely matches]]")
    summary = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id", "filename", "kind", "record_class", "status", "rows", "include_duplicates",
            "created_at", "finished_at", "progress", "done", "problems", "duplicates",
            "summary",
        ]  # fmt: skip

    def get_progress(self, job: ImportJob) -> int:
        return progress.percent(job.pk)

    def get_done(self, job: ImportJob) -> bool:
        return job.status not in (ImportStatus.CHECKING, ImportStatus.IMPORTING)

    def get_problems(self, job: ImportJob) -> list[list]:
        return job.report.get("problems", [])[:SHOWN]

    def get_duplicates(self, job: ImportJob) -> list[list]:
        return job.report.get("duplicates", [])[:SHOWN]

    def get_summary(self, job: ImportJob) -> dict[str, int]:
        """What the commit did (or the dry run found): counts only."""
        return {k: v for k, v in job.report.items() if isinstance(v, int)}


class ImportInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices, default=ImportKind.YOUTH)
    agency = serializers.IntegerField(
        help_text="Youth files: the agency that will serve the new youth. Identification "
        "and service files: the agency they are recorded for."
    )
    record_class = serializers.ChoiceField(
        choices=RecordClass.choices,
        required=False,
        help_text="Identification and service files: decides who may see them.",
    )
    file = serializers.FileField(help_text="CSV (UTF-8) or Excel (.xlsx), a header row first.")


class Imports(GenericAPIView):
    scopes = WRITE
    serializer_class = ImportSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(responses=ImportSerializer(many=True), summary="Your imports, newest first")
    def get(self, request: Request) -> Response:
        viewer = access.importer(request.user)
        page = self.paginate_queryset(ImportJob.objects.filter(requested_by=viewer))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=ImportInput,
        responses={202: ImportSerializer},
        summary="Upload a file to import",
        description="Nothing is imported yet: the dry run starts in the background. Read "
        "the import until `done`, then commit it.",
    )
    def post(self, request: Request) -> Response:
        viewer = access.importer(request.user)
        incoming = ImportInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        # Then the import page's own rules (size, kind of file, the agency's classes).
        form = UploadForm(request.data, request.FILES, agencies=policy.case_agencies(viewer))
        if not form.is_valid():
            raise exceptions.ValidationError(
                {
                    ("non_field_errors" if field == "__all__" else field): [
                        ErrorDetail(message, code=FORM_CODES.get(field, "invalid"))
                        for message in messages
                    ]
                    for field, messages in form.errors.items()
                }
            )
        upload = form.cleaned_data["file"]
        job = run(
            actions.start_import,
            actor=viewer,
            agency=form.agencies[form.cleaned_data["agency"]],
            filename=upload.name,
            content=upload.read(),
            kind=form.cleaned_data["kind"],
            record_class=form.cleaned_data["record_class"],
        )
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportDetail(GenericAPIView):
    scopes = WRITE
    serializer_class = ImportSerializer

    @extend_schema(responses=ImportSerializer, summary="One import: progress and report")
    def get(self, request: Request, job_id) -> Response:
        return Response(self.get_serializer(access.own_job(request.user, job_id)).data)


class CommitInput(serializers.Serializer):
    include_duplicates = serializers.BooleanField(
        default=False, help_text="Also import the rows the dry run found likely duplicates."
    )


class ImportCommit(GenericAPIView):
    scopes = WRITE
    serializer_class = ImportSerializer

    @extend_schema(
        request=CommitInput,
        responses={202: ImportSerializer},
        summary="Import a checked file",
        description="All rows in one transaction, in the background; read the import until `done`.",
    )
    def post(self, request: Request, job_id) -> Response:
        job = access.own_job(request.user, job_id)
        incoming = CommitInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        job = run(
            actions.request_commit,
            actor=request.user,
            job=job,
            include_duplicates=incoming.validated_data["include_duplicates"],
        )
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)
