"""
The search's facet index (discovery.facet_index) follows every way a page can
change, so the counts readers see never lag behind the pages: editing and
publishing, moving, unpublishing, deleting, a private section, and bulk
writes repaired by `manage.py rebuild_search_facets`.
"""

from django.core.management import call_command

from wagtail.models import PageViewRestriction

import pytest

import factories
from home.models import SearchFacet
from registry.models import FieldOfAction


def facets(client, url="/search/"):
    """{facet: {value slug: count}} as the search page shows them, and the result total."""
    response = client.get(url)
    assert response.status_code == 200
    search = response.context["search"]
    shown = {
        facet.name: {value.value: value.count for value in facet.values} for facet in search.facets
    }
    return shown, search.total


def test_editing_and_publishing_a_project_updates_its_facets(client, site_tree):
    project = site_tree.project
    mobility = FieldOfAction.objects.get(slug="mobilitaet")
    shown, _total = facets(client, "/search/?q=Parkraumsteuerung")
    assert shown["tag"] == {"lorawan": 1, "parken": 1}
    assert "topic" not in shown or "mobilitaet" not in shown["topic"]

    project.tags.remove("Parken")
    project.tags.add("Verkehr")
    project.fields_of_action.add(mobility)
    project.reusable_software = True
    project.save_revision().publish()

    shown, total = facets(client, "/search/?q=Parkraumsteuerung")
    assert total == 1
    assert shown["tag"] == {"lorawan": 1, "verkehr": 1}
    assert shown["topic"] == {"mobilitaet": 1}
    assert shown["reuse"] == {"software": 1}
    assert facets(client, "/search/?q=Parkraumsteuerung&tag=parken")[1] == 0


def test_a_draft_change_does_not_reach_the_facets_before_it_is_published(client, site_tree):
    project = site_tree.project
    project.tags.add("Nur im Entwurf")
    project.save_revision()
    assert facets(client, "/search/?tag=nur-im-entwurf")[1] == 0


def test_moving_a_project_to_another_city_moves_it_and_its_lesson_in_the_city_facet(
    client, site_tree
):
    site_tree.article.related_projects.add(site_tree.project)
    site_tree.article.save_revision().publish()
    before, _total = facets(client, "/search/?q=Sensoren")
    assert before["city"] == {"luebeck": 2}  # the project and its lesson

    site_tree.project.move(site_tree.rostock, pos="last-child")

    after, total = facets(client, "/search/?q=Sensoren")
    assert after["city"] == {"rostock": 2}
    assert total == 2
    # The article draws on the moved project, so it now counts for Rostock.
    _shown, total = facets(client, "/search/?type=article&city=rostock")
    assert total == 1


def test_browse_counts_follow_unpublishing_deleting_and_private_sections(client, site_tree):
    extra = factories.ProjectPageFactory(parent=site_tree.rostock, title="Bürgerportal")
    shown, total = facets(client)  # fills the cache of browse-mode counts
    assert shown["type"]["project"] == 2
    assert shown["city"]["rostock"] == 1

    extra.unpublish()
    shown, after_unpublish = facets(client)
    assert shown["type"]["project"] == 1
    assert "rostock" not in shown["city"]
    assert after_unpublish == total - 1

    PageViewRestriction.objects.create(
        page=site_tree.luebeck, restriction_type=PageViewRestriction.LOGIN
    )
    shown, after_restriction = facets(client)
    assert "project" not in shown["type"]  # Lübeck's project and lesson are private now
    assert after_restriction == after_unpublish - 2

    site_tree.news.delete()
    shown, after_delete = facets(client)
    assert "news" not in shown["type"]
    assert after_delete == after_restriction - 1
    assert not SearchFacet.objects.filter(page_id=site_tree.news.pk).exists()


def test_rebuilding_the_index_restores_what_bulk_writes_bypassed(client, site_tree):
    expected = facets(client, "/search/?q=LoRaWAN")
    rows = set(SearchFacet.objects.values_list("page_id", "facet", "value"))
    SearchFacet.objects.all().delete()
    assert facets(client, "/search/?q=LoRaWAN")[1] == 0  # nothing passes without its rows

    call_command("rebuild_search_facets", verbosity=0)

    assert set(SearchFacet.objects.values_list("page_id", "facet", "value")) == rows
    assert facets(client, "/search/?q=LoRaWAN") == expected


@pytest.mark.parametrize("renamed", ["city", "tag"])
def test_renaming_a_city_or_tag_changes_the_label_but_keeps_the_counts(client, site_tree, renamed):
    if renamed == "city":
        site_tree.luebeck.title = "Hansestadt Lübeck"
        site_tree.luebeck.save_revision().publish()
        label = "Hansestadt Lübeck"
    else:
        tag = site_tree.project.tags.get(slug="parken")
        tag.name = "Parkraum"
        tag.save()
        label = "Parkraum"
    response = client.get("/search/?q=Parkraumsteuerung")
    labels = {
        value.label
        for facet in response.context["search"].facets
        for value in facet.values
        if facet.name == renamed
    }
    assert label in labels


def test_every_searchable_page_type_keeps_its_facets_up_to_date():
    """A page type added to the search without the mixin would never get facet rows."""
    from django.apps import apps

    from core.models import SearchFacetsMixin
    from discovery.facet_index import SEARCHABLE_MODELS
    from discovery.search.types import SEARCH_TYPES

    assert {search_type.key for search_type in SEARCH_TYPES} == set(SEARCHABLE_MODELS)
    for label in SEARCHABLE_MODELS.values():
        assert issubclass(apps.get_model(label), SearchFacetsMixin), label
