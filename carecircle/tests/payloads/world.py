"""A county A where every free-text field holds known payloads, written through the
apps' own actions (the same code the pages, the API and the imports call).

``build_payload_world`` spreads the payloads of ``xss.txt`` and ``formulas.txt`` over
the fields so that every field holds several and every payload lands in at least one
field; it returns what went where (``PayloadWorld.placed``: slot name → payloads) so a
test can look for each payload on the pages that show that slot. Fields that exports
write begin with a formula payload, so that a cell begins with one."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.tests.payloads.placing import PayloadWorld, Placer

DATE_OF_BIRTH = date(2010, 3, 14)


def build_payload_world(world: dict) -> PayloadWorld:
    """Stores the payloads in county A (and in a county of their own, for county names)
    through the actions. Needs the personas of ``carecircle.test.build_world``."""
    from carecircle.accounts import actions as account_actions
    from carecircle.api.actions import issue_token
    from carecircle.clocks import actions as clock_actions
    from carecircle.clocks.models import Obligation
    from carecircle.clocks.testing import run_queued_tasks
    from carecircle.imports.actions import request_commit, start_import
    from carecircle.justice.actions import move_diversion, record_justice_item
    from carecircle.lib.dates import county_today
    from carecircle.meetings import actions as meeting_actions
    from carecircle.records.actions import create_note, record_court_order, upload_document
    from carecircle.referrals import actions as referral_actions
    from carecircle.screening.actions import record_screening
    from carecircle.screening.models import InstrumentVersion
    from carecircle.sharing import actions as sharing_actions
    from carecircle.sharing.actions import SignerInput
    from carecircle.test import PASSWORD
    from carecircle.youth import access as youth_access
    from carecircle.youth import actions as youth_actions

    put = Placer()
    county = world["county_a"]
    agencies = world["agencies_a"]
    probation = agencies[AgencyType.PROBATION]
    coordinator = world["coordinator_a"]
    officer = world["probation_officer_a"]
    now = timezone.now()
    today = county_today(county.time_zone)
    objects: dict[str, Any] = {}

    # An agency and a person whose names are payloads: the probation officer works for
    # the agency too, so its name is in every audit entry the officer writes.
    payload_agency = account_actions.create_agency(
        actor=None,
        county=county,
        name=put.text("agency.name", room=200, lead_formula=True),
        agency_type=AgencyType.PROBATION,
    )
    account_actions.add_membership(
        actor=None, user=officer, agency=payload_agency, role="probation_officer"
    )
    worker = account_actions.create_user(
        actor=None,
        username="payload-worker",
        password=PASSWORD,
        first_name=put.text("user.first_name", room=150, lead_formula=True),
        last_name=put.text("user.last_name", room=150, count=2),
        email="payload-worker@example.org",
        county=county,
    )
    account_actions.add_membership(actor=None, user=worker, agency=probation, role="social_worker")
    objects["agency"], objects["worker"] = payload_agency, worker

    # The youth: names lead with formulas, as the caseload exports write them first.
    def names(slot: str) -> dict[str, str]:
        return {
            "first_name": put.text(f"{slot}.first_name", room=100, lead_formula=True),
            "last_name": put.text(f"{slot}.last_name", room=100, lead_formula=True),
            "preferred_name": put.text(f"{slot}.preferred_name", room=100, lead_formula=True),
        }

    youth = youth_actions.create_youth(
        actor=coordinator,
        county=county,
        date_of_birth=DATE_OF_BIRTH,
        agencies=[probation, payload_agency],
        other_names=[(put.text("youth.other_name", room=200), "alias")],
        identifiers=[("probation", put.text("youth.identifier", room=100, count=2))],
        profile={
            "gender_identity": "another",
            "gender_description": put.text("youth.gender_description", room=100),
            "pronouns": put.text("youth.pronouns", room=50, count=2),
            "preferred_language": put.text("youth.preferred_language", room=50, count=2),
            "tribal_affiliation": put.text("youth.tribal_affiliation", room=200),
            "school_name": put.text("youth.school_name", room=200),
            "school_grade": put.text("youth.school_grade", room=20, count=2),
            "school_enrollment": "enrolled",
        },
        **names("youth"),
    )
    others = [
        youth_actions.create_youth(
            actor=coordinator,
            county=county,
            date_of_birth=DATE_OF_BIRTH + timedelta(days=30 * n),
            agencies=[probation],
            **names(f"other_{n}"),
        )
        for n in range(1, 5)
    ]
    for kind in ("street_name", "previous_name"):
        youth_actions.add_other_name(
            actor=officer, youth=youth, name=put.text("youth.other_name", room=200), kind=kind
        )
    youth_actions.add_identifier(
        actor=officer,
        youth=youth,
        kind="court_case",
        value="JV-7 " + put.text("youth.identifier", room=95, count=2),
    )
    for kind in ("parent", "attorney"):
        youth_actions.add_contact(
            actor=officer,
            youth=youth,
            kind=kind,
            name=put.text("contact.name", room=200),
            organisation=put.text("contact.organisation", room=200),
            phone=put.text("contact.phone", room=40, count=2),
            notes=put.text("contact.notes", room=500, count=5),
        )
    for member in (officer, worker):
        sharing_actions.add_team_member(
            actor=coordinator, youth=youth, user=member, agency=probation
        )

    # Items the officer writes for probation, in the class the whole MDT sees.
    item = {"actor": officer, "agency": probation, "record_class": "general"}
    shared = {**item, "youth": youth}
    objects["placement"] = youth_actions.record_placement(
        **shared,
        setting="csec_specialised",
        started_on=today - timedelta(days=20),
        name=put.text("placement.name", room=200),
        address=put.text("placement.address", count=6, sep="\n"),
    )
    objects["identification"] = youth_actions.record_identification(
        actor=officer,
        youth=youth,
        agency=payload_agency,
        record_class="general",
        identified_on=today - timedelta(days=10),
        source="other",
        identified_by=put.text("identification.identified_by", room=200),
        category="during_care",
        certainty="confirmed",
        summary=put.text("identification.summary", count=8, sep="\n"),
    )
    notes = [
        create_note(
            **shared,
            subject=put.text(f"note_{n}.subject", room=200),
            body=put.text(f"note_{n}.body", count=10, sep="\n\n"),
        )
        for n in range(2)
    ]
    probation_note = create_note(
        actor=officer,
        youth=youth,
        agency=probation,
        record_class="probation",
        subject=put.text("probation_note.subject", room=200),
        body=put.text("probation_note.body", count=4, sep="\n"),
    )
    record_court_order(
        actor=coordinator,
        item=probation_note,
        reference=put.text("court_order.reference", room=200),
    )
    objects["notes"], objects["probation_note"] = notes, probation_note
    objects["document"] = upload_document(
        **shared,
        title=put.text("document.title", room=200),
        upload=SimpleUploadedFile("minute-order.pdf", b"%PDF-1.4\n% payload test\n"),
    )

    external = InstrumentVersion.objects.filter(instrument__key="external-result").latest("number")
    rows = external.definition.get("indicator_rows", 0)
    objects["external_screening"] = record_screening(
        **shared,
        instrument_version=external,
        context="intake",
        screened_on=today - timedelta(days=9),
        tool_name=put.text("screening.tool_name", room=200),
        tool_version=put.text("screening.tool_version", room=50, count=2),
        level="possible_concern",
        indicator_levels=[
            (put.text("screening.indicator", room=200, count=2), "no_concern")
            for _ in range(min(rows, 3))
        ],
        screener=put.text("external_screening.screener", room=200),
    )
    scored = InstrumentVersion.objects.filter(
        instrument__key="care-circle-exploitation-screen"
    ).latest("number")
    answers = {
        item["key"]: item["options"][0]["key"]
        for item in scored.definition["items"]
        if not item.get("optional")
    }
    objects["scored_screening"] = record_screening(
        **shared,
        instrument_version=scored,
        context="periodic",
        screened_on=today - timedelta(days=8),
        answers=answers,
        screener=put.text("scored_screening.screener", room=200),
    )

    last_seen = now - timedelta(hours=50)
    # Recorded for the payload agency: its open tasks put the agency's name in a row of
    # the dashboard's tasks by agency.
    episode = clock_actions.record_missing_episode(
        **{**shared, "agency": payload_agency},
        last_seen_at=last_seen,
        reported_missing_at=last_seen + timedelta(hours=1),
        reported_by=put.text("episode.reported_by", room=200),
        circumstances=put.text("episode.circumstances", count=5, sep="\n"),
        whereabouts=put.text("episode.whereabouts", count=5, sep="\n"),
    )
    for hours, kind in ((2, "law_enforcement"), (3, "attorney")):
        clock_actions.record_episode_report(
            actor=officer,
            episode=episode,
            kind=kind,
            made_at=last_seen + timedelta(hours=hours),
            recipient=put.text("episode_report.recipient", room=200),
            reference=put.text("episode_report.reference", room=100, count=2),
            notes=put.text("episode_report.notes", room=500, count=4, shown=False),
        )
    clock_actions.record_return(
        actor=officer,
        episode=episode,
        returned_at=last_seen + timedelta(hours=20),
        how_found="other",
        notes=put.text("episode.return_notes", count=4, sep="\n"),
    )
    clock_actions.record_debrief(
        actor=officer,
        episode=episode,
        debriefed_at=last_seen + timedelta(hours=30),
        why_left=put.text("episode.why_left", count=4, sep="\n"),
        while_away=put.text("episode.while_away", count=4, sep="\n"),
    )
    objects["episode"] = episode
    # A task closed with evidence written by hand: the evidence is free text too.
    task = (
        Obligation.objects.open()
        .filter(youth=youth, trigger_kind="identification")
        .order_by("kind")
        .first()
    )
    assert task is not None, "the identification opens first-response tasks"
    objects["task"] = clock_actions.satisfy_obligation(
        actor=coordinator,
        obligation=task,
        summary=put.text("task.evidence", count=5, sep="\n"),
        evidence={"payload_test": True},
    )

    meeting = meeting_actions.schedule_meeting(
        actor=coordinator,
        youth=youth,
        tier="ongoing",
        starts_at=now - timedelta(hours=2),
        place=put.text("meeting.place", room=200),
        agenda=put.text("meeting.agenda", count=8, sep="\n"),
    )
    for kind in ("minutes", "decision", "youth_voice"):
        meeting_actions.add_section(
            **item,
            meeting=meeting,
            kind=kind,
            heading=put.text("section.heading", room=200),
            body=put.text("section.body", count=5, sep="\n\n"),
        )
    items = [
        meeting_actions.add_action_item(
            **item,
            meeting=meeting,
            owner=worker,
            description=put.text("action_item.description", room=300),
            due_on=today + timedelta(days=n + 1),
        )
        for n in range(2)
    ]
    meeting_actions.complete_action_item(
        actor=coordinator, item=items[0], outcome=put.text("action_item.outcome", count=4)
    )
    held = meeting_actions.schedule_meeting(
        actor=coordinator,
        youth=youth,
        tier="crisis",
        starts_at=now - timedelta(days=1),
        place=put.text("held_meeting.place", room=200),
    )
    meeting_actions.record_attendance(
        actor=coordinator,
        meeting=held,
        entries=[(officer, probation, "present"), (worker, probation, "present")],
        youth_participated=True,
        caregiver_participated=False,
    )
    meeting_actions.finalise_meeting(
        actor=coordinator,
        meeting=held,
        missing_reason=put.text("meeting.missing_reason", count=4, sep="\n"),
    )
    objects["meeting"], objects["held_meeting"] = meeting, held

    provider = referral_actions.add_provider(
        actor=coordinator,
        county=county,
        name=put.text("provider.name", room=200),
        domains=["safety", "education"],
        languages=put.text("provider.languages", room=200),
        counties_served=put.text("provider.counties_served", room=300),
        capacity_notes=put.text("provider.capacity_notes", count=4, sep="\n"),
        contact=put.text("provider.contact", room=300),
    )
    needs = [
        referral_actions.add_need(
            **shared,
            domain=domain,
            description=put.text("need.description", count=4, sep="\n"),
            youth_goal=put.text("need.youth_goal", count=3, sep="\n"),
        )
        for domain in ("safety", "education")
    ]
    referral = referral_actions.propose_referral(
        **shared, provider=provider, need=needs[0], note=put.text("referral.note", room=500)
    )
    consent = sharing_actions.record_consent(
        actor=officer,
        youth=youth,
        purpose="care_coordination",
        classes=["general"],
        signers=[
            SignerInput("youth", put.text("consent.signer", room=200), today),
            SignerInput("parent_guardian", put.text("consent.signer", room=200), today),
        ],
        effective_at=now - timedelta(days=1),
        expires_at=now + timedelta(days=90),
        signed_form=SimpleUploadedFile("roi.pdf", b"%PDF-1.4 signed"),
        recipient_agencies=[agencies[AgencyType.CHILD_WELFARE], agencies[AgencyType.MENTAL_HEALTH]],
        disclosing_agency=probation,
        information_description=put.text("consent.information", count=4, sep="\n"),
        told_of_right_to_revoke=True,
    )
    steps = [
        ("sent", {"shared_information": put.text("referral.shared", count=4, sep="\n")}),
        ("accepted", {"note": put.text("referral.note", room=500)}),
        ("in_progress", {"barriers": put.text("referral.barriers", count=4, sep="\n")}),
        ("completed", {"outcome": put.text("referral.outcome", count=4, sep="\n")}),
    ]
    for status, values in steps:
        referral_actions.move_referral(
            actor=officer,
            referral=referral,
            status=status,
            on=today,
            consent=consent if status == "sent" else None,
            **values,
        )
    revoked = sharing_actions.record_consent(
        actor=officer,
        youth=youth,
        purpose="mdt",
        classes=["general"],
        signers=[SignerInput("attorney", put.text("revoked_consent.signer", room=200), today)],
        effective_at=now - timedelta(days=2),
        expires_at=now + timedelta(days=30),
        signed_form=SimpleUploadedFile("roi-2.pdf", b"%PDF-1.4 signed"),
        recipient_agencies=[agencies[AgencyType.CHILD_WELFARE]],
        disclosing_agency=probation,
        information_description=put.text("revoked_consent.information", count=3, sep="\n"),
        told_of_right_to_revoke=True,
    )
    sharing_actions.revoke_consent(
        actor=officer, consent=revoked, note=put.text("consent.revocation_note", room=300)
    )
    objects.update(provider=provider, referral=referral, consent=consent, revoked=revoked)

    justice = {**shared, "record_class": "probation"}
    record_justice_item(
        **justice,
        what="contact",
        contacted_on=today - timedelta(days=30),
        law_enforcement_agency=put.text("justice.law_enforcement_agency", room=200),
        reason="victim",
        details=put.text("justice.details", count=4, sep="\n"),
    )
    record_justice_item(
        **justice,
        what="petition",
        filed_on=today - timedelta(days=25),
        kind="300",
        status="filed",
        notes=put.text("justice.petition_notes", count=3, sep="\n"),
    )
    record_justice_item(
        **justice,
        what="detention",
        started_on=today - timedelta(days=24),
        ended_on=today - timedelta(days=22),
        facility=put.text("justice.facility", room=200),
    )
    diversion = record_justice_item(
        **justice,
        what="diversion",
        offered_on=today - timedelta(days=21),
        program=put.text("justice.program", room=200),
    )
    move_diversion(
        actor=officer, diversion=diversion, status="accepted", on=today - timedelta(days=20)
    )
    move_diversion(
        actor=officer,
        diversion=diversion,
        status="completed",
        on=today - timedelta(days=2),
        outcome=put.text("justice.diversion_outcome", count=3, sep="\n"),
    )
    record_justice_item(
        **justice,
        what="hearing",
        held_on=today - timedelta(days=23),
        kind="review",
        outcome=put.text("justice.hearing_outcome", count=3, sep="\n"),
    )

    window = sharing_actions.record_sharing_window(
        actor=coordinator, youth=youth, reported_at=now - timedelta(days=3)
    )
    sharing_actions.extend_sharing_window(
        actor=coordinator,
        window=window,
        ends_at=window.ends_at + timedelta(days=14),
        good_cause=put.text("window.good_cause", count=4, sep="\n"),
    )
    grant = sharing_actions.break_glass(
        actor=coordinator,
        youth=youth,
        reason="Emergency at the placement tonight. " + put.text("break_glass.reason", count=4),
    )
    objects["grant"] = grant

    # County set-up, alerts, tokens and an import: their free text is shown to the
    # county administrator, the coordinator and the uploader.
    account_actions.set_composition_policy(
        actor=world["county_admin_a"],
        county=county,
        preset="custom",
        required_agency_types=["child_welfare", "probation", "mental_health"],
        note=put.text("composition.note", room=500, count=4),
    )
    account_actions.send_alert(
        actor=None,
        user=coordinator,
        message=put.text("alert.message", room=300, count=3),
        link=reverse("clocks:due"),
    )
    issue_token(
        actor=coordinator,
        user=coordinator,
        name=put.text("token.name", room=100, count=2),
        scopes=["youth:read"],
        expires_at=now + timedelta(days=30),
    )
    # A youth file imported by the coordinator: the names reach the caseload through
    # the import's own batch action.
    upload = io.StringIO()
    writer = csv.writer(upload)
    writer.writerow(["external_id", "first_name", "last_name", "date_of_birth"])
    for n in range(2):
        writer.writerow(
            [
                f"PAYLOAD-{n}",
                put.text(f"imported_{n}.first_name", room=100),
                put.text(f"imported_{n}.last_name", room=100),
                f"2011-05-0{n + 1}",
            ]
        )
    job = start_import(
        actor=coordinator,
        agency=agencies[AgencyType.CHILD_WELFARE],
        filename=put.text("import.filename", room=190, count=2) + ".csv",
        content=upload.getvalue().encode(),
    )
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == "checked", job.report
    request_commit(actor=coordinator, job=job, include_duplicates=True)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == "done", job.report
    objects["import"] = job

    # A county whose name is payloads, opted in to the statewide figures, with a
    # coordinator who can export its program report.
    other_county = account_actions.create_county(
        actor=None,
        name=put.text("county.name", room=100, count=2, lead_formula=True),
        slug="payload-county",
        program_year=today.year,
    )
    other_agency = account_actions.create_agency(
        actor=None,
        county=other_county,
        name="Payload County Children and Family Services",
        agency_type=AgencyType.CHILD_WELFARE,
    )
    other_coordinator = account_actions.create_user(
        actor=None,
        username="payload-coordinator",
        password=PASSWORD,
        first_name="Robin",
        last_name="Ames",
        county=other_county,
    )
    account_actions.add_membership(
        actor=None, user=other_coordinator, agency=other_agency, role="coordinator"
    )
    objects.update(county=other_county, county_coordinator=other_coordinator)

    # Reads by the officer, whose agencies include the payload agency: the access
    # report and the accounting of disclosures name the reader's agencies.
    youth_access.get_youth_for_viewer(officer, youth.pk)

    assert not put.waiting, f"payloads placed nowhere: {[p.number for p in put.waiting]}"
    # Its people have an authenticator app set up, as the demo's do.
    from carecircle.demo.builder.mfa import enrol_demo_authenticators

    enrol_demo_authenticators()
    return PayloadWorld(
        youth=youth, others=others, placed=dict(put.placed), hidden=put.hidden, objects=objects
    )
