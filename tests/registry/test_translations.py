"""
The registry's pages in English, translated through wagtail-localize's own
code (`translate_object`, and the admin views an editor clicks): a city, a
project with its lessons, and a translation pre-filled by machine. What an
editor and a reader notice: the English pages sit in the English tree under
the English city, carry that city, and the German pages stay as they were.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from wagtail.models import Locale, Page

import pytest

import factories
from governance.services import governance_ensure_all
from home.models import HomePage
from knowledge.models import LessonPage
from registry.models import CityIndexPage, CityPage, ProjectPage

pytestmark = pytest.mark.django_db


def english(page) -> bool:
    return page.locale.language_code == "en"


def test_a_translated_city_sits_in_the_english_tree_with_its_key(site_tree):
    luebeck_en = factories.translation_of(site_tree.luebeck)

    assert english(luebeck_en) and luebeck_en.live
    parent = luebeck_en.get_parent().specific
    assert isinstance(parent, CityIndexPage) and english(parent)
    assert HomePage.objects.filter(locale__language_code="en", pk__in=luebeck_en.get_ancestors())
    assert luebeck_en.municipality_key == "01003000"
    assert luebeck_en.url == "/en/staedte/luebeck/"
    german = CityPage.objects.get(pk=site_tree.luebeck.pk)
    assert (german.title, german.locale.language_code, german.live) == ("Lübeck", "de", True)
    assert german.url == "/staedte/luebeck/"


def test_no_second_city_takes_a_key_in_any_language(site_tree):
    factories.translation_of(site_tree.luebeck)
    rostock_en = factories.translation_of(site_tree.rostock)

    rostock_en.municipality_key = "01003000"
    with pytest.raises(ValidationError) as refused:
        rostock_en.full_clean()
    assert "Der Gemeindeschlüssel 01003000 gehört schon zu „Lübeck“" in str(refused.value)
    site_tree.rostock.municipality_key = "01003000"
    with pytest.raises(ValidationError):
        site_tree.rostock.full_clean()


def test_the_key_is_not_offered_for_translation(site_tree):
    """A translator changes words, not the municipality a city is."""
    from wagtail_localize.models import StringSegment, TranslationSource

    factories.translation_of(site_tree.luebeck)
    source = TranslationSource.objects.get(object_id=site_tree.luebeck.translation_key)
    paths = set(StringSegment.objects.filter(source=source).values_list("context__path", flat=True))
    assert "official_name" in paths
    assert "municipality_key" not in paths


def test_a_project_and_its_lessons_belong_to_the_english_city(site_tree):
    luebeck_en = factories.translation_of(site_tree.luebeck)
    project_en = factories.translation_of(site_tree.project)
    lesson_en = factories.translation_of(site_tree.lesson)

    assert english(project_en) and project_en.live
    assert project_en.get_parent().pk == luebeck_en.pk
    assert project_en.city_id == luebeck_en.pk
    assert lesson_en.get_parent().pk == project_en.pk and lesson_en.city_id == luebeck_en.pk
    assert project_en.url == "/en/staedte/luebeck/parkraum/"
    project_de = ProjectPage.objects.get(pk=site_tree.project.pk)
    lesson_de = LessonPage.objects.get(pk=site_tree.lesson.pk)
    assert project_de.city_id == site_tree.luebeck.pk == lesson_de.city_id
    assert project_de.title == "Digitale Parkraumsteuerung"
    assert project_de.get_parent().pk == site_tree.luebeck.pk


def test_a_project_translated_before_its_city_gets_the_city_as_alias(site_tree):
    """wagtail-localize copies untranslated parents as aliases; the project is still Lübeck's."""
    project_en = factories.translation_of(site_tree.project)

    city_en = CityPage.objects.get(locale__language_code="en")
    assert city_en.alias_of_id == site_tree.luebeck.pk
    assert project_en.city_id == city_en.pk
    assert city_en.municipality_key == "01003000"


# --------------------------------------------------------------------------
# In the admin: a city's moderator translates, pre-fills by machine, publishes
# --------------------------------------------------------------------------


@pytest.fixture
def luebeck_roles(site_tree):
    governance = governance_ensure_all()
    users = {}
    for role, group in (
        ("moderator", governance["luebeck"].moderators),
        ("rostock_editor", governance["rostock"].editors),
    ):
        user = get_user_model().objects.create_user(role, email=f"{role}@stadt.example")
        user.groups.add(group)
        users[role] = user
    return users


