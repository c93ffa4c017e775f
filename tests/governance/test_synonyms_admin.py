"""
The synonyms are the alliance administration's: its group maintains them in
the admin ("Synonyme"); the cities' editors and approvers and the press get
no menu item and are refused on every view, also by a hand-made POST.
"""

import html

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from core.models import SynonymGroup
from core.search.synonyms import synonym_expansions

from .conftest import client_for

LISTING = "/admin/snippets/core/synonymgroup/"
CITY_ROLES = ("editor", "moderator", "rostock_moderator", "press")


@pytest.fixture
def parking(gov):
    return SynonymGroup.objects.create(terms="Parken\nParkraum\nParkplatz", note="Verkehr")


def refused(response) -> bool:
    """Wagtail's refusal: a redirect to the dashboard (with its message) or 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def menu_offers_synonyms(client) -> bool:
    """The admin menu is JSON in the dashboard; each item names its URL."""
    return LISTING in html.unescape(client.get(reverse("wagtailadmin_home")).text)


@pytest.mark.django_db
class TestCityRolesAreRefused:
    @pytest.mark.parametrize("role", CITY_ROLES)
    def test_no_menu_item(self, gov, client, role):
        assert not menu_offers_synonyms(client_for(client, gov.users[role]))

    @pytest.mark.parametrize("role", CITY_ROLES)
    def test_listing_form_and_delete_confirmation_are_refused(self, gov, client, parking, role):
        client_for(client, gov.users[role])
        for path in (
            LISTING,
            f"{LISTING}results/",
            f"{LISTING}?q=Parken",
            f"{LISTING}add/",
            f"{LISTING}edit/{parking.pk}/",
            f"{LISTING}delete/{parking.pk}/",
            f"{LISTING}history/{parking.pk}/",
        ):
            response = client.get(path)
            assert refused(response), (path, response.status_code)
            assert "Parkraum" not in response.text, path

    @pytest.mark.parametrize("role", CITY_ROLES)
    def test_a_crafted_post_changes_nothing(self, gov, client, parking, role):
        client_for(client, gov.users[role])
        bulk_delete = reverse("wagtail_bulk_action", args=("core", "synonymgroup", "delete"))
        posts = [
            (f"{LISTING}add/", {"terms": "Auto, Kfz"}, {}),
            (f"{LISTING}edit/{parking.pk}/", {"terms": "Parken, Falschparken", "note": ""}, {}),
            (f"{LISTING}delete/{parking.pk}/", {}, {}),
            # The listing's bulk delete: 404, as it finds no record the user may see.
            (bulk_delete, {}, {"id": parking.pk}),
        ]
        for path, data, query in posts:
            response = client.post(path, data, query_params=query)
            assert refused(response) or response.status_code == 404, (path, response.status_code)
        assert list(SynonymGroup.objects.values_list("terms", flat=True)) == [parking.terms]

    def test_no_city_group_holds_a_right_on_synonyms(self, gov):
        holders = Group.objects.filter(permissions__content_type__model="synonymgroup")
        assert list(holders.distinct().values_list("name", flat=True)) == [
            "Verbund – Administration"
        ]


@pytest.mark.django_db
class TestTheAllianceMaintainsThem:
    def test_menu_item_and_search_in_the_listing(self, gov, client, parking):
        SynonymGroup.objects.create(terms="Bürgerbeteiligung\nPartizipation")
        client_for(client, gov.users["alliance"])
        assert menu_offers_synonyms(client)
        listing = client.get(LISTING)
        assert "Parken ~ Parkraum ~ Parkplatz" in listing.text
        assert "Bürgerbeteiligung ~ Partizipation" in listing.text
        found = client.get(LISTING, {"q": "parkraum"})
        assert "Parken ~ Parkraum ~ Parkplatz" in found.text
        assert "Partizipation" not in found.text

    def test_create_edit_and_delete(self, gov, client):
        client_for(client, gov.users["alliance"])
        response = client.post(
            f"{LISTING}add/", {"terms": "Ladesäule\nLadestation\nLadepunkt", "note": ""}
        )
        assert response.status_code == 302
        synonyms = SynonymGroup.objects.get()
        assert synonym_expansions(stems=("ladesaul",)) == [("ladestation",), ("ladepunkt",)]

        response = client.post(
            f"{LISTING}edit/{synonyms.pk}/",
            {"terms": "Ladesäule, Ladestation, Stromtankstelle", "note": "E-Mobilität"},
        )
        assert response.status_code == 302
        synonyms.refresh_from_db()
        assert synonyms.terms == "Ladesäule\nLadestation\nStromtankstelle"
        assert synonym_expansions(stems=("ladesaul",)) == [("ladestation",), ("stromtankstell",)]

        response = client.post(f"{LISTING}delete/{synonyms.pk}/")
        assert response.status_code == 302
        assert not SynonymGroup.objects.exists()
        assert synonym_expansions(stems=("ladesaul",)) == []

    @pytest.mark.parametrize(
        ("terms", "message"),
        [
            ("Parken", "Eine Gruppe braucht mindestens 2 Begriffe (gefunden: 1)."),
            (
                "Parken\n" + "Parkraumbewirtschaftung" * 5,
                "ist 115 Zeichen lang; ein Begriff hat höchstens 60.",
            ),
            ("Parken\nParkplatz\nparken", "„parken“ steht schon als „Parken“ in der Gruppe."),
        ],
    )
    def test_invalid_input_stores_nothing_and_says_why(self, gov, client, parking, terms, message):
        client_for(client, gov.users["alliance"])
        for path in (f"{LISTING}add/", f"{LISTING}edit/{parking.pk}/"):
            response = client.post(path, {"terms": terms, "note": "geändert"})
            assert response.status_code == 200, path
            assert message in html.unescape(response.text), path
        assert list(SynonymGroup.objects.values_list("terms", "note")) == [
            (parking.terms, "Verkehr")
        ]
        assert synonym_expansions(stems=("park",)) == [("parkraum",), ("parkplatz",)]
