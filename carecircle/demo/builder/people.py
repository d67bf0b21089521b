"""The fictional counties, their agencies and one person for every persona."""

from faker import Faker

from carecircle.accounts import actions as account_actions
from carecircle.accounts.models import Agency, County, User
from carecircle.accounts.roles import AgencyType, Role

FICTIONAL_COUNTIES = [
    ("Fernhollow County", "fernhollow"),
    ("Ravenmoor County", "ravenmoor"),
    ("Quillmark County", "quillmark"),
    ("Bramblewood County", "bramblewood"),
    ("Lanternfall County", "lanternfall"),
    ("Copperdell County", "copperdell"),
]


AGENCY_NAMES = {
    AgencyType.CHILD_WELFARE: "Children and Family Services",
    AgencyType.PROBATION: "Probation Department",
    AgencyType.MENTAL_HEALTH: "Behavioral Health Services",
    AgencyType.PUBLIC_HEALTH: "Public Health Department",
    AgencyType.JUVENILE_COURT: "Juvenile Court",
    AgencyType.SUBSTANCE_USE: "Youth Recovery Program",
    AgencyType.COUNTY_EDUCATION: "County Office of Education",
    AgencyType.SHERIFF: "Sheriff's Office",
    AgencyType.LAW_ENFORCEMENT: "City Police Department",
    AgencyType.DISTRICT_ATTORNEY: "District Attorney, Victim-Witness",
    AgencyType.YOUTH_ATTORNEY: "Public Defender, Juvenile Unit",
    AgencyType.VICTIM_ADVOCATE: "Rape Crisis Center",
    AgencyType.SURVIVOR_MENTOR: "Survivor Mentor Network",
    AgencyType.TRIBE: "Tribal Family Services",
    AgencyType.SCHOOL_DISTRICT: "Unified School District",
    AgencyType.COMMUNITY_PROVIDER: "Youth Shelter and Community Services",
    AgencyType.COUNTY_ADMINISTRATION: "County Administrative Office",
}


# Where each persona works.
PERSONA_AGENCY = {
    Role.COORDINATOR: AgencyType.CHILD_WELFARE,
    Role.SOCIAL_WORKER: AgencyType.CHILD_WELFARE,
    Role.PROBATION_OFFICER: AgencyType.PROBATION,
    Role.CLINICIAN: AgencyType.MENTAL_HEALTH,
    Role.COUNSELOR: AgencyType.SUBSTANCE_USE,
    Role.PUBLIC_HEALTH_NURSE: AgencyType.PUBLIC_HEALTH,
    Role.COURT_LIAISON: AgencyType.JUVENILE_COURT,
    Role.VICTIM_ADVOCATE: AgencyType.VICTIM_ADVOCATE,
    Role.SURVIVOR_MENTOR: AgencyType.SURVIVOR_MENTOR,
    Role.SUPERVISOR: AgencyType.CHILD_WELFARE,
    Role.COUNTY_ADMIN: AgencyType.COUNTY_ADMINISTRATION,
    Role.AUDITOR: AgencyType.COUNTY_ADMINISTRATION,
}


STATE_ANALYST_USERNAME = "analyst.state"


# Who writes for each agency in the demo, and what they write (all invented).
AUTHOR_ROLE = {
    AgencyType.CHILD_WELFARE: Role.SOCIAL_WORKER,
    AgencyType.PROBATION: Role.PROBATION_OFFICER,
    AgencyType.MENTAL_HEALTH: Role.CLINICIAN,
    AgencyType.SUBSTANCE_USE: Role.COUNSELOR,
    AgencyType.PUBLIC_HEALTH: Role.PUBLIC_HEALTH_NURSE,
    AgencyType.JUVENILE_COURT: Role.COURT_LIAISON,
    AgencyType.VICTIM_ADVOCATE: Role.VICTIM_ADVOCATE,
    AgencyType.SURVIVOR_MENTOR: Role.SURVIVOR_MENTOR,
}


