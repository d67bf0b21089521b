from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    """Domain-neutral helpers. An app only so that it can register the field encryption
    checks and the ``rotate_field_keys`` command, give choice fields their quick
    labels (``choices.py``) and fields the ``any_of`` lookup (``lookups.py``); it has no
    models."""

    name = "carecircle.lib"
    label = "lib"
    verbose_name = _("Shared helpers")

    def ready(self) -> None:
        from carecircle.lib import (
            checks,  # noqa: F401 - registers the checks
            lookups,
        )
        from carecircle.lib.choices import quick_labels

        quick_labels()
        lookups.register()
