"""Where report figures come from. Every report counts rows through one of these, so
a report never reads a record its reader's policy does not allow it to count.

- ``ViewerSource``: what one county viewer may see (dashboards, program reports).
- ``StateSource``: what counties contribute to de-identified statewide counts.

Both group by county, so one set of measures serves a county and the state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet

from carecircle.clocks.models import Obligation
from carecircle.meetings.models import Meeting
from carecircle.sharing import policy
from carecircle.youth.models import Youth

if TYPE_CHECKING:
    from carecircle.accounts.models import User


class ViewerSource:
    """What one county viewer may see, as the sharing policy decides."""

    def __init__(self, viewer: User) -> None:
        self.viewer = viewer
        self.county = viewer.county
        self.time_zone = viewer.county.time_zone
        # The policy's querysets are built once per report: a report asks for the same
        # few many times (a dashboard, once per quarter), and querysets never change.
        self._built: dict = {}

    def _once(self, key, build) -> QuerySet:
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    def youth(self) -> QuerySet:
        return self._once("youth", lambda: policy.reported_youth(self.viewer))

    def items(self, model) -> QuerySet:
        return self._once(model, lambda: policy.reported_items(self.viewer, model.objects.all()))

    def obligations(self) -> QuerySet:
        return self._once(
            "obligations",
            lambda: policy.visible_obligations(
                self.viewer, Obligation.objects.filter(youth__in=self.youth().values("pk"))
            ),
        )

    def meetings(self) -> QuerySet:
        # The county named as well as its youth: the county's meetings are found by index.
        return self._once(
            "meetings",
            lambda: Meeting.objects.filter(county=self.county, youth__in=self.youth().values("pk")),
        )


class StateSource:
    """Counts every opted-in county may contribute to statewide figures."""

    county = None

    def __init__(self) -> None:
        self.time_zone = settings.CARECIRCLE_STATE_TIME_ZONE

    def youth(self) -> QuerySet:
        return policy.countable_youth(Youth.objects.filter(county__opted_in=True))

    def items(self, model) -> QuerySet:
        return policy.countable_items(model.objects.filter(county__opted_in=True))

    def obligations(self) -> QuerySet:
        return self.items(Obligation)

    def meetings(self) -> QuerySet:
        return Meeting.objects.filter(youth__in=self.youth().values("pk"))
