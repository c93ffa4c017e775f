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
axe-core (shipped by axe-playwright-python, injected from the local file);
`keyboard_walk` presses Tab through a page and notes where focus lands and
what it looks like there.
"""

import io
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Playwright's sync API runs an event loop in the test thread; Django refuses
# database access from such a thread unless told it is safe (it is here: the
# loop only drives the browser). Must be set before Playwright starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.urls import reverse

from wagtail.models import Locale

import axe_playwright_python
import pytest

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from knowledge.models import ArticlePage, KnowledgeIndexPage, LessonPage
from registry.models import CityIndexPage, CityPage, ProjectPage

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


# The public pages and views by kind: a published page of a model (the first
# matching the filters, plus a path below it), or a named URL with a query.
DEMO_PAGES = {
    "home": (HomePage, {}, ""),
    "city_index": (CityIndexPage, {}, ""),
    "city": (CityPage, {"slug": "luebeck"}, ""),
    "project": (ProjectPage, {"slug": "parkleitsystem-altstadt"}, ""),
    "reuse_request": (ProjectPage, {"slug": "parkleitsystem-altstadt"}, "nachnutzen/"),
    "reuse_request_sent": (ProjectPage, {"slug": "parkleitsystem-altstadt"}, "nachnutzen/danke/"),
    "lesson": (LessonPage, {}, ""),
    "knowledge_index": (KnowledgeIndexPage, {}, ""),
    "article": (ArticlePage, {}, ""),
    "news_index": (NewsIndexPage, {}, ""),
    "news": (NewsPage, {}, ""),
    "standard": (StandardPage, {"slug": "barrierefreiheit"}, ""),
}
DEMO_VIEWS = {
    "tag_index": ("tag_index", [], ""),
    "tag": ("tag_detail", ["lorawan"], ""),
    "search": ("search", [], "?q=Sensor"),
    "search_filtered": ("search", [], "?q=Sensor&city=luebeck&type=project"),
    "overview": ("overview", [], ""),
    "lessons": ("lessons", [], ""),
    "open_data": ("open_data", [], ""),  # one address for both languages (config.urls)
}
NOT_FOUND_PATH = "/gibt-es-nicht/"


def demo_page_path(kind, *, english=False):
    """The path of the page or view of that kind (DEMO_PAGES, DEMO_VIEWS, "not_found")."""
    if kind in DEMO_PAGES:
        model, filters, below = DEMO_PAGES[kind]
        page = model.objects.live().public().filter(**filters).order_by("path").first()
        assert page is not None, f"The demo content has no published {model.__name__}"
        if english:
            # The demo's English version where there is one (its own address).
            translation = page.get_translation_or_none(Locale.objects.get(language_code="en"))
            if translation is not None and translation.live:
                return translation.url + below
        path = page.url + below
    elif kind == "not_found":
        path = NOT_FOUND_PATH
    else:
        name, args, query = DEMO_VIEWS[kind]
        path = reverse(name, args=args) + query
    if not english or path.startswith("/en/") or kind == "open_data":
        return path
    return "/en" + path


@pytest.fixture
def demo_path(demo_site):
    """`demo_path("project", english=True)`: a path into the demo content (see above)."""
    return demo_page_path


@pytest.fixture
def demo_kinds(demo_site):
    """Every kind of page and view demo_path knows, for tests that visit them all."""
    return [*DEMO_PAGES, *DEMO_VIEWS]


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


# Every element the keyboard can reach, marked with its place in document
# order, and how each looks unfocused (to compare with its focused look).
MARK_TABBABLE_JS = """() => {
    const selector = 'a[href], area[href], button, input, select, textarea, summary, '
        + 'iframe, audio[controls], video[controls], [tabindex], [contenteditable]';
    const rendered = el => el.getClientRects().length > 0
        && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert]');
    const tabbable = [...document.querySelectorAll(selector)].filter(
        el => el.tabIndex >= 0 && !el.matches(':disabled') && el.type !== 'hidden' && rendered(el)
    );
    const look = el => {
        const s = getComputedStyle(el);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
                s.borderColor, s.backgroundColor, s.textDecorationLine].join('|');
    };
    window.__unfocusedLook = tabbable.map(look);
    tabbable.forEach((el, index) => { el.dataset.keyboardIndex = index; });
    const describe = el => `<${el.tagName.toLowerCase()}${el.id ? ' id=' + el.id : ''}`
        + `${el.getAttribute('href') ? ' href=' + el.getAttribute('href') : ''}> `
        + (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '')
            .trim().replace(/\\s+/g, ' ').slice(0, 50);
    // Controls people can point at but the keyboard cannot reach.
    const unreachable = [...document.querySelectorAll(
        '[role=button], [role=link], [role=checkbox], [role=tab], [role=menuitem], [onclick]'
    )].filter(el => el.tabIndex < 0 && rendered(el) && !el.closest('[aria-hidden=true]'));
    return {
        controls: tabbable.map(describe),
        positive_tabindex: tabbable.filter(el => el.tabIndex > 0).map(describe),
        unreachable: unreachable.map(describe),
    };
}"""

# Where focus is now: the element's mark, and whether it shows a focus
# indicator (outline or shadow) that its unfocused look lacks, in a colour that
# stands out 3:1 from the background around it (WCAG 2.4.7 and 1.4.11).
FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const s = getComputedStyle(el);
    const index = el.dataset.keyboardIndex === undefined ? null : Number(el.dataset.keyboardIndex);
    const look = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow,
                  s.borderColor, s.backgroundColor, s.textDecorationLine].join('|');
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
    const shadow = s.boxShadow !== 'none';
    const rgb = text => (text.match(/rgba?\\(([^)]+)\\)/) || [null, null])[1];
    const allRgb = text => [...text.matchAll(/rgba?\\(([^)]+)\\)/g)].map(match => match[1]);
    const channels = text => text.split(/[ ,\\/]+/).filter(Boolean).map(Number);
    const luminance = ([r, g, b]) => [r, g, b].map(v => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ring = outline ? rgb(s.outlineColor) : shadow ? rgb(s.boxShadow) : null;
    // The colours around the element: the first opaque background colour, or
    // every stop of a gradient; none (no contrast figure) under an image.
    let around = ['255, 255, 255'];
    for (let node = el.parentElement; node; node = node.parentElement) {
        const bg = getComputedStyle(node);
        if (bg.backgroundImage !== 'none') {
            around = bg.backgroundImage.includes('url(') ? [] : allRgb(bg.backgroundImage);
            break;
        }
        const value = rgb(bg.backgroundColor);
        if (value && (channels(value)[3] ?? 1) > 0) { around = [value]; break; }
    }
    let contrast = null;
    if (ring && around.length) {
        const a = luminance(channels(ring));
        contrast = Math.min(...around.map(color => {
            const b = luminance(channels(color));
            return Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 10) / 10;
        }));
    }
    const box = el.getBoundingClientRect();
    return {
        index,
        tag: el.tagName.toLowerCase(),
        id: el.id,
        href: el.getAttribute('href'),
        text: (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 50),
        indicator: outline || shadow,
        changed: index === null || window.__unfocusedLook[index] !== look,
        contrast,
        on_screen: box.width >= 2 && box.height >= 2 && box.bottom > 0 && box.right > 0
            && box.top < innerHeight && box.left < innerWidth,
    };
}"""


