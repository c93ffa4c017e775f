"""
The Content-Security-Policy (SECURE_CSP) holds on every public page type: the
browser reports no violation, neither as a `securitypolicyviolation` event nor
as a console error, while each page loads and while its scripts run. And
Wagtail's admin works under the policy it gets: sign in, open the page editor,
edit, preview.
"""

import contextlib
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "hanse-demo-2023"

# Registered before any page script runs, so nothing that happens while a page
# loads escapes it. The event bubbles from the offending element to the document.
RECORD_VIOLATIONS_JS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}`
        + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
        + (event.sample ? ` sample: ${event.sample}` : '')
    );
}, true);
"""


class ViolationWatch:
    """CSP violations a tab reported, from page events and from the console."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(RECORD_VIOLATIONS_JS)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(f"{message.type}: {message.text}")

    def violations(self):
        self.page.wait_for_load_state("load")
        # Scripts may still be fetching; the admin polls its session every few
        # seconds, so "idle" may never come there and is not waited for long.
        with contextlib.suppress(PlaywrightTimeoutError):
            self.page.wait_for_load_state("networkidle", timeout=3_000)
        return self.page.evaluate("window.__cspViolations || []") + self.console

    def assert_none(self):
        found = self.violations()
        assert not found, f"CSP violations on {self.page.url}:\n" + "\n".join(found)


@pytest.fixture
def watched(site):
    site.watch = ViolationWatch(site.page)
    return site


def policy_of(response):
    return response.headers.get("content-security-policy", "")


@pytest.mark.parametrize("english", [False, True], ids=["de", "en"])
def test_every_public_page_type_loads_without_a_violation(watched, demo_path, demo_kinds, english):
    kinds = demo_kinds if not english else ["home", "project", "search", "overview"]
    for kind in kinds:
        response = watched.visit(demo_path(kind, english=english))
        assert "default-src 'self'" in policy_of(response), kind
        watched.watch.assert_none()


def test_the_reuse_form_and_the_missing_page_load_without_a_violation(watched, demo_path):
    response = watched.visit(demo_path("project") + "nachnutzen/")
    assert "default-src 'self'" in policy_of(response)
    watched.watch.assert_none()

    response = watched.visit(demo_path("not_found"), expect_status=404)
    assert "default-src 'self'" in policy_of(response)
    watched.watch.assert_none()


def test_search_suggestions_run_under_the_policy(watched):
    page = watched.page
    watched.visit("/")
    box = page.locator("#header-search-q")
    box.focus()
    box.press_sequentially("Lor", delay=40)
    expect(
        page.get_by_role("listbox", name="Vorschläge").get_by_role("option").first
    ).to_be_visible()
    box.press("ArrowDown")
    watched.watch.assert_none()


def test_the_admin_works_under_its_policy(watched, demo_path):
    """Sign in, the dashboard, the page explorer, the project editor with its preview."""
    page = watched.page
    response = watched.visit("/admin/login/")
    assert policy_of(response)
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    watched.watch.assert_none()

    from registry.models import ProjectPage

    project = ProjectPage.objects.get(slug="parkleitsystem-altstadt", locale__language_code="de")
    watched.visit(f"/admin/pages/{project.get_parent().pk}/")
    watched.watch.assert_none()

    watched.visit(f"/admin/pages/{project.pk}/edit/")
    title = page.locator("#id_title")
    expect(title).to_have_value(project.title)
    title.fill(project.title + " (geändert)")
    # The live preview shows the edited page in a frame of the admin
    # (frame-ancestors 'self' there, X-Frame-Options SAMEORIGIN from Wagtail).
    page.get_by_role("button", name=re.compile("Vorschau|Preview")).first.click()
    preview = page.frame_locator("iframe[data-w-preview-target=iframe]").last
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        project.title + " (geändert)", timeout=15_000
    )
    watched.watch.assert_none()


def test_no_public_page_can_be_framed(watched, demo_path):
    response = watched.visit(demo_path("project"))
    assert "frame-ancestors 'none'" in policy_of(response)
    assert response.headers["x-frame-options"] == "DENY"
