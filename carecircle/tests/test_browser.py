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


@pytest.fixture
def world(transactional_db):
    yield build_world()
    # The database refuses to delete audit entries, and the flush after a transactional
    # test deletes every row; clear them the way only the database owner could.
    with tampering():
        AuditEventYouth.objects.all().delete()
        AuditEvent.objects.all().delete()


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
    page.get_by_role("button", name="Search").click()
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
    page.get_by_role("button", name="Search").click()
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
    from carecircle.test import build_sharing_world

    return build_sharing_world(world)


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
        ],
        "county_admin_a": [reverse("county_settings"), reverse("composition_policy")],
        "auditor_a": [reverse("audit:log")],
        "supervisor_a": [reverse("sharing:break_glass_reviews")],
        "state_analyst": [reverse("state_overview")],
    }
    for persona, urls in pages.items():
        page.context.clear_cookies()
        sign_in(page, live_server.url, w[persona].username)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
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