NOTE_TEXT = {
    "child_welfare": (
        "Home visit",
        "Visited the resource family home. {name} has her own room "
        "and says she feels safe there. Discussed school re-enrollment.",
    ),
    "probation": (
        "Check-in",
        "{name} reported on time. Discussed curfew and the diversion "
        "program; no new contacts with law enforcement.",
    ),
    "mental_health": (
        "Therapy session",
        "Session focused on sleep and grounding skills. {name} "
        "engaged well and asked to continue weekly.",
    ),
    "substance_use": (
        "Treatment progress",
        "{name} attended three of four outpatient groups this month. Urine screens negative.",
    ),
    "health": (
        "Health exam",
        "Completed the initial health exam. Follow-up for dental care "
        "scheduled; immunizations up to date.",
    ),
    "juvenile_court": (
        "Hearing minute order",
        "Review hearing held. Court continued the matter and ordered the MDT to report in 60 days.",
    ),
    "victim_advocate": (
        "Advocacy contact",
        "Met {name} at the drop-in center. She asked for "
        "help replacing her ID and for someone to come to court with her.",
    ),
    "general": ("MDT follow-up", "Shared the next MDT date with {name} and the caregiver."),
}


MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def county_name(index: int) -> tuple[str, str]:
    if index < len(FICTIONAL_COUNTIES):
        return FICTIONAL_COUNTIES[index]
    number = index + 1
    return f"Demo County {number}", f"demo-{number}"


def persona_username(role: str, county_slug: str) -> str:
    return f"{role}.{county_slug}"


def _make_agencies(county: County) -> dict[str, Agency]:
    short = county.name.removesuffix(" County")
    return {
        agency_type: account_actions.create_agency(
            actor=None,
            county=county,
            name=f"{short} {AGENCY_NAMES[agency_type]}",
            agency_type=agency_type,
        )
        for agency_type in AgencyType.values
    }


def _make_staff(
    county: County, agencies: dict[str, Agency], fake: Faker, password_hash: str
) -> int:
    for role in Role.values:
        user = account_actions.create_user(
            actor=None,
            username=persona_username(role, county.slug),
            email=f"{persona_username(role, county.slug)}@example.org",
            password=None,
            password_hash=password_hash,
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            county=county,
        )
        account_actions.add_membership(
            actor=None, user=user, agency=agencies[PERSONA_AGENCY[role]], role=role
        )
    return len(Role.values)


def make_departed_colleague(county: County) -> User:
    """A social worker who has left: the county administrator disabled the account.

    For the administrator's people page to show (and to enable again: the demo
    password works then). Not in ``demo_accounts``, which lists who can sign in.
    """
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    admin = User.objects.get(username=persona_username(Role.COUNTY_ADMIN, county.slug))
    agency = Agency.objects.get(county=county, agency_type=PERSONA_AGENCY[Role.SOCIAL_WORKER])
    person = account_actions.create_user(
        actor=admin,
        username=f"former.{persona_username(Role.SOCIAL_WORKER, county.slug)}",
        password=None,
        password_hash=make_password(settings.CARECIRCLE_DEMO_PASSWORD),
        first_name="Robin",
        last_name="Vale",
        county=county,
    )
    account_actions.add_membership(actor=admin, user=person, agency=agency, role=Role.SOCIAL_WORKER)
    return account_actions.disable_user(actor=admin, user=person)


def demo_accounts() -> list[dict[str, str | None]]:
    """Every demo sign-in, for people and for tooling."""
    rows: list[dict[str, str | None]] = []
    users = (
        User.objects.filter(is_active=True)
        .select_related("county")
        .prefetch_related("memberships__agency")
        .order_by("county__name", "username")
    )
    for user in users:
        if user.county_id is None:
            rows.append(
                {
                    "username": user.username,
                    "persona": user.state_role,
                    "county": None,
                    "agency": None,
                }
            )
            continue
        for membership in user.memberships.all():
            rows.append(
                {
                    "username": user.username,
                    "persona": membership.role,
                    "county": user.county.name,
                    "agency": membership.agency.name,
                }
            )
    return rows


def demo_api_token() -> str:
    """A personal API token of the first county's coordinator, issued as they would
    issue it at /account/tokens/, for trying the API; its text is shown once."""
    from datetime import timedelta

    from django.utils import timezone

    from carecircle.api.actions import issue_token
    from carecircle.api.models import Scope

    coordinator = (
        User.objects.filter(memberships__role=Role.COORDINATOR, memberships__active=True)
        .order_by("county__name", "username")
        .first()
    )
    issued = issue_token(
        actor=coordinator,
        user=coordinator,
        name="Demo: trying the API",
        scopes=[Scope.YOUTH_READ, Scope.YOUTH_WRITE],
        expires_at=timezone.now() + timedelta(days=30),
    )
    return issued.text
