"""The second sign-in step in a real browser: a newcomer sets up an authenticator app
before anything else, with the keyboard-friendly, scanned pages."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from carecircle.accounts.actions import add_membership, create_user
from carecircle.accounts.roles import AgencyType
from carecircle.tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long password for a newcomer"


def test_a_newcomer_sets_up_an_authenticator_app_before_anything_else(
    page: Page, live_server, world
):
    user = create_user(
        actor=None,
        username="newcomer.fernhollow",
        password=PASSWORD,
        first_name="Nia",
        last_name="Newcomb",
        county=world["county_a"],
    )
    add_membership(
        actor=None,
        user=user,
        agency=world["agencies_a"][AgencyType.CHILD_WELFARE],
        role="coordinator",
    )
    page.goto(f"{live_server.url}/notice/")
    page.get_by_role("button", name=re.compile("I understand")).click()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    expect(page.get_by_text("Set up your second sign-in step")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/youth/")  # any other page sends back here
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/")
    page.get_by_role("link", name="Activate").first.click()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    assert_accessible(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Activate").click()
    page.goto(f"{live_server.url}/youth/")
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
