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
from carecircle.clocks import actions as clock_actions
from carecircle.meetings import actions as meeting_actions
from carecircle.records import actions as record_actions
from carecircle.screening import actions as screening_actions
from carecircle.screening.loader import load_instruments
from carecircle.screening.models import InstrumentVersion
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
            _make_providers(county)
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
                _make_case(youth, agencies, staff, rng, number, fake)
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
        profile=_profile(rng, first, serving),
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


LANGUAGES = ["English"] * 6 + ["Spanish", "Spanish", "Tagalog", "Vietnamese", "Hmong"]
SCHOOLS = ["Valley High School", "Lincoln Middle School", "Harbor Community Day School"]
TRIBES = ["Yurok Tribe", "Karuk Tribe", "Round Valley Indian Tribes", "Hoopa Valley Tribe"]


def _profile(rng: random.Random, first: str, serving: list[Agency]) -> dict:
    """Identity, language, race and ethnicity, ICWA and school, as intake records them."""
    gender = rng.choices(
        ["girl", "boy", "trans_girl", "nonbinary", "questioning", ""], [70, 14, 4, 4, 3, 5]
    )[0]
    pronouns = {"girl": "she/her", "trans_girl": "she/her", "boy": "he/him"}.get(
        gender, "they/them" if gender else ""
    )
    races = rng.choices(
        [["black"], ["white"], ["white"], ["asian"], ["american_indian"], ["black", "white"], []],
        [30, 25, 15, 8, 6, 8, 8],
    )[0]
    icwa = "not_asked"
    tribe = ""
    if "american_indian" in races:
        icwa = rng.choice(["reason_to_know", "applies", "reason_to_believe"])
        tribe = rng.choice(TRIBES)
    elif any(a.agency_type == AgencyType.CHILD_WELFARE for a in serving):
        icwa = "no_reason"
    language = rng.choice(LANGUAGES)
    return {
        "gender_identity": gender,
        "pronouns": pronouns if rng.random() < 0.8 else "",
        "preferred_language": language,
        "interpreter_needed": language != "English" and rng.random() < 0.3,
        "races": races,
        "hispanic_latino": rng.choice(["yes", "yes", "no", "no", "no", "declined"]),
        "tribal_affiliation": tribe,
        "icwa_status": icwa,
        "school_name": rng.choice(SCHOOLS),
        "school_grade": str(rng.randint(6, 12)),
        "school_enrollment": rng.choice(["enrolled", "enrolled", "not_attending", "not_enrolled"]),
    }


PLACEMENTS = ["resource_family", "relative", "strtp", "csec_specialised", "home"]


def _make_placements(
    youth: Youth, agency: Agency, author: User, rng: random.Random, fake: Faker
) -> None:
    """One to three moves over the past year; the address is the protected part."""
    today = timezone.localdate()
    moves = sorted(rng.sample(range(20, 360), rng.randint(1, 3)), reverse=True)
    for days_ago in moves:
        setting = rng.choice(PLACEMENTS)
        youth_actions.record_placement(
            actor=author,
            youth=youth,
            agency=agency,
            record_class=classes_for_agency(agency.agency_type)[0],
            setting=setting,
            started_on=today - timedelta(days=days_ago),
            name=f"{fake.last_name()} family" if setting in ("resource_family", "relative") else "",
            address=fake.street_address() + "\n" + fake.city(),
        )


def _make_contacts(youth: Youth, actor: User, rng: random.Random, fake: Faker) -> None:
    youth_actions.add_contact(
        actor=actor,
        youth=youth,
        kind="attorney",
        name=fake.name(),
        organisation="Public Defender, Juvenile Division",
        phone=fake.numerify("(555) ###-####"),
    )
    if rng.random() < 0.6:
        youth_actions.add_contact(
            actor=actor,
            youth=youth,
            kind=rng.choice(["caregiver", "parent"]),
            name=fake.name(),
            phone=fake.numerify("(555) ###-####"),
            notes="Prefers text messages after 5 pm.",
        )
    if rng.random() < 0.3:
        youth_actions.add_contact(
            actor=actor, youth=youth, kind="casa", name=fake.name(), organisation="CASA program"
        )


