"""
The header search's suggestions in the browser: a WAI-ARIA combobox with a
listbox (static/js/search-suggest.js) that the keyboard drives, that axe
finds no fault with while it is open, that asks only the site itself and
sets no cookie; and, without JavaScript, the plain search form it started as.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NAVY = "rgb(11, 45, 79)"


def type_into_header_search(site, text, *, path="/", label="Suchbegriff", delay=40):
    site.visit(path)
    box = site.page.locator("#header-search-q")
    box.focus()
    box.press_sequentially(text, delay=delay)
    return box


def suggestion_list(site, name="Vorschläge"):
    listbox = site.page.get_by_role("listbox", name=name)
    expect(listbox).to_be_visible()
    return listbox


def test_typing_shows_suggestions_in_a_combobox_and_announces_their_number(site):
    box = type_into_header_search(site, "Lor")
    listbox = suggestion_list(site)
    options = listbox.get_by_role("option")
    expect(options.first).to_have_accessible_name(re.compile(r"^LoRaWAN\s*,\s*Schlagwort$"))
    count = options.count()
    assert 1 <= count <= 8

    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-autocomplete") == "list"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    status = site.page.locator("[data-suggest-status]")
    assert status.get_attribute("aria-live") == "polite"
    expect(status).to_have_text(f"{count} Vorschläge" if count > 1 else "1 Vorschlag")


def test_down_and_enter_follow_the_highlighted_suggestion(site):
    page = site.page
    box = type_into_header_search(site, "Lor")
    options = suggestion_list(site).get_by_role("option")
    expect(options.first).to_be_visible()

    box.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "header-search-q"
    if options.count() > 1:
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
        assert first.get_attribute("aria-selected") == "false"
        box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")

    # The highlight shows: white on navy, with a gold outline.
    look = first.evaluate(
        "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).outlineStyle]"
    )
    assert look == [NAVY, "solid"]

    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?tag=lorawan$"))
    expect(page.locator(".facet__link[aria-current], .facet [aria-current]").first).to_be_visible()
    assert "LoRaWAN" in page.locator(".search-layout__facets").inner_text()


def test_escape_closes_the_list_and_keeps_what_was_typed(site):
    box = type_into_header_search(site, "Lor")
    listbox = suggestion_list(site)
    box.press("ArrowDown")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "Lor"
    # Down opens it again; a second Escape closes it, a third empties the box.
    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    box.press("Escape")
    box.press("Escape")
    assert box.input_value() == ""


def test_enter_without_a_highlighted_suggestion_searches_for_what_was_typed(site):
    box = type_into_header_search(site, "Lor")
    suggestion_list(site)
    box.press("Enter")
    site.page.wait_for_url(re.compile(r"/search/\?q=Lor$"))
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Suche")


def test_a_click_on_a_suggestion_follows_it(site):
    type_into_header_search(site, "Lor")
    option = suggestion_list(site).get_by_role("option", name=re.compile("Wissensartikel"))
    label = option.locator(".suggestions__label").inner_text()
    option.first.click()
    site.page.wait_for_url(re.compile(r"/wissen/"))
    expect(site.page.get_by_role("heading", level=1)).to_have_text(label)


def test_leaving_the_box_closes_the_list(site):
    type_into_header_search(site, "Lor")
    listbox = suggestion_list(site)
    site.page.keyboard.press("Tab")
    expect(listbox).to_be_hidden()


def test_axe_finds_no_violation_with_the_list_open(site):
    box = type_into_header_search(site, "Lor")
    suggestion_list(site)
    site.assert_accessible()
    box.press("ArrowDown")
    site.assert_accessible()
    site.screenshot("header-suggestions")


def test_the_list_fits_the_narrowest_screen(open_site):
    site = open_site({"width": 320, "height": 640})
    type_into_header_search(site, "Lor")
    suggestion_list(site)
    widths = site.page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    site.screenshot("header-suggestions-320")


def test_typing_asks_the_site_once_per_pause_and_sets_no_cookie(site):
    asked = []
    site.page.on(
        "request",
        lambda request: asked.append(request.url) if "/search/suggest/" in request.url else None,
    )
    # 10 ms between keys, far under the pause of 150 ms: at 40 ms a loaded
    # machine (two suites side by side) once stretched a gap past it.
    type_into_header_search(site, "Lorawan", delay=10)
    suggestion_list(site)
    site.page.wait_for_timeout(300)
    assert len(asked) == 1, asked
    assert urlsplit(asked[0]).query == "q=Lorawan"
    assert site.page.context.cookies() == []


def test_english_interface_announces_and_labels_in_english(site):
    box = type_into_header_search(site, "Lor", path="/en/")
    listbox = suggestion_list(site, name="Suggestions")
    expect(listbox.get_by_role("option").first).to_have_accessible_name(
        re.compile(r"^LoRaWAN\s*,\s*Tag$")
    )
    expect(site.page.locator("[data-suggest-status]")).to_have_text(
        re.compile(r"^(1 suggestion|\d+ suggestions)$")
    )
    site.assert_accessible()
    box.press("ArrowDown")
    box.press("Enter")
    site.page.wait_for_url(re.compile(r"/en/search/\?tag=lorawan$"))


def test_too_little_typed_or_nothing_found_shows_no_list(site):
    box = type_into_header_search(site, "L")
    site.page.wait_for_timeout(400)
    expect(site.page.locator("#header-search-suggestions")).to_be_hidden()
    box.press_sequentially("qxz", delay=40)
    site.page.wait_for_timeout(400)
    expect(site.page.locator("#header-search-suggestions")).to_be_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    expect(site.page.locator("[data-suggest-status]")).to_have_text("")


def test_without_javascript_the_header_search_is_a_plain_search_form(site_without_javascript):
    site = site_without_javascript
    site.visit("/")
    box = site.page.locator("#header-search-q")
    assert box.get_attribute("role") is None
    assert box.get_attribute("aria-expanded") is None
    expect(site.page.locator("#header-search-suggestions")).to_be_hidden()
    box.fill("LoRaWAN")
    box.press("Enter")
    site.page.wait_for_url(re.compile(r"/search/\?q=LoRaWAN$"))
    assert site.page.locator(".search-result").count() >= 1
