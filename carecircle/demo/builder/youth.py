"""Demo youth: names, profiles, placements, contacts, and a duplicate record to merge."""

import random
from datetime import date, timedelta

from django.utils import timezone
from faker import Faker

from carecircle.accounts.models import Agency, County, User
from carecircle.accounts.roles import AgencyType, Role
from carecircle.sharing.classes import classes_for_agency
from carecircle.youth import actions as youth_actions
from carecircle.youth.models import Youth

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


STREET_NAMES = ["Kitty", "Princess", "Baby Girl", "Coco", "Lady", "Shorty", "Diamond", "Nena"]


LANGUAGES = ["English"] * 6 + ["Spanish", "Spanish", "Tagalog", "Vietnamese", "Hmong"]


SCHOOLS = ["Valley High School", "Lincoln Middle School", "Harbor Community Day School"]


TRIBES = ["Yurok Tribe", "Karuk Tribe", "Round Valley Indian Tribes", "Hoopa Valley Tribe"]


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
