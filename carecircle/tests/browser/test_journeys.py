"""The work of the MDT from end to end, in a real Chromium against a live server."""

import re

import pytest
from playwright.sync_api import Page, expect

from carecircle.tests.browser.helpers import assert_accessible, sign_in, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_walks_a_part_2_release_from_consent_to_note(page: Page, live_server, sharing_world):
    """The counselor records a Part 2 consent naming probation; the probation officer
    then sees the note with the federal notice; revocation hides it again."""
    from django.urls import reverse

    w = sharing_world
    ward = w["youth_prob_a"]
    note = w["notes"]["substance_use"]
    note_url = f"{live_server.url}/youth/{ward.pk}/notes/{note.pk}/"

    sign_in(page, live_server.url, w["probation_officer_a"].username)
    assert page.goto(note_url).status == 404

    page.context.clear_cookies()
    sign_in(page, live_server.url, w["counselor_a"].username)
    page.goto(f"{live_server.url}{reverse('sharing:consent_new', kwargs={'youth_id': ward.pk})}")
    page.get_by_label("Purpose").select_option("mdt")
    tick(page.get_by_label("Substance use treatment (42 CFR Part 2)"))
    tick(
        page.get_by_role("group", name="Agencies that may receive them").get_by_label(
            "Fernhollow Probation Department"
        )
    )
    page.get_by_label("How much and what kind of information").fill("Attendance only.")
    tick(page.get_by_label(re.compile("told they may revoke")))
    page.get_by_label("Effective from").fill("2026-01-01T09:00")
    page.locator("#id_expires_at").fill("2030-01-01T09:00")
    page.get_by_label("The signed form").set_input_files(
        files=[{"name": "roi.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 form"}]
    )
    page.locator("#id_signer_1_type").select_option("youth")
    page.get_by_label("First signer's name").fill("Jaylen Whitfield")
    page.get_by_label("First signer signed on").fill("2026-01-01")
    page.locator("#id_signer_2_type").select_option("parent_guardian")
    page.get_by_label("Second signer's name").fill("Dana Whitfield")
    page.get_by_label("Second signer signed on").fill("2026-01-01")
    page.get_by_role("button", name="Record the consent").click()
    expect(page.get_by_role("heading", name=re.compile("In force"))).to_be_visible()
    assert_accessible(page)
    consent_url = page.url

    page.context.clear_cookies()
    sign_in(page, live_server.url, w["probation_officer_a"].username)
    assert page.goto(note_url).status == 200
    expect(page.get_by_text("42 CFR part 2 prohibits unauthorized use")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, live_server.url, w["counselor_a"].username)
    page.goto(consent_url)
    page.get_by_label("How was the revocation received?").fill("Youth revoked in session.")
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("heading", name=re.compile("Revoked"))).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server.url, w["probation_officer_a"].username)
    assert page.goto(note_url).status == 404


