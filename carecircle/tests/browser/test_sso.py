"""Single sign-on end to end in a real browser, against an OpenID Connect provider and
a SAML 2.0 provider the suite serves on loopback: the county's person signs in with the
county's account; a person the county does not know is refused, with a page that says
what to do."""

import re

import pytest
from playwright.sync_api import Page, expect

from carecircle.accounts.actions import save_county_sign_in
from carecircle.accounts.roles import AgencyType
from carecircle.accounts.tests.loopback import county_person
from carecircle.accounts.tests.oidc_provider import LoopbackProvider
from carecircle.accounts.tests.saml_provider import LoopbackSamlProvider
from carecircle.tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "loopback-client-secret-0123456789"


@pytest.fixture
def provider(world):
    with LoopbackProvider(client_id="care-circle", client_secret=SECRET) as running:
        save_county_sign_in(
            actor=world["county_admin_a"], county=world["county_a"],
            label="Fernhollow County account", issuer=running.issuer,
            client_id="care-circle", client_secret=SECRET, asserts_mfa=True, enabled=True,
        )  # fmt: skip
        yield running


def start(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/notice/")
    page.get_by_role("button", name=re.compile("I understand")).click()
    page.get_by_role("button", name="Sign in with Fernhollow County account").click()
    expect(page.get_by_role("heading", name=re.compile("County identity provider"))).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_role("button", name="Continue").click()


def add_dana(world) -> None:
    county_person(world["county_a"], world["agencies_a"][AgencyType.CHILD_WELFARE])


def test_a_county_account_signs_in_and_an_unknown_one_is_refused(
    page: Page, live_server, world, provider
):
    add_dana(world)
    provider.add_person("dortiz", email="dana.ortiz@fernhollow.example", amr=["pwd", "mfa"])
    provider.add_person("stranger", email="stranger@fernhollow.example", amr=["pwd", "mfa"])

    start(page, live_server.url, "stranger")
    expect(page.get_by_role("heading", name="No Care Circle account matches")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/youth/")
    expect(page).to_have_url(re.compile(r"/accounts/login/|/notice/"))

    start(page, live_server.url, "dortiz")
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    expect(page.locator(".cc-user__name")).to_have_text("Dana Ortiz")
    assert "/token" in provider.requests


def test_a_county_account_signs_in_through_saml(page: Page, live_server, world):
    add_dana(world)
    with LoopbackSamlProvider() as idp:
        save_county_sign_in(
            actor=world["county_admin_a"], county=world["county_a"],
            label="Fernhollow County account", protocol="saml", issuer=idp.entity_id,
            sso_url=idp.sso_url, certificate=idp.certificate, asserts_mfa=True, enabled=True,
        )  # fmt: skip
        idp.add_person("dortiz", email="dana.ortiz@fernhollow.example")
        idp.add_person("stranger", email="stranger@fernhollow.example")

        start(page, live_server.url, "stranger")
        page.get_by_role("button", name="Back to Care Circle").click()
        expect(page.get_by_role("heading", name="No Care Circle account matches")).to_be_visible()

        start(page, live_server.url, "dortiz")
        # The provider's signed answer goes back through the browser (HTTP-POST binding).
        page.get_by_role("button", name="Back to Care Circle").click()
        expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
        expect(page.locator(".cc-user__name")).to_have_text("Dana Ortiz")
        assert idp.requests.count("/saml/sso") == 4
