from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.roles import AgencyType, CompositionPreset, Role, StateRole
from carecircle.lib.fields import EncryptedTextField


class County(models.Model):
    """The tenant. Every record about a youth belongs to exactly one county."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    opted_in = models.BooleanField(_("opted into the CSEC Program"), default=True)
    program_year = models.PositiveIntegerField(_("program year"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Los_Angeles")
    composition_policy = models.ForeignKey(
        "CompositionPolicy",
        verbose_name=_("MDT composition policy"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class CompositionPolicy(models.Model):
    """One version of the set of agencies that must take part in a county's MDTs.

    Versions are never changed: choosing or editing a policy adds a new version and
    points the county at it, so what was required on any past date stays known.
    """

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="policy_versions")
    version = models.PositiveIntegerField(_("version"))
    preset = models.CharField(_("based on"), max_length=32, choices=CompositionPreset.choices)
    required_agency_types = models.JSONField(_("required agency types"))
    note = models.CharField(_("reason for the change"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("adopted at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["county", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["county", "version"], name="one_policy_per_version")
        ]
        verbose_name = _("composition policy")
        verbose_name_plural = _("composition policies")

    def __str__(self) -> str:
        return f"{self.county} v{self.version}"

    def required_agency_labels(self) -> list[str]:
        return [str(AgencyType(value).label) for value in self.required_agency_types]


class Agency(models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(_("name"), max_length=200)
    agency_type = models.CharField(_("type"), max_length=32, choices=AgencyType.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="agency_name_unique_in_county")
        ]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. County staff belong to one county; state staff to none."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    state_role = models.CharField(
        _("state role"), max_length=32, choices=StateRole.choices, blank=True, default=""
    )

    class Meta(AbstractUser.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(county__isnull=False) & models.Q(state_role=""))
                | (models.Q(county__isnull=True) & ~models.Q(state_role="")),
                name="user_belongs_to_a_county_or_the_state",
            )
        ]

    @property
    def display_name(self) -> str:
        return self.name_from(self.first_name, self.last_name, self.username)

    @staticmethod
    def name_from(first_name: str, last_name: str, username: str) -> str:
        """How a person is named on a page: their full name, else their username (also
        for lists of hundreds, built from those three columns alone)."""
        return f"{first_name} {last_name}".strip() or username


class Membership(models.Model):
    """A role a user holds in one agency of their county."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="one_membership_per_role"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.agency}"


class Alert(models.Model):
    """A message for one person in the app: an emergency access to review, later clocks."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="alerts")
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    message = models.CharField(_("message"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="alert_user_unread")]

    def __str__(self) -> str:
        return self.message


class UserSession(AbstractBaseSession):
    """A session in the database, with the person signed in to it (if anyone is).

    Django's own session table cannot say whose a session is without decoding every
    row. This one keeps the person beside the data, written on every save
    (``accounts/session_store.py``), so a new key at sign-in or at a password change
    stays theirs. Disabling a person, or their sign-in somewhere else, deletes the rows.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from carecircle.accounts.session_store import SessionStore

        return SessionStore


class SessionEnd(models.TextChoices):
    SIGNED_IN_ELSEWHERE = "signed_in_elsewhere", _("Signed in somewhere else")
    ADMINISTRATOR = "administrator", _("Signed out by the county administrator")


class EndedSession(models.Model):
    """Why a session was ended from elsewhere, so its browser can be told once.

    Only a digest of the dead key is kept. The row goes once it has been shown, or
    when the session could no longer have lasted anyway.
    """

    key_digest = models.CharField(max_length=64, primary_key=True)
    reason = models.CharField(max_length=32, choices=SessionEnd.choices)
    ended_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.reason} at {self.ended_at:%Y-%m-%d %H:%M}"


class SignInProtocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class CountySignIn(models.Model):
    """A county's own identity provider (OpenID Connect, e.g. Microsoft Entra ID, or
    SAML 2.0, e.g. Active Directory Federation Services), configured by its county
    administrator. It signs in only existing accounts of the county, matched by e-mail
    address; nobody signs themselves up through it."""

    county = models.OneToOneField(County, on_delete=models.CASCADE, related_name="sign_in")
    protocol = models.CharField(
        _("protocol"), max_length=4, choices=SignInProtocol.choices, default=SignInProtocol.OIDC
    )
    label = models.CharField(
        _("button label"),
        max_length=100,
        help_text=_("What the sign-in button says, for example “Fernhollow County account”."),
    )
    # OpenID Connect: the issuer's address. SAML: the identity provider's entity ID,
    # which is the Issuer of its responses (often an address, sometimes a URN).
    issuer = models.CharField(_("issuer"), max_length=200)
    client_id = models.CharField(_("client ID"), max_length=200, blank=True)
    client_secret = EncryptedTextField(_("client secret"), blank=True)
    sso_url = models.URLField(_("SAML sign-in address"), max_length=300, blank=True)
    certificate = models.TextField(
        _("SAML signing certificate"),
        blank=True,
        help_text=_("The identity provider's X.509 certificate, in PEM form."),
    )
    asserts_mfa = models.BooleanField(
        _("the provider asks everyone for a second step"),
        default=False,
        help_text=_(
            "Tick only if the provider requires multi-factor sign-in for every account (for "
            "example a Conditional Access policy). People who sign in through it then need "
            "no second step in Care Circle."
        ),
    )
    enabled = models.BooleanField(_("offer it on the sign-in page"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("county sign-in provider")

    def __str__(self) -> str:
        return self.label

    @property
    def provider_id(self) -> str:
        return f"county-{self.county.slug}"
