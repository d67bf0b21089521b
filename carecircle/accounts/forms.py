from django import forms
from django.conf import settings
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


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class CountySignInForm(UswdsFormMixin, forms.Form):
    label = forms.CharField(
        label=_("Button label"),
        max_length=100,
        help_text=_("What the sign-in button says, for example “Fernhollow County account”."),
    )
    issuer = forms.URLField(
        label=_("Issuer address"),
        max_length=200,
        assume_scheme="https",
        help_text=_(
            "From your provider, for example "
            "https://login.microsoftonline.com/<tenant ID>/v2.0 for Microsoft Entra ID."
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave blank to keep the secret already stored."),
    )
    asserts_mfa = forms.BooleanField(
        label=_("The provider asks everyone for a second step"),
        required=False,
        help_text=_(
            "Tick only if your provider requires multi-factor sign-in for every account. "
            "People who sign in through it then set up no second step in Care Circle."
        ),
    )
    enabled = forms.BooleanField(label=_("Offer it on the sign-in page"), required=False)

    def __init__(self, *args, has_secret: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret

    def clean_issuer(self) -> str:
        from urllib.parse import urlsplit

        issuer = self.cleaned_data["issuer"]
        parts = urlsplit(issuer)
        # Plain http only to a provider on this machine, outside production (tests).
        local = parts.hostname in LOOPBACK_HOSTS and not settings.PRODUCTION
        if parts.scheme != "https" and not local:
            raise forms.ValidationError(_("The issuer address must start with https://."))
        return issuer

    def clean(self):
        data = super().clean()
        if not self.has_secret and not data.get("client_secret"):
            self.add_error("client_secret", _("Enter the client secret your provider gave you."))
        return data
