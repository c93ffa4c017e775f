"""
Suggestions while typing (/search/suggest/?q=…) and "Meinten Sie …?" on the
search page, both from the registry's own vocabulary: titles of published
pages, their tags, the fields of action and the cities.
"""

import html
import re

from django.db import transaction

import pytest

import factories
from discovery.search.suggestions import did_you_mean, suggestions
from registry.choices import ProjectStatus
from registry.models import FieldOfAction

# Enough projects sharing a word to fill more than one list of suggestions.
TEST_FIELD_PROJECTS = 10


def add_vocabulary(tree):
    tree.streetlights = factories.ProjectPageFactory(
        parent=tree.rostock,
        title="Smarte Straßenbeleuchtung",
        tags=["Straßenbeleuchtung", "LoRaWAN"],
    )
    tree.participation = factories.ProjectPageFactory(
        parent=tree.rostock,
        title="Bürgerbeteiligung im Stadtteil",
        status=ProjectStatus.PILOT,
        tags=["Beteiligung"],
    )
    tree.parking = factories.ProjectPageFactory(
        parent=tree.luebeck, title="Freie Parkplatz-Anzeige am Bahnhof"
    )
    tree.harbour = factories.ProjectPageFactory(
        parent=tree.luebeck, title="Parkraumsensoren am Hafen"
    )
    tree.test_field_projects = [
        factories.ProjectPageFactory(parent=tree.luebeck, title=f"Testfeld Hafen {number}")
        for number in range(TEST_FIELD_PROJECTS)
    ]
    tree.draft = factories.ProjectPageFactory(
        parent=tree.rostock,
        title="Lorawan-Zentrale geheim",
        live=False,
        tags=["Entwurfsschlagwort"],
    )
    return tree


