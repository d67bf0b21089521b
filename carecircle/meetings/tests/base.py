from datetime import timedelta

from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.meetings import actions
from carecircle.test import BaseTestCase, build_sharing_world


class MeetingTestCase(BaseTestCase):
    """The ward's MDT (probation, substance use, advocate, court, mental health, public
    health) and a meeting held an hour ago."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_sharing_world({k: getattr(cls, k) for k in dir(cls) if k.endswith("_a")})
        cls.meeting = actions.schedule_meeting(
            actor=cls.coordinator_a,
            youth=cls.youth_prob_a,
            tier="ongoing",
            starts_at=timezone.now() - timedelta(hours=1),
            place="Family Justice Center, room 2",
        )

    def team(self):
        from carecircle.sharing.models import TeamMembership

        return list(
            TeamMembership.objects.filter(
                youth=self.youth_prob_a, ended_at__isnull=True
            ).select_related("user", "agency")
        )

    def attend(self, absent_types=()):
        return actions.record_attendance(
            actor=self.coordinator_a,
            meeting=self.meeting,
            entries=[
                (m.user, m.agency, "absent" if m.agency.agency_type in absent_types else "present")
                for m in self.team()
            ],
            youth_participated=True,
            caregiver_participated=False,
        )

    def agency(self, agency_type: str):
        return self.agencies_a[agency_type]


SUBSTANCE_USE = AgencyType.SUBSTANCE_USE
