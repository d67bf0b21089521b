"""Shared test set-up: the personas of DOMAIN.md in two counties, and a few youth.

County A is Fernhollow, county B is Ravenmoor; each has one agency of every type and
one person per persona, built by the same code as the demo.
"""

import time
from datetime import date

from django.test import Client, TestCase

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


class SignedInClient(Client):
    """``force_login`` as a real sign-in leaves the session: with the record of the
    password and the second step just given, which sensitive actions look for."""

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        record_sign_in(self, user)


def record_sign_in(client: Client, user: User, *, at: float | None = None) -> None:
    moment = time.time() if at is None else at
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": moment, "username": user.username},
        {"method": "mfa", "at": moment, "id": None, "type": "totp"},
    ]
    session.save()


class BaseTestCase(TestCase):
    client_class = SignedInClient
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


def build_sharing_world(world: dict) -> dict:
    """County A's ward (``youth_prob_a``) with an MDT and a note of every kind.

    Team: probation officer, counselor, victim advocate, court liaison, clinician and
    public health nurse. No consents, no sharing window, no court orders: each test
    adds what it is about.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    from carecircle.records.actions import create_note, upload_document
    from carecircle.sharing.actions import add_team_member

    youth = world["youth_prob_a"]
    agencies = world["agencies_a"]
    coordinator = world["coordinator_a"]
    team = {
        "probation_officer": AgencyType.PROBATION,
        "counselor": AgencyType.SUBSTANCE_USE,
        "victim_advocate": AgencyType.VICTIM_ADVOCATE,
        "court_liaison": AgencyType.JUVENILE_COURT,
        "clinician": AgencyType.MENTAL_HEALTH,
        "public_health_nurse": AgencyType.PUBLIC_HEALTH,
    }
    for role, agency_type in team.items():
        add_team_member(
            actor=coordinator, youth=youth, user=world[f"{role}_a"], agency=agencies[agency_type]
        )
    authors = {
        "substance_use": ("counselor", AgencyType.SUBSTANCE_USE),
        "victim_advocate": ("victim_advocate", AgencyType.VICTIM_ADVOCATE),
        "probation": ("probation_officer", AgencyType.PROBATION),
        "juvenile_court": ("court_liaison", AgencyType.JUVENILE_COURT),
        "mental_health": ("clinician", AgencyType.MENTAL_HEALTH),
        "health": ("public_health_nurse", AgencyType.PUBLIC_HEALTH),
        "child_welfare": ("coordinator", AgencyType.CHILD_WELFARE),
        "cft": ("coordinator", AgencyType.CHILD_WELFARE),
        "general": ("probation_officer", AgencyType.PROBATION),
    }
    notes = {}
    for record_class, (role, agency_type) in authors.items():
        notes[record_class] = create_note(
            actor=world[f"{role}_a"],
            youth=youth,
            agency=agencies[agency_type],
            record_class=record_class,
            subject=f"A {record_class.replace('_', ' ')} note",
            body=f"What the {role.replace('_', ' ')} recorded.",
        )
    notes["mental_health_youth_controlled"] = create_note(
        actor=world["clinician_a"],
        youth=youth,
        agency=agencies[AgencyType.MENTAL_HEALTH],
        record_class="mental_health",
        subject="Therapy the youth sought on their own",
        body="Sessions the youth consented to.",
        youth_controlled=True,
    )
    court_document = upload_document(
        actor=world["court_liaison_a"],
        youth=youth,
        agency=agencies[AgencyType.JUVENILE_COURT],
        record_class="juvenile_court",
        title="Detention hearing minute order",
        upload=SimpleUploadedFile("minute-order.pdf", b"%PDF-1.4\n% test minute order\n"),
    )
    return {**world, "notes": notes, "court_document": court_document}
