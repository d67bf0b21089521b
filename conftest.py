"""Test-wide fixtures: Debian's Chromium for browser tests (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CARECIRCLE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}: run 'apt-get install chromium'."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# by the live server's fixtures are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def private_files_root(tmp_path_factory):
    """Uploaded files go to a fresh folder for the test run, never into var/."""
    from django.conf import settings

    settings.PRIVATE_FILES_ROOT = tmp_path_factory.mktemp("private-files")
    return settings.PRIVATE_FILES_ROOT