def test_it_walks_intake_from_search_to_screening(page: Page, live_server, world):
    """A social worker takes a hotline referral for "Jazmin Rodrigues": search before
    create finds the county's "Jasmine Rodriguez" with the reasons, and the worker goes
    on to her record, screens her, and the clear concern opens the MDT referral."""
    from datetime import date

    from carecircle.accounts.roles import AgencyType
    from carecircle.youth.actions import create_youth

    create_youth(
        actor=None,
        county=world["county_a"],
        first_name="Jasmine",
        last_name="Rodriguez",
        date_of_birth=date(2009, 4, 13),
        agencies=[world["agencies_a"][AgencyType.CHILD_WELFARE]],
    )
    sign_in(page, live_server.url, world["social_worker_a"].username)
    page.get_by_role("link", name="Intake").click()
    page.get_by_label("First name").fill("Jazmin")
    page.get_by_label("Last name").fill("Rodrigues")
    page.get_by_label("Date of birth").fill("2009-03-14")
    page.get_by_role("button", name="Search").click()
    candidates = page.get_by_role("table")
    expect(candidates).to_contain_text("Rodriguez, Jasmine")
    expect(candidates).to_contain_text("spelled like it")
    expect(candidates).to_contain_text("Date of birth one typing slip away")
    assert_accessible(page)

    page.get_by_role("link", name="Rodriguez, Jasmine").click()
    expect(page.get_by_role("heading", name=re.compile("Jasmine Rodriguez"))).to_be_visible()
    page.get_by_role("link", name="Record a screening").click()
    tick(page.get_by_label("Care Circle Exploitation Screen"))
    tick(page.get_by_label("Intake", exact=True))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text(re.compile("version 1"))).to_be_visible()
    assert_accessible(page)
    for question in page.locator("fieldset").filter(has=page.locator("input[name^='item_']")).all():
        first = question.locator("input[type=radio]").first
        question.page.locator(f"label[for='{first.get_attribute('id')}']").click()
    page.locator("label[for='id_item_youth_says_2']").click()
    page.get_by_role("button", name="Record the screening").click()
    expect(page.get_by_role("heading", name=re.compile("Screening of"))).to_be_visible()
    expect(page.get_by_text("Clear concern").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Jasmine Rodriguez").first.click()
    expect(page.get_by_text("Refer to the MDT")).to_be_visible()


def test_it_walks_a_missing_episode_from_report_to_return_and_rescreen(
    page: Page, live_server, world
):
    """A social worker records that a youth ran from her placement, makes the 24-hour
    report, records the return and the debrief, re-screens her, and closes the episode."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    zone = ZoneInfo(world["county_a"].time_zone)

    def county_time(hours_ago: float) -> str:
        moment = timezone.now() - timedelta(hours=hours_ago)
        return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")

    youth = world["youth_cw_a"]
    sign_in(page, live_server.url, world["social_worker_a"].username)
    page.goto(f"{live_server.url}/youth/{youth.pk}/")
    page.get_by_role("link", name="Record that the youth is missing").click()
    page.get_by_label("Last seen").fill(county_time(5))
    page.get_by_label("Who reported the youth missing").fill("Resource parent Ana Vega")
    page.get_by_label("Known or suspected whereabouts").fill("A motel on Route 9")
    page.get_by_role("button", name="Record and start the clocks").click()
    expect(page.get_by_role("heading", name=re.compile("Missing since"))).to_be_visible()
    deadlines = page.get_by_role("table")
    expect(deadlines).to_contain_text("Report to NCMEC")
    expect(deadlines).to_contain_text("Report to law enforcement for NCIC entry")
    assert_accessible(page)

    page.locator("#id_report-kind").select_option("law_enforcement")
    page.get_by_label("Made at").fill(county_time(4))
    page.get_by_label("Made to").fill("Fernhollow Police")
    page.get_by_label("Report or case number").fill("NCIC M-26-10442")
    page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_text("NCIC M-26-10442").first).to_be_visible()

    page.get_by_label("Returned").fill(county_time(1))
    page.get_by_label("How the youth was found").select_option("law_enforcement")
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_text("Returned; debrief and re-screen due")).to_be_visible()

    page.get_by_role("button", name="Close the episode").click()
    expect(page.get_by_text("cannot be closed yet")).to_be_visible()

    page.get_by_label("Debriefed at").fill(county_time(0.5))
    page.get_by_label("Why the youth left").fill("Wanted to see her boyfriend.")
    page.get_by_label("What happened while away").fill("Stayed at a motel; an older man paid.")
    page.get_by_role("button", name="Record the debrief").click()
    expect(page.get_by_role("link", name="Record the re-screen")).to_be_visible()
    episode_url = page.url

    page.get_by_role("link", name="Record the re-screen").click()
    tick(page.get_by_label("Result of an external screening tool"))
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Name of the screening tool").fill("CSE-IT")
    tick(page.get_by_role("group", name="Overall level").get_by_label("Clear concern"))
    page.get_by_role("button", name="Record the screening").click()
    expect(page.get_by_role("heading", name=re.compile("Screening of"))).to_be_visible()

    page.goto(episode_url)
    expect(page.get_by_role("link", name="Open the re-screen")).to_be_visible()
    page.get_by_role("button", name="Close the episode").click()
    expect(page.get_by_text("Closed", exact=True)).to_be_visible()
    assert_accessible(page)


def test_the_coordinator_holds_an_mdt_meeting_and_downloads_the_summary(
    page: Page, live_server, sharing_world
):
    """Schedule, take attendance, record a decision and an action item, download the PDF."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    w = sharing_world
    ward = w["youth_prob_a"]
    zone = ZoneInfo(w["county_a"].time_zone)
    sign_in(page, live_server.url, w["coordinator_a"].username)
    page.goto(f"{live_server.url}/youth/{ward.pk}/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Tier").select_option("crisis")
    # Held half an hour ago: the coordinator records it just after.
    started = (timezone.now() - timedelta(minutes=30)).astimezone(zone)
    page.get_by_label("Starts").fill(started.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place").fill("Family Justice Center, room 2")
    page.get_by_role("button", name="Schedule and invite").click()
    expect(page.get_by_role("heading", name=re.compile("MDT meeting,"))).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Take attendance").click()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    page.get_by_text("Add minutes, a decision or the youth's goals").click()
    page.get_by_label("What this part is").select_option("decision")
    page.get_by_label("Heading").fill("Diversion")
    page.get_by_label("Text", exact=False).first.fill("Informal supervision instead of a petition.")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Informal supervision instead of a petition.")).to_be_visible()

    page.get_by_text("Add an action item").click()
    page.get_by_label("What is to be done").fill("Enroll in the summer job program")
    page.get_by_label("Who does it").select_option(label=w["probation_officer_a"].display_name)
    page.get_by_label("Due by").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action item").click()
    expect(page.get_by_role("table")).to_contain_text("Enroll in the summer job program")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the summary (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as summary:
        assert summary.read(4) == b"%PDF"
