"""Journeys in a real Chromium against a live server, with axe accessibility scans."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from carecircle.audit.models import AuditEvent, AuditEventYouth
from carecircle.audit.testing import tampering
from carecircle.test import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING_IMPACTS = {"serious", "critical"}


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


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert blocking == [], "\n".join(blocking)


def tick(control) -> None:
    """USWDS draws its own box over a visually hidden input: click the label, as people do."""
    input_id = control.get_attribute("id")
    control.page.locator(f"label[for='{input_id}']").click()
    expect(control).to_be_checked()


def sign_in(page: Page, base_url: str, username: str, *, scan: bool = False) -> None:
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", name="Before you sign in")).to_be_visible()
    if scan:
        assert_accessible(page)
    page.get_by_role("button", name=re.compile("I understand")).click()
    expect(page.get_by_role("heading", name="Sign in to Care Circle")).to_be_visible()
    if scan:
        assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_it_lets_the_coordinator_sign_in_see_and_search_the_caseload(
    page: Page, live_server, world
):
    sign_in(page, live_server.url, world["coordinator_a"].username, scan=True)
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Delgado, Marisol")
    expect(table).to_contain_text("Whitfield, Jaylen")
    expect(page.get_by_text("Fernhollow County").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search by name").fill("whit")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("status")).to_contain_text("1 youth match")
    expect(table).to_contain_text("Whitfield, Jaylen")
    expect(table).not_to_contain_text("Delgado")

    page.get_by_role("link", name="Whitfield, Jaylen").click()
    expect(page.get_by_role("heading", name=re.compile("Jaylen Whitfield"))).to_be_visible()
    assert_accessible(page)


def test_it_shows_the_other_county_none_of_the_first_countys_youth(page: Page, live_server, world):
    sign_in(page, live_server.url, world["coordinator_b"].username)
    table = page.get_by_role("table")
    expect(table).to_contain_text("Okafor, Brianna")
    expect(table).not_to_contain_text("Delgado")
    expect(table).not_to_contain_text("Whitfield")
    page.get_by_label("Search by name").fill("Delgado")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("status")).to_contain_text("0 youth match")
    response = page.goto(f"{live_server.url}/youth/{world['youth_cw_a'].pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Nothing here")).to_be_visible()


def test_it_works_by_keyboard_alone(page: Page, live_server, world):
    page.goto(f"{live_server.url}/notice/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    # Tab to the accept button and press it.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sign in to Care Circle")).to_be_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_login":
            break
    page.keyboard.type(world["social_worker_a"].username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Delgado, Marisol")


def test_it_shows_a_wrong_password_clearly_and_accessibly(page: Page, live_server, world):
    page.goto(f"{live_server.url}/notice/")
    page.get_by_role("button", name=re.compile("I understand")).click()
    page.get_by_label("Username").fill(world["clinician_a"].username)
    page.get_by_label("Password").fill("not the right password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page)


def test_the_accessibility_scan_catches_a_serious_violation(page: Page):
    """Guards the guard: a page with an unlabeled image and form control must fail."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


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


