"""Signing in, keyboard use and the accessibility scan of every page, in a real
Chromium against a live server."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from carecircle.accounts.roles import AgencyType
from carecircle.sealing.actions import seal_youth
from carecircle.test import PASSWORD
from carecircle.tests.browser.helpers import assert_accessible, fresh_code, sign_in
from carecircle.youth.actions import create_youth

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "code":
            break
    page.keyboard.type(fresh_code(world["social_worker_a"].username))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Delgado, Marisol")


def test_it_shows_a_wrong_password_clearly_and_accessibly(page: Page, live_server, world):
    page.goto(f"{live_server.url}/notice/")
    page.get_by_role("button", name=re.compile("I understand")).click()
    page.get_by_label("Username").fill(world["clinician_a"].username)
    page.get_by_label("Password").fill("not the right password")
    page.get_by_role("button", name="Sign in", exact=True).click()
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
            reverse("sealing:seal", kwargs={"youth_id": ward}),
        ],
        # The register, with a record sealed for it (not the ward, whom others scan).
        "court_liaison_a": [reverse("sealing:register")],
        "county_admin_a": [
            reverse("county_settings"),
            reverse("county_sign_in"),
            reverse("composition_policy"),
            reverse("clocks:protocol"),
            reverse("county_api_tokens"),
            reverse("county_people"),
            reverse("county_person_new"),
            reverse("county_person_roles", kwargs={"user_id": w["social_worker_a"].pk}),
            reverse("county_person_password", kwargs={"user_id": w["social_worker_a"].pk}),
        ],
        "auditor_a": [reverse("audit:log"), reverse("api_tokens")],
        "supervisor_a": [
            reverse("sharing:break_glass_reviews"),
            reverse("reports:dashboard"),
            reverse("reports:program"),
        ],
        "state_analyst": [reverse("state_overview"), reverse("reports:statewide")],
    }
    sealed = create_youth(
        actor=w["coordinator_a"], county=w["county_a"], first_name="Rowan", last_name="Sealey",
        date_of_birth=date(2010, 5, 5), agencies=[w["agencies_a"][AgencyType.JUVENILE_COURT]],
    )  # fmt: skip
    seal_youth(
        actor=w["court_liaison_a"], youth=sealed, statute="wic_786",
        ordered_on=date(2026, 3, 1), destroy_on=date(2031, 3, 1),
    )  # fmt: skip
    for persona, urls in pages.items():
        page.context.clear_cookies()
        sign_in(page, live_server.url, w[persona].username)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            assert_accessible(page)
