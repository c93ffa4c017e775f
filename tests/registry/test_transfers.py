"""Transfers between cities: „übernommen von“ and „nachgenutzt in N Städten“."""

import datetime
import html

from django.core.exceptions import ValidationError

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

import factories
from registry.models import Transfer


def page_text(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def transfers(site_tree):
    """The Lübeck project is adopted by one project in Rostock and one in a third city."""
    third_city = factories.CityPageFactory(parent=site_tree.city_index, title="Wismar")
    rostock_project = factories.ProjectPageFactory(
        parent=site_tree.rostock, title="Parken in Warnemünde"
    )
    wismar_project = factories.ProjectPageFactory(parent=third_city, title="Parken am Hafen")
    draft_project = factories.ProjectPageFactory(
        parent=third_city, title="Geheimer Entwurf", live=False
    )
    for adopting in (rostock_project, wismar_project, draft_project):
        Transfer.objects.create(
            source_project=site_tree.project,
            adopting_project=adopting,
            date=datetime.date(2024, 2, 1),
            effort_person_days=12,
            effort_level="low",
        )
    return rostock_project, wismar_project, draft_project, third_city


def test_source_project_shows_how_many_cities_reuse_it_with_links(client, site_tree, transfers):
    rostock_project, wismar_project, draft_project, _city = transfers
    text = page_text(client, site_tree.project)
    assert "Nachgenutzt in 2 Städten" in text
    assert f'href="{rostock_project.url}"' in text
    assert f'href="{wismar_project.url}"' in text
    # A draft is not published, so it neither counts nor gets a dead link.
    assert draft_project.title not in text


def test_adopting_project_shows_where_it_came_from(client, site_tree, transfers):
    rostock_project = transfers[0]
    text = page_text(client, rostock_project)
    assert "Übernommen von" in text
    assert f'href="{site_tree.project.url}"' in text
    assert "(Lübeck)" in text


def test_city_pages_count_transfers_in_both_directions(client, site_tree, transfers):
    luebeck = page_text(client, site_tree.luebeck)
    assert "Eigene Lösungen nachgenutzt" in luebeck
    assert "2-mal" in luebeck
    rostock = page_text(client, site_tree.rostock)
    assert "Lösungen anderer Städte übernommen</dt><dd>1<" in rostock


def test_project_without_transfers_shows_no_reuse_facts(client, site_tree):
    text = page_text(client, site_tree.project)
    assert "Nachgenutzt in" not in text
    assert "Übernommen von" not in text


def test_a_project_cannot_adopt_itself(site_tree):
    transfer = Transfer(source_project=site_tree.project, adopting_project=site_tree.project)
    with pytest.raises(ValidationError) as error:
        transfer.full_clean()
    assert "nicht von sich selbst" in str(error.value)


def test_a_transfer_connects_two_different_cities(site_tree):
    same_city = factories.ProjectPageFactory(parent=site_tree.luebeck, title="Zweites Projekt")
    transfer = Transfer(source_project=site_tree.project, adopting_project=same_city)
    with pytest.raises(ValidationError) as error:
        transfer.full_clean()
    assert "selben Stadt" in str(error.value)


def test_admin_rejects_a_transfer_within_the_same_city_and_saves_nothing(admin_client, site_tree):
    same_city = factories.ProjectPageFactory(parent=site_tree.luebeck, title="Zweites Projekt")
    payload = nested_form_data(
        {
            "title": same_city.title,
            "slug": same_city.slug,
            "summary": same_city.summary,
            "status": same_city.status,
            "body": streamfield([]),
            "adoption_requirements": rich_text(""),
            "project_contacts": inline_formset([]),
            "adopted_from": inline_formset(
                [{"source_project": site_tree.project.pk, "date": "", "effort_person_days": ""}]
            ),
            "comments": inline_formset([]),
        }
    )
    response = admin_client.post(f"/admin/pages/{same_city.pk}/edit/", payload)
    assert response.status_code == 200  # the form again, not a redirect
    assert "selben Stadt" in html.unescape(response.content.decode())
    assert not Transfer.objects.exists()


def test_overview_counts_transfers_per_city(client, site_tree, transfers):
    """Lübeck's solution went to two published projects; each adopter took over one."""
    import re

    text = html.unescape(client.get("/overview/").content.decode())

    def transfer_cells(city_title):
        row = re.search(rf">{city_title}</a></th>(.*?)</tr>", text, re.S).group(1)
        # The last two cells of the row; the cells before them count projects.
        return [int(value) for value in re.findall(r"<td>(\d+)</td>", row)][-2:]

    assert transfer_cells("Lübeck") == [0, 2]  # adopted, given (the draft does not count)
    assert transfer_cells("Rostock") == [1, 0]
    assert transfer_cells("Wismar") == [1, 0]


@pytest.mark.parametrize("page_name", ["project", "luebeck"])
def test_pages_without_transfers_do_not_join_them(client, site_tree, page_name):
    """
    Most projects and cities have no transfer: their page looks the
    transfers up by index alone and joins nothing to an empty result.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        text = page_text(client, getattr(site_tree, page_name))
    transfer_queries = [q["sql"] for q in captured if "registry_transfer" in q["sql"]]
    assert len(transfer_queries) == 1
    assert "JOIN" not in transfer_queries[0]
    assert "Nachgenutzt in" not in text
