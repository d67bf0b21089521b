from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SealingConfig(AppConfig):
    name = "carecircle.sealing"
    label = "sealing"
    verbose_name = _("Sealing orders and retention")
