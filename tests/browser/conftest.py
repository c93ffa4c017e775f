"""
Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's
live server, with the demo content loaded once per test module.

Why the data outlives a single test: pytest-django's `live_server` asks for
`transactional_db`, which empties the database after every test; reloading the
demo content for each test would cost seconds apiece. So `transactional_db` is
replaced here by plain database access, `demo_site` commits the demo content
once per module, and at the end of the module the database gets back exactly
what it held before (as Django's `serialized_rollback` does).

Every page records the requests it makes; a request to any host but the live
server fails the test (the site must be self-contained). `axe_violations` runs
axe-core (shipped by axe-playwright-python, injected from the local file).
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

# Playwright's sync API runs an event loop in the test thread; Django refuses
# database access from such a thread unless told it is safe (it is here: the
# loop only drives the browser). Must be set before Playwright starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection  # noqa: E402

import axe_playwright_python  # noqa: E402
import pytest  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
# WCAG 2.0 and 2.1, levels A and AA: what BITV 2.0 (EN 301 549) requires.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"Browser tests skipped: no Chromium at {CHROMIUM} "
            "(install it with `apt-get install chromium`; CI does)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def transactional_db(django_db_blocker):
    """
    Database access for the test and the live server, without the flush that
    pytest-django's fixture of this name does after every test (see above).
    """
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content with its users, committed for the module, then removed."""
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
        call_command("load_demo_content", with_users=True, stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(before)
        # The restored rows keep their ids; move PostgreSQL's sequences past them.
        reset = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        if reset:
            with connection.cursor() as cursor:
                for statement in reset:
                    cursor.execute(statement)


class SiteBrowser:
    """A browser tab on the live server that notes every request leaving it."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(base_url).netloc
        self.requests_elsewhere = []
        page.on("request", self._record)

    def _record(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.host:
            self.requests_elsewhere.append(request.url)

    def visit(self, path, *, expect_status=200):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == expect_status, (
            f"{path}: status {response.status if response else None}, expected {expect_status}"
        )
        return response

    def axe_violations(self):
        """axe-core's WCAG 2.1 A/AA violations on the current page, as readable lines."""
        self.page.add_script_tag(path=str(AXE_SCRIPT))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        lines = []
        for violation in result["violations"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {', '.join(node['target'])}: {node['failureSummary']}")
                lines.append(f"      {node['html'][:200]}")
        return lines

    def assert_accessible(self):
        violations = self.axe_violations()
        assert not violations, f"axe on {self.page.url}:\n" + "\n".join(violations)

    def screenshot(self, name):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


def open_tab(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, locale="de-DE")
    context.set_default_timeout(10_000)
    return context, SiteBrowser(context.new_page(), live_server.url)


@pytest.fixture
def site(browser, live_server, demo_site):
    """A desktop-sized tab; fails the test if any request left the site."""
    context, tab = open_tab(browser, live_server, DESKTOP)
    yield tab
    context.close()
    assert not tab.requests_elsewhere, f"Requests left the site: {tab.requests_elsewhere}"


@pytest.fixture
def open_site(browser, live_server, demo_site):
    """Open further tabs at other widths: `open_site(PHONE)`; each is checked like `site`."""
    opened = []

    def open_with(viewport):
        context, tab = open_tab(browser, live_server, viewport)
        opened.append((context, tab))
        return tab

    yield open_with
    for context, tab in opened:
        context.close()
        assert not tab.requests_elsewhere, f"Requests left the site: {tab.requests_elsewhere}"