def test_machine_prefill_translates_a_project_that_readers_then_see_in_english(
    client, site_tree, luebeck_roles, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringTranslation, Translation

    client.force_login(luebeck_roles["moderator"])
    english_locale = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/localize/submit/page/{site_tree.project.pk}/",
            {"locales": [english_locale.pk]},
        )
    assert response.status_code == 302
    project_en = site_tree.project.get_translation(english_locale)
    translation = Translation.objects.get(
        source__object_id=site_tree.project.translation_key, target_locale=english_locale
    )

    response = client.post(
        f"/admin/localize/translate/{translation.pk}/machine_translate/",
        {"next": f"/admin/pages/{project_en.pk}/edit/"},
    )
    assert response.status_code == 302
    machine = StringTranslation.objects.filter(
        locale=english_locale, translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
    )
    # wagtail-localize's DummyTranslator (test settings) reverses the words.
    assert "Parkraumsteuerung Digitale" in machine.values_list("data", flat=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{project_en.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302

    client.logout()
    english_page = client.get("/en/staedte/luebeck/parkraum/")
    assert english_page.status_code == 200
    assert "Parkraumsteuerung Digitale" in english_page.text
    assert "Altstadtinsel. der in Parkplätze freie melden Sensoren" in english_page.text
    german_page = client.get("/staedte/luebeck/parkraum/")
    assert "Digitale Parkraumsteuerung" in german_page.text
    assert "Parkraumsteuerung Digitale" not in german_page.text


def test_no_editor_translates_another_citys_project(client, site_tree, luebeck_roles):
    client.force_login(luebeck_roles["rostock_editor"])
    english_locale = Locale.objects.get(language_code="en")

    response = client.post(
        f"/admin/localize/submit/page/{site_tree.project.pk}/", {"locales": [english_locale.pk]}
    )

    # Wagtail's admin answers a refusal with a redirect to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Page.objects.filter(locale=english_locale).exists()


def test_the_api_lists_a_translated_project_once_as_before(client, site_tree):
    """Without `?locale=` a listing is the German tree, as before."""
    factories.translation_of(site_tree.project)

    items = client.get("/api/v2/projects/").json()["items"]

    assert [item["id"] for item in items] == [site_tree.project.pk]


def test_an_untranslated_page_is_the_german_page_under_en_once_a_tree_exists(client, site_tree):
    # Translating Lübeck's project creates the English tree (the city as an
    # alias). Rostock is not translated: under /en/ it is the German page,
    # marked as German with the notice, not a 404.
    project_en = factories.translation_of(site_tree.project)
    response = client.get(f"/en{site_tree.rostock.url}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "This page is available in German only" in text
    assert f'<h1 lang="de">{site_tree.rostock.title}</h1>' in text
    # The translated project is English; the alias city shows German content.
    assert client.get(f"/en{project_en.url.removeprefix('/en')}").status_code == 200
    city_en = CityPage.objects.get(locale__language_code="en")
    alias = client.get(city_en.url).content.decode()
    assert f'<h1 lang="de">{city_en.title}</h1>' in alias
    assert "This page is available in German only" in alias


def test_the_explorer_offers_to_translate_what_lacks_a_language_and_to_sync_a_source(
    client, site_tree, luebeck_roles
):
    """The buttons of each row, now asked once for the whole listing."""
    client.force_login(luebeck_roles["moderator"])
    project = site_tree.project
    other = factories.ProjectPageFactory(parent=site_tree.luebeck)
    translate = "/admin/localize/submit/page/{}/"

    listing = client.get(f"/admin/pages/{site_tree.luebeck.pk}/").text
    assert translate.format(project.pk) in listing
    assert translate.format(other.pk) in listing
    assert "/admin/localize/update/" not in listing

    factories.translation_of(project)
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.get(object_id=project.translation_key)
    listing = client.get(f"/admin/pages/{site_tree.luebeck.pk}/").text
    # English is the only other language: nothing left to translate the project into.
    assert translate.format(project.pk) not in listing
    assert f"/admin/localize/update/{source.pk}/" in listing
    assert translate.format(other.pk) in listing
