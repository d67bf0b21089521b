import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal: acts as you")
    SYSTEM = "system", _("System: an agency system's account")


class Scope(models.TextChoices):
    """What a token may do, on top of what its owner may do: a token never opens more
    than the sharing policy gives its owner, and usually less."""

    YOUTH_READ = (
        "youth:read",
        _(
            "Read youth records: profile, identifications, screenings, missing episodes, "
            "meetings, referrals, consents, tasks"
        ),
    )
    YOUTH_WRITE = "youth:write", _("Add and change youth records and identifications")


class ApiToken(models.Model):
    """A key for the API, shown once when made and kept only as a hash.

    The text given out is ``cc_<prefix>_<secret>``: the prefix finds the row, the
    secret's SHA-256 must match. Secrets are 256 random bits, so a fast hash is enough.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=TokenKind.choices)
    name = models.CharField(_("what it is for"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("may"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} (cc_{self.prefix}_…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and now < self.expires_at
