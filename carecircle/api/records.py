"""API v1: a youth's records, and the caller's tasks. Read only for now; each list is
what the pages list, found by the same access helpers and audited the same way."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from carecircle.api.models import Scope
from carecircle.audit.actions import record_event
from carecircle.clocks import access as clock_access
from carecircle.clocks.models import MissingEpisode, Obligation
from carecircle.meetings import access as meeting_access
from carecircle.meetings.models import Meeting
from carecircle.referrals import access as referral_access
from carecircle.referrals.models import Referral
from carecircle.screening import access as screening_access
from carecircle.screening.models import Screening
from carecircle.sharing import access as sharing_access
from carecircle.sharing.models import Consent
from carecircle.youth import access

READ = {"read": Scope.YOUTH_READ}


class ItemFields(serializers.ModelSerializer):
    source_agency = serializers.CharField(source="source_agency.name")


class ScreeningSerializer(ItemFields):
    instrument = serializers.CharField(source="instrument_version.instrument.name")
    instrument_version = serializers.IntegerField(source="instrument_version.number")

    class Meta:
        model = Screening
        # The answers stay on the page: a licensed tool's items are never stored anyway.
        fields = [
            "id", "screened_on", "context", "instrument", "instrument_version", "tool_name",
            "tool_version", "level", "total_score", "record_class", "source_agency",
        ]  # fmt: skip


class EpisodeSerializer(ItemFields):
    class Meta:
        model = MissingEpisode
        # The suspected whereabouts are a protected item, opened only on their own page.
        fields = [
            "id", "last_seen_at", "reported_missing_at", "reported_by", "returned_at",
            "how_found", "debriefed_at", "closed_at", "record_class", "source_agency",
        ]  # fmt: skip


class ReferralSerializer(ItemFields):
    provider = serializers.CharField(source="provider.name")
    need = serializers.CharField(source="need.domain", allow_null=True, default=None)

    class Meta:
        model = Referral
        fields = [
            "id", "status", "provider", "need", "barriers", "outcome", "created_at",
            "record_class", "source_agency",
        ]  # fmt: skip


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "tier", "starts_at", "duration_minutes", "status", "finalised_at"]


class ConsentSerializer(serializers.ModelSerializer):
    disclosing_agency = serializers.CharField(source="disclosing_agency.name")
    classes = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id", "purpose", "disclosing_agency", "classes", "effective_at", "expires_at",
            "revoked_at",
        ]  # fmt: skip

    def get_classes(self, consent: Consent) -> list[str]:
        return sorted(c.record_class for c in consent.classes.all())


class TaskSerializer(serializers.ModelSerializer):
    youth = serializers.UUIDField(source="youth_id")

    class Meta:
        model = Obligation
        fields = ["id", "kind", "youth", "due_at", "satisfied_at", "responsible_role"]


class YouthPart(GenericAPIView):
    """One list of a youth's records: 404 unless the reader may know the youth. Each
    subclass names its ``part`` and finds its ``items(viewer, youth)`` with its app's
    access helper."""

    scopes = READ
    part = ""

    def get(self, request: Request, youth_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        page = self.paginate_queryset(self.items(request.user, youth))
        access.record_profile_part_read(viewer=request.user, youth=youth, part=self.part)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class Screenings(YouthPart):
    serializer_class = ScreeningSerializer
    part = "screenings"

    def items(self, viewer, youth) -> QuerySet:
        return screening_access.screenings_for(viewer, youth).order_by(
            "-screened_on", "-created_at"
        )

    @extend_schema(responses=ScreeningSerializer(many=True), summary="Screenings")
    def get(self, request: Request, youth_id) -> Response:
        return super().get(request, youth_id)


class Episodes(YouthPart):
    serializer_class = EpisodeSerializer
    part = "missing_episodes"

    def items(self, viewer, youth) -> QuerySet:
        return clock_access.episodes_for(viewer, youth).order_by("-last_seen_at")

    @extend_schema(responses=EpisodeSerializer(many=True), summary="Missing-from-care episodes")
    def get(self, request: Request, youth_id) -> Response:
        return super().get(request, youth_id)


class Referrals(YouthPart):
    serializer_class = ReferralSerializer
    part = "referrals"

    def items(self, viewer, youth) -> QuerySet:
        return referral_access.referrals_for(viewer, youth).order_by("-created_at")

    @extend_schema(responses=ReferralSerializer(many=True), summary="Referrals")
    def get(self, request: Request, youth_id) -> Response:
        return super().get(request, youth_id)


class Meetings(YouthPart):
    serializer_class = MeetingSerializer
    part = "meetings"

    def items(self, viewer, youth) -> QuerySet:
        return meeting_access.meetings_for(viewer, youth)

    @extend_schema(responses=MeetingSerializer(many=True), summary="MDT meetings")
    def get(self, request: Request, youth_id) -> Response:
        return super().get(request, youth_id)


class Consents(YouthPart):
    serializer_class = ConsentSerializer
    part = "consents"

    def items(self, viewer, youth) -> QuerySet:
        return sharing_access.consents_for(viewer, youth).order_by("-effective_at")

    @extend_schema(
        responses=ConsentSerializer(many=True), summary="Consents and releases of information"
    )
    def get(self, request: Request, youth_id) -> Response:
        return super().get(request, youth_id)


class Tasks(GenericAPIView):
    scopes = READ
    serializer_class = TaskSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "scope", str, enum=["mine", "team", "county"], description="Whose tasks."
            )
        ],
        responses=TaskSerializer(many=True),
        summary="Open tasks, earliest due first",
    )
    def get(self, request: Request) -> Response:
        scope = request.query_params.get("scope", "mine")
        if scope not in clock_access.SCOPES:
            scope = "mine"
        page = self.paginate_queryset(clock_access.obligations_in_scope(request.user, scope))
        record_event(
            actor=request.user,
            action="obligation.list",
            youth_ids=sorted({o.youth_id for o in page}, key=str),
            detail={"scope": scope, "obligations": [str(o.pk) for o in page], "api": True},
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
