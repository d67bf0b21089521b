"""Shared test set-up: the personas of DOMAIN.md in two counties, and a few youth.

County A is Fernhollow, county B is Ravenmoor; each has one agency of every type and
one person per persona, built by the same code as the demo.
"""

from datetime import date

from django.test import TestCase

from carecircle.accounts.models import Agency, County, User
from carecircle.accounts.roles import AgencyType, Role
from carecircle.demo.builder import STATE_ANALYST_USERNAME, build_demo, persona_username
from carecircle.youth.actions import create_youth
from carecircle.youth.models import Youth

PASSWORD = "a-long-test-password-for-personas"
COUNTY_SLUGS = {"a": "fernhollow", "b": "ravenmoor"}


def build_world() -> dict:
    """Two counties with every persona, and youth served by different agencies."""
    build_demo(counties=2, youth_per_county=0, seed=7, password=PASSWORD)
    world: dict = {}
    for key, slug in COUNTY_SLUGS.items():
        county = County.objects.get(slug=slug)
        world[f"county_{key}"] = county
        agencies = {a.agency_type: a for a in Agency.objects.filter(county=county)}
        world[f"agencies_{key}"] = agencies
        for role in Role.values:
            world[f"{role}_{key}"] = User.objects.get(username=persona_username(role, slug))
        # A dependent served by child welfare and mental health.
        world[f"youth_cw_{key}"] = create_youth(
            actor=None,
            county=county,
            first_name="Marisol" if key == "a" else "Brianna",
            last_name="Delgado" if key == "a" else "Okafor",
            preferred_name="Mari" if key == "a" else "",
            date_of_birth=date(2010, 3, 14),
            agencies=[agencies[AgencyType.CHILD_WELFARE], agencies[AgencyType.MENTAL_HEALTH]],
        )
        # A ward served by probation, substance use treatment and the victim advocate.
        world[f"youth_prob_{key}"] = create_youth(
            actor=None,
            county=county,
            first_name="Jaylen" if key == "a" else "Tatum",
            last_name="Whitfield" if key == "a" else "Reyes",
            date_of_birth=date(2009, 11, 2),
            agencies=[
                agencies[AgencyType.PROBATION],
                agencies[AgencyType.SUBSTANCE_USE],
                agencies[AgencyType.VICTIM_ADVOCATE],
            ],
        )
    world["state_analyst"] = User.objects.get(username=STATE_ANALYST_USERNAME)
    return world


class BaseTestCase(TestCase):
    county_a: County
    county_b: County
    youth_cw_a: Youth
    youth_prob_a: Youth
    youth_cw_b: Youth
    youth_prob_b: Youth
    state_analyst: User

    @classmethod
    def setUpTestData(cls) -> None:
        for name, value in build_world().items():
            setattr(cls, name, value)

    def persona(self, role: str, county: str = "a") -> User:
        return getattr(self, f"{role}_{county}")

    def login(self, role: str, county: str = "a") -> User:
        user = self.persona(role, county)
        self.client.force_login(user)
        return user
