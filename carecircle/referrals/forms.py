from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.lib.forms import UswdsFormMixin
from carecircle.referrals.models import NEXT_STATUSES, Domain, Need, Provider, ReferralStatus
from carecircle.sharing.forms import SharedItemForm
from carecircle.sharing.models import Consent


class NeedForm(SharedItemForm):
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    description = forms.CharField(label=_("The need"), widget=forms.Textarea(attrs={"rows": 2}))
    youth_goal = forms.CharField(
        label=_("The youth's goal, in their words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReferralForm(SharedItemForm):
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.none(), empty_label=None
    )
    need = forms.ModelChoiceField(
        label=_("For the need"), queryset=Need.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, providers, needs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers.filter(active=True)
        self.fields["need"].queryset = Need.objects.filter(pk__in=[n.pk for n in needs])
        self.fields["need"].label_from_instance = str


class MoveForm(UswdsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Next step"))
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    shared_information = forms.CharField(
        label=_("What was shared with the provider"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when sending. Share only what the release allows."),
    )
    consent = forms.ModelChoiceField(
        label=_("Release of information it was shared under"),
        queryset=Consent.objects.none(),
        required=False,
        help_text=_("Needed when sending: a consent in force from your agency for this record."),
    )
    barriers = forms.CharField(
        label=_("Barriers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, current: str, consents: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s, ReferralStatus(s).label) for s in NEXT_STATUSES.get(current, ())
        ]
        self.fields["consent"].queryset = Consent.objects.filter(pk__in=[c.pk for c in consents])
        self.fields["consent"].label_from_instance = lambda c: (
            f"{c.get_purpose_display()}, {c.effective_at:%Y-%m-%d} to {c.expires_at:%Y-%m-%d}"
        )


class ProviderForm(UswdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    domains = forms.MultipleChoiceField(
        label=_("Services offered"), choices=Domain.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)
    counties_served = forms.CharField(label=_("Counties served"), max_length=300, required=False)
    capacity_notes = forms.CharField(
        label=_("Capacity"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact = forms.CharField(label=_("How to refer"), max_length=300, required=False)
