"""What happens to the first youth of each county: first response, screenings,
missing episodes, meetings, service plans and diversion — all through the actions."""

from datetime import date, timedelta

from django.utils import timezone

from carecircle.accounts.models import Agency, County, User
from carecircle.accounts.roles import Role
from carecircle.clocks import actions as clock_actions
from carecircle.demo.builder.people import AUTHOR_ROLE
from carecircle.meetings import actions as meeting_actions
from carecircle.screening import actions as screening_actions
from carecircle.screening.loader import load_instruments
from carecircle.screening.models import InstrumentVersion
from carecircle.sharing.classes import classes_for_agency
from carecircle.youth.models import Youth

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