@dataclass
class KeyboardWalk:
    """What pressing Tab (or Shift+Tab) through a page showed."""

    controls: list[str]  # every control the keyboard should reach, in document order
    stops: list[dict]  # where focus landed, press after press (see FOCUSED_JS)
    left_page: bool  # focus went on past the last control, out of the page
    positive_tabindex: list[str]
    unreachable: list[str]
    backwards: bool = False  # Shift+Tab from the last control

    def order_problems(self) -> list[str]:
        """Controls skipped, visited twice or out of document order, as readable lines."""
        expected = list(range(len(self.controls)))
        if self.backwards:
            expected.reverse()
        reached = [stop["index"] for stop in self.stops]
        if reached == expected:
            return []
        lines = []
        for step, stop in enumerate(self.stops):
            want = self.controls[expected[step]] if step < len(expected) else "(page left)"
            if step >= len(expected) or stop["index"] != expected[step]:
                lines.append(f"press {step + 1}: focus on {self.describe(stop)}, expected {want}")
        missed = sorted(set(expected) - set(reached))
        lines += [f"never reached: {self.controls[index]}" for index in missed]
        return lines

    def indicator_problems(self, *, min_contrast: float = 3.0) -> list[str]:
        """Stops without a visible focus indicator, as readable lines."""
        lines = []
        for stop in self.stops:
            if not stop["on_screen"]:
                lines.append(f"{self.describe(stop)}: focused but not on screen")
            elif not (stop["indicator"] and stop["changed"]):
                lines.append(f"{self.describe(stop)}: no outline or shadow that shows focus")
            elif stop["contrast"] is not None and stop["contrast"] < min_contrast:
                lines.append(
                    f"{self.describe(stop)}: focus ring contrast {stop['contrast']}:1 "
                    f"against its background"
                )
        return lines

    def describe(self, stop):
        if stop["index"] is not None:
            return self.controls[stop["index"]]
        return f"<{stop['tag']} id={stop['id']} href={stop['href']}> {stop['text']} (unmarked)"


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
        # Evaluated through the DevTools protocol, which the page's
        # Content-Security-Policy does not govern; a <script> tag would be
        # refused as an inline script, as it should be.
        self.page.evaluate(AXE_SCRIPT.read_text())
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

    def focused(self):
        """Where focus is and how it looks (see FOCUSED_JS), or None on the page itself."""
        return self.page.evaluate(FOCUSED_JS)

    def tab_to(self, selector, *, limit=300):
        """Press Tab until focus is on the element `selector` finds, as keyboard users get there."""
        is_focused = "s => document.activeElement === document.querySelector(s)"
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(is_focused, selector):
                return
        raise AssertionError(f"{limit} presses of Tab never reached {selector} on {self.page.url}")

    def keyboard_walk(self, *, backwards=False):
        """
        Press Tab from the top of the page (or Shift+Tab from its last control)
        until focus leaves the page, noting each stop. Leaving shows as focus on
        no element, or as focus coming round again to the first control in the
        direction of travel (headless Chromium has no toolbar to pass through
        when going backwards). A page that holds focus (a trap) shows up as
        stops repeating until the press budget runs out.
        """
        marked = self.page.evaluate(MARK_TABBABLE_JS)
        count = len(marked["controls"])
        key = "Shift+Tab" if backwards else "Tab"
        first, last = (count - 1, 0) if backwards else (0, count - 1)
        stops = []
        if backwards and count:
            self.page.locator(f"[data-keyboard-index='{first}']").focus()
            stops.append(self.focused())
        left_page = False
        for _ in range(count + 5):
            self.page.keyboard.press(key)
            stop = self.focused()
            came_round = stops and stops[-1]["index"] == last and stop and stop["index"] == first
            if stop is None or came_round:
                left_page = True
                break
            stops.append(stop)
        return KeyboardWalk(stops=stops, left_page=left_page, backwards=backwards, **marked)

    def screenshot(self, name):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


def open_tab(browser, live_server, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="de-DE", **options)
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


@pytest.fixture
def site_without_javascript(browser, live_server, demo_site):
    """A desktop tab with JavaScript off: what the site is before any script runs."""
    context, tab = open_tab(browser, live_server, DESKTOP, java_script_enabled=False)
    yield tab
    context.close()
    assert not tab.requests_elsewhere, f"Requests left the site: {tab.requests_elsewhere}"
