"""The security headers in a real Chromium: the pages' own scripts run under the
Content Security Policy, and the browser refuses nothing and warns of nothing."""

import re

import pytest
from playwright.sync_api import Page, expect

from carecircle.tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLAINTS = re.compile(r"Content Security Policy|Permissions-Policy|Cross-Origin", re.I)


def test_the_pages_scripts_run_and_the_browser_refuses_nothing(page: Page, live_server, world):
    complaints: list[str] = []
    page.on("console", lambda m: complaints.append(m.text) if COMPLAINTS.search(m.text) else None)
    page.set_viewport_size({"width": 480, "height": 900})

    sign_in(page, live_server.url, world["coordinator_a"].username)
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    # The narrow screen's menu opens only if USWDS's script, loaded with the nonce, ran.
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("link", name="Tasks")).to_be_visible()

    youth = world["youth_cw_a"]
    page.goto(f"{live_server.url}/youth/{youth.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Marisol Delgado"))).to_be_visible()
    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.get_by_role("heading", name="Nothing here")).to_be_visible()
    page.goto(f"{live_server.url}/public/statewide/")
    expect(page.get_by_role("heading", name="CSEC Program statewide figures")).to_be_visible()
    assert complaints == []
