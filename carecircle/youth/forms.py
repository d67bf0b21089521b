from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency, County
from carecircle.lib.forms import UswdsFormMixin


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
