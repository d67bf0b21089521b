"""API v1. Every endpoint finds what it shows through the same access helpers as the
pages (which ask the sharing policy and audit the read) and changes data through the
same actions (which audit the change in the same transaction)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from carecircle.accounts.models import Agency
from carecircle.api import serializers as s
from carecircle.api.models import Scope
from carecircle.sharing import policy
from carecircle.youth import access, actions
from carecircle.youth.actions import StaleEdit
from carecircle.youth.matching import Probe
from carecircle.youth.models import Identification

YOUTH_SCOPES = {"read": Scope.YOUTH_READ, "write": Scope.YOUTH_WRITE}


def _refuse(error: Exception):
    """The actions speak Django; the API answers in its own error shape."""
    if isinstance(error, PermissionDenied):
        return exceptions.PermissionDenied(str(error) or None)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _caseload_or_403(user) -> None:
    if not policy.has_caseload(user):
        raise exceptions.PermissionDenied(_("Your role does not include a caseload."))


def _probe(data: dict) -> Probe:
    return Probe(
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data.get("date_of_birth"),
        other_name=data.get("other_name", ""),
        identifier=data.get("identifier", ""),
    )


class YouthList(GenericAPIView):
    scopes = YOUTH_SCOPES
    serializer_class = s.YouthSerializer

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Words of a name to look for.")],
        responses=s.YouthSerializer(many=True),
        summary="Your caseload",
    )
    def get(self, request: Request) -> Response:
        _caseload_or_403(request.user)
        query = request.query_params.get("q", "").strip()[:100]
        youth = access.caseload(request.user)
        if query:
            youth = youth.search(query)
        page = self.paginate_queryset(youth.order_by("last_name", "first_name", "id"))
        access.record_caseload_read(
            viewer=request.user, youth=page, query=query, page=self.paginator.page.number
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.YouthCreateSerializer,
        responses={201: s.YouthSerializer, 409: s.SearchResultSerializer},
        summary="Add a youth, after searching",
        description=(
            "Runs search before create first. If the county may already know the youth, "
            "nothing is added and the answer is 409 with the matches; send "
            "`create_anyway` once you have checked them."
        ),
    )
    def post(self, request: Request) -> Response:
        if not policy.can_create_youth(request.user):
            raise exceptions.PermissionDenied(_("Your role does not add youth records."))
        incoming = s.YouthCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        found = access.search_before_create(request.user, _probe(data))
        if (found.visible or found.hidden) and not data["create_anyway"]:
            return Response(s.SearchResultSerializer(found).data, status=status.HTTP_409_CONFLICT)
        try:
            youth = actions.create_youth(
                actor=request.user,
                county=request.user.county,
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
                agencies=policy.case_agencies(request.user)[:1],
                other_names=[(data["other_name"], "alias")] if data.get("other_name") else [],
                identifiers=[(data.get("identifier_kind") or "other", data["identifier"])]
                if data.get("identifier")
                else [],
                source="api",
            )
        except ValidationError as error:
            raise _refuse(error) from error
        youth = access.youth_or_404(request.user, youth.pk)
        return Response(self.get_serializer(youth).data, status=status.HTTP_201_CREATED)


class YouthSearch(GenericAPIView):
    scopes = {"write": Scope.YOUTH_READ}
    serializer_class = s.SearchSerializer

    @extend_schema(
        request=s.SearchSerializer,
        responses=s.SearchResultSerializer,
        summary="Search before create",
        description="Youth the county may already know, as intake shows them (audited).",
    )
    def post(self, request: Request) -> Response:
        _caseload_or_403(request.user)
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        found = access.search_before_create(request.user, _probe(incoming.validated_data))
        return Response(s.SearchResultSerializer(found).data)


class YouthDetail(GenericAPIView):
    scopes = YOUTH_SCOPES
    serializer_class = s.YouthSerializer

    @extend_schema(responses=s.YouthSerializer, summary="One youth")
    def get(self, request: Request, youth_id) -> Response:
        youth = access.get_youth_for_viewer(request.user, youth_id)
        return Response(self.get_serializer(youth).data)

    @extend_schema(
        request=s.YouthUpdateSerializer,
        responses={200: s.YouthSerializer, 409: s.YouthSerializer},
        summary="Change a youth's details",
        description="Send the `version` you read; if someone saved since, nothing changes "
        "and the answer is 409 with the record as it is now.",
    )
    def patch(self, request: Request, youth_id) -> Response:
        youth = access.get_youth_for_editing(request.user, youth_id)
        incoming = s.YouthUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        version = values.pop("version")
        try:
            with transaction.atomic():
                updated = actions.update_youth(
                    actor=request.user,
                    youth=youth,
                    expected_version=version,
                    agencies=list(youth.agencies.all()),
                    **values,
                )
        except StaleEdit as stale:
            current = access.youth_or_404(request.user, stale.current.pk)
            return Response(self.get_serializer(current).data, status=status.HTTP_409_CONFLICT)
        except ValidationError as error:
            raise _refuse(error) from error
        return Response(self.get_serializer(access.youth_or_404(request.user, updated.pk)).data)


class YouthIdentifications(GenericAPIView):
    scopes = YOUTH_SCOPES
    serializer_class = s.IdentificationSerializer

    @extend_schema(responses=s.IdentificationSerializer(many=True), summary="Identifications")
    def get(self, request: Request, youth_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        items = list(
            policy.visible_items(
                request.user, Identification.objects.filter(youth=youth), youth=youth
            )
            .select_related("source_agency")
            .order_by("-identified_on", "-created_at")
        )
        access.record_profile_part_read(viewer=request.user, youth=youth, part="identifications")
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.IdentificationCreateSerializer,
        responses={201: s.IdentificationSerializer},
        summary="Record an identification and the status it establishes",
    )
    def post(self, request: Request, youth_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        if not policy.can_write_items(request.user):
            raise exceptions.PermissionDenied(_("Your role does not record identifications."))
        incoming = s.IdentificationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        agency = Agency.objects.filter(
            pk=data.pop("agency"), pk__in=policy.case_agency_ids(request.user)
        ).first()
        if agency is None:
            raise exceptions.ValidationError({"agency": [_("Choose an agency you work for.")]})
        try:
            identification = actions.record_identification(
                actor=request.user, youth=youth, agency=agency, **data
            )
        except ValidationError as error:
            raise _refuse(error) from error
        return Response(self.get_serializer(identification).data, status=status.HTTP_201_CREATED)
