"""API v1: MDT meetings and their action items, referrals and the provider directory,
and consents. As in ``care.py``, each endpoint checks what its page checks, in the same
order, and calls the page's action."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from carecircle.accounts.models import Agency, User
from carecircle.api import records
from carecircle.api.common import WRITE, OffsetDateTimeField, SharedItemInput, agency_of, run
from carecircle.api.models import Scope
from carecircle.meetings import access as meeting_access
from carecircle.meetings import actions as meeting_actions
from carecircle.meetings.models import ActionItem, Tier
from carecircle.referrals import access as referral_access
from carecircle.referrals import actions as referral_actions
from carecircle.referrals.models import Provider, ReferralStatus
from carecircle.sharing import access as sharing_access
from carecircle.sharing import actions as sharing_actions
from carecircle.sharing import policy
from carecircle.sharing.classes import RecordClass
from carecircle.sharing.models import Consent, Purpose, SignerType, TeamMembership
from carecircle.youth import access

# Meetings and action items -------------------------------------------------------------


class MeetingInput(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Tier.choices)
    starts_at = OffsetDateTimeField()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480, default=60)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    video_link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    agenda = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class Meetings(records.Meetings):
    scopes = WRITE

    @extend_schema(
        request=MeetingInput,
        responses={201: records.MeetingSerializer},
        summary="Schedule an MDT meeting",
        description="The coordinator (or a supervisor) convenes; the youth's team is sent "
        "the invitation.",
    )
    def post(self, request: Request, youth_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        if not policy.can_convene_mdt(request.user):
            raise exceptions.PermissionDenied(_("The CSEC coordinator convenes MDT meetings."))
        incoming = MeetingInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        meeting = run(
            meeting_actions.schedule_meeting,
            actor=request.user,
            youth=youth,
            **incoming.validated_data,
        )
        return Response(records.MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class ActionItemSerializer(records.ItemFields):
    owner = serializers.CharField(source="owner.display_name")

    class Meta:
        model = ActionItem
        fields = [
            "id", "description", "owner", "due_on", "status", "outcome", "record_class",
            "source_agency",
        ]  # fmt: skip


class ActionItemInput(SharedItemInput):
    owner = serializers.IntegerField(help_text="A person on the youth's MDT.")
    description = serializers.CharField(max_length=300)
    due_on = serializers.DateField()


class ActionItems(GenericAPIView):
    scopes = WRITE
    serializer_class = ActionItemSerializer

    def meeting(self, request: Request, youth_id, meeting_id):
        youth = access.youth_or_404(request.user, youth_id)
        return youth, meeting_access.meeting_or_404(request.user, youth, meeting_id)

    @extend_schema(responses=ActionItemSerializer(many=True), summary="A meeting's action items")
    def get(self, request: Request, youth_id, meeting_id) -> Response:
        _youth, meeting = self.meeting(request, youth_id, meeting_id)
        items = meeting_access.action_items_for(request.user, meeting)
        meeting_access.record_meeting_read(
            viewer=request.user, meeting=meeting, items=items, purpose="action_items"
        )
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=ActionItemInput,
        responses={201: ActionItemSerializer},
        summary="Add an action item agreed at the meeting",
        description="It becomes its owner's task, due at the end of its date in the county.",
    )
    def post(self, request: Request, youth_id, meeting_id) -> Response:
        youth, meeting = self.meeting(request, youth_id, meeting_id)
        if not policy.can_write_items(request.user):
            raise exceptions.PermissionDenied(_("Your role does not write meeting records."))
        incoming = ActionItemInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        # The owners a page offers: people on the team whose agency the writer may name.
        team = TeamMembership.objects.filter(
            youth=youth, ended_at__isnull=True, user_id=data.pop("owner")
        ).select_related("user", "agency")
        owner = next(
            (m.user for m in team if policy.shown_agencies(request.user, [m.agency])), None
        )
        if owner is None:
            raise exceptions.ValidationError(
                {"owner": [_("The owner must be on the youth's MDT.")]}
            )
        item = run(
            meeting_actions.add_action_item,
            actor=request.user,
            meeting=meeting,
            agency=agency_of(request.user, data.pop("agency")),
            owner=owner,
            **data,
        )
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


class OutcomeInput(serializers.Serializer):
    outcome = serializers.CharField(max_length=1000, help_text="What was done.")


class ActionItemDone(GenericAPIView):
    scopes = WRITE
    serializer_class = ActionItemSerializer

    @extend_schema(
        request=OutcomeInput,
        responses={200: ActionItemSerializer},
        summary="Close an action item with what was done",
    )
    def post(self, request: Request, youth_id, meeting_id, item_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        meeting = meeting_access.meeting_or_404(request.user, youth, meeting_id)
        item = (
            policy.visible_items(request.user, ActionItem.objects.filter(meeting=meeting))
            .filter(pk=item_id)
            .first()
        )
        if item is None:
            raise exceptions.NotFound(_("There is no action item at this address you can see."))
        if not policy.can_complete_action_item(request.user, item):
            raise exceptions.PermissionDenied(
                _("The owner of an action item or the coordinator closes it.")
            )
        incoming = OutcomeInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        done = run(
            meeting_actions.complete_action_item,
            actor=request.user,
            item=item,
            outcome=incoming.validated_data["outcome"],
        )
        return Response(self.get_serializer(done).data)


# Providers and referrals --------------------------------------------------------------


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", "name", "domains", "languages", "counties_served", "contact", "active"]


class Providers(GenericAPIView):
    scopes = {"read": Scope.YOUTH_READ}
    serializer_class = ProviderSerializer

    @extend_schema(responses=ProviderSerializer(many=True), summary="The county's providers")
    def get(self, request: Request) -> Response:
        directory = referral_access.providers(request.user).order_by("name", "id")
        page = self.paginate_queryset(directory)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ReferralInput(SharedItemInput):
    provider = serializers.IntegerField(help_text="A provider of the county's directory.")
    need = serializers.UUIDField(
        required=False, allow_null=True, help_text="One of the youth's needs."
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class Referrals(records.Referrals):
    scopes = WRITE

    @extend_schema(
        request=ReferralInput,
        responses={201: records.ReferralSerializer},
        summary="Propose a referral to a provider",
    )
    def post(self, request: Request, youth_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        if not policy.can_write_items(request.user):
            raise exceptions.PermissionDenied(_("Your role does not write service plans."))
        incoming = ReferralInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        provider = (
            referral_access.providers(request.user)
            .filter(pk=data.pop("provider"), active=True)
            .first()
        )
        if provider is None:
            raise exceptions.ValidationError(
                {
                    "provider": [
                        _("Choose a provider from the county's directory that takes referrals.")
                    ]
                }
            )
        need_id = data.pop("need", None)
        need = None
        if need_id is not None:
            need = referral_access.needs_for(request.user, youth).filter(pk=need_id).first()
            if need is None:
                raise exceptions.ValidationError(
                    {"need": [_("The need must be one of this youth's.")]}
                )
        referral = run(
            referral_actions.propose_referral,
            actor=request.user,
            youth=youth,
            agency=agency_of(request.user, data.pop("agency")),
            provider=provider,
            need=need,
            **data,
        )
        return Response(records.ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class StepInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    on = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    shared_information = serializers.CharField(
        max_length=2000, required=False, allow_blank=True,
        help_text="Sending: what was shared with the provider.",
    )  # fmt: skip
    consent = serializers.UUIDField(
        required=False, allow_null=True,
        help_text="Sending: a consent in force, given by your agency for this kind of record.",
    )  # fmt: skip
    barriers = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    outcome = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReferralStep(GenericAPIView):
    scopes = WRITE
    serializer_class = records.ReferralSerializer

    @extend_schema(
        request=StepInput,
        responses={200: records.ReferralSerializer},
        summary="Move a referral to its next step",
        description="Sending it to the provider is a disclosure: it needs a consent in force "
        "and a note of what was shared, and both are audited.",
    )
    def post(self, request: Request, youth_id, referral_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        referral = referral_access.referral_or_404(request.user, youth, referral_id)
        if not policy.can_move_referral(request.user, referral):
            raise exceptions.PermissionDenied(_("The referring agency moves its referral along."))
        incoming = StepInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        consent_id = data.pop("consent", None)
        consent = None
        if consent_id is not None:
            usable = referral_access.consents_for_sending(request.user, referral)
            consent = next((c for c in usable if c.pk == consent_id), None)
            if consent is None:
                raise exceptions.ValidationError(
                    {"consent": [_("That consent does not cover sending this referral.")]}
                )
        moved = run(
            referral_actions.move_referral,
            actor=request.user,
            referral=referral,
            consent=consent,
            **data,
        )
        return Response(self.get_serializer(moved).data)


# Consents -----------------------------------------------------------------------------


class SignerInput(serializers.Serializer):
    signer_type = serializers.ChoiceField(choices=SignerType.choices)
    name = serializers.CharField(max_length=200)
    signed_on = serializers.DateField()
    non_abusing = serializers.BooleanField(default=False)
    user = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="A child and family team participant's Care Circle account.",
    )  # fmt: skip


@extend_schema_field(OpenApiTypes.STR)
class SignersField(serializers.Field):
    """The signers, as a JSON array in one form field (multipart has no nesting)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError as error:
                raise serializers.ValidationError(_("Give the signers as a JSON array.")) from error
        incoming = SignerInput(data=data, many=True)
        incoming.is_valid(raise_exception=True)
        return incoming.validated_data


