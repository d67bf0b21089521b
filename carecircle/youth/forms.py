from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency, County
from carecircle.lib.forms import LongSelect, UswdsFormMixin
from carecircle.sharing.forms import SharedItemForm
from carecircle.youth.models import (
    AliasKind,
    Certainty,
    ContactKind,
    ExploitationCategory,
    GenderIdentity,
    HispanicLatino,
    IcwaStatus,
    IdentificationSource,
    IdentifierKind,
    PlacementSetting,
    Race,
    SchoolEnrollment,
    Youth,
)
from carecircle.youth.validators import check_date_of_birth


class YouthForm(UswdsFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    preferred_name = forms.CharField(
        label=_("Preferred name"),
        max_length=100,
        required=False,
        help_text=_("The name the youth asks to be called, if different."),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies serving the youth"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gender_identity = forms.ChoiceField(
        label=_("Gender identity"),
        choices=[("", _("Not recorded")), *GenderIdentity.choices],
        required=False,
        help_text=_("As the youth describes it. Ask; do not assume."),
    )
    gender_description = forms.CharField(
        label=_("Gender in the youth's own words"), max_length=100, required=False
    )
    pronouns = forms.CharField(
        label=_("Pronouns"),
        max_length=50,
        required=False,
        help_text=_("For example: she/her, he/him, they/them."),
    )
    preferred_language = forms.CharField(
        label=_("Preferred language"),
        max_length=50,
        required=False,
        help_text=_("For example: English, Spanish, Tagalog, American Sign Language."),
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    races = forms.MultipleChoiceField(
        label=_("Race"),
        choices=Race.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The state child welfare categories. Choose all that the youth names."),
    )
    hispanic_latino = forms.ChoiceField(
        label=_("Hispanic or Latino"),
        choices=[("", _("Not recorded")), *HispanicLatino.choices],
        required=False,
    )
    tribal_affiliation = forms.CharField(
        label=_("Tribal affiliation"),
        max_length=200,
        required=False,
        help_text=_("The tribe or tribes, as the youth or family names them."),
    )
    icwa_status = forms.ChoiceField(label=_("ICWA status"), choices=IcwaStatus.choices)
    school_name = forms.CharField(label=_("School"), max_length=200, required=False)
    school_grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    school_enrollment = forms.ChoiceField(
        label=_("School enrollment"),
        choices=[("", _("Not recorded")), *SchoolEnrollment.choices],
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, county: County, choices: list[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(
            county=county, active=True, pk__in=[a.pk for a in choices]
        )

    def clean_date_of_birth(self) -> date:
        return check_date_of_birth(self.cleaned_data["date_of_birth"])


class IntakeSearchForm(UswdsFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("If known. A mistyped date still finds the youth."),
    )
    other_name = forms.CharField(
        label=_("Other name or street name"),
        max_length=200,
        required=False,
        help_text=_("Any alias, nickname or street name the youth uses."),
    )
    identifier = forms.CharField(
        label=_("Case number"),
        max_length=100,
        required=False,
        help_text=_("A child welfare client ID, probation, court or other agency number."),
    )
    identifier_kind = forms.ChoiceField(
        label=_("Kind of case number"),
        choices=IdentifierKind.choices,
        required=False,
    )


class IdentificationForm(SharedItemForm):
    # Status is the MDT's shared picture: the general class is offered first.
    identified_on = forms.DateField(
        label=_("Identified on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.ChoiceField(
        label=_("How the concern was raised"), choices=IdentificationSource.choices
    )
    identified_by = forms.CharField(
        label=_("Identified by"),
        max_length=200,
        help_text=_(
            "The person and agency who raised it, for example: Officer Reyes, city police."
        ),
    )
    category = forms.ChoiceField(
        label=_("Exploitation status"),
        choices=ExploitationCategory.choices,
        widget=forms.RadioSelect,
    )
    certainty = forms.ChoiceField(
        label=_("Certainty"), choices=Certainty.choices, widget=forms.RadioSelect
    )
    labor_trafficking = forms.BooleanField(
        label=_("Labor trafficking is also suspected or confirmed"), required=False
    )
    summary = forms.CharField(
        label=_("What was identified"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OtherNameForm(UswdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Other name or street name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of name"), choices=AliasKind.choices)


class IdentifierForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of number"), choices=IdentifierKind.choices)
    value = forms.CharField(label=_("Number"), max_length=100)


class ContactForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Who they are"), choices=ContactKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("For example: the public defender's office, the tribe, the CASA program."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=500,
        required=False,
        help_text=_("For example: best time to call. Keep case details out of this field."),
    )


class PlacementForm(SharedItemForm):
    first_class = None

    setting = forms.ChoiceField(label=_("Kind of placement"), choices=PlacementSetting.choices)
    name = forms.CharField(
        label=_("Placement name"),
        max_length=200,
        required=False,
        help_text=_("The home or program, for example: the Alvarez family, Seaside Counseling."),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Protected: only the coordinator, social workers, probation officers and "
            "supervisors can open it, and every opening is recorded."
        ),
    )
    started_on = forms.DateField(
        label=_("Moved in on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class MergeForm(UswdsFormMixin, forms.Form):
    """The second record, chosen from the candidates search before create offers."""

    duplicate = forms.ModelChoiceField(
        label=_("The other record of this youth"),
        queryset=Youth.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, candidates: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].queryset = Youth.objects.filter(pk__in=[y.pk for y in candidates])
        self.fields["duplicate"].label_from_instance = lambda y: (
            f"{y.full_name}, {y.date_of_birth:%Y-%m-%d}"
        )


class MergeConfirmForm(UswdsFormMixin, forms.Form):
    duplicate = forms.UUIDField(widget=forms.HiddenInput)
    keep_version = forms.IntegerField(widget=forms.HiddenInput)
    duplicate_version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I checked that these two records are the same young person."),
        error_messages={"required": _("Tick the box to confirm they are the same youth.")},
    )


class CaseloadFilterForm(forms.Form):
    """Narrowing the caseload; every choice offered is one the viewer may be told about."""

    status = forms.ChoiceField(
        label=_("Exploitation status"),
        choices=[("", _("Any status")), *ExploitationCategory.choices],
        required=False,
    )
    agency = forms.TypedChoiceField(
        label=_("Agency serving"), coerce=int, required=False, empty_value=None
    )
    worker = forms.TypedChoiceField(
        label=_("Person on the team"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=LongSelect,
    )

    def __init__(self, *args, agencies: list[Agency], workers: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [
            ("", _("Any agency")),
            *sorted(((a.pk, a.name) for a in agencies), key=lambda choice: choice[1]),
        ]
        self.fields["worker"].choices = [("", _("Anyone")), *workers]
        for field in self.fields.values():
            field.widget.attrs["class"] = "usa-select"


class TimelineFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Show"), required=False, widget=forms.CheckboxSelectMultiple
    )
    agency = forms.TypedChoiceField(
        label=_("Recorded by"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, agencies: list[Agency], **kwargs) -> None:
        from carecircle.youth.timeline import KINDS

        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = list(KINDS.items())
        self.fields["agency"].choices = [
            ("", _("Any agency")),
            *((a.pk, a.name) for a in agencies),
        ]
        self.fields["agency"].widget.attrs["class"] = "usa-select"
