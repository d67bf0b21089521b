"""Report files, the public statewide page and the API documentation, in a real
Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from carecircle.audit.models import AuditEvent
from carecircle.tests.browser.helpers import assert_accessible, sign_in, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
