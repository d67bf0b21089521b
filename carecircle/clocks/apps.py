from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClocksConfig(AppConfig):
    name = "carecircle.clocks"
    label = "clocks"
    verbose_name = _("Clocks and obligations")