def test_every_page_passes_the_accessibility_scan(page: Page, live_server, sharing_world):
    """Each persona's pages, scanned by axe: no serious or critical violations."""
    from django.urls import reverse

    w = sharing_world
    ward = w["youth_prob_a"].pk
    note = w["notes"]["juvenile_court"]
    pages = {
        "coordinator_a": [
            reverse("youth:detail", kwargs={"youth_id": ward}),
            reverse("youth:edit", kwargs={"youth_id": ward}),
            reverse("records:note", kwargs={"youth_id": ward, "item_id": note.pk}),
            reverse("records:note_new", kwargs={"youth_id": ward}),
            reverse("records:document_new", kwargs={"youth_id": ward}),
            reverse(
                "records:document", kwargs={"youth_id": ward, "item_id": w["court_document"].pk}
            ),
            reverse("sharing:team", kwargs={"youth_id": ward}),
            reverse("youth:identification_new", kwargs={"youth_id": ward}),
            reverse("sharing:window", kwargs={"youth_id": ward}),
            reverse("sharing:consents", kwargs={"youth_id": ward}),
            reverse("sharing:consent_new", kwargs={"youth_id": ward}),
            reverse("sharing:break_glass", kwargs={"youth_id": ward}),
            reverse("sharing:access_report", kwargs={"youth_id": ward}),
            reverse("alerts"),
            reverse("account_change_password"),
            reverse("youth:intake") + "?search=1&first_name=Jaylen&last_name=Witfield",
            reverse("youth:caseload") + "?status=at_risk&worker=1",
            reverse("youth:other_names", kwargs={"youth_id": ward}),
            reverse("youth:contacts", kwargs={"youth_id": ward}),
            reverse("youth:placement_new", kwargs={"youth_id": ward}),
            reverse(
                "youth:placement_address",
                kwargs={"youth_id": ward, "placement_id": w["placement"].pk},
            ),
            reverse("youth:timeline", kwargs={"youth_id": ward}),
            reverse("youth:merge", kwargs={"youth_id": w["youth_cw_a"].pk}),
            reverse("youth:merge", kwargs={"youth_id": w["youth_cw_a"].pk})
            + f"?duplicate={w['duplicate'].pk}",
            reverse("screening:new", kwargs={"youth_id": ward}),
            reverse("screening:new", kwargs={"youth_id": ward})
            + "?instrument=care-circle-exploitation-screen&context=intake",
            reverse("screening:new", kwargs={"youth_id": ward})
            + "?instrument=external-result&context=detention",
            reverse(
                "screening:detail", kwargs={"youth_id": ward, "screening_id": w["screening"].pk}
            ),
            reverse("clocks:due") + "?scope=county",
            reverse("clocks:obligation", kwargs={"obligation_id": w["obligation"].pk}),
            reverse("clocks:preferences"),
            reverse("missing:new", kwargs={"youth_id": ward}),
            reverse("meetings:list", kwargs={"youth_id": ward}),
            reverse("meetings:new", kwargs={"youth_id": ward}),
            reverse("meetings:detail", kwargs={"youth_id": ward, "meeting_id": w["meeting"].pk}),
            reverse("meetings:edit", kwargs={"youth_id": ward, "meeting_id": w["meeting"].pk}),
            reverse("meetings:agenda", kwargs={"youth_id": ward, "meeting_id": w["meeting"].pk}),
            reverse("referrals:plan", kwargs={"youth_id": ward}),
            reverse(
                "referrals:referral", kwargs={"youth_id": ward, "referral_id": w["referral"].pk}
            ),
            reverse("providers"),
            reverse("imports:list"),
            reverse("justice:overview", kwargs={"youth_id": ward}),
            reverse("justice:record", kwargs={"youth_id": ward, "kind": "contact"}),
            reverse("missing:episode", kwargs={"youth_id": ward, "episode_id": w["episode"].pk}),
            reverse(
                "missing:whereabouts", kwargs={"youth_id": ward, "episode_id": w["episode"].pk}
            ),
        ],
        "county_admin_a": [
            reverse("county_settings"),
            reverse("composition_policy"),
            reverse("clocks:protocol"),
            reverse("county_api_tokens"),
        ],
        "auditor_a": [reverse("audit:log"), reverse("api_tokens")],
        "supervisor_a": [
            reverse("sharing:break_glass_reviews"),
            reverse("reports:dashboard"),
            reverse("reports:program"),
        ],
        "state_analyst": [reverse("state_overview"), reverse("reports:statewide")],
    }
    for persona, urls in pages.items():
        page.context.clear_cookies()
        sign_in(page, live_server.url, w[persona].username)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            assert_accessible(page)


def test_it_exports_the_program_report_with_a_progress_bar(page: Page, live_server, world):
    """The coordinator reads the dashboard, asks for the program report as a
    spreadsheet, watches its progress while the worker builds it, and downloads it."""
    from carecircle.clocks.testing import run_queued_tasks

    sign_in(page, live_server.url, world["coordinator_a"].username)
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="County dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Open tasks by kind"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Program report and exports").click()
    tick(page.get_by_label("Excel spreadsheet (XLSX)"))
    page.get_by_role("button", name="Prepare the file").click()
    expect(page.get_by_role("heading", name="Report file")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")
    assert_accessible(page)
    run_queued_tasks()
    download_link = page.get_by_role("link", name="Download the file")
    expect(download_link).to_be_visible(timeout=10_000)
    expect(page.get_by_label("Progress")).to_have_attribute("value", "100")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert AuditEvent.objects.filter(action="report.export_downloaded").count() == 1


def test_the_api_documentation_runs_under_the_content_security_policy(
    page: Page, live_server, world
):
    """Swagger UI is served from the site itself; its scripts run, nothing is refused."""
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", name=re.compile("Care Circle API"))).to_be_visible()
    expect(page.get_by_text("/api/v1/youth/search/").first).to_be_visible()
    assert refused == []


def test_the_public_statewide_page_needs_no_sign_in(page: Page, live_server, world):
    page.goto(f"{live_server.url}/public/statewide/")
    expect(page.get_by_role("heading", name="CSEC Program statewide figures")).to_be_visible()
    expect(page.get_by_role("heading", name="How to read these tables")).to_be_visible()
    assert_accessible(page)


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
