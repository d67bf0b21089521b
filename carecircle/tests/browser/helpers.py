"""What the browser tests share: signing in, ticking USWDS boxes, the axe scan."""

import re
import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from carecircle.demo.builder.mfa import PERIOD, demo_code
from carecircle.test import PASSWORD

BLOCKING_IMPACTS = {"serious", "critical"}


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


USED_CODES: set[tuple[str, int]] = set()


def fresh_code(username: str) -> str:
    """A code not used yet: each code is accepted once, and one step either side of now
    is accepted; when all three are spent, wait for the next step."""
    while True:
        now = time.time()
        counter = int(now) // PERIOD
        for step in (0, 1, -1):
            if (username, counter + step) not in USED_CODES:
                USED_CODES.add((username, counter + step))
                return demo_code(username, step=step, at=now)
        time.sleep(PERIOD - now % PERIOD + 0.1)


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
    page.get_by_role("button", name="Sign in", exact=True).click()
    # The second step: the code the person's authenticator app shows now.
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    if scan:
        assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(fresh_code(username))
    page.get_by_role("button", name="Sign In").click()
