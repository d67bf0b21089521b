from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.lib.forms import UswdsFormMixin
from carecircle.sealing.models import SealingOrder


class SealingOrderForm(UswdsFormMixin, forms.ModelForm):
    confirm = forms.BooleanField(
        label=_(
            "I understand that the record will disappear from every list, search, report "
            "and export, for everyone but the roles that carry out sealing orders."
        ),
    )

    class Meta:
        model = SealingOrder
        fields = ["statute", "ordered_on", "court_case_number", "destroy_on"]
        widgets = {
            "ordered_on": forms.DateInput(attrs={"type": "date"}),
            "destroy_on": forms.DateInput(attrs={"type": "date"}),
            "court_case_number": forms.TextInput(),
        }


class LegalHoldForm(UswdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the record must be kept"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the case or investigation, and who asked for the hold."),
    )


class LiftForm(UswdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the seal is lifted"),
        max_length=500,
        help_text=_("The court's order that sets the sealing order aside."),
    )
