"""Fixtures of the browser tests: the worlds they run in, and the audit rows cleared
before each flush."""

import pytest

from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.audit.testing import tampering
from carecircle.test import build_world


@pytest.fixture(autouse=True)
def audit_cleared_before_flush(transactional_db):
    """The database refuses to delete audit entries, and the flush after a transactional
    test deletes every row; clear them the way only the database owner could. Every
    test needs it: loading the screening instruments after each flush is audited too."""
    yield
    with tampering():
        AuditEventYouth.objects.all().delete()
        AuditEvent.objects.all().delete()


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def sharing_world(world):
    from datetime import date, timedelta

    from django.utils import timezone

    from carecircle.accounts.roles import AgencyType
    from carecircle.clocks.actions import record_missing_episode
    from carecircle.clocks.models import Obligation
    from carecircle.justice.actions import record_justice_item
    from carecircle.meetings.actions import add_section, schedule_meeting
    from carecircle.referrals.actions import add_need, add_provider, propose_referral
    from carecircle.screening.actions import record_screening
    from carecircle.screening.models import InstrumentVersion
    from carecircle.test import build_sharing_world
    from carecircle.youth.actions import add_contact, create_youth, record_placement

    w = build_sharing_world(world)
    probation = w["agencies_a"][AgencyType.PROBATION]
    officer = w["probation_officer_a"]
    ward = w["youth_prob_a"]
    w["placement"] = record_placement(
        actor=officer,
        youth=ward,
        agency=probation,
        record_class="general",
        setting="csec_specialised",
        started_on=date(2026, 2, 1),
        address="40 Quarry Road",
    )
    add_contact(actor=officer, youth=ward, kind="attorney", name="Dana Ruiz", phone="555-0102")
    w["duplicate"] = create_youth(
        actor=None,
        county=w["county_a"],
        first_name="Marysol",
        last_name="Delgado",
        date_of_birth=date(2010, 3, 14),
        agencies=[probation],
    )
    screen = InstrumentVersion.objects.filter(
        instrument__key="care-circle-exploitation-screen"
    ).latest("number")
    answers = {item["key"]: item["options"][0]["key"] for item in screen.definition["items"]}
    w["screening"] = record_screening(
        actor=officer,
        youth=ward,
        agency=probation,
        record_class="general",
        instrument_version=screen,
        context="intake",
        screened_on=date(2026, 2, 2),
        answers={**answers, "youth_says": "hints"},
    )
    w["episode"] = record_missing_episode(
        actor=officer,
        youth=ward,
        agency=probation,
        record_class="general",
        last_seen_at=timezone.now() - timedelta(hours=3),
        reported_by="STRTP staff on duty",
        whereabouts="Near the bus station",
    )
    w["obligation"] = Obligation.objects.filter(episode=w["episode"]).first()
    provider = add_provider(
        actor=w["coordinator_a"],
        county=w["county_a"],
        name="Seaside Counseling",
        domains=["safety"],
    )
    need = add_need(
        actor=officer,
        youth=ward,
        agency=probation,
        record_class="general",
        domain="safety",
        description="A safety plan for school days",
        youth_goal="Feel safe walking to school.",
    )
    record_justice_item(
        actor=officer,
        youth=ward,
        agency=probation,
        record_class="probation",
        what="diversion",
        offered_on=date(2026, 2, 3),
        program="Youth court",
    )
    w["meeting"] = schedule_meeting(
        actor=w["coordinator_a"],
        youth=ward,
        tier="ongoing",
        starts_at=timezone.now() - timedelta(hours=1),
        place="Family Justice Center, room 2",
        agenda="1. Check-in\n2. Safety plan",
    )
    add_section(
        actor=w["counselor_a"],
        meeting=w["meeting"],
        agency=w["agencies_a"][AgencyType.SUBSTANCE_USE],
        record_class="substance_use",
        kind="minutes",
        heading="Treatment update",
        body="Attending three times a week.",
    )
    w["referral"] = propose_referral(
        actor=officer,
        youth=ward,
        agency=probation,
        record_class="general",
        provider=provider,
        need=need,
    )
    return w