@pytest.fixture(scope="module")
def site_tree_module(site_tree_module, django_db_blocker):
    """The shared tree and the pages above, built once for this module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        return add_vocabulary(site_tree_module)


def suggest(client, query, *, prefix=""):
    response = client.get(f"{prefix}/search/suggest/", {"q": query})
    assert response.status_code == 200
    return response.json()["suggestions"]


def labels(found):
    return [suggestion["label"] for suggestion in found]


# --------------------------------------------------------------------------
# Suggestions
# --------------------------------------------------------------------------


def test_a_word_start_suggests_the_tag_first_then_titles_starting_with_it(client, site_tree):
    found = suggest(client, "Lor")
    assert found[0] == {"label": "LoRaWAN", "kind": "Schlagwort", "url": "/search/?tag=lorawan"}
    assert found[1] == {
        "label": "LoRaWAN-Netz ausschreiben",
        "kind": "Wissensartikel",
        "url": site_tree.article.url,
    }
    # "Rostock funkt stadtweit" says LoRaWAN only in its teaser: titles are matched.
    assert labels(found) == ["LoRaWAN", "LoRaWAN-Netz ausschreiben"]


def test_any_word_of_a_title_can_be_typed_and_spelling_does_not_matter(client, site_tree):
    for typed in ("straßenb", "strassenb", "STRASSENBELEUCHTUNG"):
        assert labels(suggest(client, typed)) == [
            "Straßenbeleuchtung",
            "Smarte Straßenbeleuchtung",
        ], typed
    for typed in ("bür", "bur", "buer", "Buergerbet"):
        assert labels(suggest(client, typed)) == ["Bürgerbeteiligung im Stadtteil"], typed
    # A piece of a hyphenated word is a word too.
    assert "Freie Parkplatz-Anzeige am Bahnhof" in labels(suggest(client, "anzeige"))


def test_a_part_of_a_compound_finds_the_compound_after_the_words_starting_with_it(
    client, site_tree
):
    for typed in ("sensoren", "Sens"):
        # Titles with a word starting so come first.
        assert labels(suggest(client, typed)) == [
            "Sensoren im Winter testen",
            "Parkraumsensoren am Hafen",
        ], typed
    assert "Parkraumsensoren am Hafen" in labels(suggest(client, "raum"))


def test_several_words_narrow_the_suggestions_in_any_order(client, site_tree):
    assert labels(suggest(client, "smarte stra")) == ["Smarte Straßenbeleuchtung"]
    assert labels(suggest(client, "stra smarte")) == ["Smarte Straßenbeleuchtung"]
    assert suggest(client, "smarte parkhaus") == []


def test_cities_and_fields_of_action_lead_to_the_filtered_search(client, site_tree):
    found = suggest(client, "Ros")
    assert found[0] == {"label": "Rostock", "kind": "Stadt", "url": "/search/?city=rostock"}
    assert "Rostock funkt stadtweit" in labels(found)
    mobility = FieldOfAction.objects.get(slug="mobilitaet")
    assert {
        "label": mobility.name,
        "kind": "Handlungsfeld",
        "url": "/search/?topic=mobilitaet",
    } in (suggest(client, "mobil"))


def test_every_suggestion_leads_to_a_page_with_what_it_names(client, site_tree):
    for suggestion in suggest(client, "Lor") + suggest(client, "Ros"):
        response = client.get(suggestion["url"])
        assert response.status_code == 200, suggestion
        text = html.unescape(response.content.decode())
        assert suggestion["label"] in text, suggestion


def test_at_most_eight_suggestions_shorter_first(client, site_tree):
    factories.LessonPageFactory(parent=site_tree.project, title="Testfeldgrenzen beachten")
    found = labels(suggest(client, "testf"))
    # The lesson's title is longer than the projects' titles.
    assert found == [f"Testfeld Hafen {number}" for number in range(8)]


def test_drafts_and_their_tags_are_never_suggested(client, site_tree):
    assert "Lorawan-Zentrale geheim" not in labels(suggest(client, "lora"))
    assert suggest(client, "Entwurfs") == []


def test_a_private_section_is_never_suggested(client, site_tree):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=site_tree.rostock, restriction_type=PageViewRestriction.LOGIN
    )
    assert suggest(client, "Smarte") == []
    assert suggest(client, "Straßenbeleuchtung") == []  # the tag only the private page had


def test_a_published_page_is_suggested_at_once_and_an_unpublished_one_no_longer(client, site_tree):
    assert suggest(client, "Zisterne") == []
    project = factories.ProjectPageFactory(parent=site_tree.luebeck, title="Zisternen-Monitoring")
    assert labels(suggest(client, "Zisterne")) == ["Zisternen-Monitoring"]
    project.unpublish()
    assert suggest(client, "Zisterne") == []


def test_a_deleted_page_is_no_longer_suggested(client, site_tree):
    assert labels(suggest(client, "Freie Park")) == ["Freie Parkplatz-Anzeige am Bahnhof"]
    site_tree.parking.delete()
    assert suggest(client, "Freie Park") == []


def test_a_renamed_city_is_suggested_by_its_new_name(client, site_tree):
    assert labels(suggest(client, "Hansestadt Ros")) == []
    site_tree.rostock.title = "Hansestadt Rostock"
    site_tree.rostock.save_revision().publish()
    found = suggest(client, "Hansestadt Ros")
    assert found == [
        {"label": "Hansestadt Rostock", "kind": "Stadt", "url": "/search/?city=rostock"}
    ]


def test_a_renamed_field_of_action_is_suggested_by_its_new_name(client, site_tree):
    field = FieldOfAction.objects.get(slug="mobilitaet")
    suggest(client, "Verkehrswende")  # the vocabulary as it was
    field.name = "Mobilität und Verkehrswende"
    field.save()
    assert labels(suggest(client, "Verkehrswende")) == ["Mobilität und Verkehrswende"]


def test_english_interface_names_kinds_in_english_and_links_to_english_pages(client, site_tree):
    article_url = site_tree.article.url
    found = suggest(client, "Lor", prefix="/en")
    assert found[0] == {"label": "LoRaWAN", "kind": "Tag", "url": "/en/search/?tag=lorawan"}
    assert found[1]["kind"] == "Knowledge article"
    assert found[1]["url"] == "/en" + article_url


def test_the_answer_is_json_cacheable_and_sets_no_cookie(client, site_tree):
    response = client.get("/search/suggest/", {"q": "Lor"})
    assert response["Content-Type"] == "application/json"
    assert response.json()["query"] == "Lor"
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert not response.cookies
    assert "sessionid" not in client.cookies and "csrftoken" not in client.cookies


@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "q=",
        "q=L",
        "q=%20%20L%20",
        "q=" + "Lora" * 2500,
        "q=Lor%00a",
        "q=%00",
        "q=%FF%FE",
        "q=%ED%A0%80",
        "q=%C3%28Lor",
        "q=%E2%80%8B",
        "q=Lor&q=Ros",
        "q=*",
        "q=%22Lor",
        "q=%25",
        "q=Lor-",
        "q=---",
        "q=%CC%88%CC%88",  # combining marks only
    ],
)
def test_bad_input_gets_suggestions_or_none_never_an_error(client, site_tree, query_string):
    response = client.get("/search/suggest/?" + query_string)
    assert response.status_code == 200
    data = response.json()
    assert len(data["suggestions"]) <= 8
    assert len(data["query"]) <= 200
    assert "\x00" not in data["query"]


def test_short_or_empty_input_suggests_nothing(client, site_tree):
    assert suggest(client, "") == []
    assert suggest(client, "L") == []
    assert suggest(client, "Lo") != []


def test_only_get_is_answered(client, site_tree):
    assert client.post("/search/suggest/", {"q": "Lor"}).status_code == 405


def test_after_the_first_a_suggestion_costs_two_small_queries(
    client, site_tree, django_assert_num_queries
):
    suggest(client, "Lor")  # builds the vocabulary
    # The fingerprint: the newest rows of a few tables, and the fields of action.
    with django_assert_num_queries(2):
        suggest(client, "Sma")


def test_functions_take_keyword_arguments_and_a_limit(site_tree):
    assert [s.label for s in suggestions(prefix="testfeld", limit=3)] == [
        "Testfeld Hafen 0",
        "Testfeld Hafen 1",
        "Testfeld Hafen 2",
    ]
    assert suggestions(prefix="testfeld", limit=0) == []


# --------------------------------------------------------------------------
# "Meinten Sie …?"
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Lorwan", "LoRaWAN"),
        ("lorawn", "LoRaWAN"),
        ("Strasenbeleuchtung", "Straßenbeleuchtung"),
        ("Bürgerbeteiligng", "Bürgerbeteiligung"),
        ("Buergerbeteiligng", "Bürgerbeteiligung"),
        ("Rostok", "Rostock"),
        ("Strasenbeleuchtnug", "Straßenbeleuchtung"),  # a letter missing, two swapped
        ("Sensoren im Wnter", "Sensoren im Winter"),
        ("Lorwan-Netz ausschreiben", "LoRaWAN-Netz ausschreiben"),
        # Known words stay as typed, punctuation too.
        ("„Smarte Strasenbeleuchtung“", "„Smarte Straßenbeleuchtung“"),
    ],
)
def test_did_you_mean_replaces_unknown_words_by_the_closest_known(site_tree, query, expected):
    assert did_you_mean(query=query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "LoRaWAN",
        "lorawan",
        "Smarte Straßenbeleuchtung",
        "Parkplätze",  # an inflection of "Parkplatz"
        "Bürger",  # a word start
        "xqzvwj",  # nothing close
        "Lorxxn",  # three edits from LoRaWAN, two allowed
        "Rstck",  # two edits from Rostock, one allowed for five letters
        "2024",
        "am",
        "",
        "\x00",
    ],
)
def test_did_you_mean_leaves_known_or_hopeless_queries_alone(site_tree, query):
    assert did_you_mean(query=query) is None


def search_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


CORRECTION = re.compile(r'<p class="search-correction">(.*?)</p>', re.S)


def test_search_page_offers_the_corrected_query_with_the_same_filters(client, site_tree):
    text = search_text(client, "/search/?q=Strasenbeleuchtung&city=rostock&type=project")
    [correction] = CORRECTION.findall(text)
    assert correction == (
        'Meinten Sie <a href="?q=Stra%C3%9Fenbeleuchtung&amp;type=project&amp;city=rostock">'
        "Straßenbeleuchtung</a>?"
    )
    followed = search_text(client, "/search/?q=Stra%C3%9Fenbeleuchtung&type=project&city=rostock")
    assert "Smarte Straßenbeleuchtung" in html.unescape(followed)
    assert not CORRECTION.findall(followed)


def test_search_page_offers_the_correction_in_english(client, site_tree):
    text = search_text(client, "/en/search/?q=Bürgerbeteiligng")
    [correction] = CORRECTION.findall(text)
    # The word comes from the German content, and is marked so.
    assert correction == (
        'Did you mean <a href="?q=B%C3%BCrgerbeteiligung">'
        '<span lang="de">Bürgerbeteiligung</span></a>?'
    )


def test_correction_text_is_escaped(client, site_tree):
    text = search_text(client, "/search/?q=%3Cb%3ELorwan")
    [correction] = CORRECTION.findall(text)
    assert "&lt;b&gt;LoRaWAN" in correction
    assert "<b>" not in correction


def test_no_correction_for_known_words(client, site_tree):
    assert not CORRECTION.findall(search_text(client, "/search/?q=Smarte"))
    assert not CORRECTION.findall(search_text(client, "/search/?q=xqzvwj"))
