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
    page.get_by_role("button", name="Sign in", exact=True).click()
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


def test_a_newcomer_saves_a_passkey_and_signs_in_with_it(page: Page, live_server, world):
    """A passkey (WebAuthn, resident and user-verified) as the second step, then as the
    whole sign-in. Chromium's virtual authenticator stands in for the device; WebAuthn
    needs a domain, so the site is opened as localhost."""
    user = create_user(
        actor=None, username="passkey.fernhollow", password=PASSWORD, first_name="Pia",
        last_name="Keyes", county=world["county_a"],
    )  # fmt: skip
    add_membership(
        actor=None, user=user, agency=world["agencies_a"][AgencyType.CHILD_WELFARE],
        role="coordinator",
    )  # fmt: skip
    site = live_server.url.replace("127.0.0.1", "localhost")
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    authenticator = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    page.goto(f"{site}/notice/")
    page.get_by_role("button", name=re.compile("I understand")).click()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Set up your second sign-in step")).to_be_visible()
    page.get_by_role("link", name="Add").first.click()
    expect(page.get_by_role("heading", name="Add Security Key")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    page.goto(f"{site}/youth/")
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    credentials = devtools.send(
        "WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]}
    )
    assert len(credentials["credentials"]) == 1
    assert credentials["credentials"][0]["isResidentCredential"]

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{site}/notice/")
    page.get_by_role("button", name=re.compile("I understand")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    expect(page.locator(".cc-user__name")).to_have_text("Pia Keyes")
