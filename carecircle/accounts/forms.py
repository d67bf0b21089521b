from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.roles import AgencyType, CompositionPreset
from carecircle.lib.forms import UswdsFormMixin


class UseNoticeForm(forms.Form):
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CompositionPolicyForm(UswdsFormMixin, forms.Form):
    preset = forms.ChoiceField(
        label=_("Which agencies must take part in every MDT?"),
        choices=CompositionPreset.choices,
        widget=forms.RadioSelect,
    )
    required_agency_types = forms.MultipleChoiceField(
        label=_("Required agencies (for a custom policy)"),
        choices=AgencyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only used when you choose Custom."),
    )
    note = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        help_text=_("For example: the board adopted the new interagency protocol."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("preset") == CompositionPreset.CUSTOM and not data.get("required_agency_types"):
            self.add_error(
                "required_agency_types",
                _("A custom policy needs at least one required agency. Tick the agencies."),
            )
        return data
