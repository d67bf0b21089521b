from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency, SignInProtocol
from carecircle.accounts.roles import AgencyType, CompositionPreset, Role
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


def _https_or_loopback(address: str, message: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    # Plain http only to a provider on this machine, outside production (tests).
    local = parts.hostname in LOOPBACK_HOSTS and not settings.PRODUCTION
    if parts.scheme != "https" and not local:
        raise forms.ValidationError(message)
    return address


def pem_certificate(text: str) -> str:
    """A certificate pasted as PEM, or as the bare Base64 of a provider's metadata, as
    PEM; ValidationError if it is not an X.509 certificate."""
    import base64
    import binascii

    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    body = "".join(
        line.strip() for line in text.strip().splitlines() if not line.startswith("-----")
    )
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(body, validate=True))
    except (ValueError, binascii.Error):
        raise forms.ValidationError(
            _(
                "This is not a certificate. Paste the provider's signing certificate in "
                "Base64 (PEM) form, from -----BEGIN CERTIFICATE----- to "
                "-----END CERTIFICATE-----."
            )
        ) from None
    return certificate.public_bytes(Encoding.PEM).decode()


class CountySignInForm(UswdsFormMixin, forms.Form):
    protocol = forms.ChoiceField(
        label=_("How your provider signs people in"),
        choices=SignInProtocol.choices,
        widget=forms.RadioSelect,
    )
    label = forms.CharField(
        label=_("Button label"),
        max_length=100,
        help_text=_("What the sign-in button says, for example “Fernhollow County account”."),
    )
    issuer = forms.CharField(
        label=_("Issuer (OpenID Connect) or entity ID (SAML)"),
        max_length=200,
        help_text=_(
            "From your provider. Microsoft Entra ID: "
            "https://login.microsoftonline.com/<tenant ID>/v2.0 for OpenID Connect, "
            "https://sts.windows.net/<tenant ID>/ for SAML."
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200, required=False)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave blank to keep the secret already stored."),
    )
    sso_url = forms.URLField(
        label=_("Sign-in address"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("Where your provider receives sign-in requests (HTTP-Redirect binding)."),
    )
    certificate = forms.CharField(
        label=_("Signing certificate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("Leave blank to keep the certificate already stored."),
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

    def __init__(
        self, *args, has_secret: bool = False, has_certificate: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret
        self.has_certificate = has_certificate

    def clean_certificate(self) -> str:
        text = self.cleaned_data["certificate"]
        return pem_certificate(text) if text.strip() else ""

    def clean(self):
        data = super().clean()
        protocol, issuer = data.get("protocol"), data.get("issuer", "")
        if protocol == SignInProtocol.OIDC:
            if issuer:
                try:
                    URLValidator(schemes=["http", "https"])(issuer)
                    _https_or_loopback(issuer, _("The issuer address must start with https://."))
                except forms.ValidationError as error:
                    self.add_error("issuer", error)
            if not data.get("client_id"):
                self.add_error("client_id", _("Enter the client ID your provider gave you."))
            if not self.has_secret and not data.get("client_secret"):
                self.add_error(
                    "client_secret", _("Enter the client secret your provider gave you.")
                )
        elif protocol == SignInProtocol.SAML:
            if issuer and any(c.isspace() for c in issuer):
                self.add_error(
                    "issuer", _("An entity ID has no spaces. Copy it from your provider.")
                )
            sso_url = data.get("sso_url")
            if not sso_url:
                self.add_error("sso_url", _("Enter your provider's sign-in address."))
            else:
                try:
                    _https_or_loopback(sso_url, _("The sign-in address must start with https://."))
                except forms.ValidationError as error:
                    self.add_error("sso_url", error)
            if (
                not self.has_certificate
                and not data.get("certificate")
                and "certificate" not in self.errors
            ):
                self.add_error("certificate", _("Paste your provider's signing certificate."))
        return data


class RoleForm(UswdsFormMixin, forms.Form):
    """A role in one agency of the county."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])

    def __init__(self, *args, county, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(county=county, active=True)


class NewPersonForm(RoleForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[A-Za-z0-9._-]+$",
        error_messages={"invalid": _("Use letters, digits, dots, dashes and underscores only.")},
        help_text=_("What they type to sign in, for example dana.ortiz."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_(
            "For alerts, and how single sign-on finds them: the address the county's own "
            "provider knows."
        ),
    )
    password = forms.CharField(
        label=_("First password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 15 characters; give it to them in person or by phone, never by e-mail. "
            "Leave blank if they will sign in only with the county's own account."
        ),
    )
    field_order = ["first_name", "last_name", "username", "email", "password", "agency", "role"]


class NewPasswordForm(UswdsFormMixin, forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 15 characters. Tell it to them in person or by phone, never by e-mail; "
            "they can change it once signed in."
        ),
    )
