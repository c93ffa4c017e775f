"""
Editors get a clear German message, and nothing is stored, when a city or
project carries an impossible official fact. Tested through the Wagtail admin
page-create form over HTTP, as an editor meets it.
"""

import html

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

import factories
from registry.models import CityPage, ProjectPage


def city_form(**overrides):
    return factories.city_create_form(**overrides)


def project_form(**overrides):
    data = {
        "title": "Offene Haushaltsdaten",
        "slug": "haushaltsdaten",
        "summary": "Der Haushalt als offene Daten und Grafiken.",
        "status": "pilot",
        "tags": "Open Data, Haushalt",
        "start_date": "2022-01-01",
        "end_date": "2023-06-30",
        "body": streamfield([]),
        "funding_source": "Eigenmittel",
        "repository_url": "https://opencode.example.org/haushalt",
        "licence": "EUPL-1.2",
        "adoption_requirements": rich_text("<p>Ein Haushaltsexport als CSV.</p>"),
        "project_contacts": inline_formset([]),
        "adopted_from": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_city(client, parent, data):
    return client.post(f"/admin/pages/add/registry/citypage/{parent.pk}/", data)


def add_project(client, city, data):
    return client.post(f"/admin/pages/add/registry/projectpage/{city.pk}/", data)


def shown_text(response):
    return html.unescape(response.content.decode())


class TestCityCreateForm:
    def test_a_valid_city_is_published(self, admin_client, site_tree):
        response = add_city(admin_client, site_tree.city_index, city_form())
        assert response.status_code == 302, response.context["form"].errors
        city = CityPage.objects.get(slug="stralsund")
        assert city.live
        assert city.municipality_key == "13073088"
        assert city.get_parent().specific == site_tree.city_index

    @pytest.mark.parametrize(
        ("key", "message"),
        [
            ("1307308", "Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern"),
            ("13O73O88", "Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern"),
            (
                "99073088",
                "„99073088“ ist kein gültiger Gemeindeschlüssel: Die ersten beiden "
                "Ziffern (99) bezeichnen kein Bundesland",
            ),
        ],
    )
    def test_a_malformed_municipality_key_is_refused(self, admin_client, site_tree, key, message):
        response = add_city(admin_client, site_tree.city_index, city_form(municipality_key=key))
        assert response.status_code == 200  # the form again, not a redirect
        assert message in shown_text(response)
        assert not CityPage.objects.filter(slug="stralsund").exists()

    def test_a_key_from_another_federal_state_is_refused(self, admin_client, site_tree):
        # 01… is Schleswig-Holstein, but the form says Mecklenburg-Vorpommern.
        response = add_city(
            admin_client,
            site_tree.city_index,
            city_form(municipality_key="01073088", federal_state="13"),
        )
        assert response.status_code == 200
        assert (
            "Der Gemeindeschlüssel 01073088 gehört zu Schleswig-Holstein, die Stadt liegt laut "
            "Angabe aber in Mecklenburg-Vorpommern." in shown_text(response)
        )
        assert not CityPage.objects.filter(slug="stralsund").exists()

    def test_a_key_already_used_by_another_city_is_refused(self, admin_client, site_tree):
        response = add_city(
            admin_client, site_tree.city_index, city_form(municipality_key="13003000")
        )
        assert response.status_code == 200
        assert "municipality_key" in response.context["form"].errors
        assert not CityPage.objects.filter(slug="stralsund").exists()


class TestProjectCreateForm:
    def test_a_valid_project_is_published_under_its_city(self, admin_client, site_tree):
        response = add_project(admin_client, site_tree.luebeck, project_form())
        assert response.status_code == 302, response.context["form"].errors
        project = ProjectPage.objects.get(slug="haushaltsdaten")
        assert project.live
        assert project.city == site_tree.luebeck
        assert sorted(tag.name for tag in project.tags.all()) == ["Haushalt", "Open Data"]

    def test_an_unknown_licence_is_refused(self, admin_client, site_tree):
        response = add_project(admin_client, site_tree.luebeck, project_form(licence="FOO-1.0"))
        assert response.status_code == 200
        assert "Unbekannte SPDX-Lizenz: FOO-1.0." in shown_text(response)
        assert not ProjectPage.objects.filter(slug="haushaltsdaten").exists()

    def test_a_licence_expression_is_stored_in_its_canonical_spelling(
        self, admin_client, site_tree
    ):
        response = add_project(
            admin_client, site_tree.luebeck, project_form(licence="apache-2.0 or mit")
        )
        assert response.status_code == 302, response.context["form"].errors
        project = ProjectPage.objects.get(slug="haushaltsdaten")
        assert project.licence == "Apache-2.0 OR MIT"
        assert project.get_latest_revision_as_object().licence == "Apache-2.0 OR MIT"

    def test_an_end_before_the_start_is_refused(self, admin_client, site_tree):
        response = add_project(
            admin_client,
            site_tree.luebeck,
            project_form(start_date="2023-06-30", end_date="2022-01-01"),
        )
        assert response.status_code == 200
        assert (
            "Das Ende (01.01.2022) liegt vor dem Beginn (30.06.2023). Bitte die Daten prüfen."
            in shown_text(response)
        )
        assert not ProjectPage.objects.filter(slug="haushaltsdaten").exists()
