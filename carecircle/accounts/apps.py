from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "carecircle.accounts"
    label = "accounts"
    verbose_name = _("Counties, agencies and people")

    def ready(self) -> None:
        from carecircle.accounts import mfa, signals, sso  # noqa: F401
