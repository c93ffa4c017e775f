"""
The keyboard on every public page type and view, in German and (where the
controls differ beyond their labels) in English: the skip link comes first and
moves focus to the content; then Tab reaches every link, button and form
control once, in document order (no positive tabindex reorders it), each with
a focus indicator that its unfocused look lacks, on screen and 3:1 against its
surroundings; after the last control focus leaves the page, and Shift+Tab goes
the same way back (no trap). See SiteBrowser.keyboard_walk in conftest.py.
"""

import pytest

pytestmark = pytest.mark.browser

# (kind of page in conftest.demo_page_path, English?)
KEYBOARD_PAGES = [
    ("home", False),
    ("city_index", False),
    ("city", False),
    ("project", False),
    ("project", True),
    ("reuse_request", False),
    ("reuse_request", True),
    ("reuse_request_sent", False),
    ("lesson", False),
    ("article", False),
    ("news", False),
    ("news_index", False),
    ("knowledge_index", False),
    ("search", False),
    ("search", True),
    ("search_filtered", False),
    ("search_filtered", True),
    ("tag_index", False),
    ("tag", False),
    ("overview", False),
    ("lessons", False),
    ("lessons", True),
    ("open_data", False),
    ("standard", False),
    ("not_found", False),
    ("not_found", True),
]


@pytest.mark.parametrize(
    "kind,english",
    KEYBOARD_PAGES,
    ids=[f"{kind}-{'en' if english else 'de'}" for kind, english in KEYBOARD_PAGES],
)
def test_tab_reaches_every_control_in_order_with_a_visible_focus(site, demo_path, kind, english):
    site.visit(demo_path(kind, english=english), expect_status=404 if kind == "not_found" else 200)
    walk = site.keyboard_walk()

    assert walk.controls[0].startswith("<a href=#main>"), walk.controls[:3]
    assert walk.positive_tabindex == []
    assert walk.unreachable == [], "controls the keyboard cannot reach"
    assert walk.order_problems() == []
    assert walk.left_page, "focus never left the page: " + walk.describe(walk.stops[-1])
    assert walk.indicator_problems() == []

    back = site.keyboard_walk(backwards=True)
    assert back.order_problems() == []
    assert back.left_page, "Shift+Tab never left the page: " + back.describe(back.stops[-1])


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(site, demo_path):
    site.visit(demo_path("project"))
    page = site.page
    page.keyboard.press("Tab")
    first = site.focused()
    assert first["href"] == "#main" and first["indicator"] and first["on_screen"], first
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
