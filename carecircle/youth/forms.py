from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency, County
from carecircle.lib.forms import UswdsFormMixin
from carecircle.sharing.items import class_choices
from carecircle.youth.models import (
    Certainty,
    ExploitationCategory,
    IdentificationSource,
    IdentifierKind,
)


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
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, county: County, choices: list[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(
            county=county, active=True, pk__in=[a.pk for a in choices]
        )

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        if born > date.today():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if born.year < 1990:
            raise forms.ValidationError(_("Check the year: that date is too long ago."))
        return born


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


class IdentificationForm(UswdsFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Recorded for"), queryset=Agency.objects.none(), empty_label=None
    )
    record_class = forms.ChoiceField(
        label=_("Kind of record"), help_text=_("This decides who on the team may see it.")
    )
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

    def __init__(self, *args, agencies: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        # Status is the MDT's shared picture: offer the general class first when allowed.
        self.fields["record_class"].choices = class_choices(agencies, first="general")
