"""JSON in and out. Serializers validate and shape; what is shown and what may change
is decided by the access helpers, the policy and the actions the views call."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from carecircle.sharing import policy
from carecircle.sharing.classes import RecordClass
from carecircle.youth.models import (
    Certainty,
    ExploitationCategory,
    GenderIdentity,
    HispanicLatino,
    IcwaStatus,
    Identification,
    IdentificationSource,
    IdentifierKind,
    Race,
    SchoolEnrollment,
    Youth,
)
from carecircle.youth.validators import check_date_of_birth


def _blank_or(choices):
    """A choice the record may not have yet: one of ``choices``, or empty."""
    return serializers.ChoiceField(choices=choices, allow_blank=True, read_only=True)


class YouthSerializer(serializers.ModelSerializer):
    agencies = serializers.SerializerMethodField()
    gender_identity = _blank_or(GenderIdentity.choices)
    hispanic_latino = _blank_or(HispanicLatino.choices)
    icwa_status = _blank_or(IcwaStatus.choices)
    school_enrollment = _blank_or(SchoolEnrollment.choices)

    class Meta:
        model = Youth
        fields = [
            "id", "first_name", "last_name", "preferred_name", "date_of_birth",
            "gender_identity", "gender_description", "pronouns", "preferred_language",
            "interpreter_needed", "races", "hispanic_latino", "tribal_affiliation",
            "icwa_status", "school_name", "school_grade", "school_enrollment", "version",
            "agencies",
        ]  # fmt: skip
        read_only_fields = fields

    def get_agencies(self, youth: Youth) -> list[str]:
        """Agencies serving the youth, as the pages show them: never a substance use
        program or victim advocate the reader does not work for."""
        viewer = self.context["request"].user
        return [a.name for a in policy.shown_agencies(viewer, youth.agencies.all())]


def _born(value):
    try:
        return check_date_of_birth(value)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from error


class YouthUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version read; a newer one means someone else saved first."
    )
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    preferred_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, validators=[_born])
    gender_identity = serializers.ChoiceField(
        choices=GenderIdentity.choices, required=False, allow_blank=True
    )
    gender_description = serializers.CharField(max_length=100, required=False, allow_blank=True)
    pronouns = serializers.CharField(max_length=50, required=False, allow_blank=True)
    preferred_language = serializers.CharField(max_length=50, required=False, allow_blank=True)
    interpreter_needed = serializers.BooleanField(required=False)
    races = serializers.ListField(
        child=serializers.ChoiceField(choices=Race.choices), required=False, max_length=7
    )
    hispanic_latino = serializers.ChoiceField(
        choices=HispanicLatino.choices, required=False, allow_blank=True
    )
    tribal_affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    icwa_status = serializers.ChoiceField(
        choices=IcwaStatus.choices, required=False, allow_blank=True
    )
    school_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    school_grade = serializers.CharField(max_length=20, required=False, allow_blank=True)
    school_enrollment = serializers.ChoiceField(
        choices=SchoolEnrollment.choices, required=False, allow_blank=True
    )


class SearchSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    other_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    identifier = serializers.CharField(max_length=100, required=False, allow_blank=True)


class YouthCreateSerializer(SearchSerializer):
    date_of_birth = serializers.DateField(validators=[_born])
    identifier_kind = serializers.ChoiceField(
        choices=IdentifierKind.choices, required=False, allow_blank=True
    )
    create_anyway = serializers.BooleanField(
        default=False,
        help_text="Add the youth even though the search found possible matches.",
    )


class MatchSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="youth.pk")
    first_name = serializers.CharField(source="youth.first_name")
    last_name = serializers.CharField(source="youth.last_name")
    date_of_birth = serializers.DateField(source="youth.date_of_birth")
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class ElsewhereSerializer(serializers.Serializer):
    county = serializers.CharField()
    agency = serializers.CharField()


class SearchResultSerializer(serializers.Serializer):
    matches = MatchSerializer(many=True, source="visible")
    hidden_matches = serializers.BooleanField(
        source="hidden", help_text="The county knows a close match you may not see."
    )
    other_counties = ElsewhereSerializer(
        many=True, source="elsewhere", help_text="Counties that know a close match."
    )


class IdentificationSerializer(serializers.ModelSerializer):
    source_agency = serializers.CharField(source="source_agency.name")

    class Meta:
        model = Identification
        fields = [
            "id", "identified_on", "source", "identified_by", "summary", "record_class",
            "source_agency", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class IdentificationCreateSerializer(serializers.Serializer):
    agency = serializers.IntegerField(help_text="An agency you work for.")
    record_class = serializers.ChoiceField(choices=RecordClass.choices)
    identified_on = serializers.DateField()
    source = serializers.ChoiceField(choices=IdentificationSource.choices)
    identified_by = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=ExploitationCategory.choices)
    certainty = serializers.ChoiceField(choices=Certainty.choices)
    labor_trafficking = serializers.BooleanField(default=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000)