def _make_duplicate(youth: Youth, agencies: dict[str, Agency], staff: dict[str, User]) -> Youth:
    """A second record of a youth, entered by probation with the name misspelt and the
    day and month of birth swapped: what the coordinator's merge is for."""
    born = youth.date_of_birth
    if born.day <= 12 and born.day != born.month:
        born = born.replace(month=born.day, day=born.month)
    first = youth.first_name
    misspelt = first[:-1] + ("y" if first[-1] != "y" else "i")
    return youth_actions.create_youth(
        actor=staff[Role.PROBATION_OFFICER],
        county=youth.county,
        first_name=misspelt,
        last_name=youth.last_name,
        date_of_birth=born,
        agencies=[agencies[AgencyType.PROBATION]],
        identifiers=[("probation", f"P-{youth.pk.hex[:6].upper()}")],
        source="demo",
    )


def _make_case(
    youth: Youth,
    agencies: dict[str, Agency],
    staff: dict[str, User],
    rng: random.Random,
    number: int,
    fake: Faker,
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
        _close_first_response(youth, staff[AUTHOR_ROLE[lead_type]], number)
    if lead_type in types:
        author = staff[AUTHOR_ROLE[lead_type]]
        _make_placements(youth, agencies[lead_type], author, rng, fake)
        _make_contacts(youth, author, rng, fake)
        if number == 1:
            _make_duplicate(youth, agencies, staff)
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
    if number < len(DEMO_SCREENINGS) and lead_type in types:
        _make_screening(youth, agencies[lead_type], staff[AUTHOR_ROLE[lead_type]], number)
    if number in (0, 1, 2) and lead_type in types:
        _make_meetings(youth, agencies[lead_type], staff, number)
    if number < 6 and lead_type in types:
        _make_plan(youth, agencies[lead_type], staff[AUTHOR_ROLE[lead_type]], number)
    if AgencyType.PROBATION in types and number < 10:
        _make_justice(youth, agencies[AgencyType.PROBATION], staff[Role.PROBATION_OFFICER], number)
    if number in MISSING_STORIES and lead_type in types:
        _make_missing(youth, agencies[lead_type], staff[AUTHOR_ROLE[lead_type]], number)


FIRST_RESPONSE_EVIDENCE = {
    "le_report": "County sheriff, report SO-26-{n:05d}",
    "health_exam": "County clinic; exam completed",
    "mdt_referral": "Crisis MDT held at the Family Justice Center",
}


def _close_first_response(youth: Youth, author: User, number: int) -> None:
    """Most first-response tasks were done on time, with their evidence; one youth in
    four still has them open, so the lists show what overdue looks like."""
    from carecircle.clocks.models import Obligation

    if number % 4 == 3:
        return
    for obligation in Obligation.objects.open().filter(
        youth=youth, kind__in=FIRST_RESPONSE_EVIDENCE
    ):
        done_at = min(obligation.due_at - timedelta(hours=2), timezone.now())
        clock_actions.satisfy_obligation(
            actor=author,
            obligation=obligation,
            summary=FIRST_RESPONSE_EVIDENCE[obligation.kind].format(n=number),
            evidence={"demo": True},
            done_at=max(done_at, obligation.triggered_at),
        )


DEMO_PROVIDERS = [
    ("Harbor House", ["safety", "placement", "mental_health"], "English, Spanish"),
    ("Bright Path Mentoring", ["advocacy", "education", "employment"], "English"),
    ("Valley Community Clinic", ["physical_health", "substance_use"], "English, Spanish, Hmong"),
    ("Legal Aid Youth Project", ["legal", "identity_documents"], "English, Spanish"),
]


def _make_providers(county: County) -> None:
    from carecircle.referrals import actions as referral_actions

    for name, domains, languages in DEMO_PROVIDERS:
        referral_actions.add_provider(
            actor=None,
            county=county,
            name=name,
            domains=domains,
            languages=languages,
            counties_served=county.name,
            capacity_notes="Usually a two-week wait for intake.",
            contact="Referral line, weekdays 9 to 5",
        )


DEMO_NEEDS = [
    ("safety", "A safety plan for school days and weekends", "Feel safe on the way to school."),
    ("education", "Re-enrollment and credit recovery", "Finish tenth grade this year."),
    ("mental_health", "Trauma-focused therapy", "Someone to talk to who gets it."),
]


def _make_plan(youth: Youth, agency: Agency, author: User, number: int) -> None:
    """Needs in the youth's words, and referrals at different steps."""
    from carecircle.referrals import actions as referral_actions
    from carecircle.referrals.models import Provider

    providers = {p.name: p for p in Provider.objects.filter(county=youth.county)}
    record_class = "general"
    for index, (domain, description, goal) in enumerate(DEMO_NEEDS[: 1 + number % 3]):
        need = referral_actions.add_need(
            actor=author,
            youth=youth,
            agency=agency,
            record_class=record_class,
            domain=domain,
            description=description,
            youth_goal=goal,
        )
        provider = providers[
            {"safety": "Harbor House", "education": "Bright Path Mentoring"}.get(
                domain, "Harbor House"
            )
        ]
        referral_actions.propose_referral(
            actor=author,
            youth=youth,
            agency=agency,
            record_class=record_class,
            provider=provider,
            need=need,
            note="Discussed at the MDT." if index == 0 else "",
        )


def _make_justice(youth: Youth, probation: Agency, officer: User, number: int) -> None:
    """A contact as a victim, and a diversion at different steps: most youth diverted."""
    from carecircle.justice import actions as justice_actions

    today = timezone.localdate()
    justice_actions.record_justice_item(
        actor=officer,
        youth=youth,
        agency=probation,
        record_class="probation",
        what="contact",
        contacted_on=today - timedelta(days=60 + number),
        law_enforcement_agency="County sheriff",
        reason="victim",
        details="Found during a hotel check; treated as a victim and referred to child welfare.",
    )
    diversion = justice_actions.record_justice_item(
        actor=officer,
        youth=youth,
        agency=probation,
        record_class="probation",
        what="diversion",
        offered_on=today - timedelta(days=50 + number),
        program="Youth court",
    )
    if number % 3 != 2:
        justice_actions.move_diversion(
            actor=officer, diversion=diversion, status="accepted", on=today - timedelta(days=45)
        )
    if number % 3 == 0:
        justice_actions.move_diversion(
            actor=officer,
            diversion=diversion,
            status="completed",
            on=today - timedelta(days=5),
            outcome="Completed the program; no petition filed.",
        )


def _make_meetings(youth: Youth, lead: Agency, staff: dict[str, User], number: int) -> None:
    """A crisis MDT held last week, finalised with its decisions, the youth's goals and
    action items; and the next review, scheduled."""
    from carecircle.sharing.models import TeamMembership

    coordinator = staff[Role.COORDINATOR]
    now = timezone.now()
    team = list(
        TeamMembership.objects.filter(youth=youth, ended_at__isnull=True).select_related(
            "user", "agency"
        )
    )
    held = meeting_actions.schedule_meeting(
        actor=coordinator,
        youth=youth,
        tier="crisis",
        starts_at=(now - timedelta(days=7 + number)).replace(minute=0, second=0, microsecond=0),
        place="Family Justice Center, room 2",
        agenda="1. Safety and placement\n2. Health exam\n3. Services and referrals",
    )
    meeting_actions.record_attendance(
        actor=coordinator,
        meeting=held,
        entries=[(m.user, m.agency, "present") for m in team],
        youth_participated=number != 1,
        caregiver_participated=number == 0,
    )
    author = staff[AUTHOR_ROLE[lead.agency_type]]
    meeting_actions.add_section(
        actor=author,
        meeting=held,
        agency=lead,
        record_class="general",
        kind="decision",
        heading="Placement",
        body="The team agrees on a specialised CSEC placement with weekly mentor visits.",
    )
    meeting_actions.add_section(
        actor=author,
        meeting=held,
        agency=lead,
        record_class="general",
        kind="youth_voice",
        heading="In my own words",
        body="I want to go back to school and see my little sister on weekends.",
    )
    if team:
        meeting_actions.add_action_item(
            actor=author,
            meeting=held,
            agency=lead,
            record_class="general",
            owner=team[0].user,
            description="Arrange the school re-enrollment meeting",
            due_on=(now + timedelta(days=3 - 5 * (number == 2))).date(),
        )
    meeting_actions.finalise_meeting(
        actor=coordinator,
        meeting=held,
        missing_reason="Not every required agency serves this youth; they were sent the summary.",
    )
    meeting_actions.schedule_meeting(
        actor=coordinator,
        youth=youth,
        tier="ongoing",
        starts_at=(now + timedelta(days=21 + number)).replace(minute=0, second=0, microsecond=0),
        video_link="https://meet.example.org/care-circle-mdt",
    )


# Three youth a county have run from placement: one is missing now, with the NCMEC
# report and the family notice overdue; one is back and waits for the re-screen; one
# episode is closed.
MISSING_STORIES = {5: "missing", 6: "returned", 7: "closed"}


def _make_missing(youth: Youth, agency: Agency, author: User, number: int) -> None:
    now = timezone.now()
    story = MISSING_STORIES[number]
    reported = now - timedelta(hours={"missing": 30, "returned": 80, "closed": 400}[story])
    record_class = classes_for_agency(agency.agency_type)[0]
    episode = clock_actions.record_missing_episode(
        actor=author,
        youth=youth,
        agency=agency,
        record_class=record_class,
        last_seen_at=reported - timedelta(hours=4),
        reported_missing_at=reported,
        reported_by="Placement staff on duty",
        circumstances="Did not come back from school; phone switched off.",
        whereabouts="Friends say she may be at a motel near the freeway.",
    )
    clock_actions.record_episode_report(
        actor=author,
        episode=episode,
        kind="law_enforcement",
        made_at=reported + timedelta(hours=1),
        recipient="Police dispatch",
        reference=f"NCIC M{number:02d}-{youth.pk.hex[:5].upper()}",
    )
    clock_actions.record_episode_report(
        actor=author,
        episode=episode,
        kind="attorney",
        made_at=reported + timedelta(hours=2),
        recipient="Public Defender, Juvenile Division",
    )
    if story == "missing":
        return
    clock_actions.record_episode_report(
        actor=author,
        episode=episode,
        kind="ncmec",
        made_at=reported + timedelta(hours=3),
        recipient="NCMEC call center",
        reference=f"{1_500_000 + number}",
    )
    clock_actions.record_episode_report(
        actor=author,
        episode=episode,
        kind="family",
        made_at=reported + timedelta(hours=5),
        recipient="Mother, by phone",
    )
    returned = reported + timedelta(hours=40)
    clock_actions.record_return(
        actor=author, episode=episode, returned_at=returned, how_found="law_enforcement"
    )
    clock_actions.record_debrief(
        actor=author,
        episode=episode,
        debriefed_at=returned + timedelta(hours=20),
        why_left="An older boyfriend promised a place to stay.",
        while_away="Stayed in motels; was asked to meet men the boyfriend knew.",
    )
    if story == "closed":
        screening_actions.record_screening(
            actor=author,
            youth=youth,
            agency=agency,
            record_class=record_class,
            instrument_version=_latest_version("external-result"),
            context="return_from_missing",
            screened_on=(returned + timedelta(hours=24)).date(),
            tool_name="CSE-IT",
            tool_version="2.0",
            level="clear_concern",
        )
        clock_actions.close_episode(actor=author, episode=episode)


# The first youth of each county get a screening each: three levels of the Care Circle
# screen (the clear concern opens an MDT referral task) and one external result.
DEMO_SCREENINGS = [
    {"context": "intake", "answers": {}},
    {
        "context": "periodic",
        "answers": {"unstable_housing": "strong", "controlled": "strong", "running_away": "once"},
    },
    {
        "context": "return_from_missing",
        "answers": {"running_away": "repeated", "youth_says": "told", "online_contact": "some"},
    },
    {"context": "detention", "tool": ("CSE-IT", "2.0"), "level": "possible_concern"},
]


def _make_screening(youth: Youth, agency: Agency, author: User, number: int) -> None:
    plan = DEMO_SCREENINGS[number]
    screened_on = date.today() - timedelta(days=3 + number)
    common = {
        "actor": author,
        "youth": youth,
        "agency": agency,
        "record_class": "general",
        "context": plan["context"],
        "screened_on": screened_on,
    }
    if "tool" in plan:
        version = _latest_version("external-result")
        screening_actions.record_screening(
            **common,
            instrument_version=version,
            tool_name=plan["tool"][0],
            tool_version=plan["tool"][1],
            level=plan["level"],
            indicator_levels=[("Housing", "possible_concern"), ("Relationships", "no_concern")],
        )
        return
    version = _latest_version("care-circle-exploitation-screen")
    answers = {
        item["key"]: item["options"][0]["key"]
        for item in version.definition["items"]
        if not item.get("optional")
    }
    answers.update(plan["answers"])
    screening_actions.record_screening(**common, instrument_version=version, answers=answers)


def _latest_version(key: str) -> InstrumentVersion:
    version = InstrumentVersion.objects.filter(instrument__key=key).order_by("-number").first()
    if version is None:  # a database migrated before the instruments shipped
        load_instruments()
        version = InstrumentVersion.objects.filter(instrument__key=key).latest("number")
    return version


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
