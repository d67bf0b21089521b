"""API v1: recording screenings, missing-from-care episodes and their steps, and
closing tasks. Each endpoint checks what its page checks, in the same order (the youth,
then the role, then the input), and calls the page's action, which audits the change
in its own transaction."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from carecircle.api import records
from carecircle.api.common import WRITE, OffsetDateTimeField, SharedItemInput, agency_of, run
from carecircle.api.models import Scope
from carecircle.api.views import _caseload_or_403
from carecircle.clocks import access as clock_access
from carecircle.clocks import actions as clock_actions
from carecircle.clocks.models import EVIDENCE_KINDS, HowFound, ObligationKind, ReportKind
from carecircle.lib.dates import county_today
from carecircle.screening import access as screening_access
from carecircle.screening import actions as screening_actions
from carecircle.screening.models import Level, ScreeningContext
from carecircle.sharing import policy
from carecircle.sharing.classes import CONSENT_ONLY_CLASSES
from carecircle.youth import access

# Screening instruments ---------------------------------------------------------------


class OptionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class ItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    optional = serializers.BooleanField(default=False)
    options = OptionSerializer(many=True)


class InstrumentSerializer(serializers.Serializer):
    key = serializers.CharField(source="instrument.key")
    name = serializers.CharField(source="instrument.name")
    version = serializers.IntegerField(source="number")
    scored = serializers.BooleanField(source="is_scored")
    minimum_age = serializers.SerializerMethodField()
    indicator_rows = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    def get_minimum_age(self, version) -> int:
        return version.definition.get("minimum_age", 0)

    def get_indicator_rows(self, version) -> int:
        return version.definition.get("indicator_rows", 0)

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, version) -> list[dict]:
        return [
            {
                "key": item["key"],
                "text": item["text"],
                "optional": item.get("optional", False),
                "options": [{"key": o["key"], "label": o["label"]} for o in item["options"]],
            }
            for item in version.definition.get("items", [])
        ]


class Instruments(GenericAPIView):
    scopes = {"read": Scope.YOUTH_READ}
    serializer_class = InstrumentSerializer
    pagination_class = None

    @extend_schema(
        responses=InstrumentSerializer(many=True),
        summary="Screening instruments offered, with the questions of scored ones",
    )
    def get(self, request: Request) -> Response:
        _caseload_or_403(request.user)
        versions = [
            screening_access.latest_version_or_none(i.key)
            for i in screening_access.offered_instruments()
        ]
        return Response(self.get_serializer([v for v in versions if v], many=True).data)


# Screenings -------------------------------------------------------------------------


class IndicatorInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(choices=Level.choices)


class ScreeningInput(SharedItemInput):
    instrument = serializers.CharField(max_length=100, help_text="An offered instrument's key.")
    version = serializers.IntegerField(
        min_value=1,
        help_text="The version whose questions were answered; a newer one means 409.",
    )
    context = serializers.ChoiceField(choices=ScreeningContext.choices)
    screened_on = serializers.DateField()
    screener = serializers.CharField(max_length=200, required=False, allow_blank=True)
    answers = serializers.DictField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Scored instruments: option key by question key.",
    )
    tool_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    tool_version = serializers.CharField(max_length=50, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    indicator_levels = IndicatorInput(many=True, required=False, max_length=50)


class Screenings(records.Screenings):
    scopes = WRITE

    @extend_schema(
        request=ScreeningInput,
        responses={201: records.ScreeningSerializer, 409: InstrumentSerializer},
        summary="Record a screening",
        description=(
            "A scored instrument is scored from `answers`; a result-only one records "
            "`tool_name`, `level` and `indicator_levels`, never a tool's questions. A "
            "clear concern opens the task to refer the youth to the MDT. If the "
            "instrument has a newer version than the one answered, nothing is recorded "
            "and the answer is 409 with the current version."
        ),
    )
    def post(self, request: Request, youth_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        if not policy.can_write_items(request.user):
            raise exceptions.PermissionDenied(_("Your role does not record screenings."))
        incoming = ScreeningInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        version = screening_access.latest_version_or_none(data.pop("instrument"))
        if version is None:
            raise exceptions.ValidationError(
                {"instrument": [_("That instrument is not offered. See /api/v1/instruments/.")]}
            )
        if data.pop("version") != version.number:
            return Response(InstrumentSerializer(version).data, status=status.HTTP_409_CONFLICT)
        screening = run(
            screening_actions.record_screening,
            actor=request.user,
            youth=youth,
            agency=agency_of(request.user, data.pop("agency")),
            instrument_version=version,
            indicator_levels=[(i["name"], i["level"]) for i in data.pop("indicator_levels", [])],
            **data,
        )
        return Response(records.ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)


# Missing-from-care episodes ----------------------------------------------------------


class EpisodeInput(SharedItemInput):
    last_seen_at = OffsetDateTimeField()
    reported_by = serializers.CharField(max_length=200)
    circumstances = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    whereabouts = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Protected: opened only by those who may open locations, and audited.",
    )
    reported_missing_at = OffsetDateTimeField(
        required=False, help_text="When the county learned of it, if before now."
    )


class Episodes(records.Episodes):
    scopes = WRITE

    @extend_schema(
        request=EpisodeInput,
        responses={201: records.EpisodeSerializer},
        summary="Record that a youth is missing from care",
        description="Starts the 24-hour clocks (law enforcement, NCMEC, family and tribe, "
        "the attorney), counted from when the county learned of the absence.",
    )
    def post(self, request: Request, youth_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        if not policy.can_record_missing(request.user):
            raise exceptions.PermissionDenied(
                _("Social workers, probation officers and the coordinator record a missing youth.")
            )
        incoming = EpisodeInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        if data["record_class"] in CONSENT_ONLY_CLASSES:
            raise exceptions.ValidationError(
                {"record_class": [_("Record a missing episode as a child welfare, probation "
                                    "or general record.")]}
            )  # fmt: skip
        episode = run(
            clock_actions.record_missing_episode,
            actor=request.user,
            youth=youth,
            agency=agency_of(request.user, data.pop("agency")),
            **data,
        )
        return Response(records.EpisodeSerializer(episode).data, status=status.HTTP_201_CREATED)


class EpisodeStep(GenericAPIView):
    """One step of an episode, as its page records it: the agency that recorded the
    episode, the coordinator and supervisors; never a closed episode."""

    scopes = WRITE
    serializer_class = records.EpisodeSerializer
    input_class: type[serializers.Serializer] | None = None
    step = staticmethod(clock_actions.close_episode)

    def episode(self, request: Request, youth_id, episode_id):
        youth = access.youth_or_404(request.user, youth_id)
        episode, _decision = clock_access.episode_or_404(request.user, youth, episode_id)
        if not policy.can_change_episode(request.user, episode) or episode.closed_at:
            raise exceptions.PermissionDenied(_("You can see this episode but not change it."))
        return episode

    def post(self, request: Request, youth_id, episode_id) -> Response:
        episode = self.episode(request, youth_id, episode_id)
        data = {}
        if self.input_class is not None:
            incoming = self.input_class(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = dict(incoming.validated_data)
        run(self.step, actor=request.user, episode=episode, **data)
        episode.refresh_from_db()
        return Response(self.get_serializer(episode).data, status=status.HTTP_201_CREATED)


class ReportInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    made_at = OffsetDateTimeField()
    recipient = serializers.CharField(max_length=200)
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Required for law enforcement (the NCIC or report number) and NCMEC.",
    )
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True)


class EpisodeReport(EpisodeStep):
    input_class = ReportInput
    step = staticmethod(clock_actions.record_episode_report)

    @extend_schema(
        request=ReportInput,
        responses={201: records.EpisodeSerializer},
        summary="Record a report made about a missing episode",
        description="Closes that report's 24-hour task with the report as its evidence.",
    )
    def post(self, request: Request, youth_id, episode_id) -> Response:
        return super().post(request, youth_id, episode_id)


class ReturnInput(serializers.Serializer):
    returned_at = OffsetDateTimeField()
    how_found = serializers.ChoiceField(choices=HowFound.choices)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class EpisodeReturn(EpisodeStep):
    input_class = ReturnInput
    step = staticmethod(clock_actions.record_return)

    @extend_schema(
        request=ReturnInput,
        responses={201: records.EpisodeSerializer},
        summary="Record the youth's return",
        description="Starts the debrief and re-screen clocks.",
    )
    def post(self, request: Request, youth_id, episode_id) -> Response:
        return super().post(request, youth_id, episode_id)


class DebriefInput(serializers.Serializer):
    debriefed_at = OffsetDateTimeField()
    why_left = serializers.CharField(max_length=5000)
    while_away = serializers.CharField(max_length=5000)


class EpisodeDebrief(EpisodeStep):
    input_class = DebriefInput
    step = staticmethod(clock_actions.record_debrief)

    @extend_schema(
        request=DebriefInput,
        responses={201: records.EpisodeSerializer},
        summary="Record the debrief after the return",
    )
    def post(self, request: Request, youth_id, episode_id) -> Response:
        return super().post(request, youth_id, episode_id)


class EpisodeClose(EpisodeStep):
    @extend_schema(
        request=None,
        responses={201: records.EpisodeSerializer},
        summary="Close a missing episode",
        description="Only once the return, the debrief and the re-screen are recorded.",
    )
    def post(self, request: Request, youth_id, episode_id) -> Response:
        return super().post(request, youth_id, episode_id)


# Tasks ---------------------------------------------------------------------------------


class EvidenceInput(serializers.Serializer):
    done_on = serializers.DateField()
    detail = serializers.CharField(max_length=300, help_text="What was done, and by whom.")
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="The report number: required for a report to law enforcement.",
    )


class TaskDone(GenericAPIView):
    scopes = WRITE
    serializer_class = records.TaskSerializer

    @extend_schema(
        request=EvidenceInput,
        responses={200: records.TaskSerializer},
        summary="Close a task with the evidence that it was done",
        description="For tasks closed by typed evidence (a law enforcement report, a "
        "health exam, the MDT referral); the others close when their own record is made.",
    )
    def post(self, request: Request, obligation_id) -> Response:
        obligation = clock_access.obligation_or_404(request.user, obligation_id)
        if not (
            obligation.satisfied_at is None
            and obligation.kind in EVIDENCE_KINDS
            and policy.can_satisfy_obligation(request.user, obligation)
        ):
            raise exceptions.PermissionDenied(
                _("This task is closed by its own record, or not yours.")
            )
        incoming = EvidenceInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        reference = data.get("reference", "").strip()
        if obligation.kind == ObligationKind.LAW_ENFORCEMENT_REPORT and not reference:
            raise exceptions.ValidationError(
                {"reference": [_("The number law enforcement gave: it is the evidence.")]}
            )
        if data["done_on"] > county_today(obligation.county.time_zone):
            raise exceptions.ValidationError({"done_on": [_("The date cannot be in the future.")]})
        done = run(
            clock_actions.satisfy_obligation,
            actor=request.user,
            obligation=obligation,
            summary=f"{data['done_on']:%Y-%m-%d}: {data['detail']}"
            + (f", {reference}" if reference else ""),
            evidence={
                "done_on": data["done_on"].isoformat(),
                "detail": data["detail"],
                "reference": reference,
                "api": True,
            },
        )
        return Response(self.get_serializer(done).data)
