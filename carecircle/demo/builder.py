"""Synthetic counties, agencies, staff and youth for demonstrations and benchmarks.

Everything here is invented. County names are fictional; people come from Faker with
a fixed seed, so the same command builds the same data on every machine. All records
are made through the apps' actions, so the demo also exercises the audit trail.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from faker import Faker

from carecircle.accounts import actions as account_actions
from carecircle.accounts.models import Agency, County, Membership, User
from carecircle.accounts.roles import AgencyType, Role, StateRole
from carecircle.records import actions as record_actions
from carecircle.sharing import actions as sharing_actions
from carecircle.sharing.classes import classes_for_agency
from carecircle.youth import actions as youth_actions
from carecircle.youth.models import Youth

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

# How often each kind of agency serves a youth in the demo (child welfare or
# probation always leads; the others join as the youth's needs bring them in).
SERVICE_RATES = {
    AgencyType.MENTAL_HEALTH: 0.6,
    AgencyType.PUBLIC_HEALTH: 0.5,
    AgencyType.JUVENILE_COURT: 0.5,
    AgencyType.SUBSTANCE_USE: 0.3,
    AgencyType.VICTIM_ADVOCATE: 0.5,
    AgencyType.SURVIVOR_MENTOR: 0.35,
    AgencyType.SCHOOL_DISTRICT: 0.3,
}

STATE_ANALYST_USERNAME = "analyst.state"
STREET_NAMES = ["Kitty", "Princess", "Baby Girl", "Coco", "Lady", "Shorty", "Diamond", "Nena"]

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


@dataclass
class DemoSummary:
    counties: int = 0
    agencies: int = 0
    users: int = 0
    youth: int = 0


def build_demo(
    *,
    counties: int = 2,
    youth_per_county: int = 40,
    seed: int = 2026,
    password: str | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoSummary:
    rng = random.Random(seed)
    fake = Faker(["en_US", "es_MX"])
    fake.seed_instance(seed)
    password_hash = make_password(password or settings.CARECIRCLE_DEMO_PASSWORD)
    summary = DemoSummary()
    today = date.today()

    with transaction.atomic():
        for index in range(counties):
            name, slug = county_name(index)
            county = account_actions.create_county(
                actor=None, name=name, slug=slug, program_year=today.year
            )
            summary.counties += 1
            agencies = _make_agencies(county)
            summary.agencies += len(agencies)
            summary.users += _make_staff(county, agencies, fake, password_hash)
            short = name.removesuffix(" County")
            progress(f"{name}: agencies and staff ready; adding {youth_per_county} youth")
            staff = {
                m.role: m.user
                for m in Membership.objects.filter(agency__county=county).select_related("user")
            }
            for number in range(youth_per_county):
                youth = _make_youth(county, agencies, fake, rng, today, short)
                _make_case(youth, agencies, staff, rng, number)
                summary.youth += 1
                if youth_per_county >= 1000 and (number + 1) % 1000 == 0:
                    progress(f"{name}: {number + 1} of {youth_per_county} youth")
        if not User.objects.filter(username=STATE_ANALYST_USERNAME).exists():
            account_actions.create_user(
                actor=None,
                username=STATE_ANALYST_USERNAME,
                password=None,
                password_hash=password_hash,
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                state_role=StateRole.STATE_ANALYST,
            )
            summary.users += 1
    return summary


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


def _make_youth(
    county: County,
    agencies: dict[str, Agency],
    fake: Faker,
    rng: random.Random,
    today: date,
    short: str,
) -> Youth:
    age_days = rng.randint(11 * 365, 19 * 365)
    born = today - timedelta(days=age_days)
    serving = []
    lead = rng.random()
    if lead < 0.65:
        serving.append(agencies[AgencyType.CHILD_WELFARE])
    elif lead < 0.85:
        serving.append(agencies[AgencyType.PROBATION])
    else:
        serving += [agencies[AgencyType.CHILD_WELFARE], agencies[AgencyType.PROBATION]]
    for agency_type, rate in SERVICE_RATES.items():
        if rng.random() < rate:
            serving.append(agencies[agency_type])
    first = fake.first_name_female() if rng.random() < 0.8 else fake.first_name_male()
    preferred = ""
    if rng.random() < 0.2:
        preferred = first[:3] if len(first) > 4 else fake.first_name_nonbinary()
    other_names = []
    if rng.random() < 0.25:
        other_names.append((rng.choice(STREET_NAMES), "street_name"))
    identifiers = []
    if any(a.agency_type == AgencyType.CHILD_WELFARE for a in serving):
        identifiers.append(("cws_client", f"{rng.randint(1000, 9999)}-{rng.randint(100, 999)}"))
    if any(a.agency_type == AgencyType.PROBATION for a in serving):
        identifiers.append(("probation", f"P{short[:2].upper()}{rng.randint(10000, 99999)}"))
    return youth_actions.create_youth(
        actor=None,
        other_names=other_names,
        identifiers=identifiers,
        county=county,
        first_name=first,
        last_name=fake.last_name(),
        preferred_name=preferred,
        date_of_birth=born,
        agencies=serving,
        source="demo",
    )


def _make_case(
    youth: Youth,
    agencies: dict[str, Agency],
    staff: dict[str, User],
    rng: random.Random,
    number: int,
) -> None:
    """The team, notes and releases around one youth, as a county would have them."""
    coordinator = staff[Role.COORDINATOR]
    name = youth.preferred_name or youth.first_name
    serving = list(youth.agencies.all())
    for agency in serving:
        role = AUTHOR_ROLE.get(agency.agency_type)
        if role is None:
            continue
        author = staff[role]
        sharing_actions.add_team_member(actor=coordinator, youth=youth, user=author, agency=agency)
        record_class = classes_for_agency(agency.agency_type)[0]
        subject, body = NOTE_TEXT.get(record_class, NOTE_TEXT["general"])
        record_actions.create_note(
            actor=author,
            youth=youth,
            agency=agency,
            record_class=record_class,
            subject=subject,
            body=body.format(name=name),
        )
    types = {a.agency_type for a in serving}
    now = timezone.now()
    lead_type = (
        AgencyType.CHILD_WELFARE if AgencyType.CHILD_WELFARE in types else AgencyType.PROBATION
    )
    if lead_type in types:
        youth_actions.record_identification(
            actor=staff[AUTHOR_ROLE[lead_type]],
            youth=youth,
            agency=agencies[lead_type],
            record_class="general",
            identified_on=(now - timedelta(days=rng.randint(5, 300))).date(),
            source=rng.choice(["hotline", "law_enforcement", "detention", "school", "screening"]),
            identified_by=rng.choice(["Hotline screener", "Officer on patrol", "School counselor"]),
            category=rng.choice(["before_care", "during_care", "while_missing", "at_risk"]),
            certainty=rng.choice(["confirmed", "suspected"]),
            labor_trafficking=rng.random() < 0.1,
        )
    if AgencyType.CHILD_WELFARE in types:
        sharing_actions.record_sharing_window(
            actor=staff[Role.SOCIAL_WORKER],
            youth=youth,
            reported_at=now - timedelta(days=rng.randint(1, 45)),
        )
    if AgencyType.SUBSTANCE_USE in types and rng.random() < 0.6:
        recipient = (
            AgencyType.PROBATION if AgencyType.PROBATION in types else AgencyType.CHILD_WELFARE
        )
        sharing_actions.record_consent(
            actor=staff[Role.COUNSELOR],
            youth=youth,
            purpose="mdt",
            classes=["substance_use"],
            signers=[
                sharing_actions.SignerInput(
                    "youth", youth.full_name, (now - timedelta(days=3)).date()
                ),
                sharing_actions.SignerInput(
                    "parent_guardian", "Demo Guardian", (now - timedelta(days=3)).date()
                ),
            ],
            effective_at=now - timedelta(days=3),
            expires_at=now + timedelta(days=180),
            signed_form=SimpleUploadedFile("part2-consent.pdf", MINIMAL_PDF),
            recipient_agencies=[agencies[recipient]],
            disclosing_agency=agencies[AgencyType.SUBSTANCE_USE],
            information_description="Attendance, progress and toxicology results.",
            told_of_right_to_revoke=True,
        )
    if AgencyType.JUVENILE_COURT in types and rng.random() < 0.5:
        record_actions.upload_document(
            actor=staff[Role.COURT_LIAISON],
            youth=youth,
            agency=agencies[AgencyType.JUVENILE_COURT],
            record_class="juvenile_court",
            title="Minute order",
            upload=SimpleUploadedFile("minute-order.pdf", MINIMAL_PDF),
        )
    if number == 0:
        sharing_actions.break_glass(
            actor=staff[Role.CLINICIAN] if AgencyType.MENTAL_HEALTH in types else coordinator,
            youth=youth,
            reason="Youth texted her mentor from an unknown motel; checking for overdose risk.",
        )


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
