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
from carecircle.demo.builder.mfa import enrol_demo_authenticators
from carecircle.demo.builder.people import (
    AUTHOR_ROLE,
    MINIMAL_PDF,
    NOTE_TEXT,
    STATE_ANALYST_USERNAME,
    _make_agencies,
    _make_staff,
    county_name,
)
from carecircle.demo.builder.saml import signing_pair
from carecircle.demo.builder.stories import (
    DEMO_SCREENINGS,
    MISSING_STORIES,
    _close_first_response,
    _make_justice,
    _make_meetings,
    _make_missing,
    _make_plan,
    _make_providers,
    _make_screening,
)
from carecircle.demo.builder.youth import (
    _make_contacts,
    _make_duplicate,
    _make_placements,
    _make_youth,
)
from carecircle.records import actions as record_actions
from carecircle.sealing import actions as sealing_actions
from carecircle.sharing import actions as sharing_actions
from carecircle.sharing.classes import classes_for_agency
from carecircle.youth import actions as youth_actions
from carecircle.youth.models import Youth


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
            if youth_per_county >= 10:
                _seal_records(county, agencies, staff, today)
            if index == 0 and youth_per_county:
                # An example of single sign-on set up but not offered: the county
                # administrator's page shows it; a real provider's details replace it.
                account_actions.save_county_sign_in(
                    actor=staff[Role.COUNTY_ADMIN],
                    county=county,
                    label=f"{name} account",
                    issuer="https://login.microsoftonline.com/00000000-demo-tenant/v2.0",
                    client_id="care-circle-demo",
                    client_secret="demo-client-secret",  # noqa: S106 - fictional
                    asserts_mfa=True,
                    enabled=False,
                )
            if index == 1 and youth_per_county:
                # The same through SAML 2.0 (as with Active Directory Federation Services).
                account_actions.save_county_sign_in(
                    actor=staff[Role.COUNTY_ADMIN],
                    county=county,
                    protocol="saml",
                    label=f"{name} account",
                    issuer=f"http://adfs.{county.slug}.example/adfs/services/trust",
                    sso_url=f"https://adfs.{county.slug}.example/adfs/ls/",
                    certificate=signing_pair(f"ADFS Signing - adfs.{county.slug}.example")[1],
                    asserts_mfa=False,
                    enabled=False,
                )
            if youth_per_county:
                _queue_program_report(staff[Role.COORDINATOR], today)
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
        enrol_demo_authenticators()
    return summary


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


def _seal_records(
    county: County, agencies: dict[str, Agency], staff: dict[str, User], today: date
) -> None:
    """Two records a court has sealed, in the court liaison's register: one to be
    destroyed in five years, one past its date that a legal hold keeps."""
    court = agencies[AgencyType.JUVENILE_COURT]
    liaison = staff[Role.COURT_LIAISON]
    wards = list(
        Youth.objects.filter(county=county, agencies=court, merged_into__isnull=True).order_by(
            "-created_at"
        )[:2]
    )
    if len(wards) < 2:
        return
    sealing_actions.seal_youth(
        actor=liaison,
        youth=wards[0],
        statute="wic_786",
        ordered_on=today - timedelta(days=20),
        destroy_on=today + timedelta(days=5 * 365),
        court_case_number="JV-2023-0418",
    )
    sealing_actions.seal_youth(
        actor=liaison,
        youth=wards[1],
        statute="wic_781",
        ordered_on=today - timedelta(days=400),
        destroy_on=today - timedelta(days=30),
        court_case_number="JV-2019-0077",
    )
    sealing_actions.place_legal_hold(
        actor=liaison,
        youth=wards[1],
        reason="County counsel: records kept for a pending civil claim.",
    )


def _queue_program_report(coordinator: User, today: date) -> None:
    """The coordinator's program report for the last whole quarter, as a spreadsheet:
    queued here, built by the background worker that ``make run`` starts."""
    from carecircle.reports.actions import request_export
    from carecircle.reports.periods import complete_quarters

    request_export(actor=coordinator, period=complete_quarters(today, 1)[0], file_format="xlsx")
