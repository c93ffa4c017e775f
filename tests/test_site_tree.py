"""
The shared site tree is built once per module and shared by its tests; these
tests hold it to its promise that no test sees what an earlier one wrote.
"""

from django.db import connection

import pytest

import factories
from home.models import NewsPage
from registry.models import ProjectPage

ADDED_TITLE = "Nachgetragenes Projekt"


@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_gets_the_tree_as_built_whatever_an_earlier_test_wrote(client, site_tree, run):
    """Both runs check the tree, then change it: the second fails if the first leaked."""
    luebeck_page = client.get(site_tree.luebeck.url).content.decode()
    assert "<title>Lübeck" in luebeck_page
    assert site_tree.luebeck.title == "Lübeck"
    assert not ProjectPage.objects.filter(title=ADDED_TITLE).exists()
    assert NewsPage.objects.filter(pk=site_tree.news.pk).exists()
    assert list(site_tree.project.tags.names().order_by("name")) == ["LoRaWAN", "Parken"]

    site_tree.luebeck.title = "Lübeck (umbenannt)"
    site_tree.luebeck.save_revision().publish()
    factories.ProjectPageFactory(parent=site_tree.rostock, title=ADDED_TITLE)
    site_tree.news.delete()
    site_tree.project.tags.add("Nachgetragen")
    site_tree.project.save()

    assert "<title>Lübeck (umbenannt)" in client.get(site_tree.luebeck.url).content.decode()
    assert ProjectPage.objects.filter(title=ADDED_TITLE).exists()


def test_between_tests_the_database_stays_blocked(site_tree_module):
    """A test that forgot `db` fails, instead of writing outside a savepoint."""
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        connection.cursor()
