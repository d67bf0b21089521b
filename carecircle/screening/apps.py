from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "carecircle.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        post_migrate.connect(load_after_migrate, sender=self)


def load_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """Every database that is migrated (the test database too) has the shipped
    instruments, without anyone remembering a command."""
    from django.db import connections

    from carecircle.screening.loader import load_instruments
    from carecircle.screening.models import InstrumentVersion

    # A migration run backwards, or only part way, may leave no table to load into.
    if InstrumentVersion._meta.db_table not in connections[using].introspection.table_names():
        return
    load_instruments(using=using)
