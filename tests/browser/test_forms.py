"""
Refused input as keyboard and screen reader users meet it: the reuse request
(„Wir möchten das nachnutzen“, on its own page linked from the project page)
sent empty and with bad values, and a search link with a filter value the
site does not know; German under /, English under /en/.

After a refused request the page must say so in its title, put focus on the
list of problems (which links to each field), mark every field in error with
aria-invalid and describe it by its message, keep what was typed, store
nothing, and pass axe.
"""

import re

import pytest
from playwright.sync_api import expect

from registry.models import ReuseRequest

pytestmark = pytest.mark.browser

TEXTS = {
    "de": {
        "title": "Fehler:",
        "summary": "Die Anfrage wurde nicht gesendet. Bitte prüfen Sie:",
        "name": "Bitte geben Sie Ihren Namen an.",
        "municipality": "Bitte geben Sie Ihre Kommune oder Behörde an.",
        "email": "Bitte geben Sie Ihre E-Mail-Adresse an.",
        "email_invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@stadt.de.",
        "message": "Bitte schreiben Sie eine kurze Nachricht.",
        "message_too_long": "Die Nachricht darf höchstens 3000 Zeichen lang sein.",
        "consent": "Ohne Ihre Einwilligung können wir die Anfrage nicht weitergeben.",
        "unknown_status": "Der Filter „Projektstatus“ kennt den Wert „kaputt“ nicht "
        "und wurde ignoriert.",
        "unknown_kind": "Unbekannte Art „kaputt“ wurde ignoriert.",
    },
    "en": {
        "title": "Error:",
        "summary": "The request was not sent. Please check:",
        "name": "Please enter your name.",
        "municipality": "Please enter your municipality or authority.",
        "email": "Please enter your e-mail address.",
        "email_invalid": "Please enter a valid e-mail address, e.g. name@city.de.",
        "message": "Please write a short message.",
        "message_too_long": "The message may be at most 3000 characters long.",
        "consent": "Without your consent we cannot pass on the request.",
        "unknown_status": "The filter “Project status” does not know the value “kaputt” "
        "and was ignored.",
        "unknown_kind": "Unknown kind “kaputt” was ignored.",
    },
}
FIELDS = ["name", "municipality", "email", "message", "consent_to_contact"]
SUBMIT = "#nachnutzen button[type=submit]"
# The project page's call to action leads to the form's own page.
FORM_LINK = "a[href$='/nachnutzen/']"


def submit_with_enter(site):
    """Press Enter on the focused control and return the response to the POST."""
    with site.page.expect_navigation() as navigation:
        site.page.keyboard.press("Enter")
    return navigation.value


def assert_refused_and_announced(site, *, language, errors):
    """
    The page after a refused request: `errors` maps each field in error to its
    message (in the order of the form); every other field is not marked.
    """
    page = site.page
    texts = TEXTS[language]
    assert page.locator("html").get_attribute("lang") == language
    assert page.title().startswith(texts["title"] + " ")

    # Focus starts on the list of problems, which a screen reader reads out.
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    assert site.focused()["on_screen"]
    expect(summary).to_contain_text(texts["summary"])
    links = summary.get_by_role("link")
    assert links.count() == len(errors)
    for link, (field, message) in zip(links.all(), errors.items(), strict=True):
        assert link.get_attribute("href") == f"#id_{field}"
        assert message in link.locator("xpath=..").inner_text()

    for field in FIELDS:
        control = page.locator(f"#id_{field}")
        if field in errors:
            expect(control).to_have_attribute("aria-invalid", "true")
            expect(control).to_have_accessible_description(re.compile(re.escape(errors[field])))
        else:
            expect(control).not_to_have_attribute("aria-invalid", "true")
    site.assert_accessible()