class ConsentInput(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    classes = serializers.MultipleChoiceField(choices=RecordClass.choices)
    disclosing_agency = serializers.IntegerField(
        help_text="Your agency, whose records the consent releases."
    )
    recipient_agencies = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=50
    )
    recipient_users = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=50
    )
    signers = SignersField(
        help_text='A JSON array: [{"signer_type", "name", "signed_on", "non_abusing", "user"}].'
    )
    effective_at = OffsetDateTimeField()
    expires_at = OffsetDateTimeField()
    information_description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True
    )
    youth_self_consented = serializers.BooleanField(default=False)
    told_of_right_to_revoke = serializers.BooleanField(default=False)
    signed_form = serializers.FileField(help_text="The signed form: a PDF or an image scan.")


class Consents(records.Consents):
    scopes = WRITE
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=ConsentInput,
        responses={201: records.ConsentSerializer},
        summary="Record a consent or release of information",
        description="Recorded by the agency whose records it releases, with the signed form; "
        "each record class's signer rule applies (DOMAIN.md §5).",
    )
    def post(self, request: Request, youth_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        if not policy.can_manage_consents(request.user):
            raise exceptions.PermissionDenied(_("Your role does not record consents."))
        incoming = ConsentInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        mine = {a.pk: a for a in policy.consent_agencies(request.user)}
        disclosing = mine.get(data.pop("disclosing_agency"))
        if disclosing is None:
            raise exceptions.ValidationError(
                {"disclosing_agency": [_("Choose your agency, whose records are released.")]}
            )
        county = {"county_id": youth.county_id}
        wanted_agencies = data.pop("recipient_agencies", [])
        agencies = list(Agency.objects.filter(pk__in=wanted_agencies, **county))
        wanted_users = data.pop("recipient_users", [])
        users = list(User.objects.filter(pk__in=wanted_users, **county, is_active=True))
        if len(agencies) != len(set(wanted_agencies)) or len(users) != len(set(wanted_users)):
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Recipients must be in the youth's county.")]}
            )
        signer_users = {
            u.pk: u
            for u in User.objects.filter(
                pk__in=[s["user"] for s in data["signers"] if s.get("user")], **county
            )
        }
        signers = [
            sharing_actions.SignerInput(
                signer_type=s["signer_type"],
                name=s["name"],
                signed_on=s["signed_on"],
                non_abusing=s["non_abusing"],
                user=signer_users.get(s.get("user")),
            )
            for s in data.pop("signers")
        ]
        consent = run(
            sharing_actions.record_consent,
            actor=request.user,
            youth=youth,
            classes=sorted(data.pop("classes")),
            signers=signers,
            recipient_agencies=agencies,
            recipient_users=users,
            disclosing_agency=disclosing,
            **data,
        )
        shown = sharing_access.consents_for(request.user, youth).get(pk=consent.pk)
        return Response(records.ConsentSerializer(shown).data, status=status.HTTP_201_CREATED)


class RevokeInput(serializers.Serializer):
    note = serializers.CharField(
        max_length=300, help_text="How the revocation was received, and from whom."
    )


class ConsentRevoke(GenericAPIView):
    scopes = WRITE
    serializer_class = records.ConsentSerializer

    @extend_schema(
        request=RevokeInput,
        responses={200: records.ConsentSerializer},
        summary="Revoke a consent",
        description="Takes effect at once: it no longer opens any record.",
    )
    def post(self, request: Request, youth_id, consent_id) -> Response:
        youth = access.youth_or_404(request.user, youth_id)
        if not policy.can_manage_consents(request.user):
            raise exceptions.PermissionDenied(_("Your role does not record consents."))
        consent = sharing_access.get_consent(request.user, youth, consent_id)
        incoming = RevokeInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        run(
            sharing_actions.revoke_consent,
            actor=request.user,
            consent=consent,
            note=incoming.validated_data["note"],
        )
        shown = Consent.objects.prefetch_related("classes").select_related("disclosing_agency")
        return Response(self.get_serializer(shown.get(pk=consent.pk)).data)
