from datetime import timedelta

from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.screening import actions
from carecircle.screening.models import InstrumentVersion
from carecircle.test import BaseTestCase

SCREEN = "care-circle-exploitation-screen"
EXTERNAL = "external-result"


def version_of(key: str, number: int | None = None) -> InstrumentVersion:
    versions = InstrumentVersion.objects.filter(instrument__key=key).select_related("instrument")
    if number is None:
        return versions.order_by("-number").first()
    return versions.get(number=number)


def answers(**chosen: str) -> dict[str, str]:
    """Every required question of the shipped screen answered "none", except ``chosen``."""
    definition = version_of(SCREEN, 1).definition
    given = {item["key"]: "none" for item in definition["items"] if not item.get("optional")}
    given.update(chosen)
    return given


class ScreeningTestCase(BaseTestCase):
    def yesterday(self):
        return timezone.localdate() - timedelta(days=1)

    def record(self, **changes):
        arguments = {
            "actor": self.social_worker_a,
            "youth": self.youth_cw_a,
            "agency": self.agencies_a[AgencyType.CHILD_WELFARE],
            "record_class": "general",
            "instrument_version": version_of(SCREEN),
            "context": "intake",
            "screened_on": self.yesterday(),
            "answers": answers(),
        }
        arguments.update(changes)
        return actions.record_screening(**arguments)