@pytest.mark.parametrize("language", ["de", "en"])
def test_empty_reuse_request_is_refused_with_errors_announced(site, demo_path, language):
    stored = ReuseRequest.objects.count()
    site.visit(demo_path("project", english=language == "en"))
    site.tab_to(FORM_LINK)
    submit_with_enter(site)
    assert site.page.url.endswith(demo_path("reuse_request", english=language == "en"))
    site.tab_to(SUBMIT)
    response = submit_with_enter(site)

    assert response.status == 400
    texts = TEXTS[language]
    errors = {
        "name": texts["name"],
        "municipality": texts["municipality"],
        "email": texts["email"],
        "message": texts["message"],
        "consent_to_contact": texts["consent"],
    }
    assert_refused_and_announced(site, language=language, errors=errors)
    site.screenshot(f"reuse-request-empty-{language}")

    # The first link of the list takes the keyboard to the first field in error.
    site.page.keyboard.press("Tab")
    site.page.keyboard.press("Enter")
    expect(site.page.locator("#id_name")).to_be_focused()
    assert ReuseRequest.objects.count() == stored


@pytest.mark.parametrize("language", ["de", "en"])
def test_reuse_request_with_bad_values_keeps_the_input_and_stores_nothing(
    site, demo_path, language
):
    stored = ReuseRequest.objects.count()
    site.visit(demo_path("reuse_request", english=language == "en"))
    page = site.page
    site.tab_to("#id_name")
    page.keyboard.type("Max Muster")
    page.keyboard.press("Tab")
    page.keyboard.type("Hansestadt Greifswald")
    page.keyboard.press("Tab")
    page.keyboard.type("keine-adresse")
    page.keyboard.press("Tab")
    # The browser stops typing at maxlength="3000"; a client that ignores it
    # (or a pasted text whose line breaks count twice) reaches the server check.
    page.locator("#id_message").evaluate("el => el.removeAttribute('maxlength')")
    page.keyboard.insert_text("Parkraum " * 334)  # 3006 characters
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("#id_consent_to_contact")).to_be_checked()
    site.tab_to(SUBMIT)
    response = submit_with_enter(site)

    assert response.status == 400
    texts = TEXTS[language]
    assert_refused_and_announced(
        site,
        language=language,
        errors={"email": texts["email_invalid"], "message": texts["message_too_long"]},
    )
    # What was typed is still there to correct.
    expect(page.locator("#id_name")).to_have_value("Max Muster")
    expect(page.locator("#id_email")).to_have_value("keine-adresse")
    expect(page.locator("#id_consent_to_contact")).to_be_checked()
    site.screenshot(f"reuse-request-invalid-{language}")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#id_email")).to_be_focused()
    assert ReuseRequest.objects.count() == stored


@pytest.mark.parametrize("language", ["de", "en"])
def test_search_ignores_an_unknown_filter_value_with_a_status_notice(site, demo_path, language):
    search = demo_path("search", english=language == "en")  # ?q=Sensor
    site.visit(search + "&status=kaputt")
    page = site.page

    notice = page.get_by_role("status")
    expect(notice).to_have_text(re.compile(re.escape(TEXTS[language]["unknown_status"])))
    # The search goes on without the filter: results, and the value not carried on.
    assert page.locator(".search-result").count() >= 1
    expect(page.locator("#search-q")).to_have_value("Sensor")
    assert page.locator("form[role=search] input[name=status]").count() == 0
    site.assert_accessible()

    site.tab_to("#search-q")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("LoRaWAN")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=LoRaWAN"))
    assert "kaputt" not in page.url
    expect(page.get_by_role("status")).to_have_count(0)


@pytest.mark.parametrize("language", ["de", "en"])
def test_lessons_finder_ignores_an_unknown_kind_with_a_status_notice(site, demo_path, language):
    site.visit(demo_path("lessons", english=language == "en") + "?kind=kaputt")
    notice = site.page.get_by_role("status")
    expect(notice).to_have_text(re.compile(re.escape(TEXTS[language]["unknown_kind"])))
    site.assert_accessible()
